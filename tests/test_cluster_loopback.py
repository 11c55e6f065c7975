"""A real cluster on loopback: `dask scheduler` and two `dask worker` processes, as a deployment
runs them, give the bytes of one process: every claim fixture, a batch whose partitions cross
files, and `check --record` (the history it stores equals one process's).

The cluster is started once for the module (a few seconds) with the venv's `dask` command; its
workers get the environment the command gets (the data folder of the recording) and run in a
folder of their own, so nothing rests on the checkout being their working directory. Every
process is stopped with its process group, whatever the tests did.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.bigbatch import write_batch
from tests.conftest import FIXTURES, REFERENCE, run_cli, same_output
from tests.test_frequency import _as

ALL_FIXTURES = sorted(str(p) for p in FIXTURES.rglob("*.837"))
START_SECONDS = 120
RECORD_TABLES = ("history_lines", "predictions")
UNCOMPARED = {"id", "recorded_at"}
"""Columns of the recorded rows that differ between any two runs (the recording id is compared
as the order in which recordings first appear)."""


@dataclass(frozen=True, slots=True)
class Loopback:
    """The running cluster: the scheduler's address, and the data folder its workers use."""

    address: str
    data: Path


def _environment(data: Path) -> dict[str, str]:
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(data)}
    environment["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] = "False"
    for name in ("PEERCLAIMS_DATABASE_URL", "PEERCLAIMS_DASK_SCHEDULER", "PEERCLAIMS_RULES_DIR"):
        environment.pop(name, None)
    return environment


def _start(
    command: list[str], folder: Path, log: str, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    with (folder / log).open("wb") as out:
        return subprocess.Popen(  # its own process group: stopped with its children
            command,
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process and its children (a worker's nanny starts one): the group is asked to
    end, then killed, whichever of them is left."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
    process.wait(10)


def _address(scheduler_file: Path, scheduler: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            pytest.fail(f"dask scheduler exited: {log.read_text(errors='replace')[-2000:]}")
        if scheduler_file.exists():
            try:
                return str(json.loads(scheduler_file.read_text())["address"])
            except (ValueError, KeyError):
                pass  # written as we read
        time.sleep(0.2)
    pytest.fail(f"dask scheduler wrote no {scheduler_file.name}: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def loopback(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loopback]:
    """`dask scheduler` on 127.0.0.1 and two single-threaded `dask worker` processes."""
    from distributed import Client  # noqa: PLC0415 - only cluster tests

    folder = tmp_path_factory.mktemp("loopback")
    data = folder / "data"
    env = _environment(data)
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = folder / "scheduler.json"
    processes = []
    try:
        processes.append(
            _start(
                [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file)],
                folder, "scheduler.log", env,
            )
        )  # fmt: skip
        address = _address(scheduler_file, processes[0], folder / "scheduler.log")
        for number in (1, 2):
            worker = folder / f"worker-{number}"
            worker.mkdir()
            processes.append(
                _start(
                    [dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
                     "--no-dashboard", "--local-directory", str(worker)],
                    worker, "worker.log", env,
                )
            )  # fmt: skip
        with Client(address, timeout="30s") as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=START_SECONDS)  # type: ignore[no-untyped-call]
        yield Loopback(address, data)
    finally:
        for process in reversed(processes):
            _stop(process)


def test_every_fixture_on_a_running_cluster(loopback: Loopback) -> None:
    """`--scheduler ADDRESS` and `PEERCLAIMS_DASK_SCHEDULER`: one process's JSON on every claim
    fixture (envelope errors, refusals, every state pack, the MCO contracts)."""
    args = ("check", "--format", "json", "--reference", REFERENCE, *ALL_FIXTURES)
    one = same_output(args, "--scheduler", loopback.address)
    assert one.returncode == 2
    assert b'"errors": [' in one.stdout
    by_env = run_cli(*args, env={"PEERCLAIMS_DASK_SCHEDULER": loopback.address})
    assert (by_env.returncode, by_env.stderr, by_env.stdout) == (2, one.stderr, one.stdout)


def test_a_batch_crossing_files_on_a_running_cluster(
    loopback: Loopback, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """2,000 claims made as the 10,000 of test_cluster_big are (group lines and duplicates
    across files, history): one process's JSON."""
    batch = write_batch(tmp_path_factory.mktemp("batch"), 2000, per_set=100)
    assert batch.group_keys_across_files > 0 and batch.members_across_files > 0
    args = ("check", "--format", "json", "--reference", batch.reference, *batch.files)
    one = same_output(args, "--scheduler", loopback.address)
    assert one.returncode == 1, one.stderr.decode()[-2000:]
    assert json.loads(one.stdout)["summary"]["claims"] == 2000


def _rows(data: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The recorded rows of the store in `data`, in the order they were stored, less ids and
    times; each recording id as the ordinal of its recording."""
    engine = sa.create_engine(f"sqlite:///{data / 'peerclaims.sqlite3'}")
    tables: dict[str, list[tuple[Any, ...]]] = {}
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine, only=RECORD_TABLES)
        with engine.connect() as connection:
            for name in RECORD_TABLES:
                table = metadata.tables[name]
                kept = [c for c in table.columns if c.name not in UNCOMPARED]
                found = connection.execute(sa.select(*kept).order_by(table.c.id)).all()
                runs: dict[object, int] = {}
                at = [c.name for c in kept].index("recording_id")
                tables[name] = [
                    (*row[:at], runs.setdefault(row[at], len(runs)), *row[at + 1 :])
                    for row in found
                ]
    finally:
        engine.dispose()
    return tables


def test_record_on_a_running_cluster_stores_what_one_process_stores(
    loopback: Loopback, tmp_path: Path
) -> None:
    """Two `check --record` runs on the store the workers read (the second finds the first's
    lines; a replacement of a recorded claim, then its void, take lines out): outputs and
    stored rows equal one process's on a store of its own."""
    changed = [str(_as("7", tmp_path)), str(_as("8", tmp_path))]
    seen = []
    for data, more in ((tmp_path / "one", ()), (loopback.data, ("--scheduler", loopback.address))):
        env = {"PEERCLAIMS_DATA_DIR": str(data)}
        loaded = run_cli("reference", "load", REFERENCE, env=env)
        assert loaded.returncode == 0, loaded.stderr.decode()
        runs = []
        for files in (ALL_FIXTURES, [*ALL_FIXTURES[:12], *changed]):
            done = run_cli("check", "--format", "json", "--record", *files, *more, env=env)
            runs.append((done.returncode, done.stdout, done.stderr))
        seen.append((runs, _rows(data)))
    (one_runs, one_rows), (two_runs, two_rows) = seen
    assert two_runs == one_runs
    assert b"recorded 67 new accepted lines" in one_runs[0][2]
    assert len(one_rows["history_lines"]) > 67
    assert two_rows == one_rows
