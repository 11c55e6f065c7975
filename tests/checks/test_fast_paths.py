"""The rules stage's shortcuts give what the plain computation gives (engine/checks/).

What a claim's evaluation skips or remembers: passed checks post no field and keep no outcome
(unless traced), the rules of a line are remembered per date, procedure and modifiers, reference
look-ups and a line's rate are remembered, message values are made when a template names them.
Each test judges the state fixtures both ways, or compares a shortcut with what it replaces.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REFERENCE, REPO

from peerclaims.engine.check import judge
from peerclaims.engine.checks import compiled as compiled_module
from peerclaims.engine.checks import context, kinds
from peerclaims.engine.checks import scope as scope_module
from peerclaims.engine.checks.context import Lookups
from peerclaims.engine.checks.evaluate import Evaluated, RulesEngine
from peerclaims.engine.checks.kinds import (
    CLAIM_VALUES,
    LINE_VALUES,
    PASSED,
    MessageValues,
    common_claim_values,
    common_line_values,
)
from peerclaims.engine.checks.pricing import rate_for
from peerclaims.engine.checks.setup import load_reference
from peerclaims.engine.findings import Finding
from peerclaims.engine.model import Claim
from peerclaims.engine.packs import Pack, load_packs
from peerclaims.engine.reference.models import ReferenceData
from peerclaims.engine.rules_runtime import Evaluation, Runtime
from peerclaims.engine.x12.reader import FileReader


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    """Every pack of the checkout."""
    return load_packs(REPO / "rules")


@pytest.fixture(scope="module")
def reference(packs: dict[str, Pack]) -> ReferenceData:
    """The sample reference data of the state fixtures."""
    return load_reference(packs, REFERENCE)


STATES = ("clean", "ct", "ga", "mco", "nc", "nj", "tx", "wa")
"""The fixture folders of claims that read (the others hold files refused before any claim)."""


def _read(path: Path) -> Iterator[Claim]:
    reader = FileReader(path.read_bytes(), path.name)
    for report in reader.transactions():
        for reading in report.claims:
            yield reading.claim


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    """Every claim of the state fixtures, twice (the second time, duplicates and limits fire)."""
    found = [
        claim
        for folder in STATES
        for path in sorted((FIXTURES / folder).glob("*.837"))
        for claim in _read(path)
    ]
    assert len(found) > 10
    return found + found


def _judged(engine: RulesEngine, claims: list[Claim]) -> list[str]:
    return [judge(claim, engine=engine).model_dump_json() for claim in claims]


def test_passed_checks_post_no_field_and_the_trace_still_lists_them(
    packs: dict[str, Pack],
    reference: ReferenceData,
    claims: list[Claim],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No posted field is `false`; findings are the same traced or not (citations aside, see
    below); a traced claim lists the rules it passed as evaluated and not fired, and every
    finding's rule as fired (judge drops the pricing notes of rejected lines, so a fired rule
    may have no finding)."""
    posted: list[dict[str, Any]] = []
    plain = Runtime.evaluate

    def spy(runtime: Runtime, facts: list[dict[str, Any]]) -> Evaluation:
        posted.extend(facts)
        return plain(runtime, facts)

    monkeypatch.setattr(Runtime, "evaluate", spy)
    untraced = [judge(claim, engine=RulesEngine(packs, reference)) for claim in claims]
    assert posted
    assert not [fact for fact in posted if False in fact.values()]
    traced = [judge(claim, engine=RulesEngine(packs, reference, trace=True)) for claim in claims]
    rules = {rule.id for pack in packs.values() for rule in pack.rules}
    passed = 0
    for one, other in zip(untraced, traced, strict=True):
        # the citation is left out: traced, a rule comparing a `{state}` threshold cites no
        # state source (its kind never reads the threshold), untraced it does; that predates
        # the shortcuts tested here, which keep both as they were
        assert [f.model_dump(exclude={"citation"}) for f in one.findings] == [
            f.model_dump(exclude={"citation"}) for f in other.findings
        ]
        assert other.trace is not None
        fired = {(t.rule_id, t.line) for t in other.trace if t.fired}
        assert {(f.rule_id, f.line) for f in other.findings if f.rule_id in rules} <= fired
        passed += sum(not t.fired for t in other.trace)
    assert passed > 100


def test_remembered_tables_give_the_same_results_when_they_start_afresh(
    packs: dict[str, Pack],
    reference: ReferenceData,
    claims: list[Claim],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With room for two entries, the rules-by-line, population and reference look-up tables
    are cleared again and again and stay small, and every result is the same."""
    full = RulesEngine(packs, reference)
    expected = _judged(full, claims)
    assert max(len(c.scope.populations) for c in full._compiled.values() if c.scope) > 2
    monkeypatch.setattr(compiled_module, "REMEMBERED", 2)
    monkeypatch.setattr(scope_module, "_REMEMBERED", 2)
    monkeypatch.setattr(Lookups, "LIMIT", 2)
    engine = RulesEngine(packs, reference)
    assert _judged(engine, claims) == expected
    for compiled in engine._compiled.values():
        assert len(compiled.line_rules_on) <= 2
        assert len(compiled.claim_rules_on) <= 2
        assert compiled.scope is not None
        assert len(compiled.scope.populations) <= 2
    assert len(engine._lookups()._members) <= 2


def test_lookups_answer_as_the_reference_data(reference: ReferenceData) -> None:
    """Each look-up gives the reference data's own object, known or unknown, asked twice."""
    lookups = Lookups(reference)
    for _ in range(2):
        for payer in [*reference.payers, None]:
            payer_id = payer.payer_id if payer else "NO-SUCH-PAYER"
            assert lookups.payer(payer_id) is reference.payer(payer_id)
            for provider in [*reference.providers, None]:
                npi = provider.npi if provider else "0000000000"
                assert lookups.contracts_for(payer_id, npi) == reference.contracts_for(
                    payer_id, npi
                )
        for provider in [*reference.providers, None]:
            npi = provider.npi if provider else "0000000000"
            assert lookups.provider(npi) is reference.provider(npi)
        for member in [*reference.members, None]:
            member_id = member.member_id if member else "NO-SUCH-MEMBER"
            assert lookups.member(member_id) is reference.member(member_id)
            assert lookups.authorizations_for(member_id) == reference.authorizations_for(member_id)


def _views(
    packs: dict[str, Pack], reference: ReferenceData, claims: list[Claim]
) -> list[context.ClaimView]:
    engine = RulesEngine(packs, reference)
    return [engine.view(claim, engine.state_of(claim)) for claim in claims]


def test_message_values_are_the_common_values_made_on_demand(
    packs: dict[str, Pack], reference: ReferenceData, claims: list[Claim]
) -> None:
    """Every common value is the one `common_*_values` gives, a kind's value wins over it, and
    a name no one offers is a KeyError (as with a plain dict)."""
    for view in _views(packs, reference, claims):
        common = common_claim_values(view)
        values = MessageValues({"payer": "given"}, None, view)
        assert {name: values[name] for name in CLAIM_VALUES} == common | {"payer": "given"}
        with pytest.raises(KeyError):
            "{procedure}".format_map(MessageValues({}, None, view))
        for line in view.lines:
            values = MessageValues({"found": "H0038"}, line, view)
            assert {name: values[name] for name in LINE_VALUES} == common_line_values(line)
            assert "{found} {units} {date}".format_map(values) == (
                f"H0038 {values['units']} {values['date']}"
            )
            with pytest.raises(KeyError):
                "{payer}".format_map(MessageValues({}, line, view))


def test_a_lines_rate_is_remembered_but_read_again_while_traced(
    packs: dict[str, Pack], reference: ReferenceData, claims: list[Claim]
) -> None:
    """The rate asked twice is the same; while reads are recorded, each ask records them."""
    asked = 0
    for view in _views(packs, reference, claims):
        for line in view.lines:
            if line.day is None:
                continue
            view.params.used = []
            first = rate_for(line)
            reads = len(view.params.used)
            assert rate_for(line) == first
            assert len(view.params.used) == 2 * reads
            view.params.used = None
            assert rate_for(line) == first
            assert len(view.params.used or []) == 0
            asked += reads > 0
    assert asked > 0


def test_a_passed_check_never_has_a_finding() -> None:
    """The shared outcome of a passed check posts nothing and has no detail to make."""
    assert PASSED.measure is False
    with pytest.raises(RuntimeError, match="never fires"):
        PASSED.detail()
    assert kinds.PASSED is PASSED


ERA_DAYS = (
    "2019-10-31",
    "2019-11-01",
    "2025-06-30",
    "2025-07-01",
    "2026-05-31",
    "2026-06-01",
    "2026-12-31",
    "2027-01-01",
)
"""Days on both sides of rule and parameter starts (NC's U4 end, WA's new credentials, CT's
CPSRP, WA-CPC's end): one line's code judged on each falls in several eras."""


def _on(claim: Claim, day: str) -> Claim:
    moved = [
        line.model_copy(update={"service_date": date.fromisoformat(day)}) for line in claim.lines
    ]
    return claim.model_copy(update={"lines": moved})


def test_one_engine_judges_a_code_by_each_era_as_a_fresh_engine_would(
    packs: dict[str, Pack], reference: ReferenceData, claims: list[Claim]
) -> None:
    """The rules of a line are remembered by era, procedure and modifiers: the same claims moved
    to days on either side of every dated change, judged by one engine (its history reset for
    each, so only the remembered rules carry over), give what a fresh engine gives each."""
    moved = [_on(claim, day) for claim in claims[: len(claims) // 2] for day in ERA_DAYS]
    fresh = [
        judge(claim, engine=RulesEngine(packs, reference)).model_dump_json() for claim in moved
    ]
    shared = RulesEngine(packs, reference)
    remembered = []
    for claim in moved:
        shared.history = context.RunHistory(reference)
        remembered.append(judge(claim, engine=shared).model_dump_json())
    assert remembered == fresh
    assert len(set(fresh)) > len(set(remembered[:: len(ERA_DAYS)]))  # the days do differ
    assert max(len(c.line_rules_on) for c in shared._compiled.values()) > 1


class _PlainSettle(RulesEngine):
    """The settle loop without its shortcut: judged again until the denied lines repeat."""

    evaluations = 0

    def evaluate(self, claim: Claim, denied: frozenset[int] = frozenset()) -> Evaluated:
        self.evaluations += 1
        return super().evaluate(claim, denied)

    def evaluate_settled(self, claim: Claim, read: Sequence[Finding] = ()) -> Evaluated:
        def errors(findings: Sequence[Finding]) -> frozenset[int]:
            return frozenset(f.line for f in findings if f.severity == "error" and f.line)

        told = errors(read)
        evaluated = self.evaluate(claim, told)
        for _ in claim.lines:
            if any(f.severity == "error" and f.line is None for f in evaluated.findings):
                break
            denied = errors(read) | errors(evaluated.findings)
            if denied == told:
                break
            told = denied
            evaluated = self.evaluate(claim, told)
        return evaluated


class _Counted(RulesEngine):
    evaluations = 0

    def evaluate(self, claim: Claim, denied: frozenset[int] = frozenset()) -> Evaluated:
        self.evaluations += 1
        return super().evaluate(claim, denied)


def _doubled(claim: Claim) -> Claim:
    """The claim with its lines billed twice: the copies are duplicates, denied, and come
    before lines whose limits would count them."""
    count = len(claim.lines)
    copies = [line.model_copy(update={"number": line.number + count}) for line in claim.lines]
    twice = (*claim.lines, *copies)
    return claim.model_copy(update={"lines": (*twice, *claim.lines)})


def test_a_claim_is_judged_again_only_when_a_count_took_a_line_found_denied(
    packs: dict[str, Pack], reference: ReferenceData, claims: list[Claim]
) -> None:
    """The settle loop judges a claim again only when a line found denied (or no longer) was
    one an earlier evaluation's counts took (`ClaimView.asked`): every result is the one of
    judging again until the denied lines repeat, with fewer evaluations."""
    many = [*claims, *map(_doubled, claims)]
    plain = _PlainSettle(packs, reference)
    shortcut = _Counted(packs, reference)
    assert _judged(shortcut, many) == _judged(plain, many)
    assert shortcut.evaluations < plain.evaluations
    assert shortcut.evaluations > len(many)  # some claims are still judged again
