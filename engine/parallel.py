"""`check --jobs N`: read files and transaction sets in N worker processes, judge in order.

Reading (pyx12's validation walk and claim extraction) is most of a check's time and each
transaction set reads on its own, so workers read; the rules run in this process, claim by claim
in input order, exactly as one process would run them (a claim's limits and duplicates depend
on the claims before it). So the result is byte-identical to `--jobs 1`. Each worker keeps its
own pyx12 map cache; claims come back as plain models (their lazy locations made concrete).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from peerclaims.engine.check import (
    _YOUNG_COLLECTION_EVERY,
    CheckRun,
    ClaimSink,
    Source,
    _load,
    _Totals,
    _x12_pack_ref,
    judge,
    unreadable_problem,
)
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.errors import InputError
from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.model import Claim
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.x12.reader import FileReader, collector_paused
from peerclaims.engine.x12.scan import scan


@dataclass(frozen=True, slots=True)
class _Task:
    """Read transaction set `ordinal` of source `index` (`data` only for standard input)."""

    index: int
    name: str
    path: str | None
    data: bytes | None
    ordinal: int


@dataclass(frozen=True, slots=True)
class _Read:
    """What a worker read: the claims with their reader findings, and the problems found."""

    index: int
    """The source the transaction set belongs to."""
    claims: list[tuple[Claim, list[Finding], Position]]
    during: list[Problem]
    trailing: list[Problem]


_cache: dict[str, Any] = {}


def _plain(claim: Claim) -> Claim:
    """The claim with every lazy `locs` mapping made a dict (so that it pickles)."""

    def concrete(model: Any) -> Any:
        if model is None:
            return None
        return model.model_copy(update={"locs": dict(model.locs)})

    lines = tuple(
        line.model_copy(
            update={
                "locs": dict(line.locs),
                "rendering": concrete(line.rendering),
                "supervising": concrete(line.supervising),
            }
        )
        for line in claim.lines
    )
    return claim.model_copy(
        update={
            "locs": dict(claim.locs),
            "subscriber": concrete(claim.subscriber),
            "patient": concrete(claim.patient),
            "billing": concrete(claim.billing),
            "rendering": concrete(claim.rendering),
            "supervising": concrete(claim.supervising),
            "diagnoses": tuple(concrete(d) for d in claim.diagnoses),
            "lines": lines,
        }
    )


def _read(task: _Task) -> _Read:
    """Worker: read one transaction set of one file (the file's bytes are kept for the next)."""
    key = f"{task.index}:{task.name}"
    data = _cache.get(key)
    if data is None:
        _cache.clear()
        data = task.data if task.data is not None else Source.from_path(task.path or "").load()
        _cache[key] = data
    reader = FileReader(data, task.name)
    claims: list[tuple[Claim, list[Finding], Position]] = []
    with collector_paused():
        for report in reader.transactions(frozenset({task.ordinal})):
            for reading in report.claims:
                claims.append((_plain(reading.claim), list(reading.findings), reading.position))
    cut = len(reader.problems) - reader.trailing
    return _Read(task.index, claims, reader.problems[:cut], reader.problems[cut:])


def _tasks(
    sources: Sequence[Source], problems: dict[int, list[Problem]], unreadable: set[int]
) -> Iterator[_Task]:
    for index, source in enumerate(sources):
        try:
            data = _load(source)
            scanned = scan(data, source.name)
        except InputError as exc:
            problems[index] = [unreadable_problem(source.name, exc)]
            unreadable.add(index)
            continue
        total = sum(len(gs.transactions) for isa in scanned.interchanges for gs in isa.groups)
        reader = FileReader(data, source.name)
        problems[index] = reader.outside_problems()
        path = source.path
        for ordinal in range(total):
            yield _Task(index, source.name, path, data if path is None else None, ordinal)


def check_sources_parallel(
    sources: Sequence[Source],
    sink: ClaimSink,
    jobs: int,
    engine: RulesEngine | None,
    *,
    progress: Callable[[int], None] | None = None,
    recorded: list[RecordedLine] | None = None,
) -> CheckRun:
    """`check_sources` with reading spread over `jobs` processes; the same result."""
    totals = _Totals()
    outside: dict[int, list[Problem]] = {}
    unreadable: set[int] = set()
    errors: list[Problem] = []
    tasks = _tasks(sources, outside, unreadable)  # scanned lazily, as the pool asks for work
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

    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs) as pool:
        for read in pool.imap(_read, tasks, chunksize=1):
            flush_until(read.index)
            during, trailing = pending.setdefault(read.index, ([], []))
            during.extend(read.during)
            trailing.extend(read.trailing)
            with collector_paused():
                for count, (claim, findings, position) in enumerate(read.claims, start=1):
                    if count % _YOUNG_COLLECTION_EVERY == 0:
                        gc.collect(0)
                    decided = judge(claim, findings, position, engine, recorded)
                    totals.add(decided)
                    sink.add(decided)
                    if progress is not None:
                        progress(1)
    flush_until(len(sources))
    return CheckRun(
        rule_packs=[_x12_pack_ref(), *(engine.pack_refs() if engine is not None else [])],
        summary=totals.summary(),
        errors=errors,
        unreadable=len(unreadable),
    )
