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

What a claim needs of its state's rules is prepared once per state (engine/checks/compiled.py:
claim rules and line rules apart, dates and `applies_to` at hand, whether the citation names a
state source), so the loop over a claim's lines only looks things up; code lists `applies_to`
names are sets per day, and a fired rule's citation is remembered per day. A check whose outcome
only the line's date and codes decide (`Kind.by_codes`: the procedure, modifier,
place-of-service and unit-basis code lists, the scope checks) is run once per such line: when it
passes, it is left out of that line's rules. A fired rule becomes a finding in
engine/checks/fired.py (severity by evidence, what was not checked).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from peerclaims.engine.checks.compiled import (
    Compiled,
    Plan,
    Version,
    periods,
    rule_parameters,
)
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
from peerclaims.engine.checks.fired import (
    ENGINE_FAILURE,
    TracedParameter,
    TracedRule,
    engine_failure,
    make_finding,
    out_of_range,
    trace_of,
)
from peerclaims.engine.checks.kinds import (
    CLAIM_VALUES,
    BoundCheck,
    Outcome,
    bind,
)
from peerclaims.engine.checks.pricing import expected_payment
from peerclaims.engine.checks.scope import StateScope, state_rules
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import Finding
from peerclaims.engine.model import Claim
from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.packs.parameters import Parameters
from peerclaims.engine.reference.models import Payer, RecordedLine, ReferenceData
from peerclaims.engine.result import RulePackRef, ordered_refs
from peerclaims.engine.rules_conditions import postable
from peerclaims.engine.rules_runtime import Fact, RuleSpec, Runtime

_NO_UNITS = Decimal(0)
_BARE_FACT = 2
"""Fields of a fact that carries no rule's field: `key` and `dos`."""

_ONE_DAY = timedelta(days=1)


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
        self._compiled: dict[str | None, Compiled] = {}
        self.used_packs: set[str] = set()
        self._value_caches: dict[str | None, dict[tuple[str, date], tuple[Any, Any]]] = {}

    def _check_parameters(self) -> None:
        """Every parameter a rule names without `{state}` must exist."""
        for pack in self.packs.values():
            for rule in pack.rules:
                for name in rule_parameters(rule, bind(rule)):
                    if not name.startswith(STATE_TEMPLATE) and name not in self.parameters:
                        self.parameters.get(name)  # raises a DataError naming the file

    def compiled(self, state: str | None) -> Compiled:
        """The runtime of a state (None: federal rules only), built on first use."""
        found = self._compiled.get(state)
        if found is None:
            found = self._compile(state)
            self._compiled[state] = found
        return found

    def _compile(self, state: str | None) -> Compiled:
        packs = [self.packs[FEDERAL]]
        if state is not None and state in self._states:
            packs.append(self._states[state])
        reader = ParameterReader(self.parameters, state)
        rules: list[tuple[Rule, BoundCheck, str]] = []
        specs: list[RuleSpec] = []
        versions: dict[str, Version] = {}
        for pack in packs:
            for rule in pack.rules:
                check = bind(rule)
                if any(reader.parameter(n) is None for n in rule_parameters(rule, check)):
                    continue  # a templated parameter this state does not define
                index = len(rules)
                fact_field = f"r{index}"
                rules.append((rule, check, fact_field))
                for spec_id, condition, (threshold, entry) in periods(
                    rule, check, fact_field, reader
                ):
                    specs.append(RuleSpec(spec_id, condition))
                    text = None if threshold is None else format(threshold.normalize(), "f")
                    versions[spec_id] = Version(index, threshold, entry, text)
        name = f"peerclaims-{(state or 'none').lower()}"
        compiled = Compiled(state, rules, Runtime(name, specs), versions, packs, trace=self.trace)
        compiled.pack_ids = tuple(p.id for p in packs)
        own = set(map(id, state_rules(state, self._states.get(state or ""), packs[0])))
        compiled.scope = StateScope(
            state=state,
            pack=self._states.get(state or ""),
            packs=tuple(packs),
            state_rules=tuple(
                (rule, rule_parameters(rule, check)) for rule, check, _ in rules if id(rule) in own
            ),
            reader=reader,
        )
        compiled.eras = self._eras((rule for rule, _, _ in rules), compiled.scope.dates())
        for index, (rule, check, fact_field) in enumerate(rules):
            kind = check.kind
            plan = Plan(
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

    def _eras(self, rules: Iterable[Rule], scope_dates: Iterable[date]) -> tuple[date, ...]:
        """`Compiled.eras` for `rules`: their starts and the days after their ends, the value
        starts of every parameter loaded (a superset of those the rules read), and the dates on
        which the scope checks' answers change (`StateScope.dates`)."""
        days: set[date] = set(scope_dates)
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

    def evaluate(self, claim: Claim, denied: frozenset[int] = frozenset()) -> Evaluated:
        """The rule findings of one claim (not yet counted in the run's history); the lines
        numbered in `denied` count toward no limit of the lines after them."""
        payer = self._payer(claim)
        state = self._state(payer)
        compiled = self.compiled(state)
        self.used_packs.update(compiled.pack_ids)
        view = self._view(claim, state, payer)
        view.denied = denied
        view.scope = compiled.scope
        outcomes: dict[tuple[int, str], tuple[Outcome, LineView | None]] = {}
        used: dict[tuple[int, str], list[Used]] = {}
        unposted: list[tuple[Plan, LineView | None]] = []
        facts = self._facts(compiled, view, outcomes, used, unposted)
        evaluation = compiled.runtime.evaluate(facts)
        result = Evaluated(
            state=state,
            findings=[],
            view=view,
            judged_by=tuple((p.id, p.version) for p in compiled.packs),
        )
        fired: set[tuple[int, str]] = set()
        result.findings += [out_of_range(claim, plan, where) for plan, where in unposted]
        if evaluation.errors:
            result.findings.append(engine_failure(claim, evaluation.errors))
        for spec_id, key in evaluation.matches:
            version = compiled.versions[spec_id]
            if (version.rule, key) in fired:
                continue
            fired.add((version.rule, key))
            outcome, where = outcomes[(version.rule, key)]
            plan = compiled.plans[version.rule]
            result.findings.append(
                make_finding(
                    plan, outcome, where, view, version, used, compiled, result.not_checked
                )
            )
        if self.trace:
            result.trace = trace_of(compiled, outcomes, fired, used)
        return result

    def evaluate_settled(self, claim: Claim, read: Sequence[Finding] = ()) -> Evaluated:
        """The packs' findings, where a denied line uses no benefit of the lines after it.

        A line's limits (caps, authorizations, duplicates) count only the earlier lines that
        would be paid; `read` are the reader's findings (their error lines are denied too). A
        line depends only on the lines before it, so judging again with the lines found denied
        settles one more line each round. An evaluation asks only whether the earlier lines its
        counts take are denied (`ClaimView.asked`): when none of those changed, judging again
        would give the same findings, so a claim is judged again only for a denied line that a
        later line's count took.
        """
        read_denied = _denied(read)
        told = read_denied
        evaluated = self.evaluate(claim, told)
        for _ in claim.lines:
            if any(f.severity == "error" and f.line is None for f in (*read, *evaluated.findings)):
                return evaluated  # the whole claim is denied: no line is paid
            denied = read_denied | _denied(evaluated.findings)
            view = evaluated.view
            if view is None or not (denied ^ told) & view.asked:
                return evaluated
            told = denied
            evaluated = self.evaluate(claim, told)
        return evaluated

    def _facts(
        self,
        compiled: Compiled,
        view: ClaimView,
        outcomes: dict[tuple[int, str], tuple[Outcome, LineView | None]],
        used: dict[tuple[int, str], list[Used]],
        unposted: list[tuple[Plan, LineView | None]],
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
                        provider_npi=line_seen.billing_npi,
                        rendering_npi=(
                            None
                            if line_seen.rendering_npi == line_seen.billing_npi
                            else line_seen.rendering_npi
                        ),
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
        return ordered_refs(
            RulePackRef(
                id=self.packs[i].id, version=self.packs[i].version, sha256=self.packs[i].sha256
            )
            for i in self.used_packs
        )


def _denied(findings: Sequence[Finding]) -> frozenset[int]:
    """Numbers of the lines an error finding denies."""
    return frozenset(f.line for f in findings if f.severity == "error" and f.line is not None)


__all__ = [
    "CLAIM_VALUES",
    "ENGINE_FAILURE",
    "Evaluated",
    "RulesEngine",
    "TracedParameter",
    "TracedRule",
]
