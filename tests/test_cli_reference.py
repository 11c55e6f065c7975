"""`peerclaims reference load`: validate a reference directory and load it into the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from peerclaims.engine.cli import rules_root
from peerclaims.engine.packs.pack import known_credentials, known_programs, load_packs
from peerclaims.engine.reference.loader import load_reference_dir
from peerclaims.engine.reference.store import Store
from tests.conftest import REPO

VALID = REPO / "tests" / "reference" / "data" / "valid"


def _run(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PEERCLAIMS_DATA_DIR": str(data_dir)}
    env.pop("PEERCLAIMS_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "peerclaims.engine.cli", "reference", "load", *map(str, args)],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_load_fills_the_embedded_store(tmp_path: Path) -> None:
    """A valid directory loads into the SQLite store under the data dir and reads back equal."""
    done = _run(tmp_path, VALID)
    assert done.returncode == 0, done.stderr.decode()
    assert b"loaded 2 payers, 3 providers, 3 members" in done.stdout
    packs = load_packs(rules_root())
    expected = load_reference_dir(
        VALID, known_programs=known_programs(packs), known_credentials=known_credentials(packs)
    )
    with Store(f"sqlite:///{tmp_path / 'peerclaims.sqlite3'}") as store:
        assert store.reference() == expected


def test_bad_directory_is_one_line_and_loads_nothing(tmp_path: Path) -> None:
    """A directory without the required files exits 2 with one line and creates no data."""
    done = _run(tmp_path, tmp_path / "nowhere")
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("peerclaims: ")
    assert b"Traceback" not in done.stderr
    assert not (tmp_path / "peerclaims.sqlite3").exists()
