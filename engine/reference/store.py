"""The reference store: reference data and paid history kept in a database (SQLite or PostgreSQL).

`Store(url)` opens the database; `migrate()` brings its schema to the latest Alembic revision
(configured here in code; the scripts are in `migrations/`); `load(data)` replaces the reference
data in one transaction, so a failure leaves the previous data whole; `reference()` reads it all
back as `ReferenceData`. History has two sources: the lines of `history.yaml`, replaced by each
`load`, and the accepted lines `record` stores (`check --record`), which a `load` keeps.
Recording the same claim line again stores nothing new. Recording is serialised per member
(`history_lock.py`): concurrent runs record what the same runs one after another would, and
`migrate` runs under a lock, so processes starting together on an empty store create it once.

API keys and decision records (`keys`): `create_key` makes a key and returns its secret once,
keeping only the secret's SHA-256; `authenticate` finds the key a presented secret belongs to;
`record_decision` keeps what a check decided (no claim content beyond claim ids and statuses), each
in one transaction of its own, so concurrent workers neither lose nor double a record.

Every database problem becomes a one-line `StoreError` naming the database (password hidden).
"""

from __future__ import annotations

import hmac
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from pydantic import ValidationError
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from peerclaims.engine.errors import PeerclaimsError
from peerclaims.engine.reference.history_lock import (
    Batch,
    Marks,
    Rejudge,
    begin_exclusive,
    bump,
    lock,
    lock_migrations,
    moved,
    read_marks,
    withdraw,
)
from peerclaims.engine.reference.key_rows import (
    claim_entry,
    decision_record,
    format_argument,
    label_text,
    pack_entry,
    sha256_argument,
    summary_argument,
)
from peerclaims.engine.reference.keys import (
    ROLES,
    ApiKey,
    DecisionRecord,
    Role,
    new_key_id,
    new_secret,
    parse_secret,
    secret_sha256,
    validate_scopes,
)
from peerclaims.engine.reference.models import (
    HistoryLine,
    RecordedLine,
    ReferenceData,
)
from peerclaims.engine.reference.rows import (
    history_line,
    history_row,
    read_reference,
    reference_rows,
)
from peerclaims.engine.reference.settings import Settings, get_settings
from peerclaims.engine.reference.tables import (
    REFERENCE_TABLES,
    ApiKeyRow,
    DecisionRow,
    HistoryRow,
    PredictionRow,
)

MIGRATIONS = Path(__file__).with_name("migrations")
"""The Alembic script folder (env.py, script.py.mako, versions/)."""


class StoreError(PeerclaimsError):
    """The reference store cannot be used or refused a change; names the database."""

    def __init__(self, database: str, problem: str) -> None:
        self.database = database
        super().__init__(f"{database}: {problem}")


if TYPE_CHECKING:
    from alembic.config import Config

SCHEMA_REVISION = "0009"
"""The newest migration in `migrations/versions` (a test holds it to Alembic's head).

A check compares the database's `alembic_version` with this instead of asking Alembic: importing
Alembic's script machinery costs ~11 MB of RSS, which a check that never migrates does not need.
"""


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the store's migrations, built in code (no alembic.ini)."""
    from alembic.config import Config  # noqa: PLC0415 - Alembic only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Store:
    """A reference store at a SQLAlchemy URL; use as a context manager or call `close()`."""

    def __init__(self, url: str, *, lock_timeout: float = 60.0) -> None:
        self.lock_timeout = lock_timeout
        """Seconds a write waits for another run's lock before it fails."""
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(
                "database URL", "cannot be parsed (dialect+driver://user@host/db)"
            ) from exc
        self.database = parsed.render_as_string(hide_password=True)
        """The URL with any password hidden, as messages show it."""
        options: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            path = parsed.database or ""
            if path in {"", ":memory:"} or parsed.query.get("mode") == "memory":
                options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            else:
                options = {"connect_args": {"timeout": lock_timeout}}
            if path not in {"", ":memory:"} and not path.startswith("file:"):
                try:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(self.database, f"cannot create its folder: {exc}") from exc
        else:  # a server: a long-running service outlives its connections (database restarts)
            options = {"pool_pre_ping": True}
        try:
            self._engine: Engine = create_engine(parsed, **options)
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(self.database, f"no driver for this database: {exc}") from exc
        if parsed.get_backend_name() == "sqlite":
            event.listen(self._engine, "connect", _sqlite_foreign_keys)
        self._current = False
        """Whether the schema was found at `SCHEMA_REVISION` (checked until it is)."""

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Store:
        """The store the settings name (`PEERCLAIMS_DATABASE_URL`, else the SQLite file)."""
        chosen = settings or get_settings()
        return cls(chosen.resolved_database_url(), lock_timeout=chosen.lock_timeout_seconds)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def migrate(self) -> None:
        """Bring the schema to the latest revision (creates the tables in a new database).

        A database already at `SCHEMA_REVISION` is left as it is without loading Alembic. The
        migration runs in one transaction under a lock (SQLite's write lock, a PostgreSQL
        advisory lock) and looks at the revision again once it holds it: of several processes
        starting together on an empty store one creates the schema, the others find it made.
        """
        if self.revision() == SCHEMA_REVISION:
            return
        from alembic import command  # noqa: PLC0415 - Alembic only when migrating

        config = alembic_config()
        try:
            with self._engine.begin() as connection:
                begin_exclusive(connection, self.lock_timeout)
                lock_migrations(connection)
                if _current_revision(connection) == SCHEMA_REVISION:
                    return
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise StoreError(self.database, f"migration failed: {_first_line(exc)}") from exc

    def revision(self) -> str | None:
        """The schema revision of the database; None when it was never migrated."""
        try:
            with self._engine.connect() as connection:
                return _current_revision(connection)
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def load(self, data: ReferenceData) -> None:
        """Replace the reference data (and `history.yaml` lines) in one transaction.

        Lines stored by `record_lines` are kept; recorded lines in `data.history` (as `reference()`
        returns them) are recorded again, which adds only those not stored yet. On any failure
        nothing changes.
        """
        try:
            with Session(self._engine) as session, session.begin():
                begin_exclusive(session.connection(), self.lock_timeout)
                self._require_current(session.connection())
                bump(session.connection(), None)  # every bucket: the history changes
                session.execute(delete(HistoryRow).where(HistoryRow.claim_id.is_(None)))
                for table in reversed(REFERENCE_TABLES):
                    session.execute(delete(table))
                for table, rows in reference_rows(data):
                    if rows:
                        session.execute(insert(table), rows)
                recorded = [history_row(h) for h in data.history if isinstance(h, RecordedLine)]
                if recorded:
                    connection = session.connection()
                    connection.execute(
                        _insert_ignoring_duplicates(connection, self.database), recorded
                    )
        except IntegrityError as exc:
            raise StoreError(
                self.database, f"reference data refused, nothing changed: {_first_line(exc)}"
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(
                self.database, f"load failed, nothing changed: {_first_line(exc)}"
            ) from exc

    def reference(self) -> ReferenceData:
        """All the reference data, with history from `history.yaml` first, then recorded lines."""
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                return read_reference(session)
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc
        except ValidationError as exc:
            raise StoreError(self.database, f"stored data is invalid: {_first_line(exc)}") from exc

    def reference_marked(self) -> tuple[ReferenceData, Marks]:
        """`reference()` and the history's bucket versions read before it (for `record`)."""
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                marks = read_marks(session.connection())
                return read_reference(session), marks
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc
        except ValidationError as exc:
            raise StoreError(self.database, f"stored data is invalid: {_first_line(exc)}") from exc

    def record_lines(self, lines: Iterable[RecordedLine]) -> int:
        """Store accepted lines; returns how many were new (a line already stored is skipped)."""
        return self.record(Batch(lines=list(lines)))

    def record(
        self,
        batch: Batch,
        marks: Marks | None = None,
        rejudge: Rejudge | None = None,
        source: str | None = None,
    ) -> int:
        """Store a batch's lines as judged after every run committed before (history_lock.py).

        With `marks` (the versions read before the history the batch was judged on), a bucket
        of the batch that moved since means another run recorded under one of its keys: the
        history is read again under the locks and `rejudge` gives the batch to store. Returns
        how many lines were new. Nothing is stored when it fails (`StoreError`). The lines carry
        one new recording id, the time and `source` (the file names checked): `history.py`.
        """
        origin = {"recording_id": uuid.uuid4().hex, "recorded_at": _now(), "source": source}
        buckets = batch.buckets()
        for _ in range(_RELOCK_TRIES):
            try:
                with self._engine.begin() as connection:
                    begin_exclusive(connection, self.lock_timeout)
                    self._require_current(connection)
                    now = lock(connection, buckets)
                    if marks is not None and rejudge is not None and moved(marks, now):
                        with Session(bind=connection) as session:
                            batch = rejudge(read_reference(session))
                        more = batch.buckets() - buckets
                        if more:  # keys not locked: start again holding them all, in order
                            buckets |= more
                            raise _Relock
                    withdrawn = withdraw(connection, batch)
                    if batch.predictions:  # never history: no lock bucket moves for them
                        connection.execute(
                            insert(PredictionRow), [row | origin for row in batch.predictions]
                        )
                    rows = [history_row(line) | origin for line in batch.lines]
                    if not rows:
                        if withdrawn:
                            bump(connection, batch.written())
                        return 0
                    statement = _insert_ignoring_duplicates(connection, self.database)
                    added = len(connection.execute(statement, rows).all())
                    bump(connection, batch.written())
                    return added
            except _Relock:
                continue
            except SQLAlchemyError as exc:
                raise StoreError(
                    self.database, f"recording failed, nothing recorded: {_first_line(exc)}"
                ) from exc
        raise StoreError(self.database, "recording failed, nothing recorded: keys kept changing")

    def history(self, member_id: str) -> tuple[HistoryLine, ...]:
        """The member's history lines (loaded and recorded), by date of service."""
        query = (
            select(HistoryRow)
            .where(HistoryRow.member_id == member_id)
            .order_by(HistoryRow.service_date, HistoryRow.id)
        )
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                return tuple(history_line(row) for row in session.scalars(query))
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def create_key(
        self, role: Role, scopes: Sequence[str], label: str | None = None
    ) -> tuple[ApiKey, str]:
        """Make a key; returns it and its secret, to be shown once: only the SHA-256 is kept.

        The scopes are checked for the role (`keys.validate_scopes`); a bad one, or a label that
        is not one line of text, is a `UsageError`.
        """
        checked = validate_scopes(role, scopes)
        label = label_text(label)
        for attempt in range(1, 4):
            key = ApiKey(
                key_id=new_key_id(), role=role, scopes=checked, label=label, created=_now()
            )
            secret = new_secret(key.key_id)
            row = {
                "key_id": key.key_id,
                "secret_sha256": secret_sha256(secret),
                "role": key.role,
                "scopes": list(key.scopes),
                "label": key.label,
                "created": key.created,
                "revoked_at": None,
            }
            try:
                with self._engine.begin() as connection:
                    self._require_current(connection)
                    connection.execute(insert(ApiKeyRow), [row])
            except IntegrityError as exc:
                if attempt < 3:
                    continue  # a random id already taken (never seen in practice): another
                raise StoreError(
                    self.database, f"creating a key failed: {_first_line(exc)}"
                ) from exc
            except SQLAlchemyError as exc:
                raise StoreError(
                    self.database, f"creating a key failed: {_first_line(exc)}"
                ) from exc
            return key, secret
        raise AssertionError("unreachable: the last try returns or raises")

    def authenticate(self, presented: str) -> ApiKey | None:
        """The key a presented secret belongs to; None when malformed, unknown or revoked.

        The key is found by the id inside the secret; the hashes are compared in constant time.
        """
        key_id = parse_secret(presented)
        if key_id is None:
            return None
        digest = secret_sha256(presented)
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                row = session.get(ApiKeyRow, key_id)
                stored = row.secret_sha256 if row is not None else _NO_HASH
                matches = hmac.compare_digest(stored.encode("ascii"), digest.encode("ascii"))
                if row is None or not matches or row.revoked_at is not None:
                    return None
                return _api_key(row, self.database)
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def revoke_key(self, key_id: str) -> bool:
        """Revoke a key from now on; False when there is no such key or it was revoked already.

        The key's decision records are kept.
        """
        statement = (
            update(ApiKeyRow)
            .where(ApiKeyRow.key_id == key_id, ApiKeyRow.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
        try:
            with self._engine.begin() as connection:
                self._require_current(connection)
                return connection.execute(statement).rowcount == 1
        except SQLAlchemyError as exc:
            raise StoreError(self.database, f"revoking failed: {_first_line(exc)}") from exc

    def record_decision(
        self,
        key_id: str,
        input_sha256: str,
        output_format: str,
        rule_packs: Sequence[tuple[str, str, str]],
        claims: Sequence[tuple[str, str]],
        summary: Mapping[str, str | int],
    ) -> DecisionRecord:
        """Keep what one check decided, in one transaction, under a new unique id; returns it.

        `rule_packs` are (id, version, sha256), `claims` (claim id, status), `summary` the result
        summary fields (text or integers). A malformed argument is a `ValueError`; a key the store
        does not know is a `StoreError`.
        """
        record = DecisionRecord(
            decision_id=uuid.uuid4().hex,
            key_id=key_id,
            created=_now(),
            input_sha256=sha256_argument(input_sha256),
            output_format=format_argument(output_format),
            rule_packs=tuple(pack_entry(p) for p in rule_packs),
            claims=tuple(claim_entry(c) for c in claims),
            summary=summary_argument(summary),
        )
        row = {
            "decision_id": record.decision_id,
            "key_id": record.key_id,
            "created": record.created,
            "input_sha256": record.input_sha256,
            "output_format": record.output_format,
            "rule_packs": [list(p) for p in record.rule_packs],
            "claims": [list(c) for c in record.claims],
            "summary": record.summary,
        }
        for attempt in range(1, _LOCKED_TRIES + 1):
            try:
                with self._engine.begin() as connection:
                    self._require_current(connection)
                    connection.execute(insert(DecisionRow), [row])
            except IntegrityError as exc:
                raise StoreError(
                    self.database,
                    f"decision refused (is key {key_id} known?): {_first_line(exc)}",
                ) from exc
            except OperationalError as exc:
                # SQLite has one writer at a time; a writer that waited out its busy timeout
                # rolled back whole, so the same row (same id) is tried again.
                if attempt < _LOCKED_TRIES and self._sqlite_locked(exc):
                    time.sleep(_LOCKED_PAUSE * attempt)
                    continue
                raise StoreError(
                    self.database, f"recording the decision failed: {_first_line(exc)}"
                ) from exc
            except SQLAlchemyError as exc:
                raise StoreError(
                    self.database, f"recording the decision failed: {_first_line(exc)}"
                ) from exc
            return record
        raise AssertionError("unreachable: the last try returns or raises")

    def decision(self, decision_id: str) -> DecisionRecord | None:
        """A decision record by its id; None when there is none."""
        if not (isinstance(decision_id, str) and len(decision_id) <= 64):
            return None
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                row = session.get(DecisionRow, decision_id)
                return None if row is None else decision_record(row)
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def decisions_of(self, key_id: str, limit: int, offset: int = 0) -> list[DecisionRecord]:
        """The decision records `key_id` made, newest first: `limit` of them after `offset`."""
        query = (
            select(DecisionRow)
            .where(DecisionRow.key_id == key_id)
            .order_by(DecisionRow.created.desc(), DecisionRow.decision_id)
            .limit(limit)
            .offset(offset)
        )
        try:
            with Session(self._engine) as session:
                self._require_current(session.connection())
                return [decision_record(row) for row in session.scalars(query)]
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def count_decisions(self) -> int:
        """How many decision records the store keeps."""
        try:
            with self._engine.connect() as connection:
                self._require_current(connection)
                counted = connection.execute(select(func.count()).select_from(DecisionRow))
                return int(counted.scalar_one())
        except SQLAlchemyError as exc:
            raise StoreError(self.database, _first_line(exc)) from exc

    def _sqlite_locked(self, exc: OperationalError) -> bool:
        """Whether the error is SQLite's "database is locked" (another writer held it too long)."""
        return self._engine.dialect.name == "sqlite" and "locked" in _first_line(exc)

    def _require_current(self, connection: Connection) -> None:
        if self._current:
            return
        current = _current_revision(connection)
        if current == SCHEMA_REVISION:
            self._current = True  # a schema never goes back a revision under a running store
        else:
            raise StoreError(
                self.database,
                f"schema revision {current or 'none'}, expected {SCHEMA_REVISION}: "
                "migrate it first (`peerclaims reference load DIR` does)",
            )


def _current_revision(connection: Connection) -> str | None:
    """The revision in the database's `alembic_version` table; None without the table."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


class _Relock(Exception):  # noqa: N818 - a signal, not an error
    """The batch judged again reads or writes keys it did not lock: lock them all, again."""


_RELOCK_TRIES = 5

_NO_HASH = "0" * 64
"""Compared against when the key id is unknown, so that case takes the same time."""


_LOCKED_TRIES = 8
_LOCKED_PAUSE = 0.05
"""SQLite: how often a decision is tried when the file stays locked, and the pause (s) x try."""


def _now() -> datetime:
    return datetime.now(UTC)


def _api_key(row: ApiKeyRow, database: str) -> ApiKey:
    if row.role not in ROLES:
        raise StoreError(database, f"key {row.key_id} has an unknown role {row.role!r}")
    return ApiKey(
        key_id=row.key_id,
        role=row.role,
        scopes=tuple(str(scope) for scope in row.scopes),
        label=row.label,
        created=row.created,
    )


def _sqlite_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite enforces foreign keys only when asked, per connection."""
    del connection_record
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _first_line(exc: BaseException) -> str:
    """The first line of a driver's message (SQLAlchemy appends SQL and a link below it)."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _insert_ignoring_duplicates(connection: Connection, database: str) -> Any:
    """An INSERT of history rows that skips a row the unique constraint already holds."""
    name = connection.dialect.name
    if name == "postgresql":
        statement: Any = postgresql.insert(HistoryRow).on_conflict_do_nothing()
    elif name == "sqlite":
        statement = sqlite.insert(HistoryRow).on_conflict_do_nothing()
    else:
        raise StoreError(database, f"recording history needs SQLite or PostgreSQL, not {name}")
    return statement.returning(HistoryRow.id)
