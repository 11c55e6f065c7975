"""Temporal coverage (Catala): over each pack's supported dates, what the rules read is defined.

On the first day of every quarter of a pack's supported range, every parameter of the pack
resolves from its first start on (a dated null may end it on purpose), every parameter a rule
in force reads resolves, and no two versions of one rule are in force. No amount is asserted:
the values are the packs' business, their presence on every date is this test's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import pytest

from peerclaims.engine.checks.kinds import bind
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.packs import FEDERAL, Pack, Parameters, all_parameters

from .conftest import RULES

PACK_IDS = (FEDERAL, *sorted(p.name for p in (RULES / "states").iterdir() if p.is_dir()))
"""Every pack of the checkout: federal and each state's (51 after issue 15)."""


def quarter_starts(start: date, end: date) -> list[date]:
    """The first day of every calendar quarter from `start` to `end`, both ends included."""
    days = []
    year, month = start.year, ((start.month - 1) // 3) * 3 + 1
    while date(year, month, 1) <= end:
        if date(year, month, 1) >= start:
            days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return days


def test_quarter_starts_lists_first_days_of_quarters_within_the_range() -> None:
    """From a mid-quarter start to a quarter's first day: the first days between, ends included."""
    assert quarter_starts(date(2019, 11, 1), date(2020, 7, 1)) == [
        date(2020, 1, 1),
        date(2020, 4, 1),
        date(2020, 7, 1),
    ]
    assert quarter_starts(date(2020, 1, 1), date(2020, 1, 1)) == [date(2020, 1, 1)]


def test_every_pack_is_checked(packs: dict[str, Pack]) -> None:
    """The tests below run for every loaded pack, and every pack has a range of quarters."""
    assert set(PACK_IDS) == set(packs)
    for pack in packs.values():
        assert quarter_starts(pack.supported.start, pack.supported.end), pack.id


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_parameter_resolves_every_quarter_from_its_first_start(
    packs: dict[str, Pack], pack_id: str
) -> None:
    """Each parameter has a sourced value, or a dated null ending it, on every quarter's day 1."""
    pack = packs[pack_id]
    supported = pack.supported
    problems = []
    checked = 0
    for parameter in pack.parameters:
        if parameter.start > supported.end:
            problems.append(f"{parameter.name} starts {parameter.start}, after {supported.end}")
            continue
        for day in quarter_starts(max(parameter.start, supported.start), supported.end):
            checked += 1
            entry = parameter.entry_on(day)
            if entry is None:
                problems.append(f"{parameter.name}: nothing in force on {day}")
            elif not entry.reference:
                problems.append(f"{parameter.name}: the value in force on {day} has no source")
            elif entry.value is None:
                continue  # a dated null: the parameter was ended on purpose, with a source
            elif parameter.value_on(day) is None:
                problems.append(f"{parameter.name}: no value on {day}")
    if not checked:  # a pack with no dated value still says what it knows of each population
        assert pack.populations is not None, f"pack {pack_id} has no parameter and no populations"
    assert not problems, "\n".join(problems)


def _runs_for(pack: Pack, packs: dict[str, Pack]) -> list[Rule]:
    """The rules judging this pack's claims: its own, and for a state the federal ones."""
    rules = list(pack.rules)
    if pack.id != FEDERAL:
        rules += packs[FEDERAL].rules
    return rules


def _reads(rule: Rule, state: str | None, parameters: Parameters) -> list[str] | None:
    """The parameter names a rule reads for a state; None if the rule does not run there."""
    check = bind(rule)
    names = []
    for written in (*check.kind.parameters(check.options), *rule.applies_to.parameters()):
        name = written
        if written.startswith(STATE_TEMPLATE):
            if state is None:
                return None
            name = state + written[len(STATE_TEMPLATE) :]
            if name not in parameters:
                return None  # the state does not define it: the rule does not run there
        names.append(name)
    return names


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_parameter_a_rule_reads_resolves_while_the_rule_is_in_force(
    packs: dict[str, Pack], pack_id: str
) -> None:
    """On each quarter of the pack's range a rule judges, every parameter it reads has begun."""
    pack = packs[pack_id]
    parameters = all_parameters(packs)
    state = pack.id if pack.id != FEDERAL else None
    problems = []
    for rule in _runs_for(pack, packs):
        names = _reads(rule, state, parameters)
        if names is None:
            continue
        start = max(rule.start, pack.supported.start)
        end = min(rule.end or pack.supported.end, pack.supported.end)
        for day in quarter_starts(start, end):
            for name in names:
                if name not in parameters:
                    problems.append(f"{rule.id} reads {name}, which no pack defines")
                elif parameters.entry_on(name, day) is None:
                    problems.append(f"{rule.id} is in force on {day} but {name} has not begun")
    assert not problems, "\n".join(sorted(set(problems)))


def _all_rules(packs: dict[str, Pack]) -> Iterable[tuple[Pack, Rule]]:
    return ((pack, rule) for pack in packs.values() for rule in pack.rules)


def test_rule_ids_are_unique_across_packs(packs: dict[str, Pack]) -> None:
    """A rule id names one rule in one pack: a new version of a rule is a new dated file."""
    counts = Counter(rule.id for _, rule in _all_rules(packs))
    assert not [rule_id for rule_id, count in counts.items() if count > 1]


def test_every_rule_starts_before_it_ends_and_within_its_pack_range(
    packs: dict[str, Pack],
) -> None:
    """A rule's start is on or before its end, and it judges some date of its pack's range."""
    problems = []
    for pack, rule in _all_rules(packs):
        if rule.end is not None and rule.end < rule.start:
            problems.append(f"{rule.id}: ends {rule.end} before it starts {rule.start}")
        if rule.start > pack.supported.end or (
            rule.end is not None and rule.end < pack.supported.start
        ):
            problems.append(f"{rule.id}: never in force within {pack.id}'s supported range")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_no_two_versions_of_a_rule_are_in_force_at_once(
    packs: dict[str, Pack], pack_id: str
) -> None:
    """On every quarter of the pack's range, the rules in force for its claims differ in id."""
    pack = packs[pack_id]
    rules = _runs_for(pack, packs)
    for day in quarter_starts(pack.supported.start, pack.supported.end):
        in_force = Counter(rule.id for rule in rules if rule.in_force(day))
        assert all(count == 1 for count in in_force.values()), f"{day}: {in_force}"
