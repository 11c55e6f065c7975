"""Check a batch of files: read each, decide every claim and line, and build the result.

The data flow reads straight through: bytes → X12 reader (SNIP 1-2 findings) → claim and line
status → `Result`. A file that cannot be read at all becomes one `Problem` in `errors`; the rest
of the batch is still checked.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from peerclaims.engine.errors import InputError
from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.history_keys import Keys, TrackedHistory
from peerclaims.engine.model import Claim
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.result import (
    ClaimResult,
    LineResult,
    NotChecked,
    PackVersion,
    Result,
    RulePackRef,
    RuleTrace,
    Summary,
    TraceParameter,
    money,
    quantity,
)
from peerclaims.engine.trusted import trusted
from peerclaims.engine.worklist import WorkItem, Worklist, WorklistBuilder, work_item
from peerclaims.engine.x12.codes import load_x12_pack
from peerclaims.engine.x12.reader import (
    ClaimReading,
    FileReader,
    FileReading,
    TransactionReport,
    collector_paused,
)
from peerclaims.engine.x12.values import value_findings

if TYPE_CHECKING:  # the rules engine (durable_rules, the packs) is not loaded for a syntax-only run
    from peerclaims.engine.checks.evaluate import Evaluated, RulesEngine

STDIN = "-"
INPUT_SETTING = "PEERCLAIMS_MAX_INPUT_BYTES"
_YOUNG_COLLECTION_EVERY = 100
"""Claims between collections of the young generation while the collector is paused."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its display name and a way to get its bytes."""

    name: str
    load: Callable[[], bytes]
    path: str | None = None
    """The file's path when it is one."""

    @classmethod
    def from_path(cls, path: str) -> Source:
        """A file on disk, read when checked: a regular file of at most `max_input_bytes`."""
        limit = get_settings().max_input_bytes
        return cls(
            name=path, load=partial(read_limited, Path(path), limit, INPUT_SETTING), path=path
        )


class ClaimSink(Protocol):
    """Where decided claims go, one at a time, in input order."""

    def add(self, claim: ClaimResult) -> None:
        """Take one decided claim."""


class CountSink:
    """Keeps nothing (a 999 needs only the transaction reports)."""

    def add(self, claim: ClaimResult) -> None:
        """Drop the claim."""
        del claim


@dataclass(slots=True)
class CollectSink:
    """Keeps every claim in memory (the table, the service, tests)."""

    claims: list[ClaimResult] = field(default_factory=list)

    def add(self, claim: ClaimResult) -> None:
        """Keep the claim."""
        self.claims.append(claim)


class JsonSpool:
    """Writes each claim's JSON as it comes to a spool (memory, then disk past 1 MB).

    `write_document` then gives exactly the text `Result.to_json()` would give for the same
    claims, without ever holding them all: memory stays flat however large the batch.
    """

    _INDENT = "    "

    def __init__(self) -> None:
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by write_document
            max_size=1024 * 1024, mode="w+", encoding="utf-8"
        )
        self._count = 0

    def add(self, claim: ClaimResult) -> None:
        """Append the claim's JSON, indented as it sits in the document's claims list."""
        self.add_entry(self.entry(claim))

    @classmethod
    def entry(cls, claim: ClaimResult) -> str:
        """The claim's JSON as `add` writes it (a worker process makes it for `add_entry`)."""
        text = claim.model_dump_json(indent=2)
        return cls._INDENT + text.replace("\n", "\n" + cls._INDENT)

    def add_entry(self, entry: str) -> None:
        """Append a claim's `entry`."""
        if self._count:
            self._spool.write(",\n")
        self._spool.write(entry)
        self._count += 1

    def write_document(self, head: Result, out: TextIO) -> None:
        """Write the document: `head` (with no claims) with the spooled claims inside."""
        text = head.to_json()
        marker = '  "claims": []'
        cut = text.index(marker)
        out.write(text[:cut])
        if not self._count:
            out.write(marker)
        else:
            out.write('  "claims": [\n')
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, out)
            out.write("\n  ]")
        out.write(text[cut + len(marker) :])
        self._spool.close()


ClaimCounts = tuple[bool, str | None, str | None, bool, WorkItem]
"""What the summary counts of a claim: rejected, billed, expected payment, fully checked, and
what the worklist keeps of it."""


def claim_counts(claim: ClaimResult) -> ClaimCounts:
    """The claim's `ClaimCounts`."""
    return (
        claim.status == "rejected",
        claim.billed,
        claim.expected_payment,
        claim.fully_checked,
        work_item(claim),
    )


@dataclass(slots=True)
class _Totals:
    claims: int = 0
    rejected: int = 0
    fully_checked: int = 0
    accepted_not_fully_checked: int = 0
    billed: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")
    work: WorklistBuilder = field(default_factory=WorklistBuilder)
    unknown_payment: int = 0
    at_risk: Decimal = Decimal("0")

    def add(self, claim: ClaimResult) -> None:
        self.add_counts(claim_counts(claim))

    def add_counts(self, counts: ClaimCounts) -> None:
        rejected, billed, paid, fully_checked, item = counts
        self.work.add(item)
        self.claims += 1
        self.rejected += rejected
        self.fully_checked += fully_checked
        self.accepted_not_fully_checked += not rejected and not fully_checked
        if billed is not None:
            self.billed += Decimal(billed)
        if paid is not None:
            self.paid += Decimal(paid)
        else:
            self.unknown_payment += 1
        if rejected and billed is not None:
            self.at_risk += Decimal(billed)

    def summary(self) -> Summary:
        return Summary(
            claims=self.claims,
            accepted=self.claims - self.rejected,
            rejected=self.rejected,
            fully_checked=self.fully_checked,
            accepted_not_fully_checked=self.accepted_not_fully_checked,
            billed=money(self.billed) or "0.00",
            expected_payment=money(self.paid) or "0.00",
            claims_with_unknown_payment=self.unknown_payment,
            at_risk=money(self.at_risk) or "0.00",
        )


def summarize(claims: Iterable[ClaimResult]) -> Summary:
    """The summary of decided claims, as a run sums them (the API's answers use it too)."""
    totals = _Totals()
    for claim in claims:
        totals.add(claim)
    return totals.summary()


@dataclass(slots=True)
class CheckRun:
    """A finished run: everything of the result but the claims (they went to the sink)."""

    rule_packs: list[RulePackRef]
    summary: Summary
    errors: list[Problem]
    worklist: Worklist | None = None
    readings: list[FileReading] = field(default_factory=list)
    """The files' envelopes and transaction reports (kept only when asked, for a 999)."""
    unreadable: int = 0
    reads: Keys | None = None
    """The history keys the run's judgments read, when its history tracked them (`--record`)."""
    withdrawn: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    """The replacements and voids a cluster judged (one process: the engine's history has them)."""
    predicted: list[dict[str, Any]] = field(default_factory=list)
    """With `--record`: the prediction row of every line judged (`remit/predicted.py`)."""

    @property
    def exit_code(self) -> int:
        """0 every claim accepted; 1 some claim rejected or some input problem; 2 unreadable."""
        if self.unreadable:
            return 2
        if self.summary.rejected or self.errors:
            return 1
        return 0

    def head(self) -> Result:
        """The result document without its claims."""
        return Result(
            worklist=self.worklist,
            rule_packs=self.rule_packs,
            summary=self.summary,
            claims=[],
            errors=self.errors,
        )

    def result(self, sink: CollectSink) -> Result:
        """The whole result document, from a sink that kept the claims."""
        return self.head().model_copy(update={"claims": sink.claims})


def _load(source: Source) -> bytes:
    try:
        return source.load()
    except FileRefused as exc:
        raise InputError(source.name, 0, f"cannot read the file: {exc.reason}", line=1) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(source.name, 0, f"cannot read the file: {reason}", line=1) from None


def unreadable_problem(name: str, exc: InputError) -> Problem:
    """The `errors` entry of a file that could not be read at all."""
    position = Position(file=name, line=exc.line or 1, segment=0, byte=exc.offset)
    return Problem(
        file=name, code=exc.code, message=str(exc), fix=None, location=None, position=position
    )


def check_sources(
    sources: Sequence[Source],
    sink: ClaimSink,
    *,
    progress: Callable[[int], None] | None = None,
    keep_readings: bool = False,
    engine: RulesEngine | None = None,
    recorded: list[RecordedLine] | None = None,
) -> CheckRun:
    """Read and check every source in order, sending each decided claim to `sink`.

    A file is read one transaction at a time and its claims, and its text, are dropped once
    decided, so memory does not grow with the batch; `keep_readings` keeps each file's
    envelopes, text and transaction reports (not its claims) for writing a 999. With an
    `engine`, each claim is also judged by the rule packs and priced; its accepted lines then
    count for later claims' limits and duplicates, and go to `recorded` when given (`--record`).
    """
    totals = _Totals()
    errors: list[Problem] = []
    readings: list[FileReading] = []
    unreadable = 0
    for source in sources:
        try:
            reader = FileReader(_load(source), source.name)
        except InputError as exc:
            unreadable += 1
            errors.append(unreadable_problem(source.name, exc))
            continue
        reports: list[TransactionReport] = []
        for report in reader.transactions():
            _decide_all(report, totals, sink, progress, engine, recorded)
            if keep_readings:
                reports.append(report)
            else:
                reader.release(report)
        errors.extend(reader.problems)
        if keep_readings:
            readings.append(
                FileReading(
                    source=source.name,
                    scan=reader.scan,
                    transactions=reports,
                    problems=reader.problems,
                )
            )
    history = engine.history if engine is not None else None
    return CheckRun(
        rule_packs=[_x12_pack_ref(), *(engine.pack_refs() if engine is not None else [])],
        summary=totals.summary(),
        worklist=totals.work.worklist(),
        errors=errors,
        readings=readings,
        unreadable=unreadable,
        reads=history.reads if isinstance(history, TrackedHistory) else None,
    )


def _decide_all(
    report: TransactionReport,
    totals: _Totals,
    sink: ClaimSink,
    progress: Callable[[int], None] | None,
    engine: RulesEngine | None,
    recorded: list[RecordedLine] | None,
) -> None:
    """Decide a transaction's claims into the sink, then drop them (their drafts go too).

    The models made here hold no reference cycles, so the cyclic collector is paused as it is
    during the walk (see `collector_paused`): reference counting frees them.
    """
    with collector_paused():
        for count, claim_reading in enumerate(report.claims, start=1):
            if count % _YOUNG_COLLECTION_EVERY == 0:
                gc.collect(0)  # durable_rules' actions leave small cycles behind each claim
            decided = decide(claim_reading, engine, recorded)
            totals.add(decided)
            sink.add(decided)
            if progress is not None:
                progress(1)
    report.claims = []


def check_to_result(sources: Sequence[Source], engine: RulesEngine | None = None) -> Result:
    """Check and return the whole result document in memory (small batches, tests)."""
    sink = CollectSink()
    run = check_sources(sources, sink, engine=engine)
    return run.result(sink)


def _x12_pack_ref() -> RulePackRef:
    pack = load_x12_pack()
    return RulePackRef(id=pack.id, version=pack.version, sha256=pack.sha256)


def decide(
    reading: ClaimReading,
    engine: RulesEngine | None = None,
    recorded: list[RecordedLine] | None = None,
) -> ClaimResult:
    """A claim's status, its lines' status and payments from its findings (and the rule packs)."""
    return judge(reading.claim, reading.findings, reading.position, engine, recorded)


REPLACING = frozenset({"7", "8"})
"""CLM05-3 frequency codes naming an earlier claim: replacement, void (checks/frequency.py)."""
ORIGINAL_RULE = "FED-FREQ-0001"
"""The rule saying a replacement's or void's original is unknown (engine/checks/frequency.py)."""


def _replaces(claim: Claim, engine: RulesEngine | None) -> bool:
    """Take a replacement's or void's original out of the run history (CLM05-3 7 or 8) before
    it is judged, so it is not its own duplicate; True for a void."""
    if engine is None or claim.frequency not in REPLACING:
        return False
    engine.history.withdraw(
        claim.member.member_id or "", claim.claim_id, claim.billing.npi or "", claim.original_claim
    )
    return claim.frequency == "8"


def judge(
    claim: Claim,
    read_findings: Sequence[Finding] = (),
    position: Position | None = None,
    engine: RulesEngine | None = None,
    recorded: list[RecordedLine] | None = None,
) -> ClaimResult:
    """Decide one claim model: the reader's findings plus the rule packs', statuses, payments.

    With an engine, the claim's accepted lines then count in the engine's run history (later
    claims see them for limits and duplicates). `position` defaults to the file's start.
    """
    findings = list(read_findings)
    if claim.problems:
        findings += value_findings(claim)
    void = _replaces(claim, engine)
    evaluated = engine.evaluate_settled(claim, findings) if engine is not None else None
    if evaluated is not None:
        findings += evaluated.findings
    if void:  # a void is checked only for identification: payer, member, provider, original
        findings = [f for f in findings if f.front_end or f.rule_id == ORIGINAL_RULE]
    findings.sort(key=_finding_order)
    claim_rejected = any(f.severity == "error" and f.line is None for f in findings)
    rejected_lines = {f.line for f in findings if f.severity == "error" and f.line is not None}
    numbers = [line.number for line in claim.lines]
    if claim_rejected:
        rejected_lines.update(numbers)
    # "no rate known" says nothing of a rejected line: it pays 0.00
    findings = [
        f
        for f in findings
        if not (f.category == "pricing" and f.severity == "info" and f.line in rejected_lines)
    ]
    payments: dict[int, Decimal | None] = {}
    if engine is not None and evaluated is not None:
        engine.price(evaluated, {n for n in rejected_lines if n is not None})
        payments = evaluated.payments
        kept = set() if void else set(numbers) - rejected_lines  # a void's lines count nowhere
        accepted = engine.accept(evaluated, kept, record=recorded is not None)
        if recorded is not None:
            recorded.extend(accepted)
    # `trusted` (no validation): every value below is already of its field's type (built here
    # from a validated `Claim`), and validating two dozen fields per line again was a tenth of a
    # claim's judging time. tests/test_check_models.py holds the construction to validation.
    lines = [
        trusted(
            LineResult,
            {
                "line": line.number,
                "procedure": line.procedure,
                "modifiers": list(line.modifiers),
                "units": quantity(line.units),
                "charge": money(line.charge),
                "service_date": line.service_date,
                "service_date_end": line.service_date_end,
                "place_of_service": line.place_of_service or claim.place_of_service,
                "rendering_npi": _rendering_npi(claim, line.number),
                "status": "rejected" if line.number in rejected_lines else "accepted",
                "expected_payment": (
                    "0.00" if line.number in rejected_lines else money(payments.get(line.number))
                ),
            },
        )
        for line in claim.lines
    ]
    rejected = claim_rejected or bool(rejected_lines)
    not_checked = _not_checked(evaluated)
    return trusted(
        ClaimResult,
        {
            "claim_id": claim.claim_id,
            "status": "rejected" if rejected else "accepted",
            "state": evaluated.state if evaluated is not None else None,
            "payer_id": claim.payer_id,
            "member_id": claim.member.member_id,
            "billing_npi": claim.billing.npi,
            "billed": money(claim.total_charge),
            "expected_payment": _claim_payment(lines),
            "findings": findings,
            "lines": lines,
            "file": claim.file,
            "transaction": claim.transaction,
            "position": position
            or trusted(Position, {"file": claim.file, "line": 1, "segment": 1, "byte": 0}),
            "trace": (
                _trace(evaluated) if evaluated is not None and engine and engine.trace else None
            ),
            "judged_by": [
                trusted(PackVersion, {"id": pack, "version": version})
                for pack, version in (evaluated.judged_by if evaluated is not None else ())
            ],
            "fully_checked": not not_checked,
            "not_checked": not_checked,
        },
    )


_NO_RULES = NotChecked(check="rules", reason="only the X12 structure was checked: no rule pack ran")


def _not_checked(evaluated: Evaluated | None) -> list[NotChecked]:
    """What the rules could not check (or deny on), each kind and reason once, in order."""
    if evaluated is None:
        return [_NO_RULES]
    seen: set[tuple[str, str]] = set()
    found = []
    for check, reason in evaluated.not_checked:
        if (check, reason) not in seen:
            seen.add((check, reason))
            found.append(trusted(NotChecked, {"check": check, "reason": reason}))
    return found


def _trace(evaluated: Evaluated) -> list[RuleTrace]:
    return [
        RuleTrace(
            rule_id=traced.rule_id,
            line=traced.line,
            fired=traced.fired,
            parameters=[
                TraceParameter(name=p.name, value=p.value, start=p.start, source=p.source)
                for p in traced.parameters
            ],
        )
        for traced in evaluated.trace or []
    ]


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
