"""`check --record` against a store: the answer only after the history commits, and what a
finding resting on another organization's history may say."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from pathlib import Path

from peerclaims.engine.checks.context import HISTORY_ORIGIN
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.store import Store
from tests.conftest import FIXTURES, REFERENCE, run_cli

NJ_CLEAN = FIXTURES / "nj" / "clean.837"


def _store_dir(tmp_path: Path) -> dict[str, str]:
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "PEERCLAIMS_LOCK_TIMEOUT_SECONDS": "1"}
    done = run_cli("reference", "load", REFERENCE, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return env


def _recorded(tmp_path: Path) -> list[RecordedLine]:
    with Store(f"sqlite:///{tmp_path / 'peerclaims.sqlite3'}") as store:
        return [h for h in store.history("NJS0000301") if isinstance(h, RecordedLine)]


def test_a_locked_store_records_nothing_and_writes_no_result(tmp_path: Path) -> None:
    """While another writer holds the store, `--record` fails in one line saying nothing was
    recorded and no result written, exit 2, and `--out` never shows the lines as accepted."""
    env = _store_dir(tmp_path)
    out = tmp_path / "result.json"
    holder = sqlite3.connect(tmp_path / "peerclaims.sqlite3", isolation_level=None)
    with contextlib.closing(holder):
        holder.execute("BEGIN IMMEDIATE")  # another run is writing
        done = run_cli("check", NJ_CLEAN, "--record", "-f", "json", "-o", out, env=env)
        holder.execute("ROLLBACK")
    err = done.stderr.decode().strip()
    assert done.returncode == 2, err
    assert not out.exists()
    assert len(err.splitlines()) == 1, err
    assert "nothing recorded" in err and "no result was written" in err, err
    assert "locked" in err, err
    assert _recorded(tmp_path) == []
    # free again: the same command records and answers
    again = run_cli("check", NJ_CLEAN, "--record", "-f", "json", "-o", out, env=env)
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(out.read_text())["summary"]["accepted"] == 1
    assert len(_recorded(tmp_path)) == 2


def other_organization(claim_id: str) -> bytes:
    """The NJ clean claim as another organization bills it: its own billing NPI, name, tax id
    and claim id; the same member, days, procedure, rendering peer and units."""
    text = NJ_CLEAN.read_text(encoding="ascii")
    text = text.replace("RARITAN BAY RECOVERY COMMUNITY*****XX*1970300012", OTHER_NM1)
    text = text.replace("REF*EI*221970301", "REF*EI*229999999")
    return text.replace("CLM*NJC-000001*", f"CLM*{claim_id}*").encode("ascii")


OTHER_NPI = "1970400010"
OTHER_NM1 = f"OTHER PEER ORGANIZATION*****XX*{OTHER_NPI}"
FIRST_ORG = ("NJC-000001", "1970300012", "221970301", "RARITAN")
"""What the first organization sent that no other may see through the history."""


def assert_discloses_nothing(document: str, claims: list[dict[str, object]]) -> None:
    """The duplicates say only that the service was already billed; nothing of the first
    organization's claim appears, and every date is one the caller sent."""
    for secret in FIRST_ORG:
        assert secret not in document
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}", document)) <= {"2026-05-05", "2026-05-07"}
    duplicates = [
        f["message"]
        for claim in claims
        for f in claim["findings"]  # type: ignore[attr-defined]
        if f["rule_id"] == "FED-DUP-0001"
    ]
    assert len(duplicates) == 2
    for message in duplicates:
        assert message.endswith(f"duplicates {HISTORY_ORIGIN}.")


def test_history_another_organization_recorded_is_not_disclosed_by_the_cli(
    tmp_path: Path,
) -> None:
    """Organization A records its claim; B's same service is a duplicate that names nothing of
    A's claim (`check` on the shared store)."""
    env = _store_dir(tmp_path)
    done = run_cli("check", NJ_CLEAN, "--record", "-f", "json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    theirs = tmp_path / "theirs.837"
    theirs.write_bytes(other_organization("OTHER-1"))
    checked = run_cli("check", theirs, "-f", "json", env=env)
    assert checked.returncode == 1, checked.stderr.decode()
    document = checked.stdout.decode()
    assert_discloses_nothing(document, json.loads(document)["claims"])
