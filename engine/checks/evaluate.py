"""Evaluate claims against the rule packs on durable_rules: facts in, findings and payments out.

Per state (the claim's payer's), the federal rules and the state's are compiled once into a
`Runtime` (engine/rules_runtime.py). A rule becomes one durable_rules condition per period in
which its compared parameter has one value: `dos` within the period and the measure against
that value (`{"$gt": {"r7": 16}}`); a boolean check is `{"r3": true}` within the rule's dates.
So rules are chosen by the date of service inside the rules engine, and a changed cap is a new
period, not new Python.

Each claim is one evaluation (one session): a fact per service line and one for the claim, each
carrying `dos` (date of service as an ordinal) and one field per applicable rule, except that a
boolean check the line passes (`false`, which `{field: true}` never matches) is left out: most
checks pass, and every field is JSON the rules engine parses and tests. A fact left with no
rule's field can match no rule, so it is not posted either. A durable_rules error fails the
claim closed with an `error` finding.

What a claim needs of its state's rules is prepared once per state (`_Plan`: claim rules and
line rules apart, dates and `applies_to` at hand, whether the citation names a state source),
so the loop over a claim's lines only looks things up; code lists `applies_to` names are sets
per day, and a fired rule's citation is remembered per day. A check whose outcome only the
line's date and codes decide (`Kind.by_codes`: the procedure, modifier, place-of-service and
unit-basis code lists) is run once per such line: when it passes, it is left out of that line's
rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from peerclaims.engine.checks.context import (
    ClaimView,
    LineView,
    Lookups,
    ParameterReader,
    RunHistory,
    SeenLine,
    Used,
    rendering,
)
from peerclaims.engine.checks.evidence import rule_doubt
from peerclaims.engine.checks.kinds import (
    CLAIM_VALUES,
    BoundCheck,
    MessageValues,
    Outcome,
    bind,
)
from peerclaims.engine.checks.pricing import expected_payment
from peerclaims.engine.checks.scope import CATEGORY_CHECK, StateScope, state_name, state_rules
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.model import Claim, Loc
from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.packs.parameters import Entry, Parameters, Value
from peerclaims.engine.reference.models import Payer, RecordedLine, ReferenceData
from peerclaims.engine.result import RulePackRef
from peerclaims.engine.rules_conditions import postable
from peerclaims.engine.rules_runtime import Fact, RuleSpec, Runtime
from peerclaims.engine.trusted import trusted
from peerclaims.engine.words import clerk_fields

ENGINE_FAILURE = "PEER-ENG-0001"
"""The rule id of the finding that fails a claim closed when durable_rules fails."""


@dataclass(frozen=True, slots=True)
class _Version:
    """One compiled period of a rule: its threshold value (if compared) and that value's entry."""

    rule: int
    threshold: Decimal | None
    entry: Entry | None
    threshold_text: str | None = None
    """The threshold as a message names it."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """One rule of a state as the evaluation loop needs it."""

    index: int
    """Position in `_Compiled.rules`."""
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
    """`Kind.by_codes`: whether a line passes is decided by its codes (`_LineKey`)."""


_LineKey = tuple[int, str, tuple[str, ...], str | None, str | None]
"""What `_Compiled.line_rules` remembers by: the era of a line's date of service
(`_Compiled.era`), procedure, sorted modifiers, place of service (the claim's when the line
has none) and SV103 unit basis."""


@dataclass(slots=True)
class _Compiled:
    """The rules of one state (federal + state pack) compiled into a runtime."""

    state: str | None
    rules: list[tuple[Rule, BoundCheck, str]]
    runtime: Runtime
    versions: dict[str, _Version]
    packs: list[Pack]
    plans: list[_Plan] = field(default_factory=list)
    """One per rule, in the order of `rules`."""
    claim_plans: list[_Plan] = field(default_factory=list)
    line_plans: list[_Plan] = field(default_factory=list)
    pack_ids: tuple[str, ...] = ()
    code_sets: dict[tuple[str, date], frozenset[str] | None] = field(default_factory=dict)
    """(code-list parameter as written, day) -> its codes: what `applies_to` tests."""
    citations: dict[tuple[int, date], str] = field(default_factory=dict)
    """(rule index, day) -> a fired rule's citation (when not traced)."""
    claim_rules_on: dict[date, tuple[_Plan, ...]] = field(default_factory=dict)
    """Date of service -> the claim rules in force."""
    line_rules_on: dict[_LineKey, tuple[_Plan, ...]] = field(default_factory=dict)
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

    def claim_rules(self, day: date) -> tuple[_Plan, ...]:
        """The claim rules in force on `day`, remembered."""
        found = self.claim_rules_on.get(day)
        if found is None:
            if len(self.claim_rules_on) >= _REMEMBERED:
                self.claim_rules_on.clear()
            found = tuple(p for p in self.claim_plans if _in_force(p, day))
            self.claim_rules_on[day] = found
        return found

    def line_rules(self, view: LineView, day: date) -> tuple[_Plan, ...]:
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
            if len(self.line_rules_on) >= _REMEMBERED:
                self.line_rules_on.clear()
            found = tuple(
                p
                for p in self.line_plans
                if _in_force(p, day)
                and _applies(p, view, day, self.code_sets)
                and not (p.by_codes and not self.trace and _passes(p, view))
            )
            self.line_rules_on[key] = found
        return found


_NO_UNITS = Decimal(0)
_BARE_FACT = 2
"""Fields of a fact that carries no rule's field: `key` and `dos`."""

_REMEMBERED = 4096
"""Entries `_Compiled.claim_rules` and `line_rules` keep before starting afresh (memory stays
flat however many dates, codes and modifiers a run sees)."""
_ONE_DAY = timedelta(days=1)


def _passes(plan: _Plan, view: LineView) -> bool:
    """Whether the line passes the rule (or is not one it judges): nothing to post."""
    outcome = plan.derive(plan.options, view)
    return outcome is None or outcome.measure is False


def _in_force(plan: _Plan, day: date) -> bool:
    return plan.start <= day and (plan.end is None or day <= plan.end)


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
    judged_by: tuple[tuple[str, str], ...] = ()
    """(pack id, version) of every pack that judged the claim, federal first."""
    not_checked: list[tuple[str, str]] = field(default_factory=list)
    """(kind of check, why) for what could not be checked, or could not deny, in finding order."""


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
        self._lookups_of = Lookups(reference)
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
                for spec_id, condition, (threshold, entry) in _periods(
                    rule, check, fact_field, reader
                ):
                    specs.append(RuleSpec(spec_id, condition))
                    text = None if threshold is None else format(threshold.normalize(), "f")
                    versions[spec_id] = _Version(index, threshold, entry, text)
        name = f"peerclaims-{(state or 'none').lower()}"
        compiled = _Compiled(state, rules, Runtime(name, specs), versions, packs, trace=self.trace)
        compiled.pack_ids = tuple(p.id for p in packs)
        own = set(map(id, state_rules(state, self._states.get(state or ""), packs[0])))
        compiled.scope = StateScope(
            state=state,
            pack=self._states.get(state or ""),
            packs=tuple(packs),
            state_rules=tuple(
                (rule, _rule_parameters(rule, check)) for rule, check, _ in rules if id(rule) in own
            ),
            reader=reader,
        )
        compiled.eras = self._eras(rule for rule, _, _ in rules)
        for index, (rule, check, fact_field) in enumerate(rules):
            kind = check.kind
            plan = _Plan(
                index=index,
                rule=rule,
                check=check,
                fact_field=fact_field,
                derive=kind.line if kind.scope == "line" else kind.claim,
                options=check.options,
                start=rule.start,
                end=rule.end,
                procedures=rule.applies_to.procedures,
                modifiers=rule.applies_to.modifiers,
                templated=STATE_TEMPLATE in str(rule.check) + str(rule.applies_to),
                by_codes=kind.scope == "line" and kind.by_codes(check.options),
            )
            compiled.plans.append(plan)
            (compiled.line_plans if kind.scope == "line" else compiled.claim_plans).append(plan)
        return compiled

    def _eras(self, rules: Iterable[Rule]) -> tuple[date, ...]:
        """`_Compiled.eras` for `rules`: their starts and the days after their ends, and the
        value starts of every parameter loaded (a superset of those the rules read)."""
        days: set[date] = set()
        for rule in rules:
            days.add(rule.start)
            if rule.end is not None:
                days.add(rule.end + _ONE_DAY)
        for parameter in self.parameters:
            days.update(entry.start for entry in parameter.entries)
        return tuple(sorted(days))

    def state_of(self, claim: Claim) -> str | None:
        """The claim's state: its payer's, else the `--state` default."""
        return self._state(self._payer(claim))

    def _payer(self, claim: Claim) -> Payer | None:
        return self._lookups().payer(claim.payer_id) if claim.payer_id else None

    def _lookups(self) -> Lookups:
        """The reference data's look-ups, remembered (afresh if `reference` was replaced)."""
        if self._lookups_of.reference is not self.reference:
            self._lookups_of = Lookups(self.reference)
        return self._lookups_of

    def _state(self, payer: Payer | None) -> str | None:
        return payer.state if payer is not None else self.default_state

    def view(self, claim: Claim, state: str | None) -> ClaimView:
        """The claim joined to its reference data."""
        return self._view(claim, state, self._payer(claim))

    def _view(self, claim: Claim, state: str | None, payer: Payer | None) -> ClaimView:
        member_id = claim.member.member_id
        dates = [line.service_date for line in claim.lines if line.service_date is not None]
        lookups = self._lookups()
        view = ClaimView(
            claim=claim,
            reference=lookups,
            history=self.history,
            params=ParameterReader(
                self.parameters, state, self._value_caches.setdefault(state, {})
            ),
            payer=payer,
            state=state,
            member=lookups.member(member_id) if member_id else None,
            first_date=min(dates) if dates else None,
            member_id=member_id or "",
            billing_npi=claim.billing.npi or "",
        )
        for index, line in enumerate(claim.lines):
            npi, party, label = rendering(claim, line)
            view.lines.append(
                LineView(
                    claim=view,
                    line=line,
                    index=index,
                    day=line.service_date,
                    rendering_npi=npi,
                    rendering_party=party,
                    rendering_label=label,
                    provider=lookups.provider(npi) if npi else None,
                    modifiers=tuple(sorted(line.modifiers)),
                    procedure=line.procedure or "",
                    units=line.units or _NO_UNITS,
                )
            )
        return view

    def evaluate(self, claim: Claim) -> Evaluated:
        """The rule findings of one claim (not yet counted in the run's history)."""
        payer = self._payer(claim)
        state = self._state(payer)
        compiled = self.compiled(state)
        self.used_packs.update(compiled.pack_ids)
        view = self._view(claim, state, payer)
        view.scope = compiled.scope
        outcomes: dict[tuple[int, str], tuple[Outcome, LineView | None]] = {}
        used: dict[tuple[int, str], list[Used]] = {}
        unposted: list[tuple[_Plan, LineView | None]] = []
        facts = self._facts(compiled, view, outcomes, used, unposted)
        evaluation = compiled.runtime.evaluate(facts)
        result = Evaluated(
            state=state,
            findings=[],
            view=view,
            judged_by=tuple((p.id, p.version) for p in compiled.packs),
        )
        fired: set[tuple[int, str]] = set()
        result.findings += [_out_of_range(claim, plan, where) for plan, where in unposted]
        if evaluation.errors:
            result.findings.append(_engine_failure(claim, evaluation.errors))
        for spec_id, key in evaluation.matches:
            version = compiled.versions[spec_id]
            if (version.rule, key) in fired:
                continue
            fired.add((version.rule, key))
            outcome, where = outcomes[(version.rule, key)]
            plan = compiled.plans[version.rule]
            result.findings.append(
                _finding(plan, outcome, where, view, version, used, compiled, result.not_checked)
            )
        if self.trace:
            result.trace = _trace(compiled, outcomes, fired, used)
        return result

    def _facts(
        self,
        compiled: _Compiled,
        view: ClaimView,
        outcomes: dict[tuple[int, str], tuple[Outcome, LineView | None]],
        used: dict[tuple[int, str], list[Used]],
        unposted: list[tuple[_Plan, LineView | None]],
    ) -> list[Fact]:
        """The claim's fact and its lines': each applicable rule's measure in its field.

        Fills `outcomes` by (rule index, fact key), passes left out unless tracing, and, when
        tracing, `used` likewise. A measure the rules engine cannot read safely (a sum of
        units beyond 2**53, a fraction below 0.0001) is not posted: it goes to `unposted`.
        """
        params = view.params
        trace = self.trace
        claim_fact: Fact = {"key": "C"}
        targets: list[tuple[ClaimView | LineView, LineView | None, date | None, str, Fact]] = [
            (view, None, view.first_date, "C", claim_fact)
        ]
        line_facts: list[Fact] = []
        for each in view.lines:
            key = f"L{each.index}"
            fact: Fact = {"key": key}
            line_facts.append(fact)
            targets.append((each, each, each.day, key, fact))
        for target, on_line, day, key, posted in targets:
            if day is None:
                continue
            posted["dos"] = day.toordinal()
            if on_line is None:
                plans = compiled.claim_rules(day)
            else:
                plans = compiled.line_rules(on_line, day)
            for plan in plans:
                if trace:
                    params.used = []
                    outcome = plan.derive(plan.options, target)
                    used[(plan.index, key)] = params.used or []
                    params.used = None
                else:
                    outcome = plan.derive(plan.options, target)
                if outcome is None:
                    continue
                if outcome.measure is not False:  # a pass cannot match `{field: true}`
                    if not postable(outcome.measure):
                        unposted.append((plan, on_line))
                        continue
                    posted[plan.fact_field] = outcome.measure
                    outcomes[(plan.index, key)] = (outcome, on_line)
                elif trace:  # the trace lists every rule evaluated
                    outcomes[(plan.index, key)] = (outcome, on_line)
        # a fact with no rule's field (every check passed) can match no rule: not posted
        return [fact for fact in (claim_fact, *line_facts) if len(fact) > _BARE_FACT]

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
            line_seen = line_view.seen()
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


def _applies(
    plan: _Plan,
    view: LineView,
    day: date,
    code_sets: dict[tuple[str, date], frozenset[str] | None],
) -> bool:
    """Whether a line (of date of service `day`) is one the rule looks at (`applies_to`)."""
    if plan.procedures is not None:
        procedures = _code_set(plan.procedures, day, view, code_sets)
        if procedures is None or view.procedure not in procedures:
            return False
    if plan.modifiers is not None:
        modifiers = _code_set(plan.modifiers, day, view, code_sets)
        if modifiers is None or modifiers.isdisjoint(view.modifiers):
            return False
    return True


def _code_set(
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
    return trusted(
        Position, {"file": claim.file, "line": loc.line, "segment": loc.ordinal, "byte": loc.byte}
    )


def _citation(rule: Rule, used: list[Used]) -> str:
    """The citation of a `{state}` rule: with the source of the state value it compared."""
    for item in used:
        if item.entry is not None and item.entry.reference and not item.name.startswith("federal."):
            return f"{rule.citation}; {item.name}: {item.entry.reference[0].title}"
    return rule.citation


def _finding(
    plan: _Plan,
    outcome: Outcome,
    line_view: LineView | None,
    view: ClaimView,
    version: _Version,
    used: Mapping[tuple[int, str], list[Used]],
    compiled: _Compiled,
    not_checked: list[tuple[str, str]],
) -> Finding:
    """The finding of a fired rule; what it says could not be checked (its `checks` and
    `reason` values), or could not deny (its doubt), goes to `not_checked`."""
    rule = plan.rule
    found, loc, location = outcome.detail()
    day = line_view.day if line_view is not None else view.first_date
    severity = rule.severity
    doubt = outcome.doubt
    if severity == "error" and doubt is None and day is not None:
        doubt = _doubt(plan, day, line_view, view, compiled)
    if severity == "error" and doubt is not None:
        severity = "warning"
        check = CATEGORY_CHECK.get(rule.category, rule.category)
        not_checked.append((check, doubt))
    elif "checks" in found and "reason" in found and severity != "error":
        not_checked.extend((check, found["reason"]) for check in found["checks"].split(", "))
    values = MessageValues(found, line_view, view)
    if version.threshold_text is not None:
        values["threshold"] = version.threshold_text
    number = line_view.line.number if line_view is not None else None
    words = clerk_fields(location, number, rule.carc, rule.rarc)
    if number is not None:
        location += f" (line {number})"
    citation = rule.citation
    if plan.templated:
        # every parameter the rule names, traced or not (a threshold compared in durable_rules
        # is never read by the kind), once per rule and day
        remembered = compiled.citations.get((version.rule, day)) if day else None
        if remembered is None:
            remembered = _citation(rule, _reads(rule, plan.check, line_view, view))
            if day is not None:
                compiled.citations[(version.rule, day)] = remembered
        citation = remembered
    if "citation" in found:  # the state's own fact the finding rests on (scope checks)
        citation = f"{citation}; {found['citation']}"
    message = rule.message.format_map(values)
    if severity != rule.severity and doubt is not None:
        message = f"{message} {doubt}"
    # `trusted`: the rule's fields were validated with its pack, the rest are built here
    return trusted(
        Finding,
        {
            "rule_id": rule.id,
            "severity": severity,
            "category": rule.category,
            "message": message,
            "fix": rule.fix.format_map(values),
            "location": location,
            "line": number,
            "citation": citation,
            "carc": rule.carc,
            "rarc": rule.rarc,
            "position": _position(view.claim, loc),
            **words,
            "admin_fix": rule.admin_fix.format_map(values) if rule.admin_fix else None,
        },
    )


def _doubt(
    plan: _Plan, day: date, line_view: LineView | None, view: ClaimView, compiled: _Compiled
) -> str | None:
    """`evidence.rule_doubt` of a fired error rule on `day`, once per (rule, era)."""
    key = (plan.index, compiled.era(day))
    if key in compiled.doubts:
        return compiled.doubts[key]
    read = []  # what `applies_to` names only selects lines: it does not weaken (rules/README.md)
    for name in plan.check.kind.parameters(plan.options):
        parameter = view.params.parameter(name)
        if parameter is not None:
            read.append((parameter, parameter.entry_on(day)))
    found = rule_doubt(plan.rule, read, state_name(view.state))
    compiled.doubts[key] = found
    return found


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


def _out_of_range(claim: Claim, plan: _Plan, where: LineView | None) -> Finding:
    """The claim is failed closed: a value rule `plan` compares is beyond what it can judge."""
    number = where.line.number if where is not None else None
    on = f" service line {number}" if number is not None else ""
    return Finding(
        rule_id=ENGINE_FAILURE,
        severity="error",
        category="guide",
        message=(
            f"Claim {claim.claim_id}{on}: the number rule {plan.rule.id} compares (a sum of "
            "units or amounts) is too large, or too small a fraction, for the rules engine to "
            "judge, so the claim is failed closed."
        ),
        fix="Correct the units (SV104) or amounts of the claim, or the member's history.",
        location=f"2400 SV1-04 (line {number})" if number is not None else "2300 CLM-01",
        line=number,
        citation="peerclaims: a claim the rules could not judge is never passed",
        carc="16",
        rarc="MA130",
        position=_position(claim, where.line.loc("units") if where is not None else None),
        **clerk_fields(
            "2400 SV1-04" if number is not None else "2300 CLM-01", number, "16", "MA130"
        ),
    )


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
        **clerk_fields("2300 CLM-01", None, "16", "MA130"),
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
