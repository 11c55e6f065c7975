"""The worklist (issue 18 §1): a month's batch grouped by problem, with counts and money.

A 1,000-claim Connecticut batch from `bench.synth`, with reference data made for it
(`bench.reference_for`) and one peer's credential expired before the month: four rules reject
(the CT substance-use exclusion, CT's minimum age, the authorization's units, and the credential).
The worklist must give exactly those four error groups, with the counts and money the claims
themselves give when counted here independently; the table must fit a screen and wrap at 80
columns; the CSV must have its header, RFC 4180 quoting and formula-safe cells.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench import synth
from bench.reference_for import read_claims, reference_for, write_dir
from peerclaims.engine.cli_rules import rules_root
from peerclaims.engine.packs.pack import load_packs
from peerclaims.engine.worklist_csv import HEADER, safe
from tests.conftest import FIXTURES, run_cli

LAPSED_PEER = "2382463430"
REJECTING = {"FED-COV-0005", "FED-COV-0004", "FED-CRED-0002", "FED-AUTH-0002"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The 837 file and its reference folder, one peer's credential expired on 2026-03-01."""
    folder = tmp_path_factory.mktemp("worklist")
    claims_file = synth.write(folder / "ct.837", 1000, 3, payer_ids=("CTMEDICAID",))
    reference = write_dir(
        reference_for(read_claims(claims_file), load_packs(rules_root())), folder / "ref"
    )
    providers_file = reference / "providers.yaml"
    providers = yaml.safe_load(providers_file.read_text())
    lapsed = [p for p in providers if p["npi"] == LAPSED_PEER]
    assert lapsed, "the seeded batch no longer has this peer"
    lapsed[0]["credentials"][0]["expires"] = "2026-03-01"
    providers_file.write_text(yaml.safe_dump(providers))
    return claims_file, reference


@pytest.fixture(scope="module")
def document(batch: tuple[Path, Path]) -> dict[str, Any]:
    claims_file, reference = batch
    done = run_cli("check", claims_file, "-r", reference, "-f", "json")
    assert done.returncode == 1, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_four_rejecting_rules_give_four_error_groups_with_exact_counts(
    document: dict[str, Any],
) -> None:
    """Each group's claims, lines and dollars are what the claims' own findings add up to."""
    worklist = document["worklist"]
    errors = {g["rule_id"]: g for g in worklist["groups"] if g["severity"] == "error"}
    assert set(errors) == REJECTING
    claims: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, set[tuple[str, int]]] = defaultdict(set)
    risk: dict[str, Decimal] = defaultdict(Decimal)
    for claim in document["claims"]:
        charges = {line["line"]: Decimal(line["charge"]) for line in claim["lines"]}
        by_rule: dict[str, set[int | None]] = defaultdict(set)
        for finding in claim["findings"]:
            by_rule[finding["rule_id"]].add(finding["line"])
        for rule_id, hit in by_rule.items():
            claims[rule_id].add(claim["claim_id"])
            hit_lines = set(charges) if None in hit else {n for n in hit if n is not None}
            lines[rule_id].update((claim["claim_id"], n) for n in hit_lines)
            risk[rule_id] += sum((charges[n] for n in hit_lines), Decimal(0))
    for rule_id, group in errors.items():
        assert group["claims"] == len(claims[rule_id]) > 0, rule_id
        assert group["lines"] == len(lines[rule_id]), rule_id
        assert Decimal(group["at_risk"]) == risk[rule_id], rule_id
        assert {c["claim_id"] for c in group["claim_list"]} == claims[rule_id]
    assert errors["FED-CRED-0002"]["message"].startswith("Rendering peer SYNTHETIC PEER")
    order = [g["severity"] for g in worklist["groups"]]
    assert order == sorted(order, key=["error", "warning", "info"].index)


def test_counts_and_money_add_up(document: dict[str, Any]) -> None:
    """Billed = at risk + expected-priced lines + unknown; counts match the summary."""
    worklist, summary = document["worklist"], document["summary"]
    for name in ("claims", "accepted", "rejected", "accepted_not_fully_checked"):
        assert worklist[name] == summary[name]
    money = worklist["money"]
    rejected_billed = sum(
        Decimal(line["charge"])
        for claim in document["claims"]
        for line in claim["lines"]
        if claim["status"] == "rejected" or line["status"] == "rejected"
    )
    unknown = [
        line
        for claim in document["claims"]
        for line in claim["lines"]
        if claim["status"] == "accepted"
        and line["status"] == "accepted"
        and line["expected_payment"] is None
    ]
    assert Decimal(money["at_risk"]) == rejected_billed
    assert money["unknown_lines"] == len(unknown) > 0
    assert Decimal(money["unknown"]) == sum(Decimal(line["charge"]) for line in unknown)
    assert money["billed"] == summary["billed"]
    assert money["expected_payment"] == summary["expected_payment"]
    priced = Decimal(money["billed"]) - Decimal(money["at_risk"]) - Decimal(money["unknown"])
    assert priced == 0  # no CT rate on file: every accepted line's payment is unknown


def test_jobs_give_the_same_worklist(batch: tuple[Path, Path], document: dict[str, Any]) -> None:
    """--jobs 2 builds the worklist from the workers' claims: the same as one process."""
    claims_file, reference = batch
    done = run_cli("check", claims_file, "-r", reference, "-f", "json", "--jobs", "2")
    assert json.loads(done.stdout)["worklist"] == document["worklist"]


def test_table_is_the_worklist_fits_a_screen_and_wraps_at_80_columns(
    batch: tuple[Path, Path],
) -> None:
    """Piped at 80 columns: groups first, then counts and money; no line cropped or too wide."""
    claims_file, reference = batch
    done = run_cli("check", claims_file, "-r", reference, env={"COLUMNS": "80"})
    assert done.returncode == 1
    out = done.stdout.decode()
    lines = out.splitlines()
    assert len(lines) <= 100, len(lines)
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[0] == "What to do, by problem:"
    headings = [line.split(" ")[0] for line in lines if line.startswith("FED-")]
    assert set(headings[:4]) == REJECTING
    flat = " ".join(out.split())
    assert "held: CT-RSS (expired 2026-03-01)" in flat
    assert "CARC B7 (This provider was not certified/eligible" in flat
    assert "1000 claims: " in flat and "with no known rate" in flat and "at risk " in flat
    assert "payment unknown on " in flat


def test_detail_adds_the_claims_table_with_nothing_cropped() -> None:
    """--detail prints a row per claim; at 80 columns 'held:'-like words are folded, not cut."""
    bad = FIXTURES / "structure" / "one-bad-claim-of-three.837"
    done = run_cli("check", "--syntax-only", "--detail", bad, env={"COLUMNS": "80"})
    out = done.stdout.decode()
    for claim_id in ("BCC-000001", "BCC-000002", "BCC-000003"):
        assert claim_id in out
    assert "rejected" in out and "accepted" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_csv_one_row_per_finding_with_a_stable_header(
    batch: tuple[Path, Path], document: dict[str, Any]
) -> None:
    claims_file, reference = batch
    done = run_cli("check", claims_file, "-r", reference, "-f", "csv")
    text = done.stdout.decode()
    assert text.startswith(
        "claim,patient_control_number,member,date,service_line,procedure,rule,severity,"
        "what_is_wrong,what_to_do,for_the_administrator,where,carc,carc_meaning,rarc,"
        "rarc_meaning,amount,claim_status,file,file_line\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == sum(len(c["findings"]) for c in document["claims"])
    cred = next(r for r in rows if r["rule"] == "FED-CRED-0002")
    assert cred["carc"] == "B7" and cred["carc_meaning"].startswith("This provider")
    assert cred["service_line"] and cred["procedure"] == "H0038" and cred["date"]
    assert "providers.yaml" not in cred["what_to_do"]
    assert '"' in text  # messages with commas are quoted (RFC 4180)


def test_csv_cells_are_not_formulas(tmp_path: Path) -> None:
    """A claim id a spreadsheet would run as a formula is written as text."""
    source = (FIXTURES / "structure" / "one-bad-claim-of-three.837").read_text()
    hostile = tmp_path / "hostile.837"
    hostile.write_text(source.replace("BCC-000002", "=HYPERLINK(1)"))
    out = tmp_path / "worklist.csv"
    done = run_cli("check", "--syntax-only", hostile, "--out", out)
    assert done.returncode == 1, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(), newline="")))
    claims = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in claims
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert safe("+1") == "'+1" and safe("@x") == "'@x" and safe("ok") == "ok"


def test_format_follows_the_out_extension(tmp_path: Path) -> None:
    clean = FIXTURES / "clean" / "three-claims.837"
    out = tmp_path / "result.json"
    assert run_cli("check", "--syntax-only", clean, "--out", out).returncode == 0
    assert json.loads(out.read_text())["worklist"]["claims"] == 3
    odd = tmp_path / "result.xlsx"
    done = run_cli("check", "--syntax-only", clean, "--out", odd)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1
    assert "cannot tell the format from the extension '.xlsx'" in done.stderr.decode()
    assert not odd.exists()


def test_rules_list_wraps_at_80_columns_when_piped() -> None:
    done = run_cli("rules", "list", "--state", "ct", env={"COLUMNS": "80"})
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("FED-CRED-0002" in line for line in lines)  # whole, not folded
