"""`run_features` runs one pack's scenarios in-process and reports the rules they show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerclaims.engine.checks.features import run_features
from peerclaims.engine.errors import UsageError

from .conftest import FEATURES


def test_a_state_run_reports_its_rules_and_the_federal_rules_its_scenarios_show(
    tmp_path: Path,
) -> None:
    """Georgia's run passes, covers GA-COD-0001 both ways and shows FED-CRED-0003 as well."""
    junit = tmp_path / "junit.xml"
    cucumber = tmp_path / "cucumber.json"
    report = run_features(FEATURES, "GA", junit, cucumber)
    assert report.state == "ga"
    assert report.exit_code == 0
    assert report.ok, report.output
    rules = {rule.rule_id: rule for rule in report.rules}
    assert rules["GA-COD-0001"].pack == "ga"
    assert rules["GA-COD-0001"].complete
    assert rules["FED-CRED-0003"].passed
    assert all(run.outcome == "passed" for run in rules["FED-CRED-0003"].firing)
    assert "ga" in {tag for run in report.scenarios for tag in run.tags}
    assert report.uncovered == ()
    assert "<testsuite" in junit.read_text(encoding="utf-8")
    features = json.loads(cucumber.read_text(encoding="utf-8"))
    assert {feature["uri"] for feature in features} >= {"ga/peer_support.feature"}


def test_an_unknown_pack_is_a_usage_error() -> None:
    """A state with no rule pack stops the run before pytest starts, naming the packs."""
    with pytest.raises(UsageError, match="no rule pack"):
        run_features(FEATURES, "zz", None, None)


def test_oregon_is_selected_although_or_is_a_keyword_of_pytest_marker_expressions() -> None:
    """`-m or` is a syntax error for pytest; the run keeps Oregon's scenarios by their marker:
    every scenario it ran is tagged `or`, it covers OR-AUTH-0001 both ways, and it passes."""
    report = run_features(FEATURES, "OR", None, None)
    assert report.exit_code == 0, report.output
    assert report.ok, report.output
    assert len(report.scenarios) >= 20
    assert all("or" in run.tags for run in report.scenarios)
    rules = {rule.rule_id: rule for rule in report.rules}
    assert rules["OR-AUTH-0001"].pack == "or"
    assert rules["OR-AUTH-0001"].complete
