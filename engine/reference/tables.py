"""The database tables of the reference store, as SQLAlchemy 2 typed declarative models.

One table per record kind, with the lists inside a record (a provider's credentials, a member's
enrollments, a contract's services) as child tables keyed by parent and position. `position`
keeps file order, so what is read back equals what was loaded. Modifiers are stored as one
string, the sorted set joined by commas (`HE,HQ`; empty for none). Amounts and units are exact
decimals: `numeric` on PostgreSQL, their text on SQLite (which has no decimal type).

History lines loaded from `history.yaml` have no claim id; lines recorded by `check --record`
carry theirs, and a unique constraint makes recording the same claim line twice a no-op.
`history_locks` holds the lock buckets that serialise recording by member (`history_lock.py`).

API keys (`api_keys`) keep only the SHA-256 of their secret; decision records (`decisions`) keep
what each check decided, with lists and the summary as JSON. Times are UTC (`UtcDateTime`).
`jobs` holds the large checks the service runs on Dask workers, and their answers for a while.

The schema is created by the Alembic migrations in `migrations/`, never by `create_all`; a test
compares the two.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names the migrations spell out too, so later migrations can refer to them."""


class ExactDecimal(TypeDecorator[Decimal]):
    """A `Decimal` stored exactly: `numeric` where the database has it, else its text."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """`numeric` (unbounded, keeps the scale) on PostgreSQL, text elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> object:
        """The value as the column stores it."""
        if value is None or dialect.name == "postgresql":
            return value
        return str(value)

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        """The stored value as a `Decimal`."""
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC `datetime`: `timestamptz` on PostgreSQL; SQLite keeps it as naive UTC text."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> object:
        """The time in UTC (naive on SQLite, which keeps no offset)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a stored time must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect: Dialect) -> datetime | None:
        """The stored time as an aware UTC `datetime`."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            value = datetime.fromisoformat(str(value))
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of the reference-store tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PayerRow(Base):
    """`payers.yaml`."""

    __tablename__ = "payers"
    __table_args__ = (CheckConstraint("kind IN ('ffs', 'mco')", name="kind"),)

    payer_id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(3))


class ProviderRow(Base):
    """`providers.yaml` (credentials in `CredentialRow`)."""

    __tablename__ = "providers"
    __table_args__ = (CheckConstraint("kind IN ('individual', 'organization')", name="kind"),)

    npi: Mapped[str] = mapped_column(String(10), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(12))
    taxonomy: Mapped[str] = mapped_column(String(10))
    peer_run: Mapped[bool | None]
    supervisor_npi: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None] = mapped_column(Date)


class CredentialRow(Base):
    """`providers.yaml` → `credentials[]`."""

    __tablename__ = "provider_credentials"

    provider_npi: Mapped[str] = mapped_column(
        String(10), ForeignKey("providers.npi", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String)
    number: Mapped[str] = mapped_column(String)
    issued: Mapped[date] = mapped_column(Date)
    expires: Mapped[date | None] = mapped_column(Date)


class MemberRow(Base):
    """`members.yaml` (enrollments in `EnrollmentRow`)."""

    __tablename__ = "members"

    member_id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    birth_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(2))


class EnrollmentRow(Base):
    """`members.yaml` → `enrollments[]`."""

    __tablename__ = "member_enrollments"

    member_id: Mapped[str] = mapped_column(
        String, ForeignKey("members.member_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    program: Mapped[str] = mapped_column(String)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class AuthorizationRow(Base):
    """`authorizations.yaml`."""

    __tablename__ = "authorizations"
    __table_args__ = (Index(None, "member_id"),)

    number: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(String)
    procedure: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String)
    units: Mapped[Decimal] = mapped_column(ExactDecimal)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    provider_npi: Mapped[str] = mapped_column(String(10))


class ContractRow(Base):
    """`contracts.yaml` (services in `ContractServiceRow`); `id` is the record's position."""

    __tablename__ = "contracts"
    __table_args__ = (Index(None, "payer_id", "provider_npi"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    payer_id: Mapped[str] = mapped_column(String)
    provider_npi: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class ContractServiceRow(Base):
    """`contracts.yaml` → `services[]`, with the optional cap flattened into two columns."""

    __tablename__ = "contract_services"
    __table_args__ = (
        CheckConstraint("cap_per IN ('day', 'week', 'month', 'year')", name="cap_per"),
        CheckConstraint("(cap_units IS NULL) = (cap_per IS NULL)", name="cap_whole"),
    )

    contract_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String)
    rate_per_unit: Mapped[Decimal] = mapped_column(ExactDecimal)
    cap_units: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    cap_per: Mapped[str | None] = mapped_column(String(5))


class HistoryRow(Base):
    """`history.yaml` lines (no claim id) and lines recorded by `check --record` (with one)."""

    __tablename__ = "history_lines"
    __table_args__ = (
        UniqueConstraint(
            "member_id",
            "provider_npi",
            "procedure",
            "modifiers",
            "service_date",
            "units",
            "claim_id",
            "line_number",
            name="uq_history_lines_line",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(String)
    provider_npi: Mapped[str] = mapped_column(String(10))
    procedure: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String)
    service_date: Mapped[date] = mapped_column(Date)
    units: Mapped[Decimal] = mapped_column(ExactDecimal)
    claim_id: Mapped[str | None] = mapped_column(String, index=True)
    line_number: Mapped[int | None] = mapped_column(Integer)
    rendering_npi: Mapped[str | None] = mapped_column(String(10))
    """The rendering peer; NULL when the billing provider (`provider_npi`) rendered the line."""
    recording_id: Mapped[str | None] = mapped_column(String(32), index=True)
    """The `check --record` run that stored the line; NULL for `history.yaml` lines."""
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When that run stored it (UTC)."""
    source: Mapped[str | None] = mapped_column(String)
    """The file name(s) that run checked, as given (`-` for standard input)."""
    basis: Mapped[str | None] = mapped_column(String(8))
    """'paid' once an 835 paid the line (`remit --record`); NULL: our prediction (0006)."""
    remittance: Mapped[str | None] = mapped_column(String)
    """The 835 file that paid it."""
    payer_claim_id: Mapped[str | None] = mapped_column(String)
    """The payer's claim control number (CLP07) of that payment."""


class PredictionRow(Base):
    """What `check --record` predicted for one judged line, accepted or rejected (0008).

    Never history: nothing counts it toward caps or duplicates; `remit` matches 835s against it.
    Claim fields (member, billing NPI, billed, state, front end) repeat on each of its lines."""

    __tablename__ = "predictions"
    __table_args__ = (CheckConstraint("status IN ('accepted', 'rejected')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(String, index=True)
    member_id: Mapped[str | None] = mapped_column(String, index=True)
    billing_npi: Mapped[str | None] = mapped_column(String(10))
    billed: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    state: Mapped[str | None] = mapped_column(String(2))
    line_number: Mapped[int] = mapped_column(Integer)
    procedure: Mapped[str | None] = mapped_column(String)
    modifiers: Mapped[str] = mapped_column(String)
    service_date: Mapped[date | None] = mapped_column(Date)
    units: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    charge: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    rendering_npi: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(8))
    rules: Mapped[Any] = mapped_column(JSON)
    """The rules that rejected the line: a list of {"rule", "carc", "rarc"}."""
    front_end: Mapped[bool]
    """Whether the payer's front end would return the claim (a front-end error)."""
    recording_id: Mapped[str] = mapped_column(String(32), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str | None] = mapped_column(String)


class HistoryLockRow(Base):
    """One of the history's lock buckets: a member id or a (rendering NPI, day) pair hashes to
    one (`history_lock.bucket`). A run that records locks the buckets of every key it read or
    wrote, and bumps `version` of those it wrote, in the transaction that stores its lines."""

    __tablename__ = "history_locks"

    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)


class ApiKeyRow(Base):
    """An API key: role, scopes (a JSON list) and the SHA-256 of its secret, never the secret."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("role IN ('submitter', 'payer', 'state')", name="role"),
        UniqueConstraint("secret_sha256"),
    )

    key_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(9))
    scopes: Mapped[Any] = mapped_column(JSON)
    label: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DecisionRow(Base):
    """What one check decided: key, time, input hash, packs, per-claim statuses, summary."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("output_format IN ('json', '999', '277ca')", name="output_format"),
        Index(None, "key_id", "created"),
    )

    decision_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40), ForeignKey("api_keys.key_id"))
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    input_sha256: Mapped[str] = mapped_column(String(64))
    output_format: Mapped[str] = mapped_column(String(5))
    rule_packs: Mapped[Any] = mapped_column(JSON)
    claims: Mapped[Any] = mapped_column(JSON)
    summary: Mapped[Any] = mapped_column(JSON)


class JobRow(Base):
    """A `POST /v1/check` run as a job on a Dask worker (0009): who asked, how far it got, and
    its answer (`jobs.py`). `result` is the answer's text or problem document, zlib-compressed;
    `status_code` and `media_type` are what the synchronous check would have answered with."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("output_format IN ('json', '999', '277ca')", name="output_format"),
    )

    job_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(40), ForeignKey("api_keys.key_id"))
    status: Mapped[str] = mapped_column(String(7))
    created: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    started: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished: Mapped[datetime | None] = mapped_column(UtcDateTime)
    output_format: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(Text)
    body_bytes: Mapped[int] = mapped_column(Integer)
    record: Mapped[bool]
    decision_id: Mapped[str | None] = mapped_column(String(32))
    status_code: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[bytes | None] = mapped_column(LargeBinary)


REFERENCE_TABLES = (
    PayerRow,
    ProviderRow,
    CredentialRow,
    MemberRow,
    EnrollmentRow,
    AuthorizationRow,
    ContractRow,
    ContractServiceRow,
)
"""Tables `Store.load` replaces wholesale, parents before children (delete in reverse)."""
