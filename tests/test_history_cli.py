"""`peerclaims history list|show|remove`: what `check --record` stored can be seen and undone."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import FIXTURES, REFERENCE, run_cli

NJ_CLEAN = FIXTURES / "nj" / "clean.837"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    done = run_cli("reference", "load", REFERENCE, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return env


def _out(*args: str | Path, env: dict[str, str]) -> str:
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_a_recording_is_listed_shown_and_removed_by_decision(tmp_path: Path) -> None:
    """After one `check --record`: list names it (file, 1 claim, 2 lines), show gives its two
    service lines, remove by its id takes them out, and the same check records them again."""
    env = _env(tmp_path)
    assert "nothing recorded yet" in _out("history", "list", env=env)
    _out("check", NJ_CLEAN, "--record", "-f", "json", env=env)
    listed = _out("history", "list", env=env)
    decision = re.search(r"\b[0-9a-f]{32}\b", listed)
    assert decision is not None, listed
    row = next(line for line in listed.splitlines() if decision.group() in line)
    assert str(NJ_CLEAN) in row
    assert re.search(r"│ 1\s+│ 2\s+│", row), row
    shown = _out("history", "show", "--decision", decision.group(), env=env)
    lines = [line for line in shown.splitlines() if "NJS0000301" in line]
    assert len(lines) == 2, shown
    assert _out("history", "show", "--file", str(NJ_CLEAN), env=env) == shown
    removed = _out("history", "remove", "--decision", decision.group(), env=env)
    assert "removed 2 recorded lines" in removed
    assert "nothing recorded yet" in _out("history", "list", env=env)
    again = run_cli("check", NJ_CLEAN, "--record", "-f", "json", env=env)
    assert "recorded 2 new accepted lines" in again.stderr.decode()


def test_remove_by_claim_takes_that_claim_only_and_needs_a_choice(tmp_path: Path) -> None:
    """remove --claim takes only that claim's recorded lines; remove with no choice is one line."""
    env = _env(tmp_path)
    _out("check", NJ_CLEAN, "--record", "-f", "json", env=env)
    claim = re.search(r"CLM\*([^*~]+)", NJ_CLEAN.read_text())
    assert claim is not None
    assert "removed 0 recorded lines" in _out("history", "remove", "--claim", "NOPE", env=env)
    assert "removed 2 recorded lines" in _out(
        "history", "remove", "--claim", claim.group(1), env=env
    )
    done = run_cli("history", "remove", env=env)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "peerclaims: say which lines: --decision ID, --claim CLAIM or --file NAME"
    ]


def test_checking_a_recorded_file_again_says_already_recorded_on_the_day(tmp_path: Path) -> None:
    """The same file checked after `check --record`: each line's finding says it was already
    recorded on that day and how to see it, not merely that it duplicates a billed service."""
    env = _env(tmp_path)
    _out("check", NJ_CLEAN, "--record", "-f", "json", env=env)
    done = run_cli("check", NJ_CLEAN, "-f", "json", env=env)
    findings = [
        finding
        for claim in json.loads(done.stdout)["claims"]
        for finding in claim["findings"]
        if finding["rule_id"] == "FED-DUP-0001"
    ]
    today = datetime.now(UTC).date().isoformat()
    assert len(findings) == 2, findings
    for number, finding in enumerate(findings, start=1):
        assert f"service line {number} was already recorded on {today}" in finding["message"]
        assert "peerclaims history show --claim NJC-" in finding["message"]
