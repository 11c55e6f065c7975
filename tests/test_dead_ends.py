"""Ordinary mistakes end in one clear line naming what is wrong, never "internal error".

Each command runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_cli

RULES = REPO / "rules"
ONE_CLAIM = FIXTURES / "clean" / "one-claim.837"


def test_serve_refuses_to_start_with_an_unreadable_body_limit() -> None:
    """`PEERCLAIMS_MAX_BODY_BYTES=10MB`: serve stops at once, one line naming the setting."""
    done = run_cli("serve", "--port", "1", env={"PEERCLAIMS_MAX_BODY_BYTES": "10MB"}, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "PEERCLAIMS_MAX_BODY_BYTES='10MB'" in lines[0]
    assert "internal error" not in lines[0]


def test_an_impossible_date_in_reference_yaml_names_file_line_and_value(tmp_path: Path) -> None:
    """`start: 2024-02-30` in members.yaml: one line with the file, line, column and the date."""
    for source in (FIXTURES.parent / "reference").glob("*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    members = tmp_path / "members.yaml"
    text = members.read_text()
    assert "start: 2024-10-01" in text
    members.write_text(text.replace("start: 2024-10-01", "start: 2024-02-30", 1))
    line = 1 + text[: text.index("start: 2024-10-01")].count("\n")
    done = run_cli("reference", "load", tmp_path, env={"PEERCLAIMS_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert f"members.yaml: line {line}, column" in lines[0]
    assert "2024-02-30 is not a date on the calendar" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("rules", "diff", "HEAD"),
        ("impact", "--before", "HEAD", "--after", str(RULES), "--claims", str(ONE_CLAIM)),
    ],
    ids=["rules-diff", "impact"],
)
def test_a_revision_outside_a_git_checkout_is_one_line(tmp_path: Path, args: tuple[str]) -> None:
    """`rules diff HEAD` / `impact --before HEAD` run outside any checkout: one line saying so."""
    environment = {
        **os.environ,
        "PEERCLAIMS_DATA_DIR": str(tmp_path),
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
    }
    done = subprocess.run(
        [sys.executable, "-m", "peerclaims.engine.cli", *args],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
        env=environment,
    )
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "not inside a git checkout" in lines[0]
    assert "internal error" not in lines[0]


def test_a_plain_editable_install_finds_the_rule_packs(tmp_path: Path) -> None:
    """`pip install -e .` (not strict): setuptools' finder, made from pyproject as pip makes it,
    imports `peerclaims.rules` from the checkout's `rules/` (before: ModuleNotFoundError)."""
    editable = pytest.importorskip("setuptools.command.editable_wheel")
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    roots = {name: str(REPO / folder) for name, folder in config["package-dir"].items()}
    namespaces = dict(editable._find_namespaces(config["packages"], roots))
    finder = "__editable___peerclaims_finder"
    (tmp_path / f"{finder}.py").write_text(editable._finder_template(finder, roots, namespaces))
    program = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import {finder}; {finder}.install()\n"
        "import peerclaims.rules as r; print(list(r.__path__)[0])"
    )
    done = subprocess.run(  # -S: no site-packages, so not the strict install of this checkout
        [sys.executable, "-S", "-c", program], capture_output=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert Path(done.stdout.decode().strip()) == RULES


def test_rules_test_says_which_scenario_failed_at_which_step_and_the_rules_folder() -> None:
    """The worked example's scenario on today's NJ pack: each failing row is named with its
    step's line and text and what the claim had instead; the rules folder used is shown."""
    example = REPO / "fixtures" / "worked-example" / "nj-daily-cap-12" / "features"
    done = run_cli("rules", "test", "nj", "--features", example, env={"COLUMNS": "400"})
    assert done.returncode == 1
    out = done.stdout.decode()
    failed = [line for line in out.splitlines() if line.startswith("FAILED ")]
    assert len(failed) == 2, out
    for line in failed:
        assert "nj_daily_cap_12.feature: From 2027-01-01" in line
        assert "Then the claim has a finding by rule NJ-LIM-0001" in line
        assert "no finding by NJ-LIM-0001; the claim has:" in line
    assert f"rules folder: {RULES}" in out
