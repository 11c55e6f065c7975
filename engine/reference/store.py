"""The reference store: reference data and paid history kept in a database (SQLite or PostgreSQL).

`Store(url)` opens the database; `migrate()` brings its schema to the latest Alembic revision
(configured here in code; the scripts are in `migrations/`); `load(data)` replaces the reference
data in one transaction, so a failure leaves the previous data whole; `reference()` reads it all
back as `ReferenceData`. History has two sources: the lines of `history.yaml`, replaced by each
`load`, and the accepted lines `record_lines` stores (`check --record`), which a `load` keeps.
Recording the same claim line again stores nothing new.

Every database problem becomes a one-line `StoreError` naming the database (password hidden).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import ValidationError
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from peerclaims.engine.errors import PeerclaimsError
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
    HistoryRow,
)

MIGRATIONS = Path(__file__).with_name("migrations")
"""The Alembic script folder (env.py, script.py.mako, versions/)."""


class StoreError(PeerclaimsError):
    """The reference store cannot be used or refused a change; names the database."""

    def __init__(self, database: str, problem: str) -> None:
        self.database = database
        super().__init__(f"{database}: {problem}")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for the store's migrations, built in code (no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Store:
    """A reference store at a SQLAlchemy URL; use as a context manager or call `close()`."""

    def __init__(self, url: str) -> None:
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
            elif not path.startswith("file:"):
                try:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(self.database, f"cannot create its folder: {exc}") from exc
        try:
            self._engine: Engine = create_engine(parsed, **options)
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(self.database, f"no driver for this database: {exc}") from exc
        if parsed.get_backend_name() == "sqlite":
            event.listen(self._engine, "connect", _sqlite_foreign_keys)
        self._head: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Store:
        """The store the settings name (`PEERCLAIMS_DATABASE_URL`, else the SQLite file)."""
        return cls((settings or get_settings()).resolved_database_url())

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
        """Bring the schema to the latest revision (creates the tables in a new database)."""
        config = alembic_config()
        try:
            with self._engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise StoreError(self.database, f"migration failed: {_first_line(exc)}") from exc

    def revision(self) -> str | None:
        """The schema revision of the database; None when it was never migrated."""
        try:
            with self._engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
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
                self._require_current(session.connection())
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

    def record_lines(self, lines: Iterable[RecordedLine]) -> int:
        """Store accepted lines; returns how many were new (a line already stored is skipped)."""
        rows = [history_row(line) for line in lines]
        if not rows:
            return 0
        try:
            with self._engine.begin() as connection:
                self._require_current(connection)
                statement = _insert_ignoring_duplicates(connection, self.database)
                return len(connection.execute(statement, rows).all())
        except SQLAlchemyError as exc:
            raise StoreError(self.database, f"recording failed: {_first_line(exc)}") from exc

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

    def _require_current(self, connection: Connection) -> None:
        if self._head is None:
            self._head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        current = MigrationContext.configure(connection).get_current_revision()
        if current != self._head:
            raise StoreError(
                self.database,
                f"schema revision {current or 'none'}, expected {self._head}: "
                "migrate it first (`peerclaims reference load DIR` does)",
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
