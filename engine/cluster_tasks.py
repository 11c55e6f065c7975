"""The tasks a Dask worker runs for a batch (engine/cluster.py): read one transaction set, hand
some of its claims to another partition, judge one partition in input order.

A worker keeps its rules engine from run to run (`EngineSpec`, `engine_for`): it builds one again
only when the packs or the reference folder changed (their files' digest, taken once per run), and
re-reads the store's reference data every run. The engine is made from the same packs and
reference data the command uses: on a cluster, the paths and the store URL must be the same on
every node.
"""

from __future__ import annotations

import gc
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from peerclaims.engine.check import _YOUNG_COLLECTION_EVERY, JsonSpool, claim_counts, judge
from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.history_keys import Keys, TrackedHistory
from peerclaims.engine.model import Claim
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.result import ClaimResult, RulePackRef
from peerclaims.engine.x12.reader import FileReader, collector_paused

if TYPE_CHECKING:
    from peerclaims.engine.checks.evaluate import RulesEngine
    from peerclaims.engine.packs.pack import Pack

Form = Literal["entry", "model", "none"]
"""What a judge task sends of a decided claim: its JSON spool entry, the model, or nothing."""
Order = tuple[int, int, int]
Withdrawal = tuple[str, str, str, str | None]
"""(member id, claim id, billing NPI, payer claim number) of a replacement or void."""
"""A claim's place in the batch: source, transaction set ordinal, claim in the set."""
PeerDay = tuple[str, Any]
ClaimKeys = tuple[str, tuple[PeerDay, ...]]
"""A claim's history keys: its member id and the (rendering NPI, day) of its group lines."""
Read = tuple[Claim, list[Finding], Position]


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """How a worker builds the rules engine this process uses; `token` names one run."""

    rules: str
    reference: str | None
    state: str | None
    trace: bool
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def of(cls, rules: Path, reference: Path | None, state: str | None, trace: bool) -> EngineSpec:
        """The spec of `build_engine(rules, reference, state=state, trace=trace)`."""
        where = str(reference.resolve()) if reference is not None else None
        return cls(str(rules.resolve()), where, state, trace)

    def fresh(self) -> EngineSpec:
        """The same engine for a new run (its files are looked at again, the store read again)."""
        return EngineSpec(self.rules, self.reference, self.state, self.trace)


def folders_digest(folders: Iterable[str | None]) -> str:
    """A digest of every file under each folder (its path in the folder and its bytes); None
    (the store) counts as a name only."""
    digest = hashlib.sha256()
    for folder in folders:
        if folder is None:
            digest.update(b"\x00store\x00")
            continue
        root = Path(folder)
        digest.update(b"\x00folder\x00")
        files = sorted(  # os.walk follows a symlinked folder, as the pack and reference loaders do
            Path(top) / name
            for top, _, names in os.walk(root, followlinks=True)
            if "__pycache__" not in Path(top).parts
            for name in names
        )
        for path in files:
            name = path.relative_to(root).as_posix().encode()
            data = path.read_bytes()
            digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
            digest.update(data)
    return digest.hexdigest()


@dataclass(slots=True)
class _Held:
    """What a worker keeps between runs: built from `key`'s folders as `content` found them."""

    key: tuple[object, ...]
    content: str
    run: str
    value: Any


_held: dict[str, _Held] = {}


def held_for_run(
    kind: str,
    key: tuple[object, ...],
    run: str,
    folders: Iterable[str | None],
    build: Callable[[], Any],
    refresh: Callable[[Any], None] | None = None,
) -> Any:
    """This worker's `kind` of engine(s) for run `run`: the one kept if `key` is the same and
    the files of `folders` are as they were (looked at once per run; then `refresh` it), else
    `build()` (the old one dropped first)."""
    held = _held.get(kind)
    if held is not None and held.run == run:
        return held.value
    content = folders_digest(folders)
    if held is not None and held.key == key and held.content == content:
        held.run = run
        if refresh is not None:
            refresh(held.value)
        return held.value
    _held.pop(kind, None)
    value = build()
    _held[kind] = _Held(key, content, run, value)
    return value


def engine_for(spec: EngineSpec) -> RulesEngine:
    """This worker's engine for the run `spec` names: kept from an earlier run of the same
    packs, reference folder, state and trace (the store's reference data is read again)."""
    from peerclaims.engine.checks.setup import build_engine, load_reference  # noqa: PLC0415

    reference = Path(spec.reference) if spec.reference is not None else None

    def build() -> RulesEngine:
        return build_engine(Path(spec.rules), reference, state=spec.state, trace=spec.trace)

    def refresh(engine: RulesEngine) -> None:
        if reference is None:  # the store: its data may have changed since the last run
            engine.reference = load_reference(engine.packs, None)

    key = (spec.rules, spec.reference, spec.state, spec.trace)
    folders = (spec.rules, spec.reference)
    engine: RulesEngine = held_for_run("check", key, spec.token, folders, build, refresh)
    return engine


@dataclass(slots=True)
class _SetRead:
    """What a read task made of one transaction set (kept on its worker)."""

    claims: list[Read]
    keys: list[ClaimKeys]
    during: list[Problem]
    trailing: list[Problem]

    def __sizeof__(self) -> int:
        # Dask places a judge task where its largest input is: the home set's claims
        return 4000 * len(self.claims) + 1000


GROUP_MODIFIERS = "federal.coding.group_modifiers"


def group_modifiers(packs: Iterable[Pack]) -> frozenset[str]:
    """Every code any date's group-modifier list holds (a superset keeps the partition exact)."""
    return frozenset(
        code
        for pack in packs
        for parameter in pack.parameters
        if parameter.name == GROUP_MODIFIERS
        for entry in parameter.entries
        if isinstance(entry.value, tuple)
        for code in entry.value
    )


def _read_set(data: bytes, name: str, ordinal: int, group: frozenset[str] | EngineSpec) -> _SetRead:
    """Read transaction set `ordinal` of one file: its claims' models and history keys (the
    group modifiers given, or those of the packs of this worker's engine for `group`)."""
    from peerclaims.engine.checks.context import rendering  # noqa: PLC0415

    if isinstance(group, EngineSpec):
        group = group_modifiers(engine_for(group).packs.values())
    reader = FileReader(data, name)
    claims: list[Read] = []
    keys: list[ClaimKeys] = []
    with collector_paused():
        for report in reader.transactions(frozenset({ordinal})):
            for reading in report.claims:
                claim = reading.claim
                claims.append((claim, list(reading.findings), reading.position))
                peer_days = tuple(
                    (rendering(claim, line)[0], line.service_date)
                    for line in claim.lines
                    if line.service_date is not None and group.intersection(line.modifiers)
                )
                keys.append((claim.member.member_id or "", peer_days))
            report.claims = []
    cut = len(reader.problems) - reader.trailing
    return _SetRead(claims, keys, reader.problems[:cut], reader.problems[cut:])


def _keys(read: _SetRead) -> tuple[list[ClaimKeys], list[Problem], list[Problem]]:
    return read.keys, read.during, read.trailing


def _select(read: _SetRead, positions: list[int]) -> list[Read]:
    """The claims at `positions` of a set read elsewhere (the models that cross workers)."""
    return [read.claims[p] for p in positions]


@dataclass(frozen=True, slots=True)
class PartDone:
    """What a judge task made of one partition: per claim its place and what it sends back."""

    judged: list[tuple[Order, Any]]
    packs: frozenset[str] = frozenset()
    """The ids of the packs that judged a claim of the partition."""
    reads: Keys | None = None
    withdrawals: list[tuple[Order, Withdrawal]] = field(default_factory=list)
    """The replacements and voids judged (`RunHistory.withdrawals`), each with its claim's place:
    what a recording takes out of the store."""
    refs: tuple[RulePackRef, ...] = ()
    """The references of `packs` (id, version, digest): the command loads no pack itself."""


class PartJudge(Protocol):
    """Judges one partition's claims, given in input order (on a worker)."""

    def __call__(self, todo: list[tuple[Order, Read]]) -> PartDone: ...


@dataclass(frozen=True, slots=True)
class CheckJudge:
    """`check`'s judging: each claim on the run's engine, as the sink wants it sent back."""

    spec: EngineSpec | None
    form: Form
    record: bool

    def __call__(self, todo: list[tuple[Order, Read]]) -> PartDone:
        """Judge in order on a history of the partition's own; JSON entry, model or counts."""
        engine = engine_for(self.spec) if self.spec is not None else None
        history: TrackedHistory | None = None
        if engine is not None:
            history = TrackedHistory(engine.reference)
            engine.history = history
            engine.used_packs = set()
        judged: list[tuple[Order, Any]] = []
        withdrawals: list[tuple[Order, Withdrawal]] = []
        for count, (order, (claim, findings, position)) in enumerate(todo, start=1):
            if count % _YOUNG_COLLECTION_EVERY == 0:
                gc.collect(0)  # durable_rules' actions leave small cycles behind each claim
            recorded: list[RecordedLine] | None = [] if self.record else None
            before = len(history.withdrawals) if history is not None else 0
            decided = judge(claim, findings, position, engine, recorded)
            if history is not None:
                withdrawals += [(order, taken) for taken in history.withdrawals[before:]]
            out: str | ClaimResult | None = None
            if self.form == "entry":
                out = JsonSpool.entry(decided)
            elif self.form == "model":
                out = decided
            judged.append((order, (out, claim_counts(decided), recorded or None)))
        packs = frozenset(engine.used_packs) if engine is not None else frozenset()
        refs = tuple(engine.pack_refs()) if engine is not None else ()
        reads = history.reads if history is not None else None
        return PartDone(judged, packs, reads, withdrawals, refs)


def _judge_part(
    judging: PartJudge,
    home: tuple[int, int],
    home_read: _SetRead,
    home_positions: list[int],
    others: list[tuple[tuple[int, int], list[int], list[Read]]],
) -> PartDone:
    """Judge one partition's claims in input order: the home set's and those read elsewhere."""
    todo: list[tuple[Order, Read]] = [((*home, p), home_read.claims[p]) for p in home_positions]
    for where, positions, reads in others:
        todo += [((*where, p), r) for p, r in zip(positions, reads, strict=True)]
    todo.sort(key=lambda item: item[0])
    with collector_paused():
        return judging(todo)
