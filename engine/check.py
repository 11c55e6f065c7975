"""Check a batch of files: read each, decide every claim and line, and build the result.

The data flow reads straight through: bytes → X12 reader (SNIP 1–2 findings) → claim and line
status → `Result`. A file that cannot be read at all becomes one `Problem` in `errors`; the rest
of the batch is still checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from peerclaims.engine.errors import InputError
from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.model import Claim
from peerclaims.engine.result import (
    ClaimResult,
    LineResult,
    Result,
    RulePackRef,
    Summary,
    money,
    quantity,
)
from peerclaims.engine.x12.codes import load_x12_pack
from peerclaims.engine.x12.reader import ClaimReading, FileReading, read_bytes

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its display name and a way to get its bytes."""

    name: str
    load: Callable[[], bytes]

    @classmethod
    def from_path(cls, path: str) -> Source:
        """A file on disk, read when checked."""
        return cls(name=path, load=Path(path).read_bytes)


@dataclass(slots=True)
class CheckRun:
    """A finished run: the result document, the readings (for acknowledgments) and exit code."""

    result: Result
    readings: list[FileReading] = field(default_factory=list)
    unreadable: int = 0

    @property
    def exit_code(self) -> int:
        """0 every claim accepted; 1 some claim rejected or some input problem; 2 unreadable."""
        if self.unreadable:
            return 2
        if self.result.summary.rejected or self.result.errors:
            return 1
        return 0


def _load(source: Source) -> bytes:
    try:
        return source.load()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(source.name, 0, f"cannot read the file: {reason}") from None


def check_sources(
    sources: Sequence[Source],
    *,
    progress: Callable[[int], None] | None = None,
) -> CheckRun:
    """Read and check every source, in order; `progress` is told of each claim done."""
    claims: list[ClaimResult] = []
    errors: list[Problem] = []
    readings: list[FileReading] = []
    unreadable = 0
    for source in sources:
        try:
            reading = read_bytes(_load(source), source.name)
        except InputError as exc:
            unreadable += 1
            position = Position(file=source.name, line=exc.line or 1, segment=0, byte=exc.offset)
            errors.append(Problem(file=source.name, code=exc.code, message=str(exc), fix=None,
                                  location=None, position=position))
            continue
        readings.append(reading)
        errors.extend(reading.problems)
        for claim_reading in reading.claims:
            claims.append(decide(claim_reading))
            if progress is not None:
                progress(1)
    result = Result(
        rule_packs=[_x12_pack_ref()],
        summary=summarize(claims),
        claims=claims,
        errors=errors,
    )
    return CheckRun(result=result, readings=readings, unreadable=unreadable)


def _x12_pack_ref() -> RulePackRef:
    pack = load_x12_pack()
    return RulePackRef(id=pack.id, version=pack.version, sha256=pack.sha256)


def decide(reading: ClaimReading) -> ClaimResult:
    """A claim's status and its lines' status from its findings."""
    claim = reading.claim
    findings = sorted(reading.findings, key=_finding_order)
    claim_rejected = any(f.severity == "error" and f.line is None for f in findings)
    rejected_lines = {f.line for f in findings if f.severity == "error" and f.line is not None}
    lines = [
        LineResult(
            line=line.number,
            procedure=line.procedure,
            modifiers=list(line.modifiers),
            units=quantity(line.units),
            charge=money(line.charge),
            service_date=line.service_date,
            service_date_end=line.service_date_end,
            place_of_service=line.place_of_service or claim.place_of_service,
            rendering_npi=_rendering_npi(claim, line.number),
            status="rejected" if claim_rejected or line.number in rejected_lines else "accepted",
            expected_payment="0.00"
            if claim_rejected or line.number in rejected_lines
            else None,
        )
        for line in claim.lines
    ]
    rejected = claim_rejected or bool(rejected_lines)
    return ClaimResult(
        claim_id=claim.claim_id,
        status="rejected" if rejected else "accepted",
        state=None,
        payer_id=claim.payer_id,
        member_id=claim.member.member_id,
        billing_npi=claim.billing.npi,
        billed=money(claim.total_charge),
        expected_payment=_claim_payment(lines),
        findings=findings,
        lines=lines,
        file=claim.file,
        transaction=claim.transaction,
        position=reading.position,
    )


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (f.line or 0, f.position.segment if f.position else 0, f.rule_id)


def _rendering_npi(claim: Claim, number: int) -> str | None:
    for line in claim.lines:
        if line.number == number and line.rendering is not None and line.rendering.npi:
            return line.rendering.npi
    if claim.rendering is not None and claim.rendering.npi:
        return claim.rendering.npi
    return claim.billing.npi


def _claim_payment(lines: Iterable[LineResult]) -> str | None:
    total = Decimal("0")
    for line in lines:
        if line.expected_payment is None:
            return None
        total += Decimal(line.expected_payment)
    return money(total)


def summarize(claims: Sequence[ClaimResult]) -> Summary:
    """Counts and totals over the claims."""
    billed = sum((Decimal(c.billed) for c in claims if c.billed is not None), Decimal("0"))
    paid = sum(
        (Decimal(c.expected_payment) for c in claims if c.expected_payment is not None),
        Decimal("0"),
    )
    rejected = sum(1 for c in claims if c.status == "rejected")
    return Summary(
        claims=len(claims),
        accepted=len(claims) - rejected,
        rejected=rejected,
        billed=money(billed) or "0.00",
        expected_payment=money(paid) or "0.00",
    )
