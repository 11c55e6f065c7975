"""A batch on Dask (`check --jobs N`, `--scheduler`) gives the very bytes of one process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from peerclaims.engine.check import JsonSpool, Source, check_sources
from peerclaims.engine.cluster import check_sources_distributed
from tests.conftest import CORPUS, FIXTURES, REFERENCE, corpus_files, needs_corpus, run_cli

ALL_FIXTURES = sorted(str(p) for p in FIXTURES.rglob("*.837"))
"""Every claim fixture: clean, structure, envelope, refused, each state's, the MCO contracts."""


def test_scheduler_gives_the_bytes_of_one_process(dask_client: Any) -> None:
    """JSON and stderr through a running cluster (`--scheduler`, and the environment setting)
    equal one process on every fixture: envelope errors, refusals, every state pack."""
    args = ("check", "--format", "json", "--reference", REFERENCE, *ALL_FIXTURES)
    one = run_cli(*args)
    address = dask_client.scheduler.address
    two = run_cli(*args, "--scheduler", address)
    assert one.returncode == two.returncode == 2
    assert b'"errors": [' in one.stdout
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    table = ("check", "--format", "table", "--reference", REFERENCE, *ALL_FIXTURES[:8])
    by_env = run_cli(*table, env={"PEERCLAIMS_DASK_SCHEDULER": address})
    assert by_env.stdout == run_cli(*table).stdout


def test_local_workers_keep_the_allocator_of_one_process(dask_client: Any) -> None:
    """A local cluster's workers start without Dask's `MALLOC_TRIM_THRESHOLD_` (it turned off
    glibc's adaptive mmap threshold and made durable_rules' asserts 5x slower than in one
    process: engine/cluster.py `WORKER_CONFIG`)."""
    assert set(dask_client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_").values()) == {None}


def test_jobs_start_a_local_cluster() -> None:
    """`--jobs 2` starts its own two workers; a duplicate across two files is still caught."""
    clean = FIXTURES / "tx" / "clean.837"
    args = ("check", "--format", "json", "--reference", REFERENCE, clean, clean)
    done = run_cli(*args, "--jobs", "2")
    assert done.returncode == 1, done.stderr[-2000:]
    assert b"FED-DUP-0001" in done.stdout
    assert done.stdout == run_cli(*args).stdout
    assert done.stderr == b"", done.stderr.decode()


def test_acknowledgments_say_they_run_in_one_process() -> None:
    """A 999 or 277CA is built from every envelope as the command reads it: with `--jobs` the
    check runs in one process (no cluster is started), says so in one line, and writes the same
    acknowledgment as without it."""
    clean = FIXTURES / "tx" / "clean.837"
    for form in ("999", "277ca"):
        args = ("check", "--format", form, "--reference", REFERENCE, clean)
        done = run_cli(*args, "--jobs", "2")
        alone = run_cli(*args)
        assert done.returncode == alone.returncode == 0, done.stderr.decode()
        assert done.stdout == alone.stdout
        assert done.stderr.decode().splitlines() == [
            f"peerclaims: a {form} acknowledgment is built from every envelope as this process "
            "reads it, so this check runs in one process (--jobs and --scheduler apply to json, "
            "csv and table)"
        ]


def test_jobs_and_scheduler_are_one_choice() -> None:
    """Both at once is a usage error in one line; an unreachable scheduler too, and an address
    Dask cannot read (no traceback)."""
    clean = FIXTURES / "tx" / "clean.837"
    both = run_cli("check", clean, "--jobs", "2", "--scheduler", "tcp://127.0.0.1:9")
    assert both.returncode == 2
    assert b"drop it to use --scheduler" in both.stderr
    assert len(both.stderr.splitlines()) == 1
    gone = run_cli("check", clean, "--scheduler", "tcp://127.0.0.1:9")
    assert gone.returncode == 2
    assert b"cannot reach the Dask scheduler at tcp://127.0.0.1:9" in gone.stderr
    assert len(gone.stderr.splitlines()) == 1
    unreadable = run_cli("check", clean, "--scheduler", "tcp://h:notaport")
    assert unreadable.returncode == 2
    assert unreadable.stderr.startswith(b"peerclaims: cannot reach the Dask scheduler at tcp://h:")
    assert len(unreadable.stderr.splitlines()) == 1, unreadable.stderr.decode()


def _document(run_sink: tuple[Any, JsonSpool]) -> str:
    import io  # noqa: PLC0415

    run, spool = run_sink
    out = io.StringIO()
    spool.write_document(run.head(), out)
    return out.getvalue()


@needs_corpus
def test_corpus_on_the_cluster_matches(dask_client: Any) -> None:
    """Every corpus file (multi-transaction files among them), syntax only, read on the
    cluster: the JSON of one process."""
    sources = [Source.from_path(str(CORPUS / name)) for name in corpus_files()]
    one = JsonSpool()
    two = JsonSpool()
    first = check_sources(sources, one)
    second = check_sources_distributed(sources, two, dask_client, None, None)
    assert _document((second, two)) == _document((first, one))
    assert second.exit_code == first.exit_code


def test_a_worker_that_dies_is_a_one_line_error_not_a_hang(tmp_path: Path) -> None:
    """A worker killed by a signal (as the rules engine's segfault did) stops the run with a
    WorkerError, not a hang."""
    code = textwrap.dedent(
        f"""
        import os, signal
        import dask
        from distributed import Client, LocalCluster
        from peerclaims.engine import cluster
        from peerclaims.engine.check import CollectSink, Source
        from peerclaims.engine.errors import WorkerError

        def die(*args):
            os.kill(os.getpid(), signal.SIGKILL)

        if __name__ == "__main__":
            dask.config.set({{"distributed.scheduler.allowed-failures": 0}})
            with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0",
                              silence_logs=50) as local, Client(local) as client:
                cluster._read_set = die  # pickled by value: __main__'s function runs there
                data = open({str(FIXTURES / "clean" / "three-claims.837")!r}, "rb").read()
                sources = [Source(f"{{n}}.837", lambda: data) for n in range(2)]
                try:
                    cluster.check_sources_distributed(sources, CollectSink(), client, None, None)
                except WorkerError as error:
                    print("WorkerError:", error)
        """
    )
    script = tmp_path / "die.py"
    script.write_text(code, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("WorkerError: a Dask worker died"), run.stdout
    assert len(run.stdout.splitlines()) == 1


def test_a_batch_with_no_claim_says_what_one_process_says(dask_client: Any, tmp_path: Path) -> None:
    """With no claim to judge, a worker still builds its engine: a bad `--state` is the same one
    line and exit code as in one process, and a good one the same document (the reviewer found
    `--jobs` writing a result and hiding the bad option)."""
    bad = tmp_path / "bad.837"
    bad.write_bytes(b"garbage")
    address = dask_client.scheduler.address
    said = {}
    for state in ("ZZ", "TX"):
        args = ("check", "--format", "json", "--reference", REFERENCE, "--state", state, bad)
        one = run_cli(*args)
        two = run_cli(*args, "--scheduler", address)
        assert one.returncode == two.returncode == 2
        assert two.stdout == one.stdout
        assert two.stderr == one.stderr
        said[state] = two.stderr
    assert b"--state ZZ: no rule pack" in said["ZZ"]
    assert b"--state" not in said["TX"]
