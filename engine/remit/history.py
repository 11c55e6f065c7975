"""The payer's answer in the history: paid lines stay (marked paid), denied lines leave, reversals
undo; and the predictions `check --record` kept (`remit` without `--result`).

A line `check --record` stored was predicted accepted. When an 835 pays it, its row is marked
``basis = 'paid'`` with the 835 file and CLP07 (migration 0006); a paid line that was not recorded
(a result document's claim) is added, with the same marks. A line the 835 denied is removed: it
was never a service the payer counts against a cap. A reversal (CLP02 22) removes the claim's
paid lines. Every change bumps the history locks, so a run judged on the history before it is
judged again (history_lock.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from peerclaims.engine.reference.history_lock import begin_exclusive, bump
from peerclaims.engine.reference.rows import canonical_units
from peerclaims.engine.reference.store import Store, StoreError, _insert_ignoring_duplicates
from peerclaims.engine.reference.tables import HistoryRow, MemberRow, PredictionRow
from peerclaims.engine.remit.match import Matched, PredictedLine, Prediction
from peerclaims.engine.remit.predicted import predictions_of

PAID = "paid"


def recorded_predictions(
    store: Store, claim_ids: set[str], member_ids: Collection[str] = ()
) -> list[Prediction]:
    """The predictions `check --record` kept for the claims among `claim_ids` or of the members
    among `member_ids` (matching by member, date and amount), accepted and rejected lines alike
    (`predicted.py`). A claim among `claim_ids` recorded before predictions were kept (0008)
    comes from its history lines: every line accepted, the state the member's, no charge."""
    if not claim_ids and not member_ids:
        return []
    chosen: ColumnElement[bool] = PredictionRow.claim_id.in_(sorted(claim_ids))
    if member_ids:
        chosen = or_(chosen, PredictionRow.member_id.in_(sorted(member_ids)))
    kept = (
        select(PredictionRow)
        .where(chosen)
        .order_by(
            PredictionRow.recorded_at,
            PredictionRow.recording_id,
            PredictionRow.claim_id,
            PredictionRow.line_number,
            PredictionRow.id,
        )
    )
    try:
        with Session(store._engine) as session:
            store._require_current(session.connection())
            stored = predictions_of(session.scalars(kept))
            known = {p.claim_id for p in stored}
            earlier = _history_predictions(session, claim_ids - known)
    except SQLAlchemyError as exc:
        raise StoreError(store.database, str(exc).splitlines()[0]) from exc
    return stored + earlier


def _history_predictions(session: Session, claim_ids: set[str]) -> list[Prediction]:
    if not claim_ids:
        return []
    query = (
        select(HistoryRow)
        .where(HistoryRow.claim_id.in_(sorted(claim_ids)))
        .order_by(HistoryRow.claim_id, HistoryRow.line_number, HistoryRow.id)
    )
    grouped: dict[str, list[HistoryRow]] = defaultdict(list)
    for row in session.scalars(query):
        grouped[row.claim_id or ""].append(row)
    members = {rows[0].member_id for rows in grouped.values()}
    found = session.execute(
        select(MemberRow.member_id, MemberRow.state).where(MemberRow.member_id.in_(sorted(members)))
    )
    states: dict[str, str] = dict(found.all())
    return [
        Prediction(
            claim_id=claim_id,
            member_id=rows[0].member_id,
            billed=None,
            state=states.get(rows[0].member_id),
            billing_npi=rows[0].provider_npi,
            lines=[
                PredictedLine(
                    line=row.line_number or 0,
                    procedure=row.procedure,
                    modifiers=tuple(m for m in row.modifiers.split(",") if m),
                    charge=None,
                    service_date=row.service_date,
                    denied=False,
                    units=row.units,
                    rendering_npi=row.rendering_npi,
                )
                for row in rows
            ],
            origin="history",
            recording_id=rows[0].recording_id,
            source=rows[0].source,
        )
        for claim_id, rows in grouped.items()
    ]


def record_payments(store: Store, matched: list[Matched]) -> dict[str, int]:
    """Apply the 835s to the history; returns counts: added, confirmed, removed, undone."""
    counts = {"added": 0, "confirmed": 0, "removed": 0, "undone": 0}
    now = datetime.now(UTC)
    recording = uuid.uuid4().hex
    try:
        with store._engine.begin() as connection:
            begin_exclusive(connection, store.lock_timeout)
            store._require_current(connection)
            insert = _insert_ignoring_duplicates(connection, store.database)
            for m in matched:
                remit = m.remit
                if remit.reversal:
                    gone = connection.execute(
                        delete(HistoryRow).where(
                            HistoryRow.claim_id == remit.claim_id, HistoryRow.basis == PAID
                        )
                    )
                    counts["undone"] += int(gone.rowcount)
                    continue
                p = m.prediction
                if p is None:
                    continue
                for line, predicted in m.pairs:
                    if predicted is None:
                        continue
                    denied = line.denied if line is not None else remit.denied
                    mine = (HistoryRow.claim_id == p.claim_id) & (
                        HistoryRow.line_number == predicted.line
                    )
                    if denied:
                        gone = connection.execute(delete(HistoryRow).where(mine))
                        counts["removed"] += int(gone.rowcount)
                        continue
                    marks = {
                        "basis": PAID,
                        "remittance": remit.file,
                        "payer_claim_id": remit.payer_claim_id,
                    }
                    done = connection.execute(update(HistoryRow).where(mine).values(**marks))
                    if done.rowcount:
                        counts["confirmed"] += int(done.rowcount)
                        continue
                    row = _new_row(p, predicted, marks, recording, now)
                    if row is not None:
                        counts["added"] += len(connection.execute(insert, [row]).all())
            bump(connection, None)
    except SQLAlchemyError as exc:
        raise StoreError(
            store.database, f"recording the 835 failed, nothing changed: {str(exc).splitlines()[0]}"
        ) from exc
    return counts


def _new_row(
    p: Prediction, line: PredictedLine, marks: dict[str, Any], recording: str, now: datetime
) -> dict[str, Any] | None:
    if not (p.member_id and p.billing_npi and line.procedure and line.service_date):
        return None  # not enough to count the line against a cap: not recorded
    return {
        "member_id": p.member_id,
        "provider_npi": p.billing_npi,
        "procedure": line.procedure,
        "modifiers": ",".join(sorted(line.modifiers)),
        "service_date": line.service_date,
        "units": canonical_units(line.units if line.units is not None else Decimal(1)),
        "rendering_npi": line.rendering_npi if line.rendering_npi != p.billing_npi else None,
        "claim_id": p.claim_id,
        "line_number": line.line,
        "recording_id": recording,
        "recorded_at": now,
        "source": p.source,
        **marks,
    }
