"""`GET /v1/states` and `GET /v1/states/{state}` through the real app (TestClient, real store)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from peerclaims.api.main import create_app
from peerclaims.api.routers.page_shared import COOKIE
from peerclaims.engine.packs import load_packs
from peerclaims.engine.states import states_report
from tests.statesdata import RULES, rules_with_pa

from .conftest import Keys, bearer, make_key, settings_for


def test_states_lists_51_jurisdictions_as_the_engine_computes_them(
    client: TestClient, keys: Keys
) -> None:
    """The document is the engine's states report for the day asked, every state and DC."""
    answer = client.get("/v1/states", params={"on": "2026-12-07"}, headers=bearer(keys.payer_nj))
    assert answer.status_code == 200
    document = answer.json()
    expected = states_report(load_packs(RULES), date(2026, 12, 7))
    assert document == expected.model_dump(mode="json", by_alias=True)
    assert document["schema"] == "peerclaims.states/1"
    assert len(document["states"]) == 51
    rows = {row["state"]: row for row in document["states"]}
    assert rows["NJ"]["pack"] == "nj"
    assert rows["NJ"]["rules_by_kind"]["limits"] == 1


def test_one_state_by_code_in_any_case(client: TestClient, keys: Keys) -> None:
    """GET /v1/states/tx is Texas's row; the day changes which rules are counted."""
    texas = client.get("/v1/states/tx", params={"on": "2026-12-07"}, headers=bearer(keys.payer_nj))
    assert texas.status_code == 200
    assert texas.json()["name"] == "Texas"
    [expected] = states_report(load_packs(RULES), date(2026, 12, 7), only=["TX"]).states
    assert texas.json() == expected.model_dump(mode="json")
    assert texas.json()["state_rules"] >= 2
    before = client.get("/v1/states/TX", params={"on": "2018-12-31"}, headers=bearer(keys.payer_nj))
    assert before.json()["state_rules"] == 0


def test_a_state_key_sees_its_own_states_only(client: TestClient, keys: Keys) -> None:
    """A NJ state key: the list holds NJ alone, and Texas does not exist for it (404)."""
    listed = client.get("/v1/states", headers=bearer(keys.state_nj)).json()
    assert [row["state"] for row in listed["states"]] == ["NJ"]
    hidden = client.get("/v1/states/TX", headers=bearer(keys.state_nj))
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "unknown-state"


def test_unknown_code_bad_date_and_no_key_are_problems(client: TestClient, keys: Keys) -> None:
    """XX: 404 naming it; ?on=not-a-date: 422; no key: 401."""
    missing = client.get("/v1/states/XX", headers=bearer(keys.payer_nj))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "XX" in missing.json()["detail"]
    bad = client.get("/v1/states", params={"on": "2026-13-01"}, headers=bearer(keys.payer_nj))
    assert bad.status_code == 422
    assert client.get("/v1/states").status_code == 401


@pytest.fixture(scope="module")
def pa_client(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on the rules folder with the test Pennsylvania pack."""
    rules = rules_with_pa(tmp_path_factory.mktemp("states-api"))
    with TestClient(create_app(settings_for(data_dir, rules_dir=rules))) as test_client:
        yield test_client


def test_populations_come_with_their_evidence(pa_client: TestClient, data_dir: Path) -> None:
    """Pennsylvania's test pack: each population's status, tag and citation, and the sentence
    saying what is not checked."""
    secret = make_key(settings_for(data_dir), "payer", "PAMEDICAID")
    row = pa_client.get("/v1/states/PA", headers=bearer(secret)).json()
    assert row["pack"] == "pa"
    assert row["reviewed"] == "2026-12-01"
    populations = {p["population"]: p for p in row["populations"]}
    assert populations["sud"]["status"] == "not_covered"
    assert populations["sud"]["evidence"] == "S"
    assert populations["family"]["status"] == "unknown"
    assert populations["youth"]["min_age"] == 14
    assert "no encoded rules for enrollment, limits or authorization" in row["summary"]


def test_the_page_of_a_state_says_what_is_checked(client: TestClient, keys: Keys) -> None:
    """/states?state=nj (signed in): New Jersey's pack, rules by kind and the sentence saying
    what is not checked; the picker lists the 51."""
    client.cookies.set(COOKIE, keys.payer_nj)
    try:
        page = client.get("/states", params={"state": "nj"})
        missing = client.get("/states", params={"state": "ZZ"})
    finally:
        client.cookies.clear()
    assert page.status_code == 200
    assert page.text.count("<option ") == 51
    [nj] = states_report(load_packs(RULES), date.today(), only=["NJ"]).states
    assert html.escape(nj.summary, quote=False) in page.text
    assert nj.summary.startswith("New Jersey has no encoded rules for")
    assert 'id="pack">nj ' in page.text
    assert missing.status_code == 404
    assert "ZZ is not a state or DC this key may see" in missing.text


def test_the_states_page_needs_a_key(client: TestClient) -> None:
    """Not signed in: the sign-in form and an alert, 401."""
    page = client.get("/states")
    assert page.status_code == 401
    assert "Sign in with an API key first." in page.text


def test_openapi_documents_the_states_routes(client: TestClient) -> None:
    """/openapi.json lists both routes with the states document's schema; the page is not in it."""
    document = client.get("/openapi.json").json()
    assert {"/v1/states", "/v1/states/{state}"} <= set(document["paths"])
    assert "StatesReport" in document["components"]["schemas"]
    assert "/states" not in document["paths"]
