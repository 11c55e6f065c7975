"""The `peerclaims` command: table, JSON and 999 outputs, exit codes, the schema command."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from peerclaims.engine.x12.reader import validate_document
from tests.conftest import FIXTURES, REPO, run_cli

BAD = FIXTURES / "structure" / "one-bad-claim-of-three.837"
CLEAN = FIXTURES / "clean" / "three-claims.837"


def test_table_names_each_claim_and_the_finding() -> None:
    """The worklist names the rule, fix and rejected claim; --detail adds a row per claim."""
    done = run_cli("check", "--syntax-only", BAD)
    assert done.returncode == 1
    assert "X12-ELE-0007 error · 1 claims" in done.stdout.decode()
    done = run_cli("check", "--syntax-only", "--detail", BAD)
    out = done.stdout.decode()
    assert done.returncode == 1
    for claim_id in ("BCC-000001", "BCC-000002", "BCC-000003"):
        assert claim_id in out
    assert "X12-ELE-0007" in out
    assert "fix:" in out
    assert "3 claims: 2 accepted, 1 rejected" in out
    assert done.stderr == b""


def test_clean_batch_exits_zero() -> None:
    """A batch whose every claim is accepted exits 0."""
    done = run_cli("check", "--syntax-only", CLEAN)
    assert done.returncode == 0
    assert "3 claims: 3 accepted, 0 rejected" in done.stdout.decode()


def test_json_from_the_command_is_deterministic_and_complete() -> None:
    """`--format json` prints the whole document, the same bytes on every run."""
    first = run_cli("check", "--syntax-only", "--format", "json", CLEAN, BAD)
    second = run_cli("check", "--syntax-only", "--format", "json", CLEAN, BAD)
    assert first.returncode == 1
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert document["summary"]["claims"] == 6
    assert document["summary"]["rejected"] == 1


def test_999_output_validates_with_pyx12() -> None:
    """`--format 999` writes an acknowledgment pyx12's 999 map accepts, rejecting the bad ST."""
    done = run_cli("check", "--syntax-only", "--format", "999", BAD)
    text = done.stdout.decode()
    assert done.returncode == 1
    assert text.startswith("ISA*")
    check = validate_document(text)
    assert check.valid, check.errors
    assert "IK5*R" in text
    assert "IK3*SV1*" in text


def test_schema_command_prints_the_committed_schema() -> None:
    """`peerclaims schema` prints the schema committed in engine/schemas/."""
    done = run_cli("schema")
    committed = REPO / "engine" / "schemas" / "peerclaims.result-1.schema.json"
    assert done.returncode == 0
    assert done.stdout.decode() == committed.read_text(encoding="utf-8")


def test_usage_error_is_exit_two_without_traceback() -> None:
    """An unknown format is a usage error: exit 2, a short message, no traceback."""
    done = run_cli("check", "--syntax-only", "--format", "xml", CLEAN)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"xml" in done.stderr


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    """On a terminal the batch shows a progress bar on stderr; piped, stderr stays empty."""
    out = tmp_path / "r.json"
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "peerclaims.engine.cli",
                "check",
                "--syntax-only",
                "--format",
                "json",
                "--out",
                str(out),
                str(CLEAN),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            cwd=REPO,
            timeout=120,
            check=False,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    terminal = b"".join(chunks).decode(errors="replace")
    assert done.returncode == 0
    assert "checking" in terminal
    assert "claims" in terminal
    piped = run_cli(
        "check", "--syntax-only", "--format", "json", "--out", tmp_path / "s.json", CLEAN
    )
    assert piped.returncode == 0
    assert piped.stderr == b""
