"""`check --jobs N`: read and judge transaction sets in N worker processes, speculatively.

A claim's judgment depends on the accepted lines of the claims before it (limits, duplicates,
group sizes, authorization units, contract caps), so one process judges claim by claim in input
order. Here each worker reads one transaction set (pyx12's validation walk and claim extraction)
and judges its claims itself, with a run history that holds what the run's history held when the
workers started plus the set's own earlier accepted lines only, and that notes which history keys
each judgment read and which lines it added (`TrackedHistory`).

This process keeps the true history and walks the results in input order. A worker's judgment is
the true one unless a key it read is dirty: written by a claim of an earlier transaction set (the
worker never saw it), or holding other lines in the true history than the worker assumed because
an earlier claim of the same set was judged again here with a different outcome. Such a claim is
judged again here (`judge`, against the true history); any other is taken as the worker made it,
its lines added to the true history. So the result is byte-identical to `--jobs 1`, and for most
claims this process only writes out what the worker made (for a JSON spool, the claim's text).

A worker sends no copy of the claims it read: pickling one cost about six times what building it
does. To judge a claim again, this process reads its transaction set again (once per set, however
many of its claims it judges again) from the same bytes: a file's digest, taken by the worker
that read it, is compared, and a file that changed on disk during the check stops it with a
one-line error rather than being judged from a different text.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from peerclaims.engine.check import (
    _YOUNG_COLLECTION_EVERY,
    CheckRun,
    ClaimCounts,
    ClaimSink,
    CountSink,
    JsonSpool,
    Source,
    _load,
    _Totals,
    _x12_pack_ref,
    claim_counts,
    judge,
    unreadable_problem,
)
from peerclaims.engine.checks.context import RunHistory
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.errors import InputError, WorkerError
from peerclaims.engine.findings import Problem
from peerclaims.engine.parallel_history import (
    Keys,
    PeerDay,
    SeenRow,
    TrackedHistory,
    from_row,
    row,
)
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.result import ClaimResult
from peerclaims.engine.x12.reader import ClaimReading, FileReader, collector_paused

Form = Literal["entry", "model", "none"]
"""What a worker sends of a decided claim: its JSON spool entry, the model, or nothing."""


@dataclass(frozen=True, slots=True)
class _Task:
    """Read transaction set `ordinal` of source `index` (`data` only for standard input)."""

    index: int
    name: str
    path: str | None
    data: bytes | None
    ordinal: int


class _Judged(NamedTuple):
    """A worker's judgment of one claim, and what this process needs to check and emit it."""

    out: str | ClaimResult | None
    """As `_Job.form` asks."""
    counts: ClaimCounts
    members: tuple[str, ...]
    """History keys the judgment read: member ids..."""
    peer_days: tuple[PeerDay, ...]
    """... and (rendering NPI, day) pairs."""
    added: tuple[SeenRow, ...]
    """The accepted lines the judgment added to the history."""
    recorded: list[RecordedLine] | None
    """`--record`: the lines for the history store."""
    claim: int | None
    """The claim's position in its transaction set, to judge it again; None if it read nothing."""


@dataclass(frozen=True, slots=True)
class _Done:
    """What a worker made of one transaction set."""

    index: int
    """The source the transaction set belongs to."""
    ordinal: int
    """The transaction set's position in its file."""
    digest: bytes
    """`_digest` of the bytes the worker read."""
    judged: list[_Judged]
    during: list[Problem]
    trailing: list[Problem]
    packs: frozenset[str]
    """The packs the worker's engine has used so far (`RulesEngine.used_packs`)."""


@dataclass(frozen=True, slots=True)
class _Job:
    """What every worker shares (inherited when the pool forks)."""

    engine: RulesEngine | None
    base: RunHistory | None
    """The engine's history when the run started: every task's history starts from it."""
    form: Form
    record: bool


_job: _Job | None = None
_cache: dict[str, Any] = {}


def _default_signals() -> None:
    """A worker dies of SIGTERM and SIGHUP at once (the pool stops its workers with SIGTERM),
    not through the command line's handler (engine/outfile.py) it inherits."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _digest(data: bytes) -> bytes:
    """A digest of a file's bytes: this process re-reads only what the worker read."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _emitted(decided: ClaimResult, form: Form) -> str | ClaimResult | None:
    if form == "entry":
        return JsonSpool.entry(decided)
    return decided if form == "model" else None


def _judge_task(task: _Task) -> _Done:
    """Worker: read one transaction set of one file and judge its claims (speculatively)."""
    job = _job
    if job is None:
        raise RuntimeError("no parallel check is running")
    key = f"{task.index}:{task.name}"
    cached = _cache.get(key)
    if cached is None:
        _cache.clear()
        data = task.data if task.data is not None else Source.from_path(task.path or "").load()
        cached = _cache[key] = (data, _digest(data))
    data, digest = cached
    engine = job.engine
    history: TrackedHistory | None = None
    if engine is not None and job.base is not None:
        history = TrackedHistory.copy_of(job.base)
        engine.history = history
    reader = FileReader(data, task.name)
    judged: list[_Judged] = []
    with collector_paused():
        for report in reader.transactions(frozenset({task.ordinal})):
            for count, reading in enumerate(report.claims, start=1):
                if count % _YOUNG_COLLECTION_EVERY == 0:
                    gc.collect(0)
                claim = reading.claim
                findings = list(reading.findings)
                recorded: list[RecordedLine] | None = [] if job.record else None
                if history is not None:
                    history.start_claim()
                decided = judge(claim, findings, reading.position, engine, recorded)
                members: tuple[str, ...] = ()
                peer_days: tuple[PeerDay, ...] = ()
                added: tuple[SeenRow, ...] = ()
                again = None
                if history is not None:
                    members = tuple(history.reads.members)
                    peer_days = tuple(history.reads.peer_days)
                    added = tuple(row(line) for line in history.added)
                    if members or peer_days:
                        again = count - 1
                judged.append(
                    _Judged(
                        _emitted(decided, job.form),
                        claim_counts(decided),
                        members,
                        peer_days,
                        added,
                        recorded or None,
                        again,
                    )
                )
            report.claims = []
    if engine is not None and job.base is not None:
        engine.history = job.base
    cut = len(reader.problems) - reader.trailing
    packs = frozenset(engine.used_packs) if engine is not None else frozenset()
    return _Done(
        task.index,
        task.ordinal,
        digest,
        judged,
        reader.problems[:cut],
        reader.problems[cut:],
        packs,
    )


def _tasks(
    sources: Sequence[Source],
    problems: dict[int, list[Problem]],
    unreadable: set[int],
    kept: dict[int, bytes],
) -> Iterator[_Task]:
    """One task per transaction set; `kept` gets the bytes of each source that is no file."""
    for index, source in enumerate(sources):
        try:
            data = _load(source)
            reader = FileReader(data, source.name)  # scans the bytes
        except InputError as exc:
            problems[index] = [unreadable_problem(source.name, exc)]
            unreadable.add(index)
            continue
        scanned = reader.scan
        total = sum(len(gs.transactions) for isa in scanned.interchanges for gs in isa.groups)
        problems[index] = reader.outside_problems()
        path = source.path
        if path is None:
            kept[index] = data  # standard input cannot be read twice
        for ordinal in range(total):
            yield _Task(index, source.name, path, data if path is None else None, ordinal)


def _form(sink: ClaimSink) -> Form:
    if isinstance(sink, JsonSpool):
        return "entry"
    return "none" if isinstance(sink, CountSink) else "model"


def check_sources_parallel(
    sources: Sequence[Source],
    sink: ClaimSink,
    jobs: int,
    engine: RulesEngine | None,
    *,
    progress: Callable[[int], None] | None = None,
    recorded: list[RecordedLine] | None = None,
) -> CheckRun:
    """`check_sources` with reading and judging spread over `jobs` processes; the same result."""
    global _job  # noqa: PLW0603 - what the forked workers inherit
    totals = _Totals()
    outside: dict[int, list[Problem]] = {}
    unreadable: set[int] = set()
    errors: list[Problem] = []
    kept: dict[int, bytes] = {}
    tasks = _tasks(sources, outside, unreadable, kept)  # scanned lazily, as the pool asks for work
    pending: dict[int, tuple[list[Problem], list[Problem]]] = {}

    def close_file(index: int) -> None:
        during, trailing = pending.pop(index, ([], []))
        placed = [p for p in [*trailing, *outside.get(index, [])] if p.position is not None]
        loose = [p for p in outside.get(index, []) if p.position is None]
        placed.sort(key=lambda p: p.position.segment if p.position else 0)
        errors.extend([*during, *placed, *loose])

    next_file = 0

    def flush_until(index: int) -> None:
        nonlocal next_file
        while next_file < index:
            close_file(next_file)
            next_file += 1

    form = _form(sink)
    base = engine.history if engine is not None else None
    history = TrackedHistory.copy_of(base) if base is not None else None
    checker = _InOrder(
        engine, history, sink, form, totals, recorded, progress, _Rereader(sources, kept)
    )
    _job = _Job(engine, base, form, recorded is not None)
    context = multiprocessing.get_context("fork")
    # concurrent.futures, not multiprocessing.Pool: a worker that dies (a signal) breaks the
    # executor, which raises, where Pool's imap waits for its result forever
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_default_signals
        ) as pool:
            gc.freeze()  # the workers' collections skip what they inherit (its pages stay shared)
            try:
                results = pool.map(_judge_task, tasks)  # forks the workers, submits every task
            finally:
                gc.unfreeze()
            if engine is not None and history is not None:
                engine.history = history  # the true history, judged in input order
            for done in results:
                flush_until(done.index)
                during, trailing = pending.setdefault(done.index, ([], []))
                during.extend(done.during)
                trailing.extend(done.trailing)
                if engine is not None:
                    engine.used_packs.update(done.packs)
                checker.transaction_set(done)
    except BrokenProcessPool:
        raise WorkerError(
            f"a worker process of --jobs {jobs} died before judging every transaction set; "
            "nothing was recorded (run with --jobs 1 to check the files in this process)"
        ) from None
    finally:
        _job = None
    flush_until(len(sources))
    return CheckRun(
        rule_packs=[_x12_pack_ref(), *(engine.pack_refs() if engine is not None else [])],
        summary=totals.summary(),
        worklist=totals.work.worklist(),
        errors=errors,
        unreadable=len(unreadable),
        rejudged=checker.rejudged,
        reads=checker.reads,
    )


class _InOrder:
    """This process's half: takes each worker judgment whose reads are clean, judges the rest."""

    def __init__(
        self,
        engine: RulesEngine | None,
        history: TrackedHistory | None,
        sink: ClaimSink,
        form: Form,
        totals: _Totals,
        recorded: list[RecordedLine] | None,
        progress: Callable[[int], None] | None,
        rereader: _Rereader,
    ) -> None:
        self.engine = engine
        self.rereader = rereader
        self.history = history
        self.sink = sink
        self.form = form
        self.totals = totals
        self.recorded = recorded
        self.progress = progress
        self.dirty = Keys()
        """Keys written by the claims of earlier transaction sets."""
        self.rejudged = 0
        """Claims judged again in this process."""
        self.reads = Keys()
        """The history keys every judgment of the run read (`--record` locks them)."""

    def transaction_set(self, done: _Done) -> None:
        """Emit the claims of one transaction set, in order."""
        judged = done.judged
        history = self.history
        dirty = self.dirty
        changed = Keys()
        """Keys of this set whose true lines differ from what its worker assumed."""
        written = Keys()
        emit = self._emit
        with collector_paused():
            for each in judged:
                self.reads.members.update(each.members)
                self.reads.peer_days.update(each.peer_days)
                if (
                    each.claim is not None
                    and history is not None
                    and (_meets(each, dirty) or _meets(each, changed))
                ):
                    self._again(done, each, history, changed, written)
                else:
                    if each.added and history is not None:
                        lines = [from_row(values) for values in each.added]
                        history.add_unnoted(lines)
                        written.add_lines(lines)
                    if self.recorded is not None and each.recorded:
                        self.recorded.extend(each.recorded)
                    self.totals.add_counts(each.counts)
                    emit(each.out)
                if self.progress is not None:
                    self.progress(1)
        dirty.update(written)

    def _emit(self, out: str | ClaimResult | None) -> None:
        if isinstance(out, str):
            sink = self.sink
            assert isinstance(sink, JsonSpool)
            sink.add_entry(out)
        elif out is not None:
            self.sink.add(out)

    def _again(
        self, done: _Done, each: _Judged, history: TrackedHistory, changed: Keys, written: Keys
    ) -> None:
        """Judge the claim again against the true history."""
        reading = self.rereader.reading(done, each.claim or 0)
        history.start_claim()
        decided = judge(
            reading.claim, list(reading.findings), reading.position, self.engine, self.recorded
        )
        true = history.added
        self.reads.update(history.reads)
        history.start_claim()
        assumed = [from_row(values) for values in each.added]
        if true != assumed:
            changed.add_lines(true)
            changed.add_lines(assumed)
        written.add_lines(true)
        self.totals.add(decided)
        self.sink.add(decided)
        self.rejudged += 1
        if self.rejudged % _YOUNG_COLLECTION_EVERY == 0:
            gc.collect(0)  # durable_rules' actions leave small cycles behind each claim


def _meets(each: _Judged, keys: Keys) -> bool:
    """Whether the judgment read one of `keys`."""
    return not (keys.members.isdisjoint(each.members) and keys.peer_days.isdisjoint(each.peer_days))


class _Rereader:
    """This process's reading of the transaction sets it judges claims of again (the last one)."""

    def __init__(self, sources: Sequence[Source], kept: dict[int, bytes]) -> None:
        self.sources = sources
        self.kept = kept
        self._last: tuple[int, int] | None = None
        self._claims: list[ClaimReading] = []

    def reading(self, done: _Done, position: int) -> ClaimReading:
        """Claim `position` of the transaction set `done` judged, read again from its bytes."""
        if self._last != (done.index, done.ordinal):
            source = self.sources[done.index]
            data = self.kept.get(done.index)
            if data is None:
                data = _load(source)
            if _digest(data) != done.digest:
                raise InputError(
                    source.name,
                    0,
                    "the file changed while it was being checked: check it again",
                    line=1,
                )
            reader = FileReader(data, source.name)
            self._claims = [
                reading
                for report in reader.transactions(frozenset({done.ordinal}))
                for reading in report.claims
            ]
            self._last = (done.index, done.ordinal)
        return self._claims[position]
