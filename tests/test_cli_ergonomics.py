"""The command line's ergonomics: `--version`, `-h`, `python -m peerclaims`, shell completion."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_cli

VERSION = importlib.metadata.version("peerclaims")


def test_version_prints_the_installed_version() -> None:
    """`peerclaims --version` prints the installed version on one line and exits 0."""
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.decode() == f"peerclaims {VERSION}\n"
    assert done.stderr == b""


def test_python_dash_m_runs_the_same_command() -> None:
    """`python -m peerclaims --version` works from any folder, not only the checkout."""
    done = subprocess.run(
        [sys.executable, "-m", "peerclaims", "--version"],
        capture_output=True,
        cwd=REPO.parent,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"peerclaims {VERSION}\n"


def test_short_help_option_on_the_app_and_a_command() -> None:
    """`-h` is `--help`, on the app and on each command."""
    for args in (("-h",), ("check", "-h"), ("rules", "list", "-h")):
        done = run_cli(*args)
        assert done.returncode == 0, args
        assert "Usage: peerclaims" in done.stdout.decode(), args


def test_completion_script_and_completion_of_a_command() -> None:
    """`--show-completion bash` prints a script, and the script's call completes `ru` to `rules`."""
    script = run_cli("--show-completion", "bash")
    assert script.returncode == 0
    assert "_peerclaims_completion" in script.stdout.decode()
    env = {
        **os.environ,
        "_PEERCLAIMS_COMPLETE": "complete_bash",
        "COMP_WORDS": "peerclaims ru",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "peerclaims")],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.decode().split() == ["rules"]
