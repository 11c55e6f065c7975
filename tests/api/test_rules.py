"""`GET /v1/rules`, `GET /v1/rules/{id}`, `GET /v1/packs`, `/health` and the OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import NJ_REJECTED, Keys, bearer, x12


def test_rules_lists_every_rule_with_its_pack_version(client: TestClient, keys: Keys) -> None:
    """Each rule: id, pack and pack version, category, severity, dates, citation, codes."""
    answer = client.get("/v1/rules", headers=bearer(keys.submitter_nj))
    assert answer.status_code == 200
    rules = {rule["id"]: rule for rule in answer.json()}
    nj = rules["NJ-COD-0001"]
    assert nj["pack"] == "nj"
    assert nj["category"] == "coverage"
    assert nj["severity"] == "error"
    assert nj["start"] == "2020-07-01"
    assert nj["carc"] == "4"
    assert nj["pack_version"]


def test_rules_filter_by_pack(client: TestClient, keys: Keys) -> None:
    """?pack=nj lists the NJ rules only (case does not matter)."""
    answer = client.get("/v1/rules", params={"pack": "NJ"}, headers=bearer(keys.submitter_nj))
    assert {rule["pack"] for rule in answer.json()} == {"nj"}


def test_rule_shows_its_check_templates_and_dated_parameters(
    client: TestClient, keys: Keys
) -> None:
    """GET /v1/rules/{id}: the check, message and fix, and each parameter's dated values."""
    answer = client.get("/v1/rules/nj-cod-0001", headers=bearer(keys.submitter_nj))
    assert answer.status_code == 200
    rule = answer.json()
    assert rule["id"] == "NJ-COD-0001"
    assert rule["kind"] == "code_list"
    assert "{procedure}" in rule["message"]
    parameters = {p["name"]: p["values"] for p in rule["parameters"]}
    assert parameters["nj.coverage.required_modifiers"] == [{"start": "2020-07-01", "value": "HF"}]


def test_unknown_rule_is_404_problem(client: TestClient, keys: Keys) -> None:
    """An id no loaded pack has: 404 problem naming it."""
    answer = client.get("/v1/rules/XX-NONE-0001", headers=bearer(keys.submitter_nj))
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "unknown-rule"
    assert "XX-NONE-0001" in answer.json()["detail"]


def test_packs_name_version_and_hash_as_results_do(client: TestClient, keys: Keys) -> None:
    """GET /v1/packs gives the versions and hashes a check's `rule_packs` names."""
    packs = {p["id"]: p for p in client.get("/v1/packs", headers=bearer(keys.payer_nj)).json()}
    result = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_nj))
    for used in result.json()["rule_packs"]:
        if used["id"] == "x12":
            continue
        assert packs[used["id"]]["version"] == used["version"]
        assert packs[used["id"]]["sha256"] == used["sha256"]


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    """A path that does not exist (404) and a wrong method (405) are problem documents."""
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not-found"
    wrong = client.delete("/v1/check")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method-not-allowed"


def test_openapi_documents_the_routes_and_the_result_schema(client: TestClient) -> None:
    """/openapi.json lists the routes, the X12 request body and the result's JSON Schema; /docs
    serves the interactive documentation."""
    document = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/rules", "/v1/rules/{rule_id}", "/v1/packs", "/health"} <= set(
        document["paths"]
    )
    body = document["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/edi-x12", "text/plain"}
    assert "CheckResult" in document["components"]["schemas"]
    assert "ResultFinding" in document["components"]["schemas"]
    assert "/" not in document["paths"]  # the web page is not part of the API
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
