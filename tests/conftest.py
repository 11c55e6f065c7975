"""Shared paths and helpers for the tests: the repository, the public X12 corpus, the CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PEERCLAIMS_TEST_CORPUS") or REPO.parent / "shared" / "corpus" / "x12")
"""The public X12 corpus: beside the checkout, or where PEERCLAIMS_TEST_CORPUS says."""
FIXTURES = REPO / "fixtures" / "claims"
REFERENCE = REPO / "fixtures" / "reference"
"""The sample reference data the state fixtures are checked against."""
TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="peerclaims-tests-"))
"""The data folder (embedded store, caches) of every test run, in this process and the CLI's:
never the user's own."""
os.environ["PEERCLAIMS_DATA_DIR"] = str(TEST_DATA_DIR)

CORPUS_MISSING = f"the public X12 corpus is not checked out at {CORPUS}"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_MISSING)
"""Mark for tests that read the corpus: skipped, with the reason, when the folder is absent."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the project's markers (the run uses --strict-markers)."""
    config.addinivalue_line("markers", "slow: takes more than a minute (large inputs)")


def corpus_files(root: Path = CORPUS) -> list[str]:
    """Every data file of a corpus folder (the X12 corpus unless `root` names another) as a POSIX
    path relative to it (no SOURCES.md, no dotfiles); none when the folder is absent."""
    if not root.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != "SOURCES.md" and not p.name.startswith(".")
    )


def corpus_params(*, slow: frozenset[str] = frozenset()) -> list[object]:
    """`corpus_files()` as pytest params (those in `slow` marked slow), or one skipped param."""
    files = corpus_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING), id="no-corpus")]
    return [
        pytest.param(name, id=name, marks=[pytest.mark.slow] if name in slow else [])
        for name in files
    ]


def run_cli(
    *args: str | Path,
    stdin: bytes | None = None,
    timeout: float = 600,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m peerclaims.engine.cli ARGS` in a subprocess; stdout and stderr as bytes.

    The embedded store is the test run's own (`TEST_DATA_DIR`) unless `env` names another.
    """
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(TEST_DATA_DIR)}
    environment.pop("PEERCLAIMS_DATABASE_URL", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "peerclaims.engine.cli", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=REPO,
        timeout=timeout,
        check=False,
        env=environment,
    )


def same_output(
    args: tuple[str | Path, ...], *more: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with `args` in one process, then with `more` too (a cluster): the same exit
    code, standard error and output bytes, else the test fails. The one-process run."""
    one = run_cli(*args, env=env)
    two = run_cli(*args, *more, env=env)
    assert two.returncode == one.returncode, two.stderr.decode()[-2000:]
    assert two.stderr == one.stderr
    assert two.stdout == one.stdout
    return one


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A local Dask cluster of two worker processes, started as `check --jobs 2` starts one and
    shared by the tests that run batches on one (a cluster takes seconds to start). Its workers
    inherit this process's environment: the test data folder."""
    from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415 - only cluster tests

    client = Cluster(jobs=2).client()
    try:
        yield client
    finally:
        close(client)


def check_fixtures(*names: str | Path, store: Path | None = None) -> tuple[int, dict[str, Any]]:
    """`check --format json` of claim fixtures (paths under FIXTURES) against the sample reference
    data: the exit code (0 or 1, else the test fails with the CLI's stderr) and the document.

    `store` is the data folder (history store) of the run: a private one keeps runs apart."""
    done = run_cli(
        "check",
        "--reference",
        REFERENCE,
        "--format",
        "json",
        *(FIXTURES / n for n in names),
        env=None if store is None else {"PEERCLAIMS_DATA_DIR": str(store)},
    )
    assert done.returncode in {0, 1}, done.stderr.decode()
    return done.returncode, json.loads(done.stdout)
