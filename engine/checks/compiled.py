"""The rules of one state compiled for the evaluation loop: each rule's plan, its periods
as durable_rules conditions, and what is remembered per date and per line (engine/checks/evaluate.py
runs them).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peerclaims.engine.checks.context import (
    LineView,
    ParameterReader,
)
from peerclaims.engine.checks.kinds import (
    BoundCheck,
    Outcome,
)
from peerclaims.engine.checks.scope import StateScope
from peerclaims.engine.checks.spec import Rule
from peerclaims.engine.packs.pack import Pack
from peerclaims.engine.packs.parameters import Entry
from peerclaims.engine.rules_runtime import Runtime

REMEMBERED = 4096
"""Entries `Compiled.claim_rules` and `line_rules` keep before starting afresh (memory stays
flat however many dates, codes and modifiers a run sees)."""


@dataclass(frozen=True, slots=True)
class Version:
    """One compiled period of a rule: its threshold value (if compared) and that value's entry."""

    rule: int
    threshold: Decimal | None
    entry: Entry | None
    threshold_text: str | None = None
    """The threshold as a message names it."""


@dataclass(frozen=True, slots=True)
class Plan:
    """One rule of a state as the evaluation loop needs it."""

    index: int
    """Position in `Compiled.rules`."""
    rule: Rule
    check: BoundCheck
    fact_field: str
    derive: Callable[[Any, Any], Outcome | None]
    """The kind's `line` or `claim`, bound (called with the options and the view)."""
    options: Any
    """The check's options (`check.options`)."""
    start: date
    end: date | None
    procedures: str | None
    """`applies_to.procedures`, or None."""
    modifiers: str | None
    """`applies_to.modifiers`, or None."""
    templated: bool
    """The rule names a `{state}` parameter (its citation may name the state's source)."""
    by_codes: bool = False
    """`Kind.by_codes`: whether a line passes is decided by its codes (`LineKey`)."""


LineKey = tuple[int, str, tuple[str, ...], str | None, str | None]
"""What `Compiled.line_rules` remembers by: the era of a line's date of service
(`Compiled.era`), procedure, sorted modifiers, place of service (the claim's when the line
has none) and SV103 unit basis."""


@dataclass(slots=True)
class Compiled:
    """The rules of one state (federal + state pack) compiled into a runtime."""

    state: str | None
    rules: list[tuple[Rule, BoundCheck, str]]
    runtime: Runtime
    versions: dict[str, Version]
    packs: list[Pack]
    plans: list[Plan] = field(default_factory=list)
    """One per rule, in the order of `rules`."""
    claim_plans: list[Plan] = field(default_factory=list)
    line_plans: list[Plan] = field(default_factory=list)
    pack_ids: tuple[str, ...] = ()
    code_sets: dict[tuple[str, date], frozenset[str] | None] = field(default_factory=dict)
    """(code-list parameter as written, day) -> its codes: what `applies_to` tests."""
    citations: dict[tuple[int, date], str] = field(default_factory=dict)
    """(rule index, day) -> a fired rule's citation (when not traced)."""
    claim_rules_on: dict[date, tuple[Plan, ...]] = field(default_factory=dict)
    """Date of service -> the claim rules in force."""
    line_rules_on: dict[LineKey, tuple[Plan, ...]] = field(default_factory=dict)
    """(era of the date of service, procedure, sorted modifiers, place of service, unit basis) ->
    the line rules in force that apply, less those `by_codes` that such a line passes (unless
    tracing: a trace lists them)."""
    trace: bool = False
    scope: StateScope | None = None
    """What the state's packs encode, for the scope checks (engine/checks/scope.py)."""
    doubts: dict[tuple[int, int], str | None] = field(default_factory=dict)
    """(rule index, era) -> why a fired error rule may not deny (None: it may), remembered."""
    eras: tuple[date, ...] = ()
    """Every date on which something dated may change: each rule's start and the day after its
    end, and each value start of every parameter. Between two of them (`era`), which rules are
    in force and every parameter's value are the same."""

    def era(self, day: date) -> int:
        """The number of `eras` on or before `day`: days with one era judge a line alike."""
        return bisect.bisect_right(self.eras, day)

    def claim_rules(self, day: date) -> tuple[Plan, ...]:
        """The claim rules in force on `day`, remembered."""
        found = self.claim_rules_on.get(day)
        if found is None:
            if len(self.claim_rules_on) >= REMEMBERED:
                self.claim_rules_on.clear()
            found = tuple(p for p in self.claim_plans if in_force(p, day))
            self.claim_rules_on[day] = found
        return found

    def line_rules(self, view: LineView, day: date) -> tuple[Plan, ...]:
        """The line rules in force on `day` whose `applies_to` takes the line, remembered."""
        line = view.line
        key = (
            self.era(day),
            view.procedure,
            view.modifiers,
            line.place_of_service or view.claim.claim.place_of_service,
            line.unit_basis,
        )
        found = self.line_rules_on.get(key)
        if found is None:
            if len(self.line_rules_on) >= REMEMBERED:
                self.line_rules_on.clear()
            found = tuple(
                p
                for p in self.line_plans
                if in_force(p, day)
                and applies(p, view, day, self.code_sets)
                and not (p.by_codes and not self.trace and passes(p, view))
            )
            self.line_rules_on[key] = found
        return found


def passes(plan: Plan, view: LineView) -> bool:
    """Whether the line passes the rule (or is not one it judges): nothing to post."""
    outcome = plan.derive(plan.options, view)
    return outcome is None or outcome.measure is False


def in_force(plan: Plan, day: date) -> bool:
    return plan.start <= day and (plan.end is None or day <= plan.end)


def rule_parameters(rule: Rule, check: BoundCheck) -> tuple[str, ...]:
    return check.kind.parameters(check.options) + rule.applies_to.parameters()


def applies(
    plan: Plan,
    view: LineView,
    day: date,
    code_sets: dict[tuple[str, date], frozenset[str] | None],
) -> bool:
    """Whether a line (of date of service `day`) is one the rule looks at (`applies_to`)."""
    if plan.procedures is not None:
        procedures = code_set(plan.procedures, day, view, code_sets)
        if procedures is None or view.procedure not in procedures:
            return False
    if plan.modifiers is not None:
        modifiers = code_set(plan.modifiers, day, view, code_sets)
        if modifiers is None or modifiers.isdisjoint(view.modifiers):
            return False
    return True


def code_set(
    name: str,
    day: date,
    view: LineView,
    code_sets: dict[tuple[str, date], frozenset[str] | None],
) -> frozenset[str] | None:
    """The codes of a code-list parameter on `day` (None: not a code list then), remembered."""
    key = (name, day)
    if key in code_sets:
        return code_sets[key]
    codes = view.claim.params.codes(name, day)
    found = None if codes is None else frozenset(codes)
    code_sets[key] = found
    return found


def periods(
    rule: Rule, check: BoundCheck, fact_field: str, reader: ParameterReader
) -> list[tuple[str, dict[str, object], tuple[Decimal | None, Entry | None]]]:
    """The durable_rules conditions of a rule: one per period of its compared parameter."""

    def dated(start: date, end: date | None, test: Mapping[str, object]) -> dict[str, object]:
        parts: list[dict[str, object]] = [{"$gte": {"dos": start.toordinal()}}]
        if end is not None:
            parts.append({"$lte": {"dos": end.toordinal()}})
        return {"$and": [*parts, test]}

    threshold = check.kind.threshold
    if threshold is None:
        return [(rule.id, dated(rule.start, rule.end, {fact_field: True}), (None, None))]
    parameter = reader.parameter(getattr(check.options, threshold))
    if parameter is None:
        return []
    periods: list[tuple[str, dict[str, object], tuple[Decimal | None, Entry | None]]] = []
    entries = parameter.entries
    for position, entry in enumerate(entries):
        start = max(entry.start, rule.start)
        following = entries[position + 1].start if position + 1 < len(entries) else None
        ends = [
            d for d in (rule.end, following and date.fromordinal(following.toordinal() - 1)) if d
        ]
        end = min(ends) if ends else None
        if entry.value is None or not isinstance(entry.value, Decimal):
            continue
        if end is not None and end < start:
            continue
        test = {check.kind.op: {fact_field: float(entry.value)}}
        periods.append(
            (f"{rule.id}@{start.isoformat()}", dated(start, end, test), (entry.value, entry))
        )
    return periods
