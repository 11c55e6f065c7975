"""The API's words for the clerk: a rule's administrator sentence, a finding's meanings."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import NJ_REJECTED, Keys, bearer, x12


def test_rule_detail_gives_the_administrator_sentence_apart(client: TestClient, keys: Keys) -> None:
    """GET /v1/rules/FED-CRED-0002: the fix names no file; `admin_fix` names the reference file."""
    answer = client.get("/v1/rules/FED-CRED-0002", headers=bearer(keys.submitter_nj))
    assert answer.status_code == 200
    rule = answer.json()
    assert "providers.yaml" not in rule["fix"]
    assert "{peer}" in rule["message"]
    assert "providers.yaml" in rule["admin_fix"]


def test_checked_findings_carry_where_and_code_meanings(client: TestClient, keys: Keys) -> None:
    """POST /v1/check: every finding with a CARC has its meaning, and a `where` in words."""
    answer = client.post(
        "/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.submitter_nj)
    )
    assert answer.status_code == 200
    findings = [f for claim in answer.json()["claims"] for f in claim["findings"]]
    coded = [f for f in findings if f["carc"]]
    assert coded
    for finding in coded:
        assert finding["carc_text"], finding["rule_id"]
        assert finding["location"].split(" (line ")[0] in finding["where"]
        if finding["line"] is not None:
            assert finding["where"].startswith(f"service line {finding['line']}, ")
