"""Findings for the values the reader refused or flagged (X12 pack, scope `value`).

The reader leaves an out-of-range or unreadable amount, unit count or date out of the claim
model and keeps a negative amount or unit count as read; each is listed in `Claim.problems`
and becomes here one `error` finding naming the element, the service line and the file
position, never the value itself (it may be a member's birth date).
"""

from __future__ import annotations

from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.model import Claim, ValueProblem
from peerclaims.engine.words import clerk_fields
from peerclaims.engine.x12.codes import load_x12_pack

_NAMES = {
    "units": "units",
    "charge": "line charge",
    "total_charge": "claim total",
    "service_date": "date of service",
    "service_date_end": "last date of service",
    "birth_date": "birth date",
}
"""What the billing staff call each value the reader bounds."""


def value_findings(claim: Claim) -> list[Finding]:
    """One finding per value of `claim` the reader refused or flagged, in file order."""
    return [_finding(claim, problem) for problem in claim.problems]


def _finding(claim: Claim, problem: ValueProblem) -> Finding:
    pack = load_x12_pack()
    rule = pack.rule("value", problem.code)
    loc = problem.loc
    element = f"{loc.segment}{loc.element or ''}"
    where = f" of service line {problem.line}" if problem.line is not None else ""
    effect = "" if problem.code == "negative" else ", so it was not read"
    message = (
        f"Claim {claim.claim_id}: {element} ({_NAMES.get(problem.field, problem.field)}){where}"
        f" {problem.reason}{effect} (file line {loc.line})."
    )
    carc = rule.carc or pack.defaults.carc
    rarc = rule.rarc or pack.defaults.rarc
    location = loc.label(problem.line)
    return Finding(
        rule_id=rule.rule_id,
        severity=pack.severity(rule),
        category=rule.category,
        message=message,
        fix=rule.fix,
        location=location,
        line=problem.line,
        citation=pack.citation,
        carc=carc,
        rarc=rarc,
        position=Position(file=claim.file, line=loc.line, segment=loc.ordinal, byte=loc.byte),
        **clerk_fields(location, problem.line, carc, rarc),
    )
