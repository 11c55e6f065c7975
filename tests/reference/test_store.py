"""The reference store on a real database: migrate, load, read back, all-or-nothing, history."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from peerclaims.engine.reference.models import (
    HistoryLine,
    Member,
    RecordedLine,
    ReferenceData,
)
from peerclaims.engine.reference.store import (
    SCHEMA_REVISION,
    Store,
    StoreError,
    alembic_config,
)
from peerclaims.engine.reference.tables import Base

from .conftest import VALID, load


def _recorded(claim_id: str, line: int, units: str = "4", day: int = 9) -> RecordedLine:
    return RecordedLine(
        member_id="TX0001",
        provider_npi="1000000020",
        procedure="H0038",
        modifiers=("HQ",),
        service_date=date(2026, 3, day),
        units=Decimal(units),
        claim_id=claim_id,
        line=line,
    )


def test_load_then_read_back_equal(store: Store, valid_data: ReferenceData) -> None:
    """What is loaded is read back equal: every record, child list, decimal and file order."""
    store.load(valid_data)
    back = store.reference()
    assert back == valid_data
    assert str(back.contracts[0].services[0].rate_per_unit) == "15.50"
    assert back.provider("1000000012") == valid_data.provider("1000000012")


def test_migrations_match_the_models(store: Store, database_url: str) -> None:
    """The schema the migrations create is the one the table models declare."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_migrate_twice_is_harmless(store: Store, valid_data: ReferenceData) -> None:
    """A second migrate on a current database changes nothing."""
    store.load(valid_data)
    store.migrate()
    assert store.revision() == SCHEMA_REVISION
    assert store.reference() == valid_data


def test_schema_revision_is_alembic_head() -> None:
    """The revision a check expects is the newest migration Alembic knows."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_a_check_against_the_store_does_not_import_alembic(tmp_path: Path) -> None:
    """Alembic (~11 MB of RSS) is loaded to migrate, never to check claims against the store."""
    from conftest import FIXTURES, REFERENCE, run_cli  # noqa: PLC0415

    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path)}
    assert run_cli("reference", "load", REFERENCE, env=env).returncode == 0
    probe = (
        "import sys; from peerclaims.engine.cli import app\n"
        "try:\n    app(['check', '--format', 'json', '--out', sys.argv[2], sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(FIXTURES / "nc" / "clean.837"), str(tmp_path / "o.json")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
    assert '"accepted": 1' in (tmp_path / "o.json").read_text()


def test_unmigrated_database_is_refused(database_url: str) -> None:
    """Reading a database never migrated says so in one line, naming the database."""
    with Store(database_url) as fresh:
        assert fresh.revision() is None
        with pytest.raises(StoreError) as caught:
            fresh.reference()
    assert str(caught.value) == (
        f"{fresh.database}: schema revision none, expected {SCHEMA_REVISION}: "
        "migrate it first (`peerclaims reference load DIR` does)"
    )


def test_reload_replaces(store: Store, valid_data: ReferenceData) -> None:
    """A second load replaces the first entirely: nothing of the first is left."""
    store.load(valid_data)
    member = Member(member_id="NY0001", birth_date=date(2012, 4, 1), state="NY")
    smaller = ReferenceData(payers=valid_data.payers[:1], members=(member,))
    store.load(smaller)
    back = store.reference()
    assert back == smaller
    assert back.provider("1000000004") is None
    assert store.history("TX0001") == ()


def test_load_is_all_or_nothing(store: Store, valid_data: ReferenceData) -> None:
    """A load that fails part-way (a member given twice) leaves the previous data intact."""
    store.load(valid_data)
    first, *_ = valid_data.members
    # model_construct skips validation: the database, not the model, refuses the second CT0001,
    # after payers and providers have already been replaced inside the transaction.
    broken = ReferenceData.model_construct(
        payers=valid_data.payers[:1],
        providers=valid_data.providers[:1],
        members=(first, first),
    )
    with pytest.raises(StoreError, match="reference data refused, nothing changed"):
        store.load(broken)
    assert store.reference() == valid_data


def test_record_lines_is_idempotent(store: Store, valid_data: ReferenceData) -> None:
    """Recording the same claim twice stores its lines once; 4 and 4.00 units are the same."""
    store.load(valid_data)
    lines = [_recorded("PCN-1", 1), _recorded("PCN-1", 2, units="2")]
    assert store.record_lines(lines) == 2
    assert store.record_lines(lines) == 0
    assert store.record_lines([_recorded("PCN-1", 1, units="4.00")]) == 0
    history = store.history("TX0001")
    assert [(h.service_date, h.units) for h in history] == [
        (date(2026, 2, 2), Decimal(4)),
        (date(2026, 3, 9), Decimal(4)),
        (date(2026, 3, 9), Decimal(2)),
    ]
    assert [type(h) for h in history] == [HistoryLine, RecordedLine, RecordedLine]


def test_same_line_in_another_claim_is_recorded(store: Store) -> None:
    """An identical line of another claim is new history (the duplicate check will see both)."""
    assert store.record_lines([_recorded("PCN-1", 1)]) == 1
    assert store.record_lines([_recorded("PCN-2", 1), _recorded("PCN-2", 1)]) == 1
    assert [
        (h.claim_id, h.line) for h in store.history("TX0001") if isinstance(h, RecordedLine)
    ] == [
        ("PCN-1", 1),
        ("PCN-2", 1),
    ]


def test_recorded_lines_survive_a_reload(store: Store, valid_data: ReferenceData) -> None:
    """A load replaces history.yaml's lines but keeps recorded ones, listed after them."""
    store.load(valid_data)
    store.record_lines([_recorded("PCN-1", 1)])
    store.load(valid_data)
    history = store.reference().history
    assert history[:2] == valid_data.history
    when = {"recorded_at", "recording_id", "source"}  # the store stamps when and from what
    assert [h.model_dump(exclude=when) for h in history[2:]] == [
        _recorded("PCN-1", 1).model_dump(exclude=when)
    ]


def test_load_from_directory_round_trip(store: Store) -> None:
    """The valid directory, loaded from YAML into the store, reads back as the YAML did."""
    data = load(VALID)
    store.load(data)
    assert store.reference().model_dump() == data.model_dump()


def test_loading_what_was_read_is_idempotent(store: Store, valid_data: ReferenceData) -> None:
    """Loading `reference()` back (recorded lines included) changes nothing and doubles nothing."""
    store.load(valid_data)
    store.record_lines([_recorded("PCN-1", 1)])
    before = store.reference()
    store.load(before)
    assert store.reference() == before
    assert len(store.history("TX0001")) == 2


def test_store_error_hides_the_password() -> None:
    """A database that cannot be used is one line naming the URL, password hidden."""
    url = "postgresql+psycopg://peer:secret@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(StoreError) as caught, Store(url) as unreachable:
        unreachable.reference()
    message = str(caught.value)
    assert message.startswith("postgresql+psycopg://peer:***@127.0.0.1:1/none")
    assert "secret" not in message
    assert "\n" not in message


def test_alembic_by_url_without_a_store(database_url: str) -> None:
    """The migrations also run from a plain Alembic config given only the URL, and check clean."""
    with Store(database_url) as opened:  # creates the SQLite file's folder
        command.upgrade(alembic_config(database_url), "head")
        command.check(alembic_config(database_url))
        assert opened.revision() == SCHEMA_REVISION
