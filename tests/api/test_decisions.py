"""Audit: every check leaves a decision record, readable by its key only; no claim in the logs."""

from __future__ import annotations

import hashlib
import logging

import pytest
from fastapi.testclient import TestClient

from peerclaims.api.settings import ApiSettings
from peerclaims.engine.reference.store import Store

from .conftest import NJ_CLEAN, NJ_REJECTED, Keys, bearer, x12

DECISION = "x-peerclaims-decision"


def _count(settings: ApiSettings) -> int:
    with Store.from_settings(settings) as store:
        return store.count_decisions()


def test_a_check_records_its_decision_and_names_it(
    client: TestClient, keys: Keys, settings: ApiSettings
) -> None:
    """One check, one record: key, input hash, packs, per-claim status, summary; id in a header."""
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    before = _count(settings)
    answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert _count(settings) == before + 1
    result = answer.json()
    decision_id = answer.headers[DECISION]
    shown = client.get(f"/v1/decisions/{decision_id}", headers=bearer(keys.submitter_nj))
    assert shown.status_code == 200
    record = shown.json()
    assert record["decision_id"] == decision_id
    assert record["key_id"] in keys.submitter_nj
    assert record["input_sha256"] == hashlib.sha256(data).hexdigest()
    assert record["output_format"] == "json"
    assert record["rule_packs"] == result["rule_packs"]
    assert record["claims"] == [
        {"claim_id": "NJC-000001", "status": "accepted"},
        {"claim_id": "NJF-000001", "status": "rejected"},
    ]
    assert record["summary"] == result["summary"]
    assert record["created"].endswith(("Z", "+00:00"))


def test_a_decision_is_404_to_any_other_key(client: TestClient, keys: Keys) -> None:
    """Another key, even of the same scope, cannot read it."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_nj))
    decision_id = answer.headers[DECISION]
    for other in (keys.submitter_nj, keys.state_nj, keys.payer_tx):
        refused = client.get(f"/v1/decisions/{decision_id}", headers=bearer(other))
        assert refused.status_code == 404
        assert refused.json()["code"] == "unknown-decision"
        assert "NJF-000001" not in refused.text
    assert client.get(f"/v1/decisions/{decision_id}").status_code == 401


def test_an_unknown_decision_is_404(client: TestClient, keys: Keys) -> None:
    """An id no check gave: 404."""
    answer = client.get("/v1/decisions/nosuchdecision", headers=bearer(keys.payer_nj))
    assert answer.status_code == 404


@pytest.mark.parametrize("output_format", ["999", "277ca"])
def test_the_decision_records_the_format(
    client: TestClient, keys: Keys, output_format: str
) -> None:
    """A 999 or 277CA check is recorded with its format."""
    answer = client.post(
        "/v1/check",
        content=NJ_REJECTED.read_bytes(),
        headers=x12(keys.state_nj),
        params={"format": output_format},
    )
    shown = client.get(f"/v1/decisions/{answer.headers[DECISION]}", headers=bearer(keys.state_nj))
    assert shown.json()["output_format"] == output_format
    assert shown.json()["claims"] == [{"claim_id": "NJF-000001", "status": "rejected"}]


def test_refused_and_unreadable_requests_record_nothing(
    client: TestClient, keys: Keys, settings: ApiSettings
) -> None:
    """A 401, 403 or 422 checks nothing, so it records no decision."""
    before = _count(settings)
    data = NJ_REJECTED.read_bytes()
    assert client.post("/v1/check", content=data).status_code == 401
    assert client.post("/v1/check", content=data, headers=x12(keys.state_ct)).status_code == 403
    assert client.post("/v1/check", content=b"ISA", headers=x12(keys.state_nj)).status_code == 422
    assert _count(settings) == before


def test_no_claim_content_reaches_the_logs(
    client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    """Checks (accepted, rejected, refused, unreadable) log no claim id, member id or name."""
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    with caplog.at_level(logging.DEBUG):
        client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
        client.post("/v1/check", content=data, headers=x12(keys.submitter_nc))
        client.post("/v1/check", content=data[:200], headers=x12(keys.submitter_nj))
        client.post(
            "/v1/check", content=data, headers=x12(keys.submitter_nj), params={"format": "277ca"}
        )
    text = caplog.text
    assert "decision" in text  # the service does log its decisions
    for value in ("NJF-000001", "NJC-000001", "NJS0000301", "KESTREL", "AMBROSE", "19860422"):
        assert value not in text


def test_the_list_is_the_keys_own_checks_newest_first_in_pages(
    client: TestClient, keys: Keys, settings: ApiSettings
) -> None:
    """`GET /v1/decisions`: only the caller's key's checks, newest first, `limit` per page with
    the offset of the next; another key's checks are never in it."""
    made = []
    for data in (NJ_CLEAN.read_bytes(), NJ_REJECTED.read_bytes(), NJ_CLEAN.read_bytes()):
        answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_all))
        made.append(answer.headers[DECISION])
    other = client.post("/v1/check", content=NJ_CLEAN.read_bytes(), headers=x12(keys.payer_nj))
    first = client.get("/v1/decisions?limit=2", headers=bearer(keys.submitter_all)).json()
    assert [d["decision_id"] for d in first["decisions"]] == [made[2], made[1]]
    assert first["next_offset"] == 2
    assert first["decisions"][1]["summary"]["rejected"] == 1
    assert "claims" not in first["decisions"][0]
    rest = client.get(
        f"/v1/decisions?limit=2&offset={first['next_offset']}", headers=bearer(keys.submitter_all)
    ).json()
    listed = [d["decision_id"] for d in rest["decisions"]]
    assert listed[0] == made[0]
    assert other.headers[DECISION] not in listed
    theirs = client.get("/v1/decisions?limit=200", headers=bearer(keys.payer_nj)).json()
    assert other.headers[DECISION] in [d["decision_id"] for d in theirs["decisions"]]
    assert not set(made) & {d["decision_id"] for d in theirs["decisions"]}
    assert client.get("/v1/decisions").status_code == 401
    refused = client.get("/v1/decisions?limit=0", headers=bearer(keys.submitter_all))
    assert refused.status_code == 422
