"""`check --record` against a store: the answer only after the history commits, and what a
finding resting on another organization's history may say."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

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
