"""Evaluate claims against the rule packs on durable_rules: facts in, findings and payments out.

Per state (the claim's payer's), the federal rules and the state's are compiled once into a
`Runtime` (engine/rules_runtime.py). A rule becomes one durable_rules condition per period in
which its compared parameter has one value: `dos` within the period and the measure against
that value (`{"$gt": {"r7": 16}}`); a boolean check is `{"r3": true}` within the rule's dates.
So rules are chosen by the date of service inside the rules engine, and a changed cap is a new
period, not new Python.

Each claim is one evaluation (one session): a fact per service line and one for the claim, each
carrying `dos` (date of service as an ordinal) and one field per applicable rule. A
durable_rules error fails the claim closed with an `error` finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from peerclaims.engine.checks.context import (
    ClaimView,
    LineView,
    ParameterReader,
    RunHistory,
    SeenLine,
    Used,
    rendering,
)
from peerclaims.engine.checks.kinds import (
    CLAIM_VALUES,
    BoundCheck,
    Outcome,
    bind,
    common_claim_values,
    common_line_values,
)
from peerclaims.engine.checks.pricing import expected_payment
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.model import Claim, Loc
from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.packs.parameters import Entry, Parameters, Value
from peerclaims.engine.reference.models import RecordedLine, ReferenceData
from peerclaims.engine.result import RulePackRef
from peerclaims.engine.rules_runtime import Fact, RuleSpec, Runtime

ENGINE_FAILURE = "PEER-ENG-0001"
"""The rule id of the finding that fails a claim closed when durable_rules fails."""


@dataclass(frozen=True, slots=True)
class _Version:
    """One compiled period of a rule: its threshold value (if compared) and that value's entry."""

    rule: int
    threshold: Decimal | None
    entry: Entry | None


@dataclass(slots=True)
class _Compiled:
    """The rules of one state (federal + state pack) compiled into a runtime."""

    state: str | None
    rules: list[tuple[Rule, BoundCheck, str]]
    runtime: Runtime
    versions: dict[str, _Version]
    packs: list[Pack]


@dataclass(frozen=True, slots=True)
class TracedParameter:
    """A parameter value a rule used: name, value, the date it started and its source."""

    name: str
    value: str | None
    start: date | None
    source: str | None


@dataclass(frozen=True, slots=True)
class TracedRule:
    """One rule evaluated on a claim or line: whether it fired and the values it used."""

    rule_id: str
    line: int | None
    fired: bool
    parameters: tuple[TracedParameter, ...]


@dataclass(slots=True)
class Evaluated:
    """A claim's rule findings, line payments and (when traced) the rules evaluated."""

    state: str | None
    findings: list[Finding]
    payments: dict[int, Decimal | None] = field(default_factory=dict)
    """Service line number -> expected payment, for lines not rejected (rejected lines pay 0)."""
    trace: list[TracedRule] | None = None
    view: ClaimView | None = None


def _value_text(value: Value | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in value.items())
    return str(value)


class RulesEngine:
    """Runs the loaded packs on claims against one set of reference data and one run history."""

    def __init__(
        self,
        packs: Mapping[str, Pack],
        reference: ReferenceData,
        *,
        default_state: str | None = None,
        trace: bool = False,
    ) -> None:
        if FEDERAL not in packs:
            raise DataError("rules/federal", "missing: the federal pack is required")
        self.packs = dict(packs)
        self.reference = reference
        self.parameters = Parameters.merged(p.parameters for p in packs.values())
        self.default_state = default_state.upper() if default_state else None
        self.trace = trace
        self.history = RunHistory(reference)
        self._states = {p.state: p for p in packs.values() if p.state is not None}
        if self.default_state is not None and self.default_state not in self._states:
            known = ", ".join(sorted(self._states)) or "none"
            raise DataError(
                f"--state {self.default_state}", f"no rule pack for that state (packs: {known})"
            )
        self._check_parameters()
        self._compiled: dict[str | None, _Compiled] = {}
        self.used_packs: set[str] = set()
        self._value_caches: dict[str | None, dict[tuple[str, date], tuple[Any, Any]]] = {}

    def _check_parameters(self) -> None:
        """Every parameter a rule names without `{state}` must exist."""
        for pack in self.packs.values():
            for rule in pack.rules:
                for name in _rule_parameters(rule, bind(rule)):
                    if not name.startswith(STATE_TEMPLATE) and name not in self.parameters:
                        self.parameters.get(name)  # raises a DataError naming the file

    def compiled(self, state: str | None) -> _Compiled:
        """The runtime of a state (None: federal rules only), built on first use."""
        found = self._compiled.get(state)
        if found is None:
            found = self._compile(state)
            self._compiled[state] = found
        return found

    def _compile(self, state: str | None) -> _Compiled:
        packs = [self.packs[FEDERAL]]
        if state is not None and state in self._states:
            packs.append(self._states[state])
        reader = ParameterReader(self.parameters, state)
        rules: list[tuple[Rule, BoundCheck, str]] = []
        specs: list[RuleSpec] = []
        versions: dict[str, _Version] = {}
        for pack in packs:
            for rule in pack.rules:
                check = bind(rule)
                if any(reader.parameter(n) is None for n in _rule_parameters(rule, check)):
                    continue  # a templated parameter this state does not define
                index = len(rules)
                fact_field = f"r{index}"
                rules.append((rule, check, fact_field))
                for spec_id, condition, version in _periods(rule, check, fact_field, reader):
                    specs.append(RuleSpec(spec_id, condition))
                    versions[spec_id] = _Version(index, *version)
        name = f"peerclaims-{(state or 'none').lower()}"
        return _Compiled(state, rules, Runtime(name, specs), versions, packs)

    def state_of(self, claim: Claim) -> str | None:
        """The claim's state: its payer's, else the `--state` default."""
        payer = self.reference.payer(claim.payer_id) if claim.payer_id else None
        return payer.state if payer is not None else self.default_state

    def view(self, claim: Claim, state: str | None) -> ClaimView:
        """The claim joined to its reference data."""
        payer = self.reference.payer(claim.payer_id) if claim.payer_id else None
        member_id = claim.member.member_id
        dates = [line.service_date for line in claim.lines if line.service_date is not None]
        view = ClaimView(
            claim=claim,
            reference=self.reference,
            history=self.history,
            params=ParameterReader(
                self.parameters, state, self._value_caches.setdefault(state, {})
            ),
            payer=payer,
            state=state,
            member=self.reference.member(member_id) if member_id else None,
            first_date=min(dates) if dates else None,
        )
        for index, line in enumerate(claim.lines):
            npi, loc, label = rendering(claim, line)
            view.lines.append(
                LineView(
                    claim=view,
                    line=line,
                    index=index,
                    day=line.service_date,
                    rendering_npi=npi,
                    rendering_loc=loc,
                    rendering_label=label,
                    provider=self.reference.provider(npi) if npi else None,
                    modifiers=tuple(sorted(line.modifiers)),
                )
            )
        return view

    def evaluate(self, claim: Claim) -> Evaluated:  # noqa: PLR0912  # one pass: facts, then matches
        """The rule findings of one claim (not yet counted in the run's history)."""
        state = self.state_of(claim)
        compiled = self.compiled(state)
        self.used_packs.update(p.id for p in compiled.packs)
        view = self.view(claim, state)
        outcomes: dict[tuple[int, str], tuple[Outcome, LineView | None]] = {}
        used: dict[tuple[int, str], list[Used]] = {}
        claim_fact: Fact = {"key": "C"}
        if view.first_date is not None:
            claim_fact["dos"] = view.first_date.toordinal()
        line_facts: list[Fact] = []
        for each in view.lines:
            fact: Fact = {"key": f"L{each.index}"}
            if each.day is not None:
                fact["dos"] = each.day.toordinal()
            line_facts.append(fact)
        for index, (rule, check, fact_field) in enumerate(compiled.rules):
            targets: Sequence[LineView | ClaimView]
            targets = view.lines if check.kind.scope == "line" else [view]
            for target in targets:
                day = target.day if isinstance(target, LineView) else target.first_date
                if day is None or not rule.in_force(day):
                    continue
                if isinstance(target, LineView) and not _applies(rule, target):
                    continue
                if self.trace:
                    view.params.used = []
                outcome = check.outcome(target)
                key = f"L{target.index}" if isinstance(target, LineView) else "C"
                if self.trace:
                    used[(index, key)] = view.params.used or []
                    view.params.used = None
                if outcome is None:
                    continue
                on_line = target if isinstance(target, LineView) else None
                outcomes[(index, key)] = (outcome, on_line)
                posted = claim_fact if on_line is None else line_facts[on_line.index]
                posted[fact_field] = outcome.measure
        evaluation = compiled.runtime.evaluate([claim_fact, *line_facts])
        result = Evaluated(state=state, findings=[], view=view)
        fired: set[tuple[int, str]] = set()
        if evaluation.errors:
            result.findings.append(_engine_failure(claim, evaluation.errors))
        for spec_id, key in evaluation.matches:
            version = compiled.versions[spec_id]
            if (version.rule, key) in fired:
                continue
            fired.add((version.rule, key))
            outcome, where = outcomes[(version.rule, key)]
            rule, _, _ = compiled.rules[version.rule]
            _, check, _ = compiled.rules[version.rule]
            result.findings.append(_finding(rule, check, outcome, where, view, version, used))
        if self.trace:
            result.trace = _trace(compiled, outcomes, fired, used)
        return result

    def price(self, evaluated: Evaluated, rejected_lines: set[int]) -> None:
        """Fill `evaluated.payments` for every line (rejected lines pay 0.00)."""
        view = evaluated.view
        if view is None:
            return
        for line_view in view.lines:
            number = line_view.line.number
            evaluated.payments[number] = expected_payment(line_view, number in rejected_lines)

    def accept(
        self, evaluated: Evaluated, accepted_lines: set[int], *, record: bool = False
    ) -> list[RecordedLine]:
        """Count a decided claim's accepted lines in the run; with `record`, return them as
        history lines for the store (a line whose values the store would refuse is skipped)."""
        view = evaluated.view
        if view is None:
            return []
        seen: list[SeenLine] = []
        recorded: list[RecordedLine] = []
        for line_view in view.lines:
            number = line_view.line.number
            if number not in accepted_lines:
                continue
            line_seen = line_view.seen(f"claim {view.claim.claim_id} line {number}")
            if line_seen is None or not line_seen.member_id or not line_view.procedure:
                continue
            seen.append(line_seen)
            if not record:
                continue
            try:
                recorded.append(
                    RecordedLine(
                        member_id=line_seen.member_id,
                        provider_npi=line_seen.rendering_npi,
                        procedure=line_seen.procedure,
                        modifiers=line_view.modifiers,
                        service_date=line_seen.service_date,
                        units=line_seen.units,
                        claim_id=view.claim.claim_id,
                        line=number,
                    )
                )
            except ValidationError:
                continue
        self.history.add(seen)
        return recorded

    def pack_refs(self) -> list[RulePackRef]:
        """The packs that judged at least one claim, federal first then by id."""
        ids = sorted(self.used_packs, key=lambda i: (i != FEDERAL, i))
        return [
            RulePackRef(
                id=self.packs[i].id, version=self.packs[i].version, sha256=self.packs[i].sha256
            )
            for i in ids
        ]


def _rule_parameters(rule: Rule, check: BoundCheck) -> tuple[str, ...]:
    return check.kind.parameters(check.options) + rule.applies_to.parameters()


def _applies(rule: Rule, view: LineView) -> bool:
    """Whether a line is one the rule looks at (`applies_to`)."""
    day = view.day
    if day is None:
        return False
    params = view.claim.params
    if rule.applies_to.procedures is not None:
        procedures = params.codes(rule.applies_to.procedures, day)
        if procedures is None or view.procedure not in procedures:
            return False
    if rule.applies_to.modifiers is not None:
        modifiers = params.codes(rule.applies_to.modifiers, day)
        if modifiers is None or not set(modifiers) & set(view.modifiers):
            return False
    return True


def _periods(
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


def _position(claim: Claim, loc: Loc | None) -> Position | None:
    if loc is None:
        return None
    return Position(file=claim.file, line=loc.line, segment=loc.ordinal, byte=loc.byte)


def _citation(rule: Rule, used: list[Used]) -> str:
    """The rule's citation, and the source of the state value it compared, when templated."""
    templated = "{state}" in str(rule.check) + str(rule.applies_to)
    if not templated:
        return rule.citation
    for item in used:
        if item.entry is not None and item.entry.reference and not item.name.startswith("federal."):
            return f"{rule.citation}; {item.name}: {item.entry.reference[0].title}"
    return rule.citation


def _finding(
    rule: Rule,
    check: BoundCheck,
    outcome: Outcome,
    line_view: LineView | None,
    view: ClaimView,
    version: _Version,
    used: Mapping[tuple[int, str], list[Used]],
) -> Finding:
    values = common_line_values(line_view) if line_view else common_claim_values(view)
    values.update(outcome.values)
    if version.threshold is not None:
        values["threshold"] = format(version.threshold.normalize(), "f")
    number = line_view.line.number if line_view is not None else None
    location = outcome.location + (f" (line {number})" if number is not None else "")
    key = f"L{line_view.index}" if line_view is not None else "C"
    rule_used = used.get((version.rule, key))
    if rule_used is None:  # not traced: read the sources again (only for a fired rule)
        rule_used = _reads(rule, check, line_view, view)
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        category=rule.category,
        message=rule.message.format_map(values),
        fix=rule.fix.format_map(values),
        location=location,
        line=number,
        citation=_citation(rule, rule_used),
        carc=rule.carc,
        rarc=rule.rarc,
        position=_position(view.claim, outcome.loc),
    )


def _reads(
    rule: Rule, check: BoundCheck, line_view: LineView | None, view: ClaimView
) -> list[Used]:
    day = line_view.day if line_view is not None else view.first_date
    if day is None:
        return []
    found = []
    for name in _rule_parameters(rule, check):
        parameter = view.params.parameter(name)
        if parameter is not None:
            found.append(Used(parameter.name, day, parameter.entry_on(day)))
    return found


def _engine_failure(claim: Claim, errors: Sequence[str]) -> Finding:
    return Finding(
        rule_id=ENGINE_FAILURE,
        severity="error",
        category="guide",
        message=(
            f"The rules engine failed on claim {claim.claim_id} ({errors[0]}); it was not "
            "checked, so it is failed closed."
        ),
        fix="Check the claim again; if it fails again, report it with the rule pack versions.",
        location="2300 CLM-01",
        line=None,
        citation="peerclaims: a claim the rules could not judge is never passed",
        carc="16",
        rarc="MA130",
        position=None,
    )


def _trace(
    compiled: _Compiled,
    outcomes: Mapping[tuple[int, str], tuple[Outcome, LineView | None]],
    fired: set[tuple[int, str]],
    used: Mapping[tuple[int, str], list[Used]],
) -> list[TracedRule]:
    traced = []

    def order(item: tuple[tuple[int, str], tuple[Outcome, LineView | None]]) -> tuple[int, int]:
        (index, _), (_, on_line) = item
        return (-1 if on_line is None else on_line.index, index)

    for (index, key), (_, line_view) in sorted(outcomes.items(), key=order):
        rule, _, _ = compiled.rules[index]
        parameters = []
        seen: set[tuple[str, date | None]] = set()
        for item in used.get((index, key), []):
            start = item.entry.start if item.entry else None
            if (item.name, start) in seen:
                continue
            seen.add((item.name, start))
            entry = item.entry
            parameters.append(
                TracedParameter(
                    name=item.name,
                    value=_value_text(entry.value) if entry else None,
                    start=start,
                    source=entry.reference[0].title if entry and entry.reference else None,
                )
            )
        traced.append(
            TracedRule(
                rule_id=rule.id,
                line=line_view.line.number if line_view else None,
                fired=(index, key) in fired,
                parameters=tuple(parameters),
            )
        )
    return traced


__all__ = ["CLAIM_VALUES", "ENGINE_FAILURE", "Evaluated", "RulesEngine", "TracedRule"]
