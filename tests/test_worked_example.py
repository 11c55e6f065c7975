"""The analyst guide's worked example (rules/README.md): NJ's daily cap 16 -> 12 from 2027-01-01.

Scenario first (it fails on the current pack), then the parameter change (it passes), then the
impact on the example batch, with its figures asserted.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from peerclaims.engine.checks.features import run_features
from tests.conftest import REFERENCE, REPO, run_cli

EXAMPLE = REPO / "fixtures" / "worked-example" / "nj-daily-cap-12"
PARAMETER = Path("states", "nj", "parameters", "limits", "max_units_per_day.yaml")


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ with the example's parameter file in place of NJ's daily cap."""
    rules = tmp_path_factory.mktemp("draft") / "rules"
    shutil.copytree(REPO / "rules", rules)
    shutil.copyfile(EXAMPLE / "max_units_per_day.yaml", rules / PARAMETER)
    return rules


def test_the_change_adds_one_dated_value_and_keeps_the_old_ones() -> None:
    """The example's parameter file is the pack's own plus one dated value (history is kept)."""
    current = (REPO / "rules" / PARAMETER).read_text(encoding="utf-8")
    changed = (EXAMPLE / "max_units_per_day.yaml").read_text(encoding="utf-8")
    assert changed.startswith(current)
    assert "2027-01-01:" in changed[len(current) :]


def test_scenario_fails_on_the_current_pack() -> None:
    """Written first, the scenario fails: today's pack still allows 16 units in 2027."""
    report = run_features(EXAMPLE / "features", "nj", None, None, REPO / "rules")
    failed = [run.example for run in report.scenarios if run.outcome != "passed"]
    assert report.exit_code == 1
    assert len(report.scenarios) == 4
    assert len(failed) == 2


def test_scenario_passes_on_the_changed_pack(draft: Path) -> None:
    """With the dated value added, every row of the scenario passes."""
    report = run_features(EXAMPLE / "features", "nj", None, None, draft)
    assert report.exit_code == 0, report.output[-3000:]
    assert [run.outcome for run in report.scenarios] == ["passed"] * 4


def test_impact_on_the_example_batch(draft: Path) -> None:
    """Two of four claims go from accepted to rejected by NJ-LIM-0001; the changelog says why."""
    done = run_cli(
        "impact",
        "--claims",
        EXAMPLE / "claims",
        "--before",
        REPO / "rules",
        "--after",
        draft,
        "--reference",
        REFERENCE,
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["schema"] == "peerclaims.impact/1"
    assert report["summary"] == {
        "claims": 4,
        "changed": 2,
        "accepted_to_rejected": 2,
        "rejected_to_accepted": 0,
        "lines_changed": 2,
        "billed": "1100.00",
        "expected_before": "0.00",
        "expected_after": "0.00",
        "expected_difference": "0.00",
        # no rate is known in NJ: those 0.00 add only known payments, and say so
        "unknown_before": 4,
        "unknown_after": 3,
        "at_risk_before": "0.00",
        "at_risk_after": "580.00",
    }
    assert [(c["claim_id"], c["before"], c["after"], c["rules_hit"]) for c in report["claims"]] == [
        ("NJW-000002", "accepted", "rejected", ["NJ-LIM-0001"]),
        ("NJW-000004", "accepted", "rejected", ["NJ-LIM-0001"]),
    ]
    assert [line["line"] for line in report["claims"][1]["lines"]] == [2]
    assert report["rules"] == [{"rule_id": "NJ-LIM-0001", "hit": 2, "released": 0}]
    [change] = report["changelog"]
    assert (change["name"], change["date"], change["before"], change["after"]) == (
        "nj.limits.max_units_per_day",
        "2027-01-01",
        "16",
        "12",
    )
    again = run_cli(
        "impact",
        "--claims",
        EXAMPLE / "claims",
        "--before",
        REPO / "rules",
        "--after",
        draft,
        "--reference",
        REFERENCE,
        "--format",
        "json",
    )
    assert again.stdout == done.stdout
    table = run_cli(
        "impact",
        "--claims",
        EXAMPLE / "claims",
        "--before",
        REPO / "rules",
        "--after",
        draft,
        "--reference",
        REFERENCE,
    )
    assert table.returncode == 0, table.stderr
    said = " ".join(table.stdout.decode("utf-8").split())
    assert "0.00 -> 0.00" not in said
    assert (
        "expected payment unknown (no claim has a known rate) -> 0.00, plus 3 claims with no "
        "known rate (0.00 of the known payments); at risk on rejected claims 0.00 -> 580.00"
    ) in said


def test_impact_against_a_git_revision_and_bad_refs(draft: Path) -> None:
    """HEAD of the repository is a REF too; a REF that is neither is one clear line."""
    done = run_cli(
        "impact",
        "--claims",
        EXAMPLE / "claims",
        "--before",
        "HEAD",
        "--after",
        draft,
        "--reference",
        REFERENCE,
        "--format",
        "csv",
    )
    if b"not a git repository" in done.stderr:
        pytest.skip("the checkout is not a git repository")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.decode().splitlines()
    assert rows[0].startswith("claim_id,file,line,state,before,after,rules_hit")
    assert len(rows) == 3
    bad = run_cli(
        "impact", "--claims", EXAMPLE / "claims", "--before", "no-such-rev", "--after", draft
    )
    assert bad.returncode == 2
    assert b"no-such-rev: neither a rules folder nor a git revision" in bad.stderr
    assert b"Traceback" not in bad.stderr


def test_impact_on_a_cluster_gives_the_same_report(draft: Path, dask_client: Any) -> None:
    """`impact --scheduler` over every claim fixture (the example batch's rule change) writes the
    report one process writes, byte for byte."""
    args = (
        "impact",
        "--claims",
        REPO / "fixtures" / "claims",
        "--before",
        REPO / "rules",
        "--after",
        draft,
        "--reference",
        REFERENCE,
        "--format",
        "json",
    )
    one = run_cli(*args)
    two = run_cli(*args, "--scheduler", dask_client.scheduler.address)
    assert one.returncode == two.returncode == 0, two.stderr[-2000:]
    assert json.loads(one.stdout)["summary"]["claims"] > 50
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
