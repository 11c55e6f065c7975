"""`check --jobs N` / `--scheduler ADDRESS`: read and judge a batch on a Dask cluster.

The work follows the data, in three stages, and gives the bytes one process gives:

1. **Read** (one task per transaction set, on any worker): pyx12's validation walk and the claim
   models. The models stay on the worker that built them; the task's small `keys` go to this
   process: per claim, its member id and the (rendering NPI, day) of each group line.
2. **Partition** (here): a claim's judgment reads the run's history by member (limits,
   duplicates, authorizations, a provider's contract caps) and, for a group line, by rendering
   peer and day (the group size counts other members). Claims joined by a shared key form one
   component (union-find): no judgment of one component reads a line another one wrote. Each
   component goes to the transaction set holding most of its claims (its home).
3. **Judge** (one task per home set, placed by Dask where that set was read): the home's claims
   and the few claims of its components read elsewhere (the only models that cross workers),
   judged in input order on a history that starts from the reference data (the store, read by
   the worker). The answers come back here and are written out in input order.

So nothing is judged twice and nothing judged is taken back: the partition is exact because
the history is read by those two keys only (engine/checks/context.py `RunHistory`). The tasks
the workers run are in engine/cluster_tasks.py, the partition and the answers' order in
engine/cluster_partition.py; `check` and `impact` share `run_batch`. This process scans one file
at a time and hands it to the workers before the next (it never holds the batch's bytes), and
passes each claim's answer on as soon as every earlier one has gone (it never holds the
batch's answers).
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peerclaims.engine.check import (
    CheckRun,
    ClaimSink,
    CountSink,
    JsonSpool,
    Source,
    _load,
    _Totals,
    _x12_pack_ref,
    unreadable_problem,
)
from peerclaims.engine.cluster_partition import Emit, InOrder
from peerclaims.engine.cluster_partition import homes as _homes
from peerclaims.engine.cluster_tasks import (
    CheckJudge,
    ClaimKeys,
    EngineSpec,
    Form,
    Order,
    PartDone,
    PartJudge,
    Read,
    Withdrawal,
    _judge_part,
    _keys,
    _read_set,
    _select,
    engine_for,
    group_modifiers,
)
from peerclaims.engine.errors import InputError, UsageError, WorkerError
from peerclaims.engine.findings import Problem
from peerclaims.engine.history_keys import Keys
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.result import ClaimResult, RulePackRef, ordered_refs
from peerclaims.engine.x12.reader import FileReader

__all__ = [
    "ClaimKeys",
    "Cluster",
    "EngineSpec",
    "OnCluster",
    "Order",
    "PartDone",
    "PartJudge",
    "Read",
    "check_sources_distributed",
    "close",
    "engine_for",
    "group_modifiers",
    "run_batch",
]

if TYPE_CHECKING:
    from distributed import Client, Future

    from peerclaims.engine.checks.evaluate import RulesEngine

SCHEDULER_SETTING = "PEERCLAIMS_DASK_SCHEDULER"
"""The address of a running Dask scheduler (`tcp://host:8786`), as `--scheduler` gives it."""
WORKER_CONFIG: dict[str, Any] = {
    "distributed": {
        "worker": {"profile": {"enabled": False}, "memory": {"monitor-interval": "1s"}},
        "admin": {
            "system-monitor": {"gil": {"enabled": False}, "interval": "2s"},
            "tick": {"interval": "200ms"},
        },
        "nanny": {"pre-spawn-environ": {"MALLOC_TRIM_THRESHOLD_": None}},
    }
}
"""Dask settings of a local cluster's workers. Dask's statistical profiler samples every running
task's stack every 10 ms, which the rules engine's and pyx12's deep stacks make costly (set the
same for a cluster of your own: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False). And Dask's
nanny starts each worker with `MALLOC_TRIM_THRESHOLD_=65536`, which turns off glibc's adaptive
mmap threshold: durable_rules' per-evaluation buffers then come from fresh mmap'd pages every
claim, and its `assert_facts` took 5x the CPU it takes in one process (2.0 s against 0.4 s for
10,000 claims; judging 60% more in all). Here the variable is not set, as in one process; on a
cluster of your own, start the workers without it (`dask worker --no-nanny`, or an environment
where the nanny's `distributed.nanny.pre-spawn-environ` leaves it out). Dask's own clocks tick
less often (memory monitor every 1 s, not 100 ms; system monitor every 2 s; event-loop tick
every 200 ms, not 20 ms): an idle local cluster of 2 workers burnt 0.45 CPU-second per 10 s in
this process and 0.18 in each worker, 0.11 and 0.04 with these."""


@dataclass(slots=True)
class Cluster:
    """Where a batch runs: `jobs` local worker processes, or a running scheduler's workers."""

    jobs: int = 1
    scheduler: str | None = None

    @classmethod
    def from_options(cls, jobs: int, scheduler: str | None) -> Cluster:
        """`--jobs` and `--scheduler` (else `PEERCLAIMS_DASK_SCHEDULER`)."""
        address = scheduler or os.environ.get(SCHEDULER_SETTING) or None
        if address is not None and jobs > 1:
            raise UsageError("--jobs starts a local cluster: drop it to use --scheduler")
        return cls(jobs=jobs, scheduler=address)

    @property
    def wanted(self) -> bool:
        """Whether the batch runs on Dask at all (one process with no Dask is the default)."""
        return self.jobs > 1 or self.scheduler is not None

    def client(self) -> Client:
        """A client of the cluster (a local one is started, and stopped with the client)."""
        from distributed import Client, LocalCluster  # noqa: PLC0415 - only a cluster run

        if self.scheduler is not None:
            try:
                return Client(self.scheduler, timeout="5s")  # type: ignore[no-untyped-call]
            except (OSError, ValueError) as exc:  # ValueError: an address Dask cannot read
                raise UsageError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
                ) from None
        import dask  # noqa: PLC0415

        dask.config.update(dask.config.config, WORKER_CONFIG, priority="new")
        with warnings.catch_warnings():  # a slow disk or a busy port is no concern of the answer
            warnings.simplefilter("ignore")
            local = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=50,
            )
            client = Client(local)  # type: ignore[no-untyped-call]
        client.__dict__["_peerclaims_local"] = local
        return client


@dataclass(frozen=True, slots=True)
class OnCluster:
    """A batch run's cluster: its client, and how its workers build the engine (None: no rules)."""

    client: Client
    spec: EngineSpec | None


def close(client: Client) -> None:
    """Close the client, and the local cluster it started."""
    local = client.__dict__.get("_peerclaims_local")
    client.close()  # type: ignore[no-untyped-call]
    if local is not None:
        local.close()


def _form(sink: ClaimSink) -> Form:
    if isinstance(sink, JsonSpool):
        return "entry"
    return "none" if isinstance(sink, CountSink) else "model"


@dataclass(slots=True)
class _Scanned:
    """The batch as scanned here: each source's transaction sets and problems outside them."""

    sets: list[tuple[int, int]] = field(default_factory=list)
    outside: dict[int, list[Problem]] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)

    def add(self, index: int, source: Source) -> bytes | None:
        """Scan one source: its bytes, or None for a file that cannot be read at all."""
        try:
            data = _load(source)
            reader = FileReader(data, source.name)  # scans the bytes
        except InputError as exc:
            self.outside[index] = [unreadable_problem(source.name, exc)]
            self.unreadable.add(index)
            return None
        s = reader.scan
        total = sum(len(gs.transactions) for isa in s.interchanges for gs in isa.groups)
        self.outside[index] = reader.outside_problems()
        self.sets += [(index, ordinal) for ordinal in range(total)]
        return data


@dataclass(slots=True)
class BatchRun:
    """A batch judged on the cluster: the files' problems, and what each claim sent back (kept
    in `files` only when no `emit` took the answers as they came)."""

    files: list[list[Any]]
    """Per source, in input order, what its claims' judge sent back, in input order."""
    errors: list[Problem]
    """Every problem of the batch, in the order one process reports them."""
    unreadable: int
    packs: set[str]
    reads: Keys
    withdrawn: list[Withdrawal] = field(default_factory=list)
    """The replacements and voids judged, in input order (`Judged.withdrawn`)."""
    refs: dict[str, RulePackRef] = field(default_factory=dict)
    """The references of `packs`, by id, as the workers' engines gave them."""


def run_batch(
    sources: Sequence[Source],
    client: Client,
    judging: PartJudge,
    *,
    group: frozenset[str] | EngineSpec = frozenset(),
    partitioned: bool = True,
    emit: Emit | None = None,
) -> BatchRun:
    """Read `sources` on the cluster, partition their claims by history key (`partitioned`;
    else each transaction set is its own partition), judge each partition with `judging`.

    `group`: the modifiers of a group line (`group_modifiers`), or the spec of the engine whose
    packs' modifiers the workers take (this process then loads no pack).

    Each claim's answer goes to `emit` in input order as soon as every earlier claim's has
    (else into `BatchRun.files`)."""
    from distributed.client import FutureCancelledError  # noqa: PLC0415
    from distributed.comm.core import CommClosedError  # noqa: PLC0415
    from distributed.scheduler import KilledWorker  # noqa: PLC0415

    try:
        return _batch(sources, client, judging, group, partitioned, emit)
    except (KilledWorker, FutureCancelledError, CommClosedError):  # closed: a file's hand-over
        raise WorkerError(
            "a Dask worker died before judging every transaction set; nothing was recorded "
            "(run without --jobs or --scheduler to check the files in this process)"
        ) from None


def _batch(
    sources: Sequence[Source],
    client: Client,
    judging: PartJudge,
    group: frozenset[str] | EngineSpec,
    partitioned: bool,
    emit: Emit | None,
) -> BatchRun:
    from distributed import as_completed  # noqa: PLC0415

    scanned = _Scanned()
    reads: dict[tuple[int, int], Future[Any]] = {}
    small: dict[tuple[int, int], Future[Any]] = {}
    for index, source in enumerate(sources):  # the workers read a file while the next is scanned
        first = len(scanned.sets)
        data = scanned.add(index, source)
        if data is None:
            continue
        try:
            stored = client.scatter(data, hash=False)  # type: ignore[no-untyped-call]
        except TimeoutError:
            raise WorkerError(
                "no Dask worker is connected to the scheduler; nothing was recorded (run without "
                "--jobs or --scheduler to check the files in this process)"
            ) from None
        del data  # this process holds one file's bytes at a time
        for where in scanned.sets[first:]:
            reads[where] = client.submit(
                _read_set,
                stored,
                source.name,
                where[1],
                group,
                pure=False,
                key=f"read-{index}-{where[1]}-{uuid.uuid4().hex}",
            )
            small[where] = client.submit(_keys, reads[where], pure=False)
        del stored
    got = client.gather(list(small.values()))  # type: ignore[no-untyped-call]
    keys = {where: set_keys for where, (set_keys, _, _) in zip(small, got, strict=True)}
    problems = {where: (d, t) for where, (_, d, t) in zip(small, got, strict=True)}
    del small, got
    homes = _homes(keys) if partitioned else {}
    parts = _submit_parts(client, reads, keys, homes, judging)
    if not parts:  # no claim: a worker still builds its engine (a bad --state or --reference
        parts = [client.submit(judging, [], pure=False)]  # is said as in one process)
    counts = {where: len(claims) for where, claims in keys.items()}
    del reads, keys, homes  # a set's claims leave its worker once every judge reading them is done
    run = BatchRun(
        files=[[] for _ in sources],
        errors=[],
        unreadable=len(scanned.unreadable),
        packs=set(),
        reads=Keys(),
    )
    emit = emit or (lambda index, sent: run.files[index].append(sent))
    placed = InOrder(scanned.sets, counts)
    withdrawals: list[tuple[Order, Withdrawal]] = []
    finished = as_completed(parts)  # type: ignore[no-untyped-call]
    del parts  # each partition's answer leaves its worker once taken here
    for part in finished:
        result: PartDone = part.result()
        placed.take(result.judged, emit)
        run.packs |= result.packs
        run.refs.update((ref.id, ref) for ref in result.refs)
        if result.reads is not None:
            run.reads.update(result.reads)
        withdrawals += result.withdrawals
    assert placed.done, "a claim of the batch was never judged"
    run.withdrawn = [taken for _, taken in sorted(withdrawals, key=lambda pair: pair[0])]
    run.errors = _errors(len(sources), scanned, problems)
    return run


SetProblems = tuple[list[Problem], list[Problem]]
"""A transaction set's problems found during its read, and those reported after it."""


def _errors(
    sources: int, scanned: _Scanned, problems: dict[tuple[int, int], SetProblems]
) -> list[Problem]:
    """Every problem of the batch, in the order one process reports them."""
    of_source: dict[int, list[tuple[int, int]]] = {}
    for where in scanned.sets:
        of_source.setdefault(where[0], []).append(where)
    errors: list[Problem] = []
    for index in range(sources):
        during: list[Problem] = []
        trailing: list[Problem] = []
        for where in of_source.get(index, []):
            set_during, set_trailing = problems[where]
            during += set_during
            trailing += set_trailing
        outside = scanned.outside.get(index, [])
        placed = [p for p in [*trailing, *outside] if p.position is not None]
        placed.sort(key=lambda p: p.position.segment if p.position else 0)
        errors += [*during, *placed, *(p for p in outside if p.position is None)]
    return errors


def check_sources_distributed(
    sources: Sequence[Source],
    sink: ClaimSink,
    client: Client,
    engine: RulesEngine | None,
    spec: EngineSpec | None,
    *,
    progress: Callable[[int], None] | None = None,
    recorded: list[RecordedLine] | None = None,
) -> CheckRun:
    """`check_sources` on a Dask cluster: the same result, in the same order. Each claim goes
    to `sink` as soon as every earlier one has: this process holds no batch of answers.

    With no `engine` here but a `spec`, the workers' engines give the group modifiers and the
    packs' references: this process builds no engine and loads no pack."""
    judging = CheckJudge(spec, _form(sink), recorded is not None)
    group: frozenset[str] | EngineSpec = frozenset()
    if engine is not None:
        group = group_modifiers(engine.packs.values())
    elif spec is not None:
        group = spec
    totals = _Totals()

    def emit(index: int, sent: Any) -> None:
        del index
        out, counts, lines = sent
        if recorded is not None and lines:
            recorded.extend(lines)
        totals.add_counts(counts)
        _emit(sink, out)
        if progress is not None:
            progress(1)

    run = run_batch(sources, client, judging, group=group, partitioned=spec is not None, emit=emit)
    refs = ordered_refs(run.refs.values())
    if engine is not None:
        engine.used_packs.update(run.packs)
        refs = engine.pack_refs()
    return CheckRun(
        rule_packs=[_x12_pack_ref(), *refs],
        summary=totals.summary(),
        worklist=totals.work.worklist(),
        errors=run.errors,
        unreadable=run.unreadable,
        reads=run.reads if recorded is not None else None,
        withdrawn=run.withdrawn,
    )


def _submit_parts(
    client: Client,
    reads: dict[tuple[int, int], Future[Any]],
    keys: dict[tuple[int, int], list[ClaimKeys]],
    homes: dict[Order, tuple[int, int]],
    judging: PartJudge,
) -> list[Future[Any]]:
    """One judge task per home set, with the claims of its components read in other sets.

    The judges run in the order of their home sets (`priority`: Dask otherwise starts the one
    submitted last first, and every answer would wait here for the first partition's)."""
    wanted: dict[tuple[int, int], dict[tuple[int, int], list[int]]] = {w: {} for w in reads}
    for where, claims in keys.items():
        for position in range(len(claims)):
            home = homes.get((*where, position), where)
            wanted[home].setdefault(where, []).append(position)
    futures = []
    for rank, (home, by_set) in enumerate(wanted.items()):
        if not by_set:
            continue
        others = [
            (
                where,
                positions,
                client.submit(_select, reads[where], positions, pure=False, priority=-rank),
            )
            for where, positions in by_set.items()
            if where != home
        ]
        futures.append(
            client.submit(
                _judge_part,
                judging,
                home,
                reads[home],
                by_set.get(home, []),
                others,
                pure=False,
                priority=-rank,
            )
        )
    return futures


def _emit(sink: ClaimSink, out: str | ClaimResult | None) -> None:
    if isinstance(out, str):
        assert isinstance(sink, JsonSpool)
        sink.add_entry(out)
    elif out is not None:
        sink.add(out)
