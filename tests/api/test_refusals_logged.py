"""Refused requests (401, 403, 415, 422) are logged: method, route, status and code, no PHI."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from .conftest import Keys, bearer, x12

CANARY_MEMBER = "ZZCANARY77"


def test_each_refusal_is_one_log_line_without_the_request_content(
    client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    """No key, a bad key, a wrong media type, an unreadable 837 carrying a member id: each
    gives `refused POST /v1/check: STATUS CODE`, and no log line holds the member id."""
    unreadable = f"ISA*00*NOT X12 {CANARY_MEMBER}".encode()
    caplog.set_level(logging.INFO, logger="peerclaims")
    client.post("/v1/check", content=b"x")
    client.post("/v1/check", content=b"x", headers=bearer("pck_not-a-key"))
    client.post(
        "/v1/check", content=b"x", headers={**bearer(keys.submitter_all), "Content-Type": "a/b"}
    )
    answer = client.post("/v1/check", content=unreadable, headers=x12(keys.submitter_all))
    assert answer.status_code == 422
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused ")]
    assert refused[0] == "refused POST /v1/check: 401 unauthorized"
    assert refused[1].startswith("refused POST /v1/check: 401")
    assert refused[2].startswith("refused POST /v1/check: 415")
    assert refused[3].startswith("refused POST /v1/check: 422")
    assert CANARY_MEMBER not in caplog.text
