"""The pyx12 boundary: validate each 837P transaction and read its claims in one pass.

This is the only module that runs pyx12 (4.0.0, pinned; `speedups` swaps a few of its helpers
for faster ones with the same answers). For every transaction set the byte
scanner found, it either refuses it (not an 837P 005010X222A1: one `Problem` naming the
transaction and its position) or hands pyx12 that one transaction inside its own ISA/GS and
synthetic GE/IEA trailers (the real trailers are checked by the scanner), with a callback that
feeds every matched segment to the `ClaimBuilder`. pyx12's JSON error tree is then joined to the
segments by their ordinal and each error becomes a `syntax`/`guide` finding on the claim (and
service line) that owns the segment, so one broken claim never hides the others.

What pyx12 4.0.0 does that we guard against (see shared/domain/pyx12.md):
- it logs offending values (PHI) on logger ``pyx12``: silenced, never forwarded;
- it re-parses its XML maps on every call (~0.2 s): cached once per process (`set_map_cache`);
- it spends a third of its time in a few helpers that redo the same work per segment: replaced
  by equivalent faster ones (`speedups.enable`, on by default);
- it swallows callback exceptions: ours are kept and raised after the call;
- "False with no error" means an envelope element error it does not describe;
- an empty segment ``~~`` stops it silently: the scanner drops it and reports it.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyx12.errors
import pyx12.map_if
import pyx12.map_index
import pyx12.params
import pyx12.x12n_document

from peerclaims.engine import shown
from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.memory import GIVE_BACK_AT, give_back
from peerclaims.engine.model import Claim
from peerclaims.engine.words import clerk_fields
from peerclaims.engine.x12 import messages, speedups
from peerclaims.engine.x12.codes import CodeRule, X12Pack, load_x12_pack
from peerclaims.engine.x12.extract import ClaimBuilder, Owner
from peerclaims.engine.x12.scan import (
    EnvelopeIssue,
    Group,
    Interchange,
    Scan,
    Transaction,
    scan,
)

_PARAMS = pyx12.params.ParamsBase()
"""pyx12 settings with no configuration files read, so results never depend on the machine."""

_FEED_BATCH = 4096
"""Segments the callback collects before handing them to the claim builder, in order.

Extraction still happens in the validation pass, from the callback, but in batches: feeding
each segment as it is matched interleaves our allocations with the walker's, which measured
3 points of throughput slower (0.906 against 0.937 of pyx12 alone, 1,000 claims, 10 interleaved
rounds); batches of 256 gained nothing, 4,096 did. Memory stays bounded by the batch."""

_PYX12_LOCK = threading.RLock()
"""pyx12 shares its cached maps between calls: one validation at a time per process."""

_ORIGINAL_LOAD_MAP_FILE = pyx12.map_if.load_map_file
_ORIGINAL_MAP_INDEX = pyx12.map_index.map_index
_maps: dict[tuple[str, str | None], Any] = {}
_indexes: dict[str | None, Any] = {}


def _cached_load_map_file(map_file: str, param: Any, map_path: str | None = None) -> Any:
    key = (map_file, map_path)
    found = _maps.get(key)
    if found is None:
        found = _ORIGINAL_LOAD_MAP_FILE(map_file, _PARAMS, map_path)
        _maps[key] = found
    return found


def _cached_map_index(base_path: str | None = None) -> Any:
    found = _indexes.get(base_path)
    if found is None:
        found = _ORIGINAL_MAP_INDEX(base_path)
        _indexes[base_path] = found
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a validation.

    A transaction's walk allocates hundreds of thousands of short-lived objects while the
    cached maps (a large object graph) stay alive; each full collection re-scans them all.
    The walk makes no cyclic garbage of its own (peak memory is the same with the collector
    paused, measured on a 10,000-claim file), so pausing it saves ~7% of the run time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def set_map_cache(enabled: bool) -> None:
    """Cache pyx12's parsed XML maps for the process (True, the default) or parse per call."""
    with _PYX12_LOCK:
        if enabled:
            pyx12.map_if.load_map_file = _cached_load_map_file
            pyx12.map_index.map_index = _cached_map_index
        else:
            pyx12.map_if.load_map_file = _ORIGINAL_LOAD_MAP_FILE
            pyx12.map_index.map_index = _ORIGINAL_MAP_INDEX
            _maps.clear()
            _indexes.clear()


def silence_pyx12_logging() -> None:
    """Stop pyx12's log records (they quote member ids, names, birth dates) reaching any handler."""
    log = logging.getLogger("pyx12")
    log.setLevel(logging.CRITICAL + 1)
    log.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


silence_pyx12_logging()
set_map_cache(True)
speedups.enable()


@dataclass(frozen=True, slots=True)
class ElementIssue:
    """One element error of a segment, as a 999 IK4 reports it."""

    position: int
    component: int | None
    repeat: int | None
    reference: str | None
    code: str
    value: str | None


@dataclass(frozen=True, slots=True)
class SegmentIssue:
    """One segment with errors, as a 999 IK3 reports it (position counted from ST = 1)."""

    seg_id: str
    position: int
    loop: str | None
    codes: tuple[str, ...]
    elements: tuple[ElementIssue, ...]


@dataclass(slots=True)
class TransactionReport:
    """What became of one transaction set: refused, or validated with its errors and claims."""

    interchange: Interchange
    group: Group
    transaction: Transaction
    refused: str | None = None
    accepted: bool = True
    codes: list[str] = field(default_factory=list)
    """Transaction-level error codes (999 IK502)."""
    segments: list[SegmentIssue] = field(default_factory=list)
    claims: list[ClaimReading] = field(default_factory=list)


class _Ordinals:
    """Sub-document segment ordinal (1-based) -> segment index in the file, without a list."""

    def __init__(self, heads: tuple[int, ...], body: range, tail: int) -> None:
        self._heads = heads
        self._body = body
        self._size = len(heads) + len(body) + tail

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, position: int) -> int | None:
        if position < len(self._heads):
            return self._heads[position]
        position -= len(self._heads)
        return self._body[position] if position < len(self._body) else None


class _SubDocument:
    """A read-only text stream of one transaction inside its own ISA/GS and trailers.

    pyx12 reads its input with ``read(n)``; this makes the text as it is read, from the
    scanner's segment offsets, so no copy of a large transaction is ever held whole.
    """

    closed = False

    def __init__(
        self, s: Scan, heads: tuple[int, ...], body: range, trailers: tuple[str, ...]
    ) -> None:
        self.mapping = _Ordinals(heads, body, len(trailers))
        self._pieces = self._make(s, heads, body, trailers)
        self._buffer = ""

    @staticmethod
    def _make(
        s: Scan, heads: tuple[int, ...], body: range, trailers: tuple[str, ...]
    ) -> Iterator[str]:
        term = s.delimiters.segment
        for index in heads:
            yield s.segment(index) + term
        starts, lengths = s.starts, s.lengths
        index = body.start
        while index < body.stop:
            text, base, stop = s.chunk_of(index)  # a transaction set is one chunk of the text
            stop = min(stop, body.stop)
            for at in range(index, stop):
                start = starts[at] - base
                yield text[start : start + lengths[at]] + term
            index = stop
        for trailer in trailers:
            yield trailer + term

    def read(self, size: int = -1) -> str:
        """Up to `size` characters (all that is left when negative); '' at the end."""
        parts = [self._buffer]
        have = len(self._buffer)
        for piece in self._pieces:
            parts.append(piece)
            have += len(piece)
            if 0 <= size <= have:
                break
        text = "".join(parts)
        if size < 0:
            self._buffer = ""
            return text
        self._buffer = text[size:]
        return text[:size]

    def close(self) -> None:
        """Mark the stream closed (pyx12 closes its input when done)."""
        self.closed = True


@dataclass(frozen=True, slots=True)
class Pyx12Run:
    """What pyx12 said of one transaction set: see `run_pyx12`."""

    ok: bool
    stopped: str | None
    """Why pyx12 stopped before the end (an exception), None when it walked the whole set."""
    error_json: str
    """pyx12's JSON error tree as text ('' when it wrote none)."""
    mapping: _Ordinals
    """Sub-document segment ordinal -> segment index in the file, to place pyx12's errors."""


def run_pyx12(
    s: Scan, isa: Interchange, gs: Group, st: Transaction, callback: Callable[..., None]
) -> Pyx12Run:
    """Validate transaction set `st` with pyx12, inside its own ISA/GS and synthetic GE/IEA.

    `callback(seg, src, node, valid)` sees each segment pyx12 reads; the 837P reader and the
    835/277CA walk (`remit_walk.py`) share this one way through pyx12 (lock, maps, trailers).
    """
    e = s.delimiters.element
    trailers = (
        f"GE{e}1{e}{_get(s.elements(gs.gs), 6)}",
        f"IEA{e}1{e}{_get(s.elements(isa.isa), 13)}",
    )
    document = _SubDocument(s, (isa.isa, gs.gs), st.segments, trailers)
    out = io.StringIO()
    stopped: str | None = None
    with _PYX12_LOCK, collector_paused():
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=_PARAMS,
                src_file=document,
                fd_997=None,
                fd_html=None,
                fd_json=out,
                callback=callback,
            )
        except Exception as exc:  # noqa: BLE001 - any pyx12 failure stops this transaction only
            ok = False
            stopped = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return Pyx12Run(
        ok=bool(ok), stopped=stopped, error_json=out.getvalue(), mapping=document.mapping
    )


class _Walk:
    """The validation callback: feeds each segment and the loop it matched to the claim builder.

    Segments reach the builder in batches of `_FEED_BATCH`, in order (see there why).
    """

    def __init__(self, builder: ClaimBuilder, heads: tuple[int, ...], body: range) -> None:
        self.builder = builder
        self.heads = heads
        self.base = body.start
        self.body = len(body)
        self.pending: list[tuple[int, str | None, str]] = []
        self.failures: list[BaseException] = []

    def callback(self, seg: Any, src: Any, node: Any, valid: bool) -> None:
        """pyx12's per-segment callback (its exceptions would be swallowed: kept instead)."""
        try:
            ordinal = src.get_cur_line()
            at = ordinal - 3
            if 0 <= at < self.body:
                index = self.base + at
            elif 0 < ordinal <= len(self.heads):
                index = self.heads[ordinal - 1]
            else:
                return
            seg_id = seg.get_seg_id()
            recognised = node is not None and node.id == seg_id
            loop = node.get_parent().id if recognised else None
            self.pending.append((index, loop, seg_id))
            if len(self.pending) >= _FEED_BATCH:
                self.flush()
        except Exception as exc:  # noqa: BLE001 - pyx12 would swallow it; re-raised after
            self.failures.append(exc)

    def flush(self) -> None:
        """Feed the collected segments to the builder, in order."""
        feed = self.builder.feed
        for index, loop, seg_id in self.pending:
            feed(index, loop, seg_id)
        self.pending.clear()


@dataclass(slots=True)
class ClaimReading:
    """A claim as read, with its syntax and guide findings and where it starts in the file.

    The claim model itself is built when asked for (`claim`), its values read then from the
    claim's segments (see `ClaimBuilder`), so a transaction of thousands of claims holds no
    model and no draft of its claims while pyx12 walks it.
    """

    builder: ClaimBuilder
    index: int
    hls: tuple[int, ...] = ()
    """Segment indexes of the HLs above the claim (billing, subscriber, patient)."""
    _findings: list[Finding] | None = None
    """None until the claim has a finding: most claims have none, and an empty list a claim
    was 56 bytes of each of a transaction's thousands."""

    @property
    def findings(self) -> Sequence[Finding]:
        """The claim's syntax and guide findings, in the order found."""
        return self._findings if self._findings is not None else []

    def add_finding(self, finding: Finding) -> None:
        """Add a finding to the claim."""
        if self._findings is None:
            self._findings = []
        self._findings.append(finding)

    @property
    def claim(self) -> Claim:
        """The claim model (built on each access)."""
        return self.builder.claim(self.index)

    @property
    def position(self) -> Position:
        """Where the claim's CLM is in the file (made on each access)."""
        return segment_position(self.builder.scan, self.builder.start_of(self.index))


def segment_position(s: Scan, index: int) -> Position:
    """The file position of segment `index`."""
    return Position(
        file=s.source, line=s.line_of(index), segment=index + 1, byte=s.byte_offset(index)
    )


@dataclass(slots=True)
class FileReading:
    """Everything read from one file, in file order."""

    source: str
    scan: Scan
    transactions: list[TransactionReport]
    problems: list[Problem]

    @property
    def claims(self) -> Iterator[ClaimReading]:
        """Every claim of every validated transaction, in file order."""
        for report in self.transactions:
            yield from report.claims


def read_bytes(data: bytes, source: str) -> FileReading:
    """Read a whole file at once (claims kept): raise `InputError` if it is not X12 at all."""
    reader = FileReader(data, source)
    reports = list(reader.transactions())
    return FileReading(
        source=source, scan=reader.scan, transactions=reports, problems=reader.problems
    )


class FileReader:
    """Reads one file transaction by transaction, so a large batch is never all in memory.

    Construction scans the bytes (raising `InputError` for a file that is not X12 at all);
    `transactions()` then validates and yields one `TransactionReport` at a time, its claims
    filled; `problems` is complete once the iteration is over.
    """

    def __init__(self, data: bytes, source: str) -> None:
        self.scan = scan(data, source)
        self._reader = _Reader(self.scan, load_x12_pack())
        self.problems = self._reader.problems

    def transactions(self, only: frozenset[int] | None = None) -> Iterator[TransactionReport]:
        """Each transaction set of the file, in order, validated and with its claims.

        `only`: read just the transaction sets of these ordinals (0-based, file order); the
        others are skipped, and the envelope problems reported at the end are those inside the
        transactions read (`--jobs` reads a file's transactions in several processes and merges
        the problems outside every transaction itself, from `outside_problems`).
        """
        yield from self._reader.read(only)

    def release(self, report: TransactionReport) -> None:
        """Let go of a read transaction set's text once its claims are decided (`Scan.release`):
        its segments can no longer be read, only placed."""
        segments = report.transaction.segments
        size = self.scan.text_size(segments)
        self.scan.release(segments)
        if size >= GIVE_BACK_AT:
            give_back()

    @property
    def trailing(self) -> int:
        """How many of `problems` were reported after the last transaction (envelope issues)."""
        return self._reader.trailing

    def outside_problems(self) -> list[Problem]:
        """Envelope problems outside every transaction set, as a full read reports them."""
        return self._reader.outside_problems()


def _get(parts: list[str], n: int) -> str:
    return parts[n] if n < len(parts) else ""


class _Reader:
    """Reads one scanned file, transaction by transaction."""

    def __init__(self, scanned: Scan, pack: X12Pack) -> None:
        self.scan = scanned
        self.pack = pack
        self.problems: list[Problem] = []
        self._issues = sorted(
            (i for i in scanned.issues if i.segment is not None), key=lambda i: i.segment or 0
        )
        self._loose = [i for i in scanned.issues if i.segment is None]
        self._issue_ids = {
            i.segment: scanned.seg_id(i.segment) for i in self._issues if i.segment is not None
        }
        """The segment id each issue names, read now: the issues are filed at the end, when
        the text of the transaction sets they fall in may have been released."""
        self.trailing = 0

    def _in_transaction(self, index: int) -> bool:
        return any(
            st.st <= index <= st.segments[-1]
            for isa in self.scan.interchanges
            for gs in isa.groups
            for st in gs.transactions
        )

    def outside_problems(self) -> list[Problem]:
        """Problems of the scanner issues outside every transaction, loose ones last."""
        before = len(self.problems)
        for issue in self._issues:
            if issue.segment is not None and not self._in_transaction(issue.segment):
                self._file_issue(issue)
        for issue in self._loose:
            self._file_issue(issue)
        found = self.problems[before:]
        del self.problems[before:]
        return found

    def position(self, index: int) -> Position:
        return segment_position(self.scan, index)

    def read(self, only: frozenset[int] | None = None) -> Iterator[TransactionReport]:
        ordinal = -1
        ranges: list[tuple[int, int]] = []
        for isa in self.scan.interchanges:
            for gs in isa.groups:
                for st in gs.transactions:
                    ordinal += 1
                    if only is not None and ordinal not in only:
                        continue
                    ranges.append((st.st, st.segments[-1]))
                    report = TransactionReport(interchange=isa, group=gs, transaction=st)
                    refusal = self._refusal(gs, st)
                    if refusal is not None:
                        report.refused = refusal
                        report.accepted = False
                        self._problem(
                            "refused-transaction",
                            st.st,
                            refusal,
                            "send 837P transactions (GS08 005010X222A1) to peerclaims",
                            f"ST*{st.set_id}*{st.control}",
                        )
                    else:
                        self._validate(report)
                    yield report
        before = len(self.problems)
        if only is None:
            for issue in [*self._issues, *self._loose]:
                self._file_issue(issue)
        else:
            for issue in self._issues:
                index = issue.segment or 0
                if any(first <= index <= last for first, last in ranges):
                    self._file_issue(issue)
        self.trailing = len(self.problems) - before

    def _refusal(self, gs: Group, st: Transaction) -> str | None:
        accepts = self.pack.accepts
        if (gs.functional_id, gs.version, st.set_id) == (
            accepts.functional_id,
            accepts.version,
            accepts.set_id,
        ):
            return None
        kind = next(
            (name for key, name in self.pack.transaction_names.items() if key in gs.version), None
        )
        what = f"{kind} transaction" if kind else f"transaction set {st.set_id or '(none)'}"
        return (
            f"{what} ST*{st.set_id}*{st.control} (GS01 {gs.functional_id!r}, GS08 "
            f"{gs.version!r}) at {self.scan.describe(st.st)} is not read: peerclaims checks "
            f"{accepts.name} claims, {accepts.version} only"
        )

    def _problem(
        self, code: str, index: int | None, message: str, fix: str, location: str | None = None
    ) -> None:
        position = self.position(index) if index is not None else None
        if index is not None:
            message = messages.with_position(self.scan, message, index)
        text = shown.line(f"{self.scan.source}: {message}")
        self.problems.append(
            Problem(
                file=self.scan.source,
                code=code,
                message=text,
                fix=fix,
                location=location,
                position=position,
            )
        )

    def _validate(self, report: TransactionReport) -> None:
        s = self.scan
        isa, gs, st = report.interchange, report.group, report.transaction
        builder = ClaimBuilder(scan=s, transaction=st.control, base=st.st)
        walk = _Walk(builder, (isa.isa, gs.gs), st.segments)
        run = run_pyx12(s, isa, gs, st, walk.callback)
        ok, stopped, mapping = run.ok, run.stopped, run.mapping
        walk.flush()
        if walk.failures:
            raise walk.failures[0]
        del walk
        if s.text_size(st.segments) >= GIVE_BACK_AT:
            give_back()  # the walk's transient objects, freed now
        report.claims = [
            ClaimReading(builder=builder, index=k, hls=builder.hls_of(k))
            for k in range(builder.count)
        ]
        tree = json.loads(run.error_json) if run.error_json else None
        found = self._apply_errors(report, tree, mapping, builder)
        if stopped is None and (builder.last_fed is None or builder.last_fed < st.st):
            stopped = "it read none of this transaction's segments"  # no claim read: say so, at ST
        if stopped is not None:
            self._stopped(report, stopped, builder)
        elif not ok and not found:
            self._silent_envelope_error(report)
        self._transaction_issues(report, builder)

    def _apply_errors(
        self,
        report: TransactionReport,
        tree: dict[str, Any] | None,
        mapping: _Ordinals,
        builder: ClaimBuilder,
    ) -> bool:
        """Turn pyx12's error tree into findings and problems; True if it held any error."""
        if not tree:
            return False
        found = False
        for interchange in tree.get("interchanges", []):
            for error in interchange.get("errors", []):
                found = True
                self._envelope_error(report.interchange.isa, "ISA/IEA", error)
            for group in interchange.get("groups", []):
                for error in group.get("errors", []):
                    found = True
                    self._envelope_error(report.group.gs, "GS/GE", error)
                for txn in group.get("transactions", []):
                    for error in txn.get("errors", []):
                        found = True
                        report.accepted = False
                        report.codes.append(str(error.get("err_cde", "")))
                        self._transaction_error(report, error)
                    for segment in txn.get("segments", []):
                        found = True
                        report.accepted = False
                        self._segment_errors(report, segment, mapping, builder)
        return found

    def _envelope_error(self, index: int, where: str, error: dict[str, Any]) -> None:
        text = messages.withheld(self.scan, str(error.get("err_str", "")).strip(), index)
        self._problem(
            "envelope",
            index,
            f"{where} error at {self.scan.describe(index)}: {text}",
            "correct the interchange or group envelope",
            where,
        )

    def _transaction_error(self, report: TransactionReport, error: dict[str, Any]) -> None:
        st = report.transaction
        rule = self.pack.rule("transaction", str(error.get("err_cde", "")))
        anchor = st.se if st.se is not None else st.st
        text = messages.withheld(self.scan, str(error.get("err_str", "")).strip(), anchor)
        message = (
            f"{rule.title}: {text} (transaction ST*{st.set_id}*{st.control} at "
            f"{self.scan.describe(st.st)})"
        )
        self._problem("transaction", anchor, message, rule.fix, f"ST*{st.set_id}*{st.control}")
        self._reject_all(report, message, anchor, rule)

    def _reject_all(
        self, report: TransactionReport, cause: str, anchor: int, cause_rule: CodeRule
    ) -> None:
        """Every claim of a transaction a 999 would reject gets a finding saying so."""
        rule = self.pack.rule("envelope", "transaction-error")
        for reading in report.claims:
            reading.add_finding(
                self._finding(
                    rule,
                    f"{rule.title} ({cause_rule.rule_id}): {cause}",
                    f"{rule.fix}: {cause_rule.fix}",
                    location=f"SE (transaction {report.transaction.control})",
                    line=None,
                    index=anchor,
                )
            )

    def _segment_errors(
        self,
        report: TransactionReport,
        segment: dict[str, Any],
        mapping: _Ordinals,
        builder: ClaimBuilder,
    ) -> None:
        ordinal = int(segment.get("cur_line") or 0)
        index = mapping[ordinal - 1] if 0 < ordinal <= len(mapping) else None
        seg_id = str(segment.get("seg_id") or "")
        name = str(segment.get("name") or "")
        matched = builder.loop_at(index) if index is not None else None
        loop = self._loop_for(seg_id, name, index, matched)
        codes = [str(err.get("err_cde", "")) for err in segment.get("errors", [])]
        elements: list[ElementIssue] = []
        for element in segment.get("elements", []):
            for err in element.get("errors", []):
                elements.append(
                    ElementIssue(
                        position=int(element.get("ele_pos") or 0),
                        component=_int_or_none(element.get("subele_pos")),
                        repeat=_int_or_none(element.get("repeat_pos")),
                        reference=element.get("ele_ref_num"),
                        code=str(err.get("err_cde", "")),
                        value=err.get("err_val"),
                    )
                )
        position = int(segment.get("seg_count") or 0)
        report.segments.append(
            SegmentIssue(
                seg_id=seg_id or "",
                position=position,
                loop=loop,
                codes=tuple(codes),
                elements=tuple(elements),
            )
        )
        owner = builder.owner(index) if index is not None else None
        shown_seg = seg_id or (self.scan.seg_id(index) if index is not None else "?")
        for err in segment.get("errors", []):
            rule = self.pack.rule("segment", str(err.get("err_cde", "")))
            text = str(err.get("err_str", "")).strip()
            location = f"{loop or '?'} {shown_seg}"
            self._charge(report, owner, index, rule, f"{rule.title}: {text}", rule.fix, location)
        for element in segment.get("elements", []):
            pos = int(element.get("ele_pos") or 0)
            sub = _int_or_none(element.get("subele_pos"))
            ref = f"{pos:02d}" + (f"-{sub}" if sub else "")
            for err in element.get("errors", []):
                rule = self.pack.rule("element", str(err.get("err_cde", "")))
                text = str(err.get("err_str", "")).strip()
                label = str(element.get("name") or "")
                message = f"{rule.title}: {text}" + (
                    f" [{label}]" if label and label not in text else ""
                )
                location = f"{loop or '?'} {shown_seg}-{ref}"
                self._charge(report, owner, index, rule, message, rule.fix, location)

    def _loop_for(
        self, seg_id: str, name: str, index: int | None, matched: str | None
    ) -> str | None:
        """The loop of an error's segment: as matched, or, for a missing one, from the map."""
        if index is not None and matched is not None and self.scan.seg_id(index) == seg_id:
            return matched
        by_name = _map_loops().get((seg_id, name))
        return by_name or matched

    def _charge(
        self,
        report: TransactionReport,
        owner: Owner | None,
        index: int | None,
        rule: CodeRule,
        message: str,
        fix: str,
        location: str,
    ) -> None:
        """Give a finding to the claim owning the segment, or to every claim it governs."""
        st = report.transaction
        if owner is not None and owner.claim is not None:
            loop = location.split(" ", 1)[0]
            line = owner.line if loop.startswith("24") else None
            where = f"{location} (line {line})" if line is not None else location
            report.claims[owner.claim].add_finding(
                self._finding(rule, message, fix, where, line, index)
            )
            return
        hl = owner.hl if owner is not None else None
        governed = [r for r in report.claims if hl is not None and hl in r.hls]
        if governed:
            for reading in governed:
                reading.add_finding(self._finding(rule, message, fix, location, None, index))
            return
        anchor = index if index is not None else (st.se if st.se is not None else st.st)
        message = messages.withheld(self.scan, message, index)
        location = messages.withheld(self.scan, location, index)
        text = f"{message} at {location} (transaction ST*{st.set_id}*{st.control})"
        self._problem("transaction", anchor, text, fix, location)
        self._reject_all(report, text, anchor, rule)

    def _finding(
        self,
        rule: CodeRule,
        message: str,
        fix: str,
        location: str,
        line: int | None,
        index: int | None,
        position: Position | None = None,
    ) -> Finding:
        if position is None and index is not None:
            position = self.position(index)
        if position is not None and f"line {position.line}" not in message:
            message = f"{message} (file line {position.line})"
        if index is not None:
            message = messages.cut_values(self.scan, message, index)
        carc = rule.carc or self.pack.defaults.carc
        rarc = rule.rarc or self.pack.defaults.rarc
        return Finding(
            rule_id=rule.rule_id,
            severity=self.pack.severity(rule),
            category=rule.category,
            message=message,
            fix=fix,
            location=location,
            line=line,
            citation=self.pack.citation,
            carc=carc,
            rarc=rarc,
            position=position,
            **clerk_fields(location, line, carc, rarc),
        )

    def _stopped(self, report: TransactionReport, reason: str, builder: ClaimBuilder) -> None:
        st = report.transaction
        rule = self.pack.rule("envelope", "parser-stopped")
        fed = builder.last_fed
        last = fed if fed is not None and fed >= st.st else st.st
        reason = messages.withheld(self.scan, reason, last)
        message = (
            f"{rule.title}: the validator stopped at {self.scan.describe(last)} "
            f"({reason}); claims of this transaction are not validated"
        )
        report.accepted = False
        report.codes.append("5")
        self._problem("transaction", last, message, rule.fix, f"ST*{st.set_id}*{st.control}")
        for reading in report.claims:
            reading.add_finding(
                self._finding(rule, message, rule.fix, f"ST*{st.set_id}*{st.control}", None, last)
            )

    def _silent_envelope_error(self, report: TransactionReport) -> None:
        st = report.transaction
        rule = self.pack.rule("envelope", "envelope")
        message = (
            f"{rule.title}: an element of the ISA, GS or ST of transaction "
            f"ST*{st.set_id}*{st.control} is invalid (pyx12 rejects it without naming it)"
        )
        report.accepted = False
        self._problem("envelope", report.group.gs, message, rule.fix, "ISA/GS/ST")
        self._reject_all(report, message, report.group.gs, rule)

    def _transaction_issues(self, report: TransactionReport, builder: ClaimBuilder) -> None:
        """Scanner issues inside this transaction: charged to the claim holding them."""
        st = report.transaction
        last = st.segments[-1]
        keep = []
        for issue in self._issues:
            index = issue.segment
            assert index is not None
            if not st.st <= index <= last:
                keep.append(issue)
                continue
            probe = index - 1 if issue.code == "empty-segment" and index > st.st else index
            owner = builder.owner(probe)
            if owner is None or owner.claim is None:
                keep.append(issue)
                continue
            rule = self.pack.rule("envelope", issue.code)
            where = self.scan.seg_id(probe)
            if issue.code == "empty-segment":
                where = f"after {where}"
            location = f"{where} (line {owner.line})" if owner.line is not None else where
            position = None
            if issue.line is not None and issue.byte is not None:
                position = Position(
                    file=self.scan.source, line=issue.line, segment=probe + 1, byte=issue.byte
                )
            report.claims[owner.claim].add_finding(
                self._finding(
                    rule,
                    f"{rule.title}: {issue.message}",
                    issue.fix,
                    location,
                    owner.line,
                    index,
                    position,
                )
            )
            report.accepted = False
        self._issues = keep

    def _file_issue(self, issue: EnvelopeIssue) -> None:
        index = issue.segment
        seg_id = self._issue_ids.get(index) if index is not None else None
        self._problem(
            issue.code,
            index,
            issue.message,
            issue.fix,
            shown.segment_name(seg_id) if seg_id is not None else None,
        )


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """pyx12's verdict on a whole X12 document (used to check what peerclaims writes)."""

    valid: bool
    errors: tuple[str, ...]


def validate_document(text: str) -> DocumentCheck:
    """Validate any X12 document pyx12 has a map for (our 999 and 277CA output, for one)."""
    out = io.StringIO()
    with _PYX12_LOCK:
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=_PARAMS,
                src_file=io.StringIO(text),
                fd_997=None,
                fd_html=None,
                fd_json=out,
            )
        except Exception as exc:  # noqa: BLE001 - reported as the verdict, not raised
            return DocumentCheck(valid=False, errors=(f"{type(exc).__name__}: {exc}",))
    messages: list[str] = []
    tree = json.loads(out.getvalue()) if out.getvalue() else {}
    _collect_messages(tree, messages)
    return DocumentCheck(valid=bool(ok) and not messages, errors=tuple(messages))


def _collect_messages(node: object, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "errors" and isinstance(value, list):
                out.extend(str(e.get("err_str", "")) for e in value if isinstance(e, dict))
            else:
                _collect_messages(value, out)
    elif isinstance(node, list):
        for item in node:
            _collect_messages(item, out)


def _int_or_none(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


_map_loop_cache: dict[tuple[str, str], str] = {}


def _map_loops() -> dict[tuple[str, str], str]:
    """(segment id, guide name) -> loop id over the 837P map, for segments reported missing."""
    if not _map_loop_cache:
        with _PYX12_LOCK:
            pack = load_x12_pack()
            root = pyx12.map_if.load_map_file(pack.accepts.map_file, _PARAMS)
            for node in root.loop_segment_iterator():
                if node.is_segment():
                    parent = node.get_parent()
                    _map_loop_cache.setdefault((node.id, node.name), parent.id)
    return _map_loop_cache
