"""The worklist: what the billing staff do about a batch, built once from its decided claims.

Findings are grouped by problem (one group per rule), each with its count of claims and lines,
the dollars billed on them ("at risk") and the claims listed; then the counts of accepted,
accepted-not-fully-checked and rejected claims and the money (billed, expected, at risk,
unknown). The CLI table, the CSV, the page and the JSON field `worklist` all show this one
structure.

A run adds claims one at a time as compact `WorkItem`s (a `--jobs` worker makes them, so they are
plain picklable data), and memory grows with the findings, never with the whole claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, ConfigDict

from peerclaims.engine.findings import Severity

if TYPE_CHECKING:
    from peerclaims.engine.result import ClaimResult

_SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
_ZERO = Decimal("0")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WorklistClaim(_Out):
    """A claim of a group: its id (CLM01, the patient control number), member and lines hit."""

    claim_id: str
    member_id: str | None
    lines: list[int]
    """The service lines the group's findings are on; every line for a claim-level finding."""
    at_risk: str
    """Dollars billed on those lines."""


class WorklistGroup(_Out):
    """One problem: a rule, what is wrong and the fix, and the claims it is on."""

    rule_id: str
    severity: Severity
    """The most severe of the group's findings."""
    category: str
    message: str
    """What is wrong, as most of the group's findings say it (findings may name other people)."""
    fix: str
    """What to do, as most of the group's findings say it."""
    admin_fix: str | None
    carc: str | None
    carc_text: str | None
    rarc: str | None
    rarc_text: str | None
    claims: int
    lines: int
    at_risk: str
    """Dollars billed on the lines the group's findings are on (claim-level: the whole claim)."""
    claim_list: list[WorklistClaim]


class WorklistMoney(_Out):
    """The batch's money: billed, expected (known payments only), at risk, unknown."""

    billed: str
    expected_payment: str
    """Sum of the expected payments that are known."""
    at_risk: str
    """Billed on rejected lines (all lines of a rejected claim)."""
    unknown: str
    """Billed on accepted lines whose expected payment is unknown (no rate on file)."""
    unknown_lines: int
    """Accepted lines whose expected payment is unknown."""


class Worklist(_Out):
    """What to do first: the problem groups, then the counts and the money."""

    groups: list[WorklistGroup]
    claims: int
    accepted: int
    accepted_not_fully_checked: int
    rejected: int
    money: WorklistMoney


class WorkFinding(NamedTuple):
    """What the worklist keeps of a finding (a named tuple: a worker sends tens of thousands, and
    a slotted dataclass took 3x the time to unpickle, `dataclasses.fields` called for each)."""

    rule_id: str
    severity: Severity
    category: str
    message: str
    fix: str
    admin_fix: str | None
    carc: str | None
    carc_text: str | None
    rarc: str | None
    rarc_text: str | None
    line: int | None


class WorkItem(NamedTuple):
    """What the worklist keeps of a decided claim (plain data: a worker process sends it)."""

    claim_id: str
    member_id: str | None
    rejected: bool
    fully_checked: bool
    billed: str | None
    lines: tuple[tuple[int, str | None, bool, str | None], ...]
    """Per line: number, charge, rejected, expected payment."""
    findings: tuple[WorkFinding, ...]


def work_item(claim: ClaimResult) -> WorkItem:
    """The claim's `WorkItem`."""
    return WorkItem(
        claim_id=claim.claim_id,
        member_id=claim.member_id,
        rejected=claim.status == "rejected",
        fully_checked=claim.fully_checked,
        billed=claim.billed,
        lines=tuple(
            (line.line, line.charge, line.status == "rejected", line.expected_payment)
            for line in claim.lines
        ),
        findings=tuple(
            WorkFinding(
                rule_id=f.rule_id,
                severity=f.severity,
                category=f.category,
                message=f.message,
                fix=f.fix,
                admin_fix=f.admin_fix,
                carc=f.carc,
                carc_text=f.carc_text,
                rarc=f.rarc,
                rarc_text=f.rarc_text,
                line=f.line,
            )
            for f in claim.findings
        ),
    )


def _dec(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else _ZERO


def _money(value: Decimal) -> str:
    from peerclaims.engine.result import money  # noqa: PLC0415 - result imports this module

    return money(value) or "0.00"


@dataclass(slots=True)
class _Group:
    first: WorkFinding
    severity: Severity
    messages: Counter[str] = field(default_factory=Counter)
    fixes: Counter[str] = field(default_factory=Counter)
    claims: list[WorklistClaim] = field(default_factory=list)
    lines: int = 0
    at_risk: Decimal = _ZERO


@dataclass(slots=True)
class WorklistBuilder:
    """Adds claims one at a time; `worklist()` gives the result."""

    _groups: dict[str, _Group] = field(default_factory=dict)
    claims: int = 0
    rejected: int = 0
    accepted_not_fully_checked: int = 0
    billed: Decimal = _ZERO
    expected: Decimal = _ZERO
    at_risk: Decimal = _ZERO
    unknown: Decimal = _ZERO
    unknown_lines: int = 0

    def add(self, item: WorkItem) -> None:
        """Count one claim and put its findings in their groups."""
        self.claims += 1
        self.rejected += item.rejected
        self.accepted_not_fully_checked += not item.rejected and not item.fully_checked
        self.billed += _dec(item.billed)
        if item.rejected:
            self.at_risk += _dec(item.billed)
        for _number, charge, rejected, expected in item.lines:
            if item.rejected or rejected:
                if not item.rejected:
                    self.at_risk += _dec(charge)
            elif expected is None:
                self.unknown += _dec(charge)
                self.unknown_lines += 1
            else:
                self.expected += Decimal(expected)
        by_rule: dict[str, list[WorkFinding]] = {}
        for finding in item.findings:
            by_rule.setdefault(finding.rule_id, []).append(finding)
        charges = {number: _dec(charge) for number, charge, _r, _e in item.lines}
        for rule_id, findings in by_rule.items():
            self._add_group(item, rule_id, findings, charges)

    def _add_group(
        self,
        item: WorkItem,
        rule_id: str,
        findings: list[WorkFinding],
        charges: dict[int, Decimal],
    ) -> None:
        group = self._groups.get(rule_id)
        if group is None:
            group = self._groups[rule_id] = _Group(first=findings[0], severity="info")
        for finding in findings:
            if _SEVERITY_ORDER[finding.severity] < _SEVERITY_ORDER[group.severity]:
                group.severity = finding.severity
            group.messages[finding.message] += 1
            group.fixes[finding.fix] += 1
        if any(finding.line is None for finding in findings):
            lines = sorted(charges)
            at_risk = _dec(item.billed) if item.billed is not None else sum(charges.values(), _ZERO)
        else:
            lines = sorted({finding.line for finding in findings if finding.line is not None})
            at_risk = sum((charges.get(number, _ZERO) for number in lines), _ZERO)
        group.lines += len(lines)
        group.at_risk += at_risk
        group.claims.append(
            WorklistClaim(
                claim_id=item.claim_id,
                member_id=item.member_id,
                lines=lines,
                at_risk=_money(at_risk),
            )
        )

    def worklist(self) -> Worklist:
        """The worklist of the claims added so far: groups by severity, then most claims."""
        groups = sorted(
            self._groups.items(),
            key=lambda kv: (_SEVERITY_ORDER[kv[1].severity], -len(kv[1].claims), kv[0]),
        )
        return Worklist(
            groups=[_group_out(rule_id, group) for rule_id, group in groups],
            claims=self.claims,
            accepted=self.claims - self.rejected,
            accepted_not_fully_checked=self.accepted_not_fully_checked,
            rejected=self.rejected,
            money=WorklistMoney(
                billed=_money(self.billed),
                expected_payment=_money(self.expected),
                at_risk=_money(self.at_risk),
                unknown=_money(self.unknown),
                unknown_lines=self.unknown_lines,
            ),
        )


def _group_out(rule_id: str, group: _Group) -> WorklistGroup:
    first = group.first
    return WorklistGroup(
        rule_id=rule_id,
        severity=group.severity,
        category=first.category,
        message=group.messages.most_common(1)[0][0],
        fix=group.fixes.most_common(1)[0][0],
        admin_fix=first.admin_fix,
        carc=first.carc,
        carc_text=first.carc_text,
        rarc=first.rarc,
        rarc_text=first.rarc_text,
        claims=len(group.claims),
        lines=group.lines,
        at_risk=_money(group.at_risk),
        claim_list=group.claims,
    )


def build_worklist(claims: Iterable[ClaimResult]) -> Worklist:
    """The worklist of decided claims (the service's answers, tests)."""
    builder = WorklistBuilder()
    for claim in claims:
        builder.add(work_item(claim))
    return builder.worklist()
