"""API keys: scopes per role, only the secret's hash stored, authentication, revocation, the CLI,
and the migration that adds the tables (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from peerclaims.engine.errors import UsageError
from peerclaims.engine.reference.keys import (
    ApiKey,
    parse_secret,
    secret_sha256,
    validate_scopes,
)
from peerclaims.engine.reference.store import Store, alembic_config
from peerclaims.engine.reference.tables import ApiKeyRow, Base
from tests.conftest import run_cli

SECRET = re.compile(r"pck_(k_[0-9a-f]{16})_[A-Za-z0-9_-]{43}")
NPI = "1234567893"
"""An NPI with a valid check digit (the NPI standard's own example)."""


# --- scopes -------------------------------------------------------------------------------------


def test_submitter_scopes_are_npis_with_check_digits() -> None:
    """A submitter's scopes are billing NPIs; repeats are dropped, order kept."""
    assert validate_scopes("submitter", [NPI, " 1000000004 ", NPI]) == (NPI, "1000000004")
    with pytest.raises(UsageError) as caught:
        validate_scopes("submitter", ["1234567890"])
    assert str(caught.value) == "scope '1234567890': NPI with a wrong check digit (role submitter)"
    for bad in ("123456789", "12345678931", "12345G7893", "CT", ""):
        with pytest.raises(UsageError, match="not an NPI"):
            validate_scopes("submitter", [bad])


def test_payer_scopes_are_payer_ids() -> None:
    """A payer's scopes are payer ids: printable text without spaces."""
    assert validate_scopes("payer", ["CTMCD01", "TX-MCO-7"]) == ("CTMCD01", "TX-MCO-7")
    for bad in ("two words", "", "x" * 81, "tab\there"):
        with pytest.raises(UsageError, match=r"not a payer id .*\(role payer\)"):
            validate_scopes("payer", [bad])


def test_state_scopes_are_usps_codes() -> None:
    """A state's scopes are USPS codes, upper-cased; DC and territories count, others do not."""
    assert validate_scopes("state", ["ct", "NY", "DC", "PR", "CT"]) == ("CT", "NY", "DC", "PR")
    for bad in ("ZZ", "C", "CTX", "1234567893", "XX"):
        with pytest.raises(UsageError, match="not a USPS state code"):
            validate_scopes("state", [bad])


@pytest.mark.parametrize("role", ["submitter", "payer", "state"])
def test_every_key_needs_a_scope(role: str) -> None:
    """A key without any scope would see nothing (or, worse, be read as all): refused."""
    with pytest.raises(UsageError, match=f"a {role} key needs at least one scope"):
        validate_scopes(role, [])  # type: ignore[arg-type]


def test_unknown_role_is_refused() -> None:
    """Only the three roles exist."""
    with pytest.raises(UsageError, match="role 'admin': use submitter, payer, state"):
        validate_scopes("admin", ["CT"])  # type: ignore[arg-type]


def test_scope_errors_are_one_line() -> None:
    """A scope holding a newline is named escaped: the message stays one line."""
    with pytest.raises(UsageError) as caught:
        validate_scopes("state", ["C\nT"])
    assert str(caught.value) == "scope 'C\\nT': not a USPS state code (role state)"


# --- the store ----------------------------------------------------------------------------------


def test_create_key_returns_the_secret_once(store: Store) -> None:
    """The key comes back with its secret, shaped `pck_<key_id>_<43 url-safe characters>`."""
    before = datetime.now(UTC)
    key, secret = store.create_key("submitter", [NPI], label="Hope Peer Center")
    match = SECRET.fullmatch(secret)
    assert match is not None
    assert match.group(1) == key.key_id == parse_secret(secret)
    assert key == ApiKey(
        key_id=key.key_id,
        role="submitter",
        scopes=(NPI,),
        label="Hope Peer Center",
        created=key.created,
    )
    assert key.created.tzinfo is not None
    assert before - timedelta(seconds=1) <= key.created <= datetime.now(UTC) + timedelta(seconds=1)
    other, other_secret = store.create_key("submitter", [NPI])
    assert other.key_id != key.key_id
    assert other_secret != secret
    assert other.label is None


def test_only_the_hash_is_stored(store: Store, database_url: str) -> None:
    """Neither the secret nor its random part is anywhere in the database; its SHA-256 is."""
    key, secret = store.create_key("payer", ["CTMCD01"], label="payer desk")
    random_part = secret[-43:]
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            dumped: list[str] = []
            for table in inspect(connection).get_table_names():
                rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
                dumped.extend(str(value) for row in rows for value in row)
            stored = connection.execute(
                select(ApiKeyRow.secret_sha256).where(ApiKeyRow.key_id == key.key_id)
            ).scalar_one()
    finally:
        engine.dispose()
    everything = "\n".join(dumped)
    assert key.key_id in everything
    assert secret not in everything
    assert random_part not in everything
    assert stored == secret_sha256(secret)
    if database_url.startswith("sqlite:///"):
        folder = Path(database_url.removeprefix("sqlite:///")).parent
        for path in folder.iterdir():
            assert random_part.encode() not in path.read_bytes(), path.name


def test_authenticate_right_key(store: Store) -> None:
    """The right secret gives the key back, role and scopes as created."""
    key, secret = store.create_key("state", ["ct", "NY"], label="CT DSS")
    assert store.authenticate(secret) == key
    assert key.scopes == ("CT", "NY")


def test_authenticate_wrong_secret(store: Store) -> None:
    """A well-formed secret that is not the key's (same key id, other random part) is refused."""
    key, secret = store.create_key("submitter", [NPI])
    other_key, other_secret = store.create_key("submitter", [NPI])
    forged = f"pck_{key.key_id}_{other_secret[-43:]}"
    assert parse_secret(forged) == key.key_id
    assert store.authenticate(forged) is None
    swapped = f"pck_{other_key.key_id}_{secret[-43:]}"
    assert store.authenticate(swapped) is None
    unknown = f"pck_k_{'0' * 16}_{secret[-43:]}"
    assert store.authenticate(unknown) is None
    last = secret[-1]
    assert store.authenticate(secret[:-1] + ("A" if last != "A" else "B")) is None
    assert store.authenticate(secret) == key


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "pck_",
        "Bearer pck_k_0123456789abcdef_" + "a" * 43,
        "pck_k_0123456789abcdef_" + "a" * 42,
        "pck_k_0123456789abcdef_" + "a" * 44,
        "pck_k_0123456789ABCDEF_" + "a" * 43,
        "pck_k_0123456789abcdef_" + "a" * 42 + "=",
        "pck_k_0123456789abcdef_" + "a" * 42 + "\u00e9",
        " pck_k_0123456789abcdef_" + "a" * 43,
        "pck_k_0123456789abcdef_" + "a" * 43 + "\n",
        "' OR 1=1 --",
    ],
)
def test_authenticate_malformed(store: Store, presented: str) -> None:
    """Anything not shaped like a secret is refused without error."""
    assert store.authenticate(presented) is None


def test_authenticate_revoked(store: Store) -> None:
    """A revoked key is refused; revoking it again, or an unknown key, reports False."""
    key, secret = store.create_key("payer", ["CTMCD01"])
    kept, kept_secret = store.create_key("payer", ["CTMCD01"])
    assert store.revoke_key(key.key_id) is True
    assert store.authenticate(secret) is None
    assert store.revoke_key(key.key_id) is False
    assert store.revoke_key("k_0000000000000000") is False
    assert store.authenticate(kept_secret) == kept


def test_create_key_checks_scopes_and_label(store: Store, database_url: str) -> None:
    """A bad scope or a multi-line label is a UsageError, and nothing is stored."""
    with pytest.raises(UsageError, match="wrong check digit"):
        store.create_key("submitter", ["1234567890"])
    with pytest.raises(UsageError, match="--label: one line"):
        store.create_key("state", ["CT"], label="line one\nline two")
    assert _key_count(database_url) == 0
    key, _ = store.create_key("state", ["CT"], label="   ")
    assert key.label is None
    assert _key_count(database_url) == 1


def _key_count(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM api_keys")).scalar_one())
    finally:
        engine.dispose()


# --- migration ----------------------------------------------------------------------------------


def _tables(database_url: str) -> set[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_migration_upgrade_and_downgrade(database_url: str) -> None:
    """0002 adds api_keys and decisions; downgrading to 0001 removes them (data and all), and
    leaves the reference tables; upgrading again brings them back, empty."""
    config = alembic_config(database_url)
    with Store(database_url) as store:
        command.upgrade(config, "0001")
        assert store.revision() == "0001"
        assert not {"api_keys", "decisions"} & _tables(database_url)
        command.upgrade(config, "head")
        assert store.revision() == "0003"
        assert {"api_keys", "decisions"} <= _tables(database_url)
        key, secret = store.create_key("state", ["CT"])
        store.record_decision(key.key_id, "0" * 64, "json", [], [], {})
        command.downgrade(config, "0001")
        assert store.revision() == "0001"
        tables = _tables(database_url)
        assert not {"api_keys", "decisions"} & tables
        assert {"payers", "history_lines"} <= tables
        command.upgrade(config, "head")
        assert store.authenticate(secret) is None
        assert store.count_decisions() == 0
        command.check(config)
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables(database_url)


# --- the command line ---------------------------------------------------------------------------


def test_cli_create_prints_the_secret_once(tmp_path: Path) -> None:
    """`keys create` prints the secret alone on stdout, a note on stderr; the key then works."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path)}
    done = run_cli(
        "keys", "create", "--role", "submitter", "--scope", NPI, "--scope", "1000000004",
        "--label", "Hope Peer Center", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1
    secret = lines[0]
    assert SECRET.fullmatch(secret)
    note = done.stderr.decode()
    assert "not shown again" in note
    assert secret not in note
    with Store(f"sqlite:///{tmp_path / 'peerclaims.sqlite3'}") as store:
        key = store.authenticate(secret)
        assert key is not None
        assert (key.role, key.scopes, key.label) == (
            "submitter",
            (NPI, "1000000004"),
            "Hope Peer Center",
        )
        assert key.key_id in note
    revoked = run_cli("keys", "revoke", key.key_id, env=env)
    assert revoked.returncode == 0, revoked.stderr
    with Store(f"sqlite:///{tmp_path / 'peerclaims.sqlite3'}") as store:
        assert store.authenticate(secret) is None
    again = run_cli("keys", "revoke", key.key_id, env=env)
    assert again.returncode == 2
    assert again.stderr.decode() == (
        f"peerclaims: keys revoke: no active key '{key.key_id}' (unknown or already revoked)\n"
    )


def test_cli_uses_the_configured_database(database_url: str, tmp_path: Path) -> None:
    """With PEERCLAIMS_DATABASE_URL the key goes to that database (migrated first)."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "PEERCLAIMS_DATABASE_URL": database_url}
    done = run_cli("keys", "create", "--role", "state", "--scope", "ct", env=env)
    assert done.returncode == 0, done.stderr
    with Store(database_url) as store:
        key = store.authenticate(done.stdout.decode().strip())
    assert key is not None
    assert (key.role, key.scopes) == ("state", ("CT",))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", NPI], "keys create: --role is required: use submitter, payer, state"),
        (
            ["--role", "admin", "--scope", "CT"],
            "keys create: --role 'admin': use submitter, payer, state",
        ),
        (["--role", "submitter"], "a submitter key needs at least one scope: a billing NPI"),
        (
            ["--role", "submitter", "--scope", "1234567890"],
            "scope '1234567890': NPI with a wrong check digit (role submitter)",
        ),
        (["--role", "state", "--scope", "ZZ"], "scope 'ZZ': not a USPS state code (role state)"),
        (
            ["--role", "state", "--scope", "CT", "--label", "a\tb"],
            "--label: one line of printable text, at most 200 characters",
        ),
    ],
    ids=["no-role", "bad-role", "no-scope", "bad-npi", "bad-state", "bad-label"],
)
def test_cli_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    """A refused key is one line on stderr, exit 2, nothing on stdout, nothing stored."""
    done = run_cli("keys", "create", *args, env={"PEERCLAIMS_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == f"peerclaims: {message}\n"
    database = tmp_path / "peerclaims.sqlite3"
    if database.exists():
        assert _key_count(f"sqlite:///{database}") == 0
