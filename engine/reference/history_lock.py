"""Serialised recording: a run judges and records a member's lines as if it ran alone.

Every history key a judgment reads or a recorded line is counted under (a member id; a rendering
NPI with a day, which group checks read) hashes to one of `BUCKETS` rows of `history_locks`.
A run that records does this:

1. reads the bucket versions (`read_marks`), then the reference data and history, and judges
   its whole batch without holding anything (one-process speed);
2. opens one transaction (SQLite: `BEGIN IMMEDIATE`, the one writer; PostgreSQL: the rows of
   its buckets `SELECT ... FOR UPDATE`, in bucket order, so two runs never wait on each other
   crosswise) and compares the versions with its marks;
3. if no bucket moved, nobody recorded under its keys since it read the history: its verdicts are
   those of a run after every committed one, and its lines are stored and the versions of the
   buckets it wrote bumped in that transaction. If one moved, the history is read again inside
   the transaction and the batch judged again while the locks are held (`rejudge`), then stored.

So concurrent runs give the history and the verdicts of the same runs one after another (a test
and `bench/race.py` compare them), and a run waits only on runs that share a key with it (one
lock per bucket per batch, never a round trip per line). Hash collisions only serialise more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, or_, select, text, update

from peerclaims.engine.reference.models import RecordedLine, ReferenceData
from peerclaims.engine.reference.tables import HistoryLockRow, HistoryRow

BUCKETS = 4096
"""Rows of `history_locks` (seeded by migration 0003)."""

MIGRATION_LOCK = 0x70636C61696D73
"""The PostgreSQL advisory lock key migrations run under ("pclaims")."""

Marks = dict[int, int]
"""Bucket -> version, as read before the history a batch was judged on."""


def _bucket(kind: str, key: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def member_bucket(member_id: str) -> int:
    """The bucket of a member id."""
    return _bucket("m", member_id)


def peer_day_bucket(rendering_npi: str, day: date) -> int:
    """The bucket of a (rendering NPI, day) pair."""
    return _bucket("p", f"{rendering_npi}\x00{day.isoformat()}")


@dataclass(slots=True)
class Batch:
    """What a run records, and the history keys its judgments read."""

    lines: list[RecordedLine] = field(default_factory=list)
    members: set[str] = field(default_factory=set)
    """Member ids whose history was read."""
    peer_days: set[tuple[str, date]] = field(default_factory=set)
    """(rendering NPI, day) pairs whose history was read."""
    withdrawn: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    """(member id, claim id, billing NPI, payer claim number) of each replacement or void
    judged: the recorded lines of the claim it names are removed before the lines are stored."""
    predictions: list[dict[str, Any]] = field(default_factory=list)
    """A `predictions` row (tables.PredictionRow, without the recording's id, time and source)
    for every line judged, accepted or rejected: stored with the lines, never history."""

    def written(self) -> set[int]:
        """The buckets the lines are counted under (and those of members whose lines a
        replacement or void removes)."""
        found: set[int] = {member_bucket(member) for member, *_ in self.withdrawn}
        for line in self.lines:
            found.add(member_bucket(line.member_id))
            # Group checks read by the rendering peer and day (history.yaml's provider_npi is the
            # billing provider; rendering_npi the peer, absent when the provider rendered it).
            found.add(peer_day_bucket(line.rendering_npi or line.provider_npi, line.service_date))
        return found

    def buckets(self) -> set[int]:
        """Every bucket read or written."""
        found = self.written()
        found.update(member_bucket(m) for m in self.members)
        found.update(peer_day_bucket(npi, day) for npi, day in self.peer_days)
        return found


Rejudge = Callable[[ReferenceData], Batch]
"""Judge the batch again on this reference data (read under the locks); what to record now."""


def begin_exclusive(connection: Connection, lock_timeout: float) -> None:
    """Make the transaction just begun the one that may write the store's history.

    SQLite: `BEGIN IMMEDIATE` (the database's write lock, waited for up to the busy timeout).
    PostgreSQL: a lock wait limit for this transaction (the locks are the bucket rows).
    Must be the transaction's first statement.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config('lock_timeout', :limit, true)"),
            {"limit": f"{max(1, int(lock_timeout * 1000))}ms"},
        )


def lock_migrations(connection: Connection) -> None:
    """Hold the migration lock until the transaction ends (PostgreSQL; SQLite holds its write
    lock from `begin_exclusive` already)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def read_marks(connection: Connection) -> Marks:
    """Every bucket's version now."""
    query = select(HistoryLockRow.bucket, HistoryLockRow.version)
    return {int(b): int(v) for b, v in connection.execute(query)}


def lock(connection: Connection, buckets: Iterable[int]) -> Marks:
    """Lock the buckets (in order) until the transaction ends; returns their versions."""
    wanted = sorted(set(buckets))
    if not wanted:
        return {}
    query = (
        select(HistoryLockRow.bucket, HistoryLockRow.version)
        .where(HistoryLockRow.bucket.in_(wanted))
        .order_by(HistoryLockRow.bucket)
        .with_for_update()  # PostgreSQL row locks; SQLite holds its write lock already
    )
    return {int(b): int(v) for b, v in connection.execute(query)}


def bump(connection: Connection, buckets: Iterable[int] | None) -> None:
    """Add one to the versions of `buckets` (None: of every bucket)."""
    statement = update(HistoryLockRow).values(version=HistoryLockRow.version + 1)
    if buckets is None:
        connection.execute(statement)
        return
    wanted = sorted(set(buckets))
    if wanted:
        connection.execute(statement.where(HistoryLockRow.bucket.in_(wanted)))


def moved(marks: Marks, now: Marks) -> bool:
    """Whether a locked bucket's version is not the one the batch was judged after."""
    return any(marks.get(bucket) != version for bucket, version in now.items())


def withdraw(connection: Connection, batch: Batch) -> int:
    """Remove the recorded lines of the claims the batch's replacements and voids name (same
    member and billing provider; the claim's CLM01, or the payer claim number an 835 paid it
    under); returns how many."""
    removed = 0
    for member_id, claim_id, billing_npi, payer_claim in batch.withdrawn:
        same = HistoryRow.claim_id == claim_id
        if payer_claim is not None:
            same = or_(same, HistoryRow.payer_claim_id == payer_claim)
        statement = delete(HistoryRow).where(
            HistoryRow.member_id == member_id,
            HistoryRow.provider_npi == billing_npi,
            HistoryRow.claim_id.is_not(None),
            same,
        )
        removed += int(connection.execute(statement).rowcount)
    return removed
