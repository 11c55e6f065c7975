"""`check --record`: judge a batch, store its accepted lines, and only then give the answer.

`judge_and_record` runs `judge` (which judges the whole batch into a fresh sink on the engine's
current reference data, with a history that notes the keys it reads: `fresh_history`), then
stores the accepted lines, and the prediction of every line judged (accepted or rejected:
`remit/predicted.py`, what `peerclaims remit` matches 835s against), with `Store.record`:
serialised per member, and judged again under the locks when another run recorded under one of
the batch's keys since its history was read (history_lock.py). The caller writes the answer
only after this returns, so an answer never shows lines as recorded that were not: a recording
that fails raises a `StoreError` saying nothing was recorded and no result was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from peerclaims.engine.history_keys import Keys, TrackedHistory
from peerclaims.engine.reference.models import RecordedLine, ReferenceData

if TYPE_CHECKING:  # SQLAlchemy (under the last two) is loaded only by a run that records
    from peerclaims.engine.checks.evaluate import RulesEngine
    from peerclaims.engine.reference.history_lock import Batch, Marks
    from peerclaims.engine.reference.store import Store

T = TypeVar("T")


@dataclass(slots=True)
class Judged(Generic[T]):
    """A judged batch: what the caller keeps to answer, the lines to record, the keys read."""

    answer: T
    recorded: list[RecordedLine]
    reads: Keys | None
    """The history keys the judgments read (None: not tracked; then only lines are locked)."""
    withdrawn: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    """The replacements and voids judged (`RunHistory.withdrawals`): their originals' recorded
    lines leave the store when the batch is recorded."""
    predicted: list[dict[str, Any]] = field(default_factory=list)
    """The prediction of every line judged, accepted or rejected (`remit.predicted` rows):
    stored with the lines, in the same transaction; never history."""


def fresh_history(engine: RulesEngine, reference: ReferenceData | None = None) -> None:
    """Start the engine on a new run history (noting its reads), on `reference` if given."""
    if reference is not None:
        engine.reference = reference
    engine.history = TrackedHistory(engine.reference)
    engine.used_packs = set()


def batch_of(judged: Judged[T]) -> Batch:
    """What `Store.record` stores and locks for a judged batch."""
    from peerclaims.engine.reference.history_lock import Batch  # noqa: PLC0415

    reads = judged.reads
    return Batch(
        withdrawn=list(judged.withdrawn),
        lines=judged.recorded,
        predictions=judged.predicted,
        members=set(reads.members) if reads is not None else set(),
        peer_days=set(reads.peer_days) if reads is not None else set(),
    )


def _withdrawals(judged: Judged[T], engine: RulesEngine | None) -> Judged[T]:
    """`judged` with the replacements and voids its run judged (from the engine's history)."""
    if engine is not None and not judged.withdrawn:
        judged.withdrawn = list(engine.history.withdrawals)
    return judged


def judge_and_record(
    judge: Callable[[], Judged[T]],
    engine: RulesEngine | None,
    store: Store,
    marks: Marks | None,
    source: str | None = None,
) -> tuple[Judged[T], int]:
    """Judge the batch and record it; returns the judgment to answer and how many lines were new.

    `marks` are the bucket versions read before the engine's history (None when the history did
    not come from this store: then nothing is judged again). A `StoreError` says nothing was
    recorded; the caller must then not answer as if it was. `source` names the files checked.
    """
    if engine is not None:
        fresh_history(engine)
    judged = _withdrawals(judge(), engine)
    final = judged

    def rejudge(reference: ReferenceData) -> Batch:
        nonlocal final
        if engine is not None:
            fresh_history(engine, reference)
        final = _withdrawals(judge(), engine)
        return batch_of(final)

    added = store.record(
        batch_of(judged), marks, rejudge if marks is not None else None, source=source
    )
    return final, added
