"""Shared fixtures of the reference-data tests: the valid directory, known codes, database URLs.

Store tests run on a temporary SQLite file, and on PostgreSQL too when
`PEERCLAIMS_TEST_DATABASE_URL` is set (e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/test`):
each PostgreSQL test gets a schema of its own, dropped afterwards, so runs repeat cleanly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peerclaims.engine.reference.loader import load_reference_dir
from peerclaims.engine.reference.models import ReferenceData
from peerclaims.engine.reference.store import Store

DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"

KNOWN_PROGRAMS = frozenset({"CT-MHW", "TX-MEDICAID", "NY-CFTSS"})
"""Stand-in for the program codes the loaded packs define (no pack defines codes yet)."""
KNOWN_CREDENTIALS = frozenset({"CT-RSS", "CT-RC", "TX-CPS"})

POSTGRES_ENV = "PEERCLAIMS_TEST_DATABASE_URL"


def load(path: Path) -> ReferenceData:
    """Load a reference directory with the test codes."""
    return load_reference_dir(
        path, known_programs=KNOWN_PROGRAMS, known_credentials=KNOWN_CREDENTIALS
    )


@pytest.fixture
def valid_data() -> ReferenceData:
    """The reference data of `data/valid/`."""
    return load(VALID)


def _backends() -> list[object]:
    postgres = os.environ.get(POSTGRES_ENV)
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(not postgres, reason=f"{POSTGRES_ENV} is not set"),
        ),
    ]


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'peerclaims.sqlite3'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"peerclaims_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated, empty store."""
    with Store(database_url) as opened:
        opened.migrate()
        yield opened
