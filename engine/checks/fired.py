"""What a fired rule gives: its finding (severity by evidence, the citation of the state's
source, what it says was not checked) and, with `--trace`, the rules a claim was judged by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from peerclaims.engine.checks.compiled import Compiled, Plan, Version, rule_parameters
from peerclaims.engine.checks.context import (
    ClaimView,
    LineView,
    Used,
)
from peerclaims.engine.checks.evidence import rule_doubt
from peerclaims.engine.checks.kinds import (
    BoundCheck,
    MessageValues,
    Outcome,
)
from peerclaims.engine.checks.scope import CATEGORY_CHECK, state_name
from peerclaims.engine.checks.spec import Rule
from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.model import Claim, Loc
from peerclaims.engine.packs.parameters import value_text
from peerclaims.engine.trusted import trusted
from peerclaims.engine.words import clerk_fields

ENGINE_FAILURE = "PEER-ENG-0001"
"""The rule id of the finding that fails a claim closed when durable_rules fails."""


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


def make_finding(
    plan: Plan,
    outcome: Outcome,
    line_view: LineView | None,
    view: ClaimView,
    version: Version,
    used: Mapping[tuple[int, str], list[Used]],
    compiled: Compiled,
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
            "front_end": rule.front_end,
            **words,
            "admin_fix": rule.admin_fix.format_map(values) if rule.admin_fix else None,
        },
    )


def _doubt(
    plan: Plan, day: date, line_view: LineView | None, view: ClaimView, compiled: Compiled
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
    for name in rule_parameters(rule, check):
        parameter = view.params.parameter(name)
        if parameter is not None:
            found.append(Used(parameter.name, day, parameter.entry_on(day)))
    return found


def out_of_range(claim: Claim, plan: Plan, where: LineView | None) -> Finding:
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


def engine_failure(claim: Claim, errors: Sequence[str]) -> Finding:
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


def trace_of(
    compiled: Compiled,
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
                    value=value_text(entry.value) if entry else None,
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
