"""`POST /page/check`, the page's script's route, through the real app: signed in by the cookie,
same origin only; its answer is the API's result document, the 277CA and the file's name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from bench import synth
from peerclaims.api.routers.page import FALLBACK_CLAIMS

from .conftest import NJ_REJECTED, Keys, bearer, x12

DECISION = "x-peerclaims-decision"


def _signed_in(client: TestClient, secret: str) -> None:
    answer = client.post("/signin", data={"key": secret}, follow_redirects=False)
    assert answer.status_code == 303


def test_the_page_check_answers_the_document_the_277ca_and_the_name(
    client: TestClient, keys: Keys
) -> None:
    """The result text is `POST /v1/check?name=NAME`'s byte for byte; the decision is listed."""
    _signed_in(client, keys.submitter_nj)
    data = NJ_REJECTED.read_bytes()
    answer = client.post("/page/check", files={"file": ("dir/batch 1.837", data)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["file"] == "batch 1.837"
    assert body["bytes"] == len(data)
    assert body["json_name"] == "batch1.result.json"
    assert body["ack277ca"].startswith("ISA*")
    api = client.post("/v1/check?name=batch%201.837", content=data, headers=x12(keys.submitter_nj))
    assert body["result_text"] == api.text
    assert json.loads(body["result_text"])["summary"]["rejected"] == 1
    listed = client.get("/v1/decisions?limit=5", headers=bearer(keys.submitter_nj)).json()
    assert body["decision_id"] == answer.headers[DECISION]
    assert body["decision_id"] in [d["decision_id"] for d in listed["decisions"]]
    client.cookies.clear()


def test_the_page_check_refuses_in_one_line(client: TestClient, keys: Keys) -> None:
    """Not signed in: 401; another origin: 403; an empty file: 422 naming the file; a claim
    outside the key: 403 naming the file. Each is one line in `detail`."""
    client.cookies.clear()
    refused = client.post("/page/check", files={"file": ("a.837", NJ_REJECTED.read_bytes())})
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Sign in with an API key first."
    _signed_in(client, keys.submitter_nc)
    other = client.post(
        "/page/check",
        files={"file": ("a.837", NJ_REJECTED.read_bytes())},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert other.status_code == 403
    empty = client.post("/page/check", files={"file": ("empty.837", b"  \n")})
    assert empty.status_code == 422
    assert empty.json()["detail"] == "empty.837: the file is empty."
    outside = client.post("/page/check", files={"file": ("nj.837", NJ_REJECTED.read_bytes())})
    assert outside.status_code == 403
    detail = outside.json()["detail"]
    assert detail.startswith("nj.837: ")
    assert "\n" not in detail
    client.cookies.clear()


def test_without_the_script_the_page_shows_the_first_claims_and_says_so(
    client: TestClient, keys: Keys, tmp_path: Path
) -> None:
    """The form posted to / (no script) with 30 claims: the summary counts 30, the page holds
    the first 25 and says where the rest are; no download carries data."""
    batch = tmp_path / "nj30.837"
    synth.write(batch, 30, 5, payer_ids=("NJMEDICAID",))
    _signed_in(client, keys.state_nj)
    page = client.post("/", files={"file": ("nj30.837", batch.read_bytes())})
    assert page.status_code == 200
    html = page.text
    assert html.count('<section class="claim ') == FALLBACK_CLAIMS == 25
    assert "Showing the first 25 of 30 claims." in html
    assert not re.search(r"data:[a-z]+/", html)  # no download inlined as a data: URL
    client.cookies.clear()
