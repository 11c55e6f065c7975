"""`peerclaims rules test` from an installed wheel as from a checkout, and its filters.

The wheel is built from a copy of the package folders pyproject.toml names (`pip wheel`), then
installed with `--no-deps` into a new virtual environment whose `.pth` file points at this
interpreter's site-packages for the dependencies (pytest and pytest-bdd among them). Run from an
empty folder, `rules test --rule` must find the shipped features, step definitions and rules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO

from peerclaims.engine.checks.features import run_features, scenario_specs

RULE = "FED-COV-0005"
FEATURES = REPO / "features"


def _source(target: Path) -> Path:
    """The files a wheel is built from: pyproject, README, LICENSE and every package folder."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, target / name)
    for folder in set(project["tool"]["setuptools"]["package-dir"].values()):
        shutil.copytree(
            REPO / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
    return target


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PEERCLAIMS_")}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**environment, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_rules_test_runs_from_an_installed_wheel(tmp_path: Path) -> None:
    """Built, installed, run from an empty folder: FED-COV-0005's scenarios pass, both ways,
    on the shipped features, step definitions and rules, each folder printed."""
    (tmp_path / "source").mkdir()
    source = _source(tmp_path / "source")
    wheels = tmp_path / "wheels"
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("peerclaims-*.whl")

    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel
    )
    assert installed.returncode == 0, installed.stderr
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    dependencies = [entry for entry in sys.path if entry.endswith("site-packages")]
    (site / "dependencies.pth").write_text("\n".join(dependencies) + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    done = _run(venv / "bin" / "peerclaims", "rules", "test", "--rule", RULE, cwd=empty)
    assert done.returncode == 0, done.stdout + done.stderr
    shipped = site / "peerclaims"
    lines = done.stdout.splitlines()
    assert f"rules folder: {shipped / 'rules'}" in lines
    assert f"features folder: {shipped / 'features'}" in lines
    assert f"steps folder: {shipped / 'bdd'}" in lines
    row = next(line for line in lines if RULE in line)
    assert "federal" in row and row.rstrip(" │").endswith("ok"), row
    assert next(line for line in lines if "rules shown both ways" in line).endswith(
        "1 of 1 rules shown both ways"
    )


def test_rule_and_scenario_filters_pick_scenarios_and_report_that_rule() -> None:
    """`--rule` with `--scenario`: only the rule's scenarios whose name holds the text (any
    case) run, and only that rule is reported; the folders used are the checkout's."""
    specs = [spec for spec in scenario_specs(FEATURES) if RULE in spec.tags]
    wanted = [spec.name for spec in specs if "family" in spec.name.casefold()]
    assert wanted and len(wanted) < len(specs)
    report = run_features(FEATURES, None, None, None, rule=RULE, scenario="FAMILY")
    assert report.ok, report.output
    assert sorted(run.name for run in report.scenarios) == sorted(wanted)
    assert all(any(s.rule_id == RULE for s in run.shows) for run in report.scenarios)
    assert [covered.rule_id for covered in report.rules] == [RULE]
    assert (report.steps, report.features) == (REPO / "tests" / "bdd", FEATURES)
