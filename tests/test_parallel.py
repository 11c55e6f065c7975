"""`check --jobs N`: reading spread over processes gives the very same result as one process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import CORPUS, FIXTURES, REFERENCE, needs_corpus, run_cli

BATCH = [
    *sorted(str(p) for p in (FIXTURES / "clean").glob("*.837")),
    *sorted(str(p) for p in (FIXTURES / "structure").glob("*.837")),
    *sorted(str(p) for p in (FIXTURES / "envelope").glob("*.837")),
    str(FIXTURES / "refused" / "837i-institutional.837"),
    str(FIXTURES / "refused" / "utf16.837"),
    *sorted(str(p) for p in FIXTURES.glob("[a-z][a-z]/*.837")),
    *sorted(str(p) for p in (FIXTURES / "mco").glob("*.837")),
]


def test_jobs_two_gives_the_bytes_of_jobs_one() -> None:
    """JSON and stderr of --jobs 2 equal --jobs 1 on a batch with envelope errors and refusals."""
    args = ("check", "--format", "json", "--reference", REFERENCE, *BATCH)
    one = run_cli(*args, "--jobs", "1")
    two = run_cli(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert b'"errors": [' in one.stdout
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr


def test_jobs_keep_history_in_input_order() -> None:
    """A duplicate across two files is still caught when the files go to different workers."""
    clean = FIXTURES / "tx" / "clean.837"
    args = ("check", "--format", "json", "--reference", REFERENCE, clean, clean)
    done = run_cli(*args, "--jobs", "2")
    assert done.returncode == 1
    assert b"FED-DUP-0001" in done.stdout
    assert done.stdout == run_cli(*args, "--jobs", "1").stdout
    for output_format in ("table", "277ca"):  # a collecting sink; 277CA runs sequentially
        table = ("check", "--format", output_format, "--reference", REFERENCE, clean, clean)
        assert run_cli(*table, "--jobs", "2").stdout == run_cli(*table).stdout


@needs_corpus
def test_jobs_on_corpus_transactions_match() -> None:
    """Multi-transaction corpus files read in parallel give the sequential result."""
    files = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")
    args = ("check", "--syntax-only", "--format", "json", *files)
    assert run_cli(*args, "--jobs", "2").stdout == run_cli(*args).stdout


def test_a_worker_that_dies_is_a_one_line_error_not_a_hang() -> None:
    """A worker killed by a signal (as the rules engine's segfault did) stops the run with a
    WorkerError within seconds; multiprocessing.Pool's imap used to wait for it forever."""
    code = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from peerclaims.engine import parallel
        from peerclaims.engine.check import CollectSink, Source
        from peerclaims.engine.errors import WorkerError

        def die(task):
            os.kill(os.getpid(), signal.SIGSEGV)

        parallel._judge_task = die  # the forked workers inherit it
        data = Path({str(FIXTURES / "clean" / "three-claims.837")!r}).read_bytes()
        sources = [Source(f"{{n}}.837", lambda: data) for n in range(4)]
        try:
            parallel.check_sources_parallel(sources, CollectSink(), 2, None)
        except WorkerError as error:
            print("WorkerError:", error)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("WorkerError: a worker process of --jobs 2 died")
    assert len(run.stdout.splitlines()) == 1
