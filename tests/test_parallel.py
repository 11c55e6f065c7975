"""`check --jobs N`: reading spread over processes gives the very same result as one process."""

from __future__ import annotations

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
