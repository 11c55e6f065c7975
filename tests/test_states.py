"""The states view (engine/states.py): each jurisdiction, what its pack encodes, its evidence."""

from __future__ import annotations

from datetime import date

import pytest

from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.jurisdictions import state_names
from peerclaims.engine.packs import Pack, known_credentials, known_programs, load_packs
from peerclaims.engine.reference.loader import load_reference_dir
from peerclaims.engine.reference.models import ReferenceData
from peerclaims.engine.states import (
    CHECK_KINDS,
    rule_parameters,
    state_rules,
    states_report,
)
from tests.conftest import REFERENCE
from tests.statesdata import RULES, rules_with_pa

DAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    """The repository's packs."""
    return load_packs(RULES)


@pytest.fixture(scope="module")
def pa_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """The repository's packs and the test Pennsylvania pack with populations."""
    return load_packs(rules_with_pa(tmp_path_factory.mktemp("states")))


def test_the_51_jurisdictions_are_those_the_federal_pack_names(packs: dict[str, Pack]) -> None:
    """One row per state and DC, in USPS order; the federal pack has `<ST>-MEDICAID` for each."""
    report = states_report(packs, DAY)
    assert [view.state for view in report.states] == sorted(state_names())
    assert len(report.states) == 51
    medicaid = {
        c.code.split("-")[0] for c in packs["federal"].programs if c.code.endswith("-MEDICAID")
    }
    assert medicaid == set(state_names())
    assert report.model_dump(by_alias=True)["schema"] == "peerclaims.states/1"


def test_a_state_without_a_pack_says_so_and_that_nothing_state_specific_runs(
    pa_packs: dict[str, Pack],
) -> None:
    """Oregon (no pack in these rules): no pack, no state rule, every kind not checked."""
    [oregon] = states_report(pa_packs, DAY, only=["or"]).states
    assert oregon.pack is None
    assert oregon.version is None
    assert oregon.state_rules == oregon.federal_rules_switched_on == 0
    assert oregon.not_checked == list(CHECK_KINDS)
    assert oregon.programs == ["OR-MEDICAID"]
    assert "Oregon has no rule pack" in oregon.summary


@pytest.mark.parametrize("state", ["CT", "TX", "NJ", "NC", "WA", "GA"])
def test_counted_rules_are_those_the_engine_compiles_for_the_state(
    packs: dict[str, Pack], state: str
) -> None:
    """The rules counted for a state are the engine's compiled rules for its claims, less the
    federal rules that run for every state (none named by hand)."""
    compiled = RulesEngine(packs, ReferenceData()).compiled(state)
    everywhere = {
        r.id
        for r in packs["federal"].rules
        if not any(n.startswith("{state}") for n in rule_parameters(r))
    }
    expected = {rule.id for rule, _, _ in compiled.rules if rule.in_force(DAY)} - everywhere
    assert {rule.id for rule in state_rules(packs, state, DAY)} == expected
    [view] = states_report(packs, DAY, only=[state]).states
    assert view.state_rules + view.federal_rules_switched_on == len(expected)
    assert sum(view.rules_by_category.values()) == len(expected)


def test_rules_are_counted_on_the_day_asked(packs: dict[str, Pack]) -> None:
    """New Jersey's own rules start 2020-07-01: none the day before, three on it."""
    [before] = states_report(packs, date(2020, 6, 30), only=["NJ"]).states
    [after] = states_report(packs, date(2020, 7, 1), only=["NJ"]).states
    assert before.state_rules == 0
    assert after.state_rules == len(packs["nj"].rules) >= 3
    assert after.rules_by_kind["limits"] == 1
    assert before.rules_by_kind["limits"] == 0


def test_kinds_not_checked_are_those_with_no_rule(packs: dict[str, Pack]) -> None:
    """Connecticut encodes no limit; the sentence names it in words a clerk reads."""
    [ct] = states_report(packs, DAY, only=["CT"]).states
    assert ct.rules_by_kind["limits"] == 0
    assert ct.rules_by_kind["authorization"] == 3
    assert "limits" in ct.not_checked
    assert "authorization" not in ct.not_checked
    assert ct.summary.startswith("Connecticut has no encoded rules for limits")


def test_a_pack_with_populations_shows_each_with_its_evidence(
    pa_packs: dict[str, Pack],
) -> None:
    """The Pennsylvania test pack: four populations with status and tag, benefit, review date,
    the codes, the federal rules its parameters switch on, and what is not checked."""
    [pa] = states_report(pa_packs, DAY, only=["PA"]).states
    assert pa.pack == "pa"
    assert pa.version == "2099.1.1"
    assert pa.reviewed == date(2026, 12, 1)
    assert pa.benefit is not None
    assert pa.benefit.start == date(2006, 11, 1)
    statuses = {p.population: (p.status, p.evidence) for p in pa.populations}
    assert statuses == {
        "mental_health": ("covered", "V"),
        "sud": ("not_covered", "S"),
        "youth": ("covered", "S"),
        "family": ("unknown", "U"),
    }
    assert pa.credentials == ["PA-CPS"]
    ages = {p.population: (p.min_age, p.max_age, p.credentials) for p in pa.populations}
    assert ages["youth"] == (14, 26, [])
    assert ages["mental_health"] == (None, None, ["PA-CPS"])
    assert all(p.credentials_evidence is None for p in pa.populations)
    assert pa.rules_by_kind["credential"] == 1
    assert pa.federal_rules_switched_on >= 1
    assert pa.state_rules == 0
    assert pa.not_checked == ["enrollment", "limits", "authorization"]
    assert pa.summary == (
        "Pennsylvania has no encoded rules for enrollment, limits or authorization; its "
        "Medicaid does not pay peer support for substance use (HF) [evidence S]; whether its "
        "Medicaid pays peer support for family (HS, HR) is unknown; that it pays peer support "
        "for youth (HA) [evidence S] is not verified, so those lines are not fully checked."
    )


def test_evidence_counts_every_fact_of_the_pack(pa_packs: dict[str, Pack]) -> None:
    """Benefit V, populations V S S U, credential code V, two parameter values V and S."""
    [pa] = states_report(pa_packs, DAY, only=["PA"]).states
    assert pa.evidence.model_dump() == {"V": 4, "S": 3, "I": 0, "U": 1, "untagged": 0}


def test_unknown_codes_are_left_out(packs: dict[str, Pack]) -> None:
    """A code that is not a state or DC gives no row."""
    assert states_report(packs, DAY, only=["XX", "pr"]).states == []


def test_the_sample_reference_data_has_a_medicaid_payer_for_each_jurisdiction(
    packs: dict[str, Pack],
) -> None:
    """fixtures/reference/payers.yaml: `<ST>MEDICAID`, "<State> Medicaid (synthetic)", ffs, for
    every state and DC, and the Texas MCO kept."""
    payers = load_reference_dir(
        REFERENCE, known_programs=known_programs(packs), known_credentials=known_credentials(packs)
    ).payers
    by_id = {payer.payer_id: payer for payer in payers}
    for state, name in state_names().items():
        payer = by_id[f"{state}MEDICAID"]
        assert (payer.name, payer.state, payer.kind) == (
            f"{name} Medicaid (synthetic)",
            state,
            "ffs",
        )
    assert by_id["TXMCO1"].kind == "mco"
    assert len(payers) == 52
