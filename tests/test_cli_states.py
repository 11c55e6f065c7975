"""`peerclaims states` through the real command line (a subprocess, as users run it)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from peerclaims.engine.jurisdictions import state_names
from peerclaims.engine.packs import load_packs
from peerclaims.engine.states import states_report
from tests.conftest import run_cli
from tests.statesdata import RULES, rules_with_pa


def test_json_is_the_engine_report_for_every_jurisdiction() -> None:
    """--format json prints the states document: 51 rows, as the engine computes them."""
    done = run_cli("states", "--format", "json", "--on", "2026-12-07")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    expected = states_report(load_packs(RULES), date(2026, 12, 7))
    assert document == expected.model_dump(mode="json", by_alias=True)
    assert [row["state"] for row in document["states"]] == sorted(state_names())


def test_table_lists_every_jurisdiction_and_wraps_to_the_terminal(tmp_path: Path) -> None:
    """The table has a row per state and DC (no pack said so), each pack's populations with
    their evidence; on an 80-column terminal it wraps and no line is wider."""
    rules = rules_with_pa(tmp_path)
    wide = run_cli(
        "states", "--on", "2026-12-07", env={"PEERCLAIMS_RULES_DIR": str(rules), "COLUMNS": "250"}
    )
    assert wide.returncode == 0, wide.stderr
    text = wide.stdout.decode()
    first_cells = re.findall(r"^│ ([A-Z]{2}) ", text, flags=re.MULTILINE)
    assert first_cells == sorted(state_names())
    for name in state_names().values():
        assert f"│ {name} " in text
    assert "no pack" in text
    assert "pa 2099.1.1" in text
    assert "reviewed 2026-12-01" in text
    assert "benefit from 2006-11-01 (V)" in text
    assert "substance use (HF): not covered (S)" in text
    assert "family (HS, HR): unknown (U)" in text
    assert "mental health: covered (V), by PA-CPS" in text
    assert "youth (HA): covered (S), ages 14 to 26" in text
    assert "V 4 S 3 I 0 U 1" in text
    narrow = run_cli(
        "states", "--on", "2026-12-07", env={"PEERCLAIMS_RULES_DIR": str(rules), "COLUMNS": "80"}
    )
    lines = narrow.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert re.findall(r"^│ ([A-Z]{2}) ", narrow.stdout.decode(), flags=re.MULTILINE) == first_cells


def test_a_date_that_is_not_one_is_one_line_and_exit_2() -> None:
    """--on 2026-02-30: one line on standard error, no traceback, exit 2."""
    done = run_cli("states", "--on", "2026-02-30")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "peerclaims: --on '2026-02-30': not a date (YYYY-MM-DD)"
    )
    assert b"Traceback" not in done.stderr


def test_states_named_give_their_rows_only_and_an_unknown_code_is_a_usage_error() -> None:
    """`states tx pa`: Pennsylvania and Texas rows, in code order; `states zz`: one line, exit 2."""
    done = run_cli("states", "tx", "pa", "--format", "json", "--on", "2026-12-07")
    assert done.returncode == 0, done.stderr
    assert [row["state"] for row in json.loads(done.stdout)["states"]] == ["PA", "TX"]
    wrong = run_cli("states", "zz")
    assert wrong.returncode == 2
    assert wrong.stderr.decode().strip() == (
        "peerclaims: states zz: not a state or DC (use a USPS code such as PA)"
    )
