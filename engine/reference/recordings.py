"""What `check --record` stored, seen and undone: `peerclaims history list|show|remove`.

Each recording (one `check --record` run) has an id, a time and the file names it checked
(migration 0005). Lines loaded from `history.yaml` have no claim id and are never listed or
removed here: `reference load` replaces those. Removing lines also removes the predictions
`check --record` kept for them (migration 0008), rejected lines' included. Removing lines
bumps every history lock bucket, so a recording judged on the history before the removal is
judged again (history_lock.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from peerclaims.engine.errors import UsageError
from peerclaims.engine.reference.history_lock import begin_exclusive, bump
from peerclaims.engine.reference.store import Store, StoreError
from peerclaims.engine.reference.tables import HistoryRow, PredictionRow

EARLIER = "earlier"
"""The id shown for lines recorded before recordings had ids (migration 0005)."""


@dataclass(frozen=True)
class Recording:
    """One `check --record` run: its id, when, the files, how many claims and lines it stored."""

    recording_id: str
    recorded_at: datetime | None
    source: str | None
    claims: int
    lines: int


@dataclass(frozen=True)
class RecordedRow:
    """One stored line of a recording, as `history show` prints it."""

    recording_id: str
    recorded_at: datetime | None
    source: str | None
    claim_id: str
    line: int | None
    member_id: str
    service_date: date
    procedure: str
    units: Decimal


def _recorded() -> ColumnElement[bool]:
    return HistoryRow.claim_id.is_not(None)


def _selecting(
    recording_id: str | None, claim_id: str | None, source: str | None
) -> list[ColumnElement[bool]]:
    """The WHERE terms of a choice of lines; at least one of the three must be given."""
    if recording_id is None and claim_id is None and source is None:
        raise UsageError("say which lines: --decision ID, --claim CLAIM or --file NAME")
    terms = [_recorded()]
    if recording_id == EARLIER:
        terms.append(HistoryRow.recording_id.is_(None))
    elif recording_id is not None:
        terms.append(HistoryRow.recording_id == recording_id)
    if claim_id is not None:
        terms.append(HistoryRow.claim_id == claim_id)
    if source is not None:
        terms.append(HistoryRow.source == source)
    return terms


def _predictions(
    recording_id: str | None, claim_id: str | None, source: str | None
) -> list[ColumnElement[bool]]:
    """The same choice among the kept predictions (every one has a recording id)."""
    terms: list[ColumnElement[bool]] = []
    if recording_id is not None:
        terms.append(PredictionRow.recording_id == recording_id)
    if claim_id is not None:
        terms.append(PredictionRow.claim_id == claim_id)
    if source is not None:
        terms.append(PredictionRow.source == source)
    return terms


def recordings(store: Store) -> list[Recording]:
    """Every recording, newest first (lines recorded before ids existed as one, `earlier`)."""
    query = (
        select(
            HistoryRow.recording_id,
            func.max(HistoryRow.recorded_at),
            func.max(HistoryRow.source),
            func.count(func.distinct(HistoryRow.claim_id)),
            func.count(),
        )
        .where(_recorded())
        .group_by(HistoryRow.recording_id)
    )
    try:
        with Session(store._engine) as session:
            store._require_current(session.connection())
            found = [
                Recording(ident or EARLIER, when, source, claims, lines)
                for ident, when, source, claims, lines in session.execute(query)
            ]
    except SQLAlchemyError as exc:
        raise StoreError(store.database, str(exc).splitlines()[0]) from exc
    return sorted(found, key=lambda r: (r.recorded_at is not None, r.recorded_at), reverse=True)


def recorded_rows(
    store: Store,
    *,
    recording_id: str | None = None,
    claim_id: str | None = None,
    source: str | None = None,
) -> list[RecordedRow]:
    """The recorded lines chosen, by claim and line."""
    query = (
        select(HistoryRow)
        .where(*_selecting(recording_id, claim_id, source))
        .order_by(HistoryRow.claim_id, HistoryRow.line_number, HistoryRow.id)
    )
    try:
        with Session(store._engine) as session:
            store._require_current(session.connection())
            return [
                RecordedRow(
                    row.recording_id or EARLIER,
                    row.recorded_at,
                    row.source,
                    row.claim_id or "",
                    row.line_number,
                    row.member_id,
                    row.service_date,
                    row.procedure,
                    row.units,
                )
                for row in session.scalars(query)
            ]
    except SQLAlchemyError as exc:
        raise StoreError(store.database, str(exc).splitlines()[0]) from exc


def remove(
    store: Store,
    *,
    recording_id: str | None = None,
    claim_id: str | None = None,
    source: str | None = None,
) -> int:
    """Delete the recorded lines chosen, and the predictions kept for them (accepted or
    rejected: `remit` then finds no prediction); returns how many lines. `history.yaml` lines
    are kept."""
    statement = delete(HistoryRow).where(*_selecting(recording_id, claim_id, source))
    predicted = delete(PredictionRow).where(*_predictions(recording_id, claim_id, source))
    try:
        with store._engine.begin() as connection:
            begin_exclusive(connection, store.lock_timeout)
            store._require_current(connection)
            removed = connection.execute(statement).rowcount
            connection.execute(predicted)
            bump(connection, None)  # a run judged on the history before this judges again
            return int(removed)
    except SQLAlchemyError as exc:
        raise StoreError(store.database, f"nothing removed: {str(exc).splitlines()[0]}") from exc
