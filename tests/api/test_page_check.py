"""`POST /page/check`, the page's script's route, through the real app: signed in by the cookie,
same origin only; it keeps the result on the server and answers its head and first claims; the
page reads the other claims a page at a time and downloads the kept files."""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench import synth
from peerclaims.api.kept import kept_results
from peerclaims.api.routers.page import FALLBACK_CLAIMS

from .conftest import NJ_CLEAN, NJ_REJECTED, Keys, bearer, x12

DECISION = "x-peerclaims-decision"


def _signed_in(client: TestClient, secret: str) -> None:
    answer = client.post("/signin", data={"key": secret}, follow_redirects=False)
    assert answer.status_code == 303


def test_the_page_check_keeps_the_result_and_answers_its_head_and_first_claims(
    client: TestClient, keys: Keys
) -> None:
    """The answer holds the result without its claims, the first page of claims and their
    count; the kept result.json is `POST /v1/check?name=NAME`'s byte for byte, the 277CA
    beside it; pages of claims are searched by claim or member id and filtered to rejected
    ones; only the key that made the result reads it; the decision is listed."""
    _signed_in(client, keys.submitter_nj)
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    answer = client.post("/page/check", files={"file": ("dir/batch 1.837", data)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["file"] == "batch 1.837"
    assert body["bytes"] == len(data)
    assert body["json_name"] == "batch1.result.json"
    assert "claims" not in body["head"] and "result_text" not in body
    assert body["head"]["summary"]["rejected"] == 1
    assert body["claims_total"] == 2
    assert [c["claim_id"] for c in body["claims"]] == ["NJC-000001", "NJF-000001"]
    api = client.post("/v1/check?name=batch%201.837", content=data, headers=x12(keys.submitter_nj))
    kept = client.get(body["json_url"])
    assert kept.status_code == 200
    assert kept.text == api.text
    assert 'filename="batch1.result.json"' in kept.headers["content-disposition"]
    document = json.loads(kept.text)
    assert body["claims"] == document["claims"]
    assert body["head"] == {k: v for k, v in document.items() if k != "claims"}
    assert client.get(body["ack_url"]).text.startswith("ISA*")

    def claims(**query: str) -> dict[str, object]:
        found = client.get(body["claims_url"], params=query)
        assert found.status_code == 200
        page: dict[str, object] = found.json()
        return page

    rejected = claims(rejected="true")
    assert rejected["total"] == 1
    assert [c["status"] for c in rejected["claims"]] == ["rejected"]  # type: ignore[attr-defined]
    member = document["claims"][0]["member_id"]
    assert claims(q=member.lower())["total"] >= 1
    assert [c["claim_id"] for c in claims(q="njf-000001")["claims"]] == ["NJF-000001"]  # type: ignore[attr-defined]
    second = claims(offset="1", limit="1")
    assert (second["total"], second["offset"]) == (2, 1)
    assert claims(q="no such claim") == {"total": 0, "offset": 0, "claims": []}
    group = client.get(body["groups_url"] + "/0", params={"offset": "0", "limit": "10"})
    assert group.json()["claims"] == document["worklist"]["groups"][0]["claim_list"]
    assert client.get(body["groups_url"] + "/99").status_code == 404

    listed = client.get("/v1/decisions?limit=5", headers=bearer(keys.submitter_nj)).json()
    assert body["decision_id"] == answer.headers[DECISION]
    assert body["decision_id"] in [d["decision_id"] for d in listed["decisions"]]
    _signed_in(client, keys.submitter_all)  # another key: the result is not there for it
    assert client.get(body["claims_url"]).status_code == 404
    assert client.get(body["json_url"]).status_code == 404
    client.cookies.clear()
    assert client.get(body["claims_url"]).status_code == 401


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


def test_kept_results_older_than_the_setting_go_and_the_folder_is_private(
    tmp_path: Path,
) -> None:
    """A result kept longer than `page_results_hours` is removed when the next one is kept;
    the folder is readable by its owner only; a malformed decision id is never a path."""
    kept = kept_results(tmp_path, hours=1)
    text = json.dumps({"summary": {}, "claims": [{"claim_id": "C1", "status": "accepted"}]})
    kept.keep("dec_old", "k1", {"file": "a.837"}, text, "ISA*")
    old = kept.folder / "dec_old"
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    kept.keep("dec_new", "k1", {"file": "b.837"}, text, "ISA*")
    assert not old.exists()
    assert sorted(p.name for p in kept.folder.iterdir()) == ["dec_new"]
    assert stat.S_IMODE(kept.folder.stat().st_mode) == 0o700
    assert kept.claims("dec_new", "k1", 0, 25).claims[0]["claim_id"] == "C1"  # type: ignore[union-attr]
    assert kept.claims("dec_new", "k2", 0, 25) is None
    assert kept.file("../dec_new", "k1", "result.json") is None
