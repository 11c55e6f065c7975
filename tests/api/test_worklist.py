"""The service's answer carries the worklist (issue 18 §1), built as the CLI builds it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from peerclaims.engine.result import ClaimResult
from peerclaims.engine.worklist import build_worklist

from .conftest import NJ_REJECTED, Keys, x12


def test_check_answer_leads_with_the_worklist(client: TestClient, keys: Keys) -> None:
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_nj))
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert list(document)[:2] == ["schema", "worklist"]
    worklist = document["worklist"]
    claims = [ClaimResult.model_validate(c) for c in document["claims"]]
    assert worklist == build_worklist(claims).model_dump(mode="json")
    assert worklist["rejected"] == document["summary"]["rejected"] > 0
    errors = [g for g in worklist["groups"] if g["severity"] == "error"]
    assert errors and all(g["claim_list"] for g in errors)
