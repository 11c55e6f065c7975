"""Claim frequency (CLM05-3) through `check --record`: a replacement of a recorded claim is not its
duplicate and takes its place in the history; a void takes the original's lines out of the
history and records nothing; a replacement of an unknown claim is a warning (FED-FREQ-0001)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, REFERENCE, run_cli

NJ_CLEAN = FIXTURES / "nj" / "clean.837"
ORIGINAL = b"CLM*NJC-000001*240.00***11:B:1*"


def _as(frequency: str, tmp_path: Path, claim_id: str = "NJC-000001") -> Path:
    data = NJ_CLEAN.read_bytes()
    assert ORIGINAL in data
    changed = data.replace(ORIGINAL, f"CLM*{claim_id}*240.00***11:B:{frequency}*".encode())
    path = tmp_path / f"nj-{frequency}-{claim_id}.837"
    path.write_bytes(changed)
    return path


def _check(path: Path, env: dict[str, str], said: str = "") -> dict[str, object]:
    done = run_cli("check", path, "--record", "-f", "json", env=env)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert said in done.stderr.decode(), done.stderr.decode()
    claim: dict[str, object] = json.loads(done.stdout)["claims"][0]
    return claim


def _rules(claim: dict[str, object]) -> set[str]:
    findings = claim["findings"]
    assert isinstance(findings, list)
    return {f["rule_id"] for f in findings}


def test_replacement_and_void_through_check_record(tmp_path: Path) -> None:
    """Original recorded (2 lines); as a replacement it is accepted with no duplicate, and its 2
    lines are recorded anew (the original's were taken out: the same lines would otherwise be
    skipped as already stored); as a void it takes them out and records nothing (the history
    holds no line of the claim); a replacement naming an unknown claim is warned about."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    assert run_cli("reference", "load", REFERENCE, env=env).returncode == 0
    assert _check(NJ_CLEAN, env, "recorded 2 new accepted lines")["status"] == "accepted"
    replaced = _check(_as("7", tmp_path), env, "recorded 2 new accepted lines")
    assert replaced["status"] == "accepted"
    assert not {"FED-DUP-0001", "FED-FREQ-0001"} & _rules(replaced)
    voided = _check(_as("8", tmp_path), env)
    assert voided["status"] == "accepted" and "FED-FREQ-0001" not in _rules(voided)
    shown = run_cli("history", "show", "--claim", "NJC-000001", env=env).stdout.decode()
    assert "no recorded lines match" in shown
    unknown = _check(_as("7", tmp_path, "NJC-UNKNOWN"), env)
    findings = unknown["findings"]
    assert isinstance(findings, list)
    (warning,) = [f for f in findings if f["rule_id"] == "FED-FREQ-0001"]
    assert warning["severity"] == "warning" and "NJC-UNKNOWN" in warning["message"]


def test_a_void_judged_on_a_cluster_takes_the_original_out_when_recorded(tmp_path: Path) -> None:
    """`check --record --jobs 2`: the workers' withdrawals reach the recording (before, the lines
    of the voided claim stayed in the store when the void was judged on a cluster)."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    assert run_cli("reference", "load", REFERENCE, env=env).returncode == 0
    assert _check(NJ_CLEAN, env, "recorded 2 new accepted lines")["status"] == "accepted"
    done = run_cli("check", _as("8", tmp_path), "--record", "--jobs", "2", "-f", "json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    shown = run_cli("history", "show", "--claim", "NJC-000001", env=env).stdout.decode()
    assert "no recorded lines match" in shown
