"""Keys and roles: no key, no data; each role checks only its claims; a refusal echoes nothing."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from peerclaims.api.main import create_app
from peerclaims.api.settings import ApiSettings
from peerclaims.engine.reference.keys import parse_secret
from peerclaims.engine.reference.store import Store

from .conftest import NJ_BILLING_NPI, NJ_CLEAN, NJ_REJECTED, Keys, bearer, make_key, x12

CLAIM_VALUES = ("NJF-000001", "NJC-000001", "NJS0000301", "KESTREL")
"""Claim ids, the member id and the member's last name of the NJ fixtures."""

ROUTES = [
    ("post", "/v1/check"),
    ("get", "/v1/rules"),
    ("get", "/v1/rules/NJ-COD-0001"),
    ("get", "/v1/packs"),
    ("get", "/v1/decisions"),
    ("get", "/v1/decisions/0123456789abcdef0123456789abcdef"),
]


def _assert_nothing_of_the_claim(body: str) -> None:
    for value in CLAIM_VALUES:
        assert value not in body


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_no_key_is_401(client: TestClient, method: str, path: str) -> None:
    """Every /v1 route refuses a request without a key: 401 problem with a Bearer challenge."""
    answer = client.request(method, path, content=NJ_CLEAN.read_bytes())
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer pck_k_0000000000000000_" + "A" * 43,  # well formed, unknown
        "Bearer not-a-key",
        "Basic dXNlcjpwYXNz",
        "Bearer",
    ],
)
def test_a_key_that_is_not_valid_is_401(client: TestClient, authorization: str) -> None:
    """An unknown, malformed or non-Bearer credential is refused like no key."""
    answer = client.post(
        "/v1/check",
        content=NJ_CLEAN.read_bytes(),
        headers={"Authorization": authorization, "Content-Type": "application/edi-x12"},
    )
    assert answer.status_code == 401
    _assert_nothing_of_the_claim(answer.text)


def _revoke(settings: ApiSettings, secret: str) -> None:
    key_id = parse_secret(secret)
    assert key_id is not None
    with Store.from_settings(settings) as store:
        assert store.revoke_key(key_id)


def test_a_revoked_key_is_401_at_once_without_key_cache(settings: ApiSettings) -> None:
    """With PEERCLAIMS_KEY_CACHE_SECONDS=0 every request asks the store: revoked, refused."""
    secret = make_key(settings, "submitter", NJ_BILLING_NPI)
    app = create_app(settings.model_copy(update={"key_cache_seconds": 0.0}))
    with TestClient(app) as client:
        assert client.get("/v1/packs", headers=bearer(secret)).status_code == 200
        _revoke(settings, secret)
        assert client.get("/v1/packs", headers=bearer(secret)).status_code == 401


def test_a_revoked_key_is_401_once_the_key_cache_expires(settings: ApiSettings) -> None:
    """A worker trusts a key it checked for key_cache_seconds, then asks the store again."""
    secret = make_key(settings, "submitter", NJ_BILLING_NPI)
    app = create_app(settings.model_copy(update={"key_cache_seconds": 0.5}))
    with TestClient(app) as client:
        assert client.get("/v1/packs", headers=bearer(secret)).status_code == 200
        _revoke(settings, secret)
        assert client.get("/v1/packs", headers=bearer(secret)).status_code == 200
        time.sleep(0.6)
        assert client.get("/v1/packs", headers=bearer(secret)).status_code == 401


def test_health_needs_no_key(client: TestClient) -> None:
    """/health answers without a key and gives no data."""
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_submitter_checks_claims_of_its_own_billing_npi(client: TestClient, keys: Keys) -> None:
    """A submitter key scoped to the NJ billing NPI checks the NJ claims."""
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert answer.status_code == 200
    assert answer.json()["summary"]["claims"] == 2


def test_submitter_outside_its_npis_is_403_naming_the_scope(client: TestClient, keys: Keys) -> None:
    """A submitter key of another NPI: 403 naming its scope; no claim id or member id echoed."""
    answer = client.post(
        "/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.submitter_nc)
    )
    assert answer.status_code == 403
    problem = answer.json()
    assert problem["code"] == "scope"
    assert "billing NPI" in problem["detail"]
    assert "1970400010" in problem["detail"]  # the key's own scope
    assert NJ_BILLING_NPI not in answer.text  # not the claim's value
    assert problem["position"]["line"] == 21  # where the claim starts (CLM)
    assert "x-peerclaims-decision" not in answer.headers
    _assert_nothing_of_the_claim(answer.text)


def test_one_claim_out_of_scope_refuses_the_whole_input(client: TestClient, keys: Keys) -> None:
    """An input mixing an in-scope and an out-of-scope claim is refused whole: nothing checked."""
    nc = (NJ_CLEAN.parents[1] / "nc" / "clean.837").read_bytes()
    answer = client.post(
        "/v1/check", content=NJ_CLEAN.read_bytes() + nc, headers=x12(keys.submitter_nj)
    )
    assert answer.status_code == 403
    assert "claim 2 of the input" in answer.json()["detail"]
    _assert_nothing_of_the_claim(answer.text)
    assert "NCC-" not in answer.text


@pytest.mark.parametrize("output_format", ["json", "999", "277ca"])
def test_refusal_is_the_same_in_every_format(
    client: TestClient, keys: Keys, output_format: str
) -> None:
    """The scope is decided before any output: 403 whatever the format asked."""
    answer = client.post(
        "/v1/check",
        content=NJ_REJECTED.read_bytes(),
        headers=x12(keys.payer_tx),
        params={"format": output_format},
    )
    assert answer.status_code == 403
    _assert_nothing_of_the_claim(answer.text)


def test_payer_checks_claims_to_its_payer_ids(client: TestClient, keys: Keys) -> None:
    """A payer key of NJMEDICAID checks NJ Medicaid claims."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_nj))
    assert answer.status_code == 200
    assert answer.json()["claims"][0]["payer_id"] == "NJMEDICAID"


def test_payer_of_another_payer_is_403(client: TestClient, keys: Keys) -> None:
    """A payer key of the Texas payers may not check NJ Medicaid claims."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_tx))
    assert answer.status_code == 403
    assert "payer id" in answer.json()["detail"]
    assert "NJMEDICAID" not in answer.text
    _assert_nothing_of_the_claim(answer.text)


def test_state_checks_claims_of_its_state(client: TestClient, keys: Keys) -> None:
    """A state key of NJ checks claims whose payer is an NJ payer (reference data)."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.state_nj))
    assert answer.status_code == 200
    assert answer.json()["claims"][0]["state"] == "NJ"


def test_state_of_another_state_is_403(client: TestClient, keys: Keys) -> None:
    """A CT state key may not check NJ claims."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.state_ct))
    assert answer.status_code == 403
    assert "state: CT" in answer.json()["detail"]
    _assert_nothing_of_the_claim(answer.text)


def test_state_key_refuses_a_claim_whose_payer_is_not_on_file(
    client: TestClient, keys: Keys
) -> None:
    """A claim to a payer the reference data does not know has no state: a state key is refused."""
    data = NJ_REJECTED.read_bytes().replace(b"PI*NJMEDICAID~", b"PI*NOSUCHPAYER~")
    answer = client.post("/v1/check", content=data, headers=x12(keys.state_nj))
    assert answer.status_code == 403
    _assert_nothing_of_the_claim(answer.text)
    # the submitter of the claim may still check it (its payer is simply unknown)
    mine = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert mine.status_code == 200


def test_unreadable_input_is_422_whatever_the_key(client: TestClient, keys: Keys) -> None:
    """Input that is not X12 has no claims to scope: the same 422 for every role."""
    for secret in (keys.submitter_nc, keys.payer_tx, keys.state_ct):
        answer = client.post("/v1/check", content=b"not an 837", headers=x12(secret))
        assert answer.status_code == 422


def _pack_ids(client: TestClient, secret: str) -> list[str]:
    answer = client.get("/v1/packs", headers=bearer(secret))
    assert answer.status_code == 200
    return [pack["id"] for pack in answer.json()]


def test_state_key_sees_federal_and_its_state_packs_only(client: TestClient, keys: Keys) -> None:
    """GET /v1/packs for a state key: federal and its states; other roles see every pack."""
    assert _pack_ids(client, keys.state_nj) == ["federal", "nj"]
    assert _pack_ids(client, keys.state_ct) == ["federal", "ct"]
    every = _pack_ids(client, keys.submitter_nj)
    assert every[0] == "federal"
    assert {"nj", "nc", "ct", "tx"} <= set(every)
    assert _pack_ids(client, keys.payer_nj) == every


def test_state_key_lists_only_its_rules(client: TestClient, keys: Keys) -> None:
    """GET /v1/rules for a state key: rules of federal and its states only."""
    rules = client.get("/v1/rules", headers=bearer(keys.state_nj)).json()
    assert {rule["pack"] for rule in rules} == {"federal", "nj"}
    assert "NJ-COD-0001" in {rule["id"] for rule in rules}
    everything = client.get("/v1/rules", headers=bearer(keys.submitter_nj)).json()
    assert "NC-COD-0001" in {rule["id"] for rule in everything}


def test_state_key_cannot_show_another_states_rule(client: TestClient, keys: Keys) -> None:
    """A rule of another state's pack does not exist for a state key (404); its own does."""
    assert client.get("/v1/rules/NC-COD-0001", headers=bearer(keys.state_nj)).status_code == 404
    assert client.get("/v1/rules/NJ-COD-0001", headers=bearer(keys.state_nj)).status_code == 200
    assert client.get("/v1/rules/NC-COD-0001", headers=bearer(keys.submitter_nj)).status_code == 200
