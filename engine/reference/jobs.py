"""Jobs in the store: the large checks the service runs on Dask workers (migration 0009).

Every process of the service (`serve --workers N`) and every Dask worker reaches the same
store, so a job's state lives here: `add` (the submitting process: `queued`), `start` (the
worker: `running`), `finish` (the worker, or the submitting process when the worker's task
failed: `done` or `failed`, with the answer). The answer is kept zlib-compressed (a JSON result
is ~40 times the size of its 837 and compresses well) until `hours` after the job was made:
`add` purges the older jobs first, finished or not.

A job's answer holds claim content, as the history does: only the key that submitted the job
reads it (`job(..., key_id)` answers None for any other key).
"""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from sqlalchemy import Update, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from peerclaims.engine.reference.store import Store, StoreError
from peerclaims.engine.reference.tables import JobRow

JobStatus = Literal["queued", "running", "done", "failed"]
STATUSES: Final[tuple[JobStatus, ...]] = ("queued", "running", "done", "failed")
FINISHED: Final = frozenset({"done", "failed"})
_COMPRESSION = 1
"""zlib level: level 1 keeps a JSON result at about a tenth of its size, quickly."""
_JOB_ID_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Job:
    """A job's state (never its answer): see `JobRow`."""

    job_id: str
    key_id: str
    status: JobStatus
    created: datetime
    started: datetime | None
    finished: datetime | None
    output_format: str
    name: str
    body_bytes: int
    record: bool
    decision_id: str | None
    status_code: int | None


@dataclass(frozen=True, slots=True)
class JobAnswer:
    """A finished job's answer: what the synchronous check would have answered."""

    status_code: int
    media_type: str
    text: str
    decision_id: str | None


def _status(text: str) -> JobStatus:
    for status in STATUSES:
        if text == status:
            return status
    return "failed"  # unreachable under the table's check constraint


def _job(row: JobRow) -> Job:
    return Job(
        job_id=row.job_id,
        key_id=row.key_id,
        status=_status(row.status),
        created=row.created,
        started=row.started,
        finished=row.finished,
        output_format=row.output_format,
        name=row.name,
        body_bytes=row.body_bytes,
        record=row.record,
        decision_id=row.decision_id,
        status_code=row.status_code,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _failed(store: Store, doing: str, exc: SQLAlchemyError) -> StoreError:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return StoreError(store.database, f"{doing}: {text.splitlines()[0] if text else exc}")


def add(
    store: Store,
    key_id: str,
    output_format: str,
    name: str,
    body_bytes: int,
    *,
    record: bool,
    hours: float,
) -> Job:
    """A new queued job of `key_id`; jobs made more than `hours` ago are removed first."""
    now = _now()
    job_id = uuid.uuid4().hex
    row = {
        "job_id": job_id,
        "key_id": key_id,
        "status": "queued",
        "created": now,
        "started": None,
        "finished": None,
        "output_format": output_format,
        "name": name,
        "body_bytes": body_bytes,
        "record": record,
        "decision_id": None,
        "status_code": None,
        "media_type": None,
        "result": None,
    }
    try:
        with store._engine.begin() as connection:
            store._require_current(connection)
            connection.execute(delete(JobRow).where(JobRow.created < now - timedelta(hours=hours)))
            connection.execute(insert(JobRow), [row])
    except SQLAlchemyError as exc:
        raise _failed(store, "adding a job failed", exc) from exc
    return Job(
        job_id=job_id,
        key_id=key_id,
        status="queued",
        created=now,
        started=None,
        finished=None,
        output_format=output_format,
        name=name,
        body_bytes=body_bytes,
        record=record,
        decision_id=None,
        status_code=None,
    )


def _usable_id(job_id: str) -> bool:
    return isinstance(job_id, str) and 0 < len(job_id) <= _JOB_ID_LENGTH


def job(store: Store, job_id: str, key_id: str) -> Job | None:
    """The job, if it exists and `key_id` submitted it."""
    if not _usable_id(job_id):
        return None
    try:
        with Session(store._engine) as session:
            store._require_current(session.connection())
            row = session.get(JobRow, job_id)
            return None if row is None or row.key_id != key_id else _job(row)
    except SQLAlchemyError as exc:
        raise _failed(store, "reading a job failed", exc) from exc


def answer(store: Store, job_id: str, key_id: str) -> JobAnswer | None:
    """A finished job's answer, if it exists and `key_id` submitted it."""
    if not _usable_id(job_id):
        return None
    query = select(
        JobRow.key_id, JobRow.status_code, JobRow.media_type, JobRow.result, JobRow.decision_id
    ).where(JobRow.job_id == job_id, JobRow.status.in_(FINISHED))
    try:
        with store._engine.connect() as connection:
            store._require_current(connection)
            found = connection.execute(query).first()
    except SQLAlchemyError as exc:
        raise _failed(store, "reading a job's answer failed", exc) from exc
    if found is None or found.key_id != key_id or found.result is None:
        return None
    return JobAnswer(
        status_code=int(found.status_code or 500),
        media_type=str(found.media_type),
        text=zlib.decompress(found.result).decode("utf-8"),
        decision_id=found.decision_id,
    )


def _changed_one(store: Store, statement: Update, failing: str) -> bool:
    """Run an update of one job in its own transaction: True when it changed that row."""
    try:
        with store._engine.begin() as connection:
            store._require_current(connection)
            return connection.execute(statement).rowcount == 1
    except SQLAlchemyError as exc:
        raise _failed(store, failing, exc) from exc


def start(store: Store, job_id: str) -> bool:
    """Mark a queued job running (now); False when it is not queued (purged, or taken)."""
    statement = (
        update(JobRow)
        .where(JobRow.job_id == job_id, JobRow.status == "queued")
        .values(status="running", started=_now())
    )
    return _changed_one(store, statement, "starting a job failed")


def finish(
    store: Store,
    job_id: str,
    status: Literal["done", "failed"],
    status_code: int,
    media_type: str,
    text: str,
    decision_id: str | None = None,
) -> bool:
    """Keep a job's answer and mark it done or failed (now); False when it had finished
    already (or is gone): a finished job's answer never changes."""
    statement = (
        update(JobRow)
        .where(JobRow.job_id == job_id, JobRow.status.not_in(FINISHED))
        .values(
            status=status,
            finished=_now(),
            status_code=status_code,
            media_type=media_type,
            result=zlib.compress(text.encode("utf-8"), _COMPRESSION),
            decision_id=decision_id,
        )
    )
    return _changed_one(store, statement, "finishing a job failed")


def counts(store: Store) -> dict[str, int]:
    """How many jobs the store keeps, by status (every status named, 0 when none)."""
    query = select(JobRow.status, func.count()).group_by(JobRow.status)
    try:
        with store._engine.connect() as connection:
            store._require_current(connection)
            found = {str(status): int(count) for status, count in connection.execute(query)}
    except SQLAlchemyError as exc:
        raise _failed(store, "counting jobs failed", exc) from exc
    return {status: found.get(status, 0) for status in STATUSES}
