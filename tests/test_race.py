"""Concurrent `check --record` runs record and decide what the same runs one after another do.

`bench/race.py`, small: three processes start together on an empty store (each migrates it),
then record overlapping claims together (two send the same lines, and the three pass the daily
unit cap between them); no serial order of the same runs may differ from what they recorded and
decided. SQLite always; PostgreSQL when `PEERCLAIMS_TEST_DATABASE_URL` names a server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

POSTGRES = os.environ.get("PEERCLAIMS_TEST_DATABASE_URL", "")


@pytest.mark.parametrize(
    "store",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES.startswith("postgresql"),
                reason="PEERCLAIMS_TEST_DATABASE_URL names no PostgreSQL server",
            ),
        ),
    ],
)
def test_concurrent_recording_equals_a_serial_order(store: str) -> None:
    """No cap passed, no duplicate recorded, no first use failed: counts all 0 (bench.race)."""
    command = [sys.executable, "-m", "bench.race", "--processes", "3", "--rounds", "1"]
    command += ["--stores", store, "--json"]
    if POSTGRES:
        command += ["--postgres", POSTGRES]
    done = subprocess.run(command, cwd=REPO, capture_output=True, timeout=900, check=False)
    counts = json.loads(done.stdout.decode().strip().splitlines()[-1])[store]
    assert counts == {
        "rounds": 1,
        "history_mismatches": 0,
        "verdict_mismatches": 0,
        "first_use_failures": 0,
        "run_failures": 0,
    }, done.stderr.decode()[-3000:]
    assert done.returncode == 0
