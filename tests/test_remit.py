"""Remittances in: a generated 835 answers the state fixtures with known outcomes, and the
accuracy figures, the drafts and the CLI's formats are those the plan (tests/remitbatch.py) gives.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bench.remit835 import build_835
from peerclaims.engine.remit.accuracy import csv_text, measure
from peerclaims.engine.remit.match import load_result, match
from peerclaims.engine.remit.read import read_remit
from peerclaims.engine.result import Result
from peerclaims.engine.x12.reader import validate_document
from tests.conftest import REFERENCE, run_cli
from tests.remitbatch import ANSWERS, EXPECTED_LINES, REVERSE, check_batch, claim_files


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(result JSON of the checked batch, the generated 835 answering it)."""
    folder = tmp_path_factory.mktemp("remit")
    result = check_batch(folder / "result.json")
    text = build_835(Result.model_validate_json(result.read_text()), ANSWERS, REVERSE)
    remit = folder / "batch.835"
    remit.write_text(text, encoding="ascii")
    return result, remit


def test_the_generated_835_is_valid_and_gives_the_known_confusion(batch: tuple[Path, Path]) -> None:
    """pyx12's 835 map accepts the file; each cell, rule and CARC has the planned lines and
    dollars; the reversal leaves WAC-000001 out; the three missed lines are named."""
    result, remit = batch
    text = remit.read_text()
    check = validate_document(text)
    assert check.valid, check.errors
    read = read_remit(text.encode(), "batch.835")
    assert (read.transactions, read.refused, read.problems) == (1, 0, [])
    assert len(read.claims) == 15
    assert [c.claim_id for c in read.claims if c.reversal] == ["WAC-000001"]
    matched = match(read.claims, load_result(result))
    assert all(m.prediction is not None for m in matched)
    assert {m.how for m in matched} == {"patient control number (CLP01 = CLM01)"}
    acc = measure(matched)
    document = acc.as_dict()
    assert document["lines"] == EXPECTED_LINES
    assert (acc.claims, acc.reversed, acc.unmatched) == (13, 1, [])
    rules = document["rules"]
    assert rules["FED-CRED-0002"]["denied_as_predicted"]["lines"] == 1
    assert rules["FED-CRED-0002"]["false_alarm"] == {
        "lines": 1,
        "billed": "88.00",
        "paid": "88.00",
    }
    assert rules["FED-CRED-0002"]["payer_carcs"] == {"B7": 1}
    assert rules["FED-CONT-0003"]["false_alarm"]["lines"] == 1
    assert {r: v["payer_carcs"] for r, v in rules.items() if v["payer_carcs"]} == {
        "FED-CRED-0002": {"B7": 1},
        "GA-COD-0001": {"4": 1},
        "NC-COD-0001": {"182": 1},
        "NJ-COD-0001": {"4": 1},
        "FED-COV-0004": {"6": 1},
    }
    carcs = document["carcs"]
    assert carcs["96"]["missed"] == {"lines": 2, "billed": "240.00", "paid": "0.00"}
    assert carcs["119"]["missed"]["lines"] == 1 and carcs["4"]["denied_as_predicted"]["lines"] == 2
    missed = [
        (m["claim_id"], m["line"], m["carc"], m["rarcs"], m["state"]) for m in document["missed"]
    ]
    assert missed == [
        ("MCC-000001", 2, "119", ["N362"], "TX"),
        ("NJC-000001", 1, "96", ["N95"], "NJ"),
        ("NJC-000001", 2, "96", ["N95"], "NJ"),
    ]
    rows = list(csv.reader(io.StringIO(csv_text(acc))))
    assert ["lines", "", "missed", "3", "400.00", "0.00"] in rows


def test_the_cli_gives_the_same_figures_in_json_and_csv_and_writes_drafts(
    batch: tuple[Path, Path], tmp_path: Path
) -> None:
    """`remit --result --format json --draft`: the same cells; one draft pair per missed pattern
    (CARC 119 in TX, CARC 96/N95 on H0038:HF in NJ), each saying it is a draft; csv to a file."""
    result, remit = batch
    drafts = tmp_path / "drafts"
    done = run_cli("remit", remit, "--result", result, "--format", "json", "--draft", drafts)
    assert done.returncode == 0, done.stderr.decode()
    document = json.loads(done.stdout)
    assert document["accuracy"]["lines"] == EXPECTED_LINES
    assert "2 missed-denial pattern(s)" in done.stderr.decode()
    names = sorted(p.name for p in drafts.iterdir())
    assert names == [
        "carc-119-n362-tx-h0038.feature",
        "carc-119-n362-tx-h0038.rule.yaml",
        "carc-96-n95-nj-h0038-hf.feature",
        "carc-96-n95-nj-h0038-hf.rule.yaml",
    ]
    feature = (drafts / "carc-96-n95-nj-h0038-hf.feature").read_text()
    assert feature.startswith("# DRAFT") and "NJC-000001 line 2" in feature
    assert "Then the line is rejected with CARC 96" in feature
    rule = (drafts / "carc-96-n95-nj-h0038-hf.rule.yaml").read_text()
    assert 'carc: "96"' in rule and "evidence: U" in rule and "severity: warning" in rule
    out = tmp_path / "accuracy.csv"
    done = run_cli("remit", remit, "--result", result, "--format", "csv", "--out", out)
    assert done.returncode == 0, done.stderr.decode()
    assert "lines,,false_alarm,2,288.00,288.00" in out.read_text()
    table = run_cli("remit", remit, "--result", result, env={"COLUMNS": "160"})
    assert "denied, predicted paid (missed)" in table.stdout.decode()
    bad = run_cli("remit", remit, "--result", remit)
    assert bad.returncode == 2 and b"not a peerclaims.result/1 document" in bad.stderr
    assert len(bad.stderr.decode().strip().splitlines()) == 1


def test_check_record_then_remit_record_a_new_users_loop(
    batch: tuple[Path, Path], tmp_path: Path
) -> None:
    """check --record keeps the prediction of every line (accepted or rejected); remit --record
    (no --result) matches the 835 to them and counts the same four cells as with --result; the
    paid lines are confirmed, the false alarms' paid lines added, the denied ones leave, WAC's
    reversal undoes. The store's predictions also answer a 277CA (CTC returned: not predicted).
    `history remove --claim` takes a claim's predictions with its lines: it is then unmatched."""
    _result, remit = batch
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    assert run_cli("reference", "load", REFERENCE, env=env).returncode == 0  # members' states
    check_batch(tmp_path / "recorded.json", env, "--record")
    ack = run_cli("check", "--reference", REFERENCE, "-f", "277ca", *claim_files()).stdout
    returned = ack.decode().replace(
        "TRN*2*CTC-000001~\nSTC*A2:20*", "TRN*2*CTC-000001~\nSTC*A7:562:85*"
    )
    (tmp_path / "returned.277").write_text(returned, encoding="ascii")
    done = run_cli("remit", tmp_path / "returned.277", "--format", "json", env=env)
    acked = {cell: ids for cell, ids in json.loads(done.stdout)["acknowledgments"].items() if ids}
    assert acked == {  # a 277CA alone: the 14 claims' stored predictions answer it
        "accepted_as_predicted": sorted(acked["accepted_as_predicted"]),
        "returned_not_predicted": ["CTC-000001"],
    }
    assert len(acked["accepted_as_predicted"]) == 13
    done = run_cli("remit", remit, tmp_path / "returned.277", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    document = json.loads(done.stdout)
    assert document["accuracy"]["lines"] == EXPECTED_LINES  # as measured with --result
    assert document["accuracy"]["unmatched"] == []
    missed = [(m["claim_id"], m["state"]) for m in document["accuracy"]["missed"]]
    assert missed == [("MCC-000001", "TX"), ("NJC-000001", "NJ"), ("NJC-000001", "NJ")]
    acked = {cell: ids for cell, ids in document["acknowledgments"].items() if ids}
    assert acked["returned_not_predicted"] == ["CTC-000001"]
    assert len(acked["accepted_as_predicted"]) == 13
    done = run_cli("remit", remit, "--record", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["recorded"] == {
        "added": 2,
        "confirmed": 11,
        "removed": 3,
        "undone": 2,
    }
    shown = run_cli("history", "show", "--claim", "NJC-000001", env=env)
    assert "no recorded lines match" in shown.stdout.decode()
    shown = run_cli("history", "show", "--claim", "CTC-000001", env=env)
    assert shown.stdout.decode().count("CTS0000101") == 2
    gone = run_cli("history", "remove", "--claim", "CTF-000001", env=env)
    assert gone.returncode == 0, gone.stderr.decode()
    done = run_cli("remit", remit, "--format", "json", env=env)
    assert json.loads(done.stdout)["accuracy"]["unmatched"] == ["CTF-000001"]


def test_a_277ca_is_compared_with_the_front_end_predicted(
    batch: tuple[Path, Path], tmp_path: Path
) -> None:
    """peerclaims' own 277CA for the batch accepts all 14 claims, as predicted (their errors are
    adjudication denials); the same 277CA with CTC-000001 returned (A7:562:85) puts that claim
    in 'returned, not predicted'."""
    result, _remit = batch
    done = run_cli("check", "--reference", REFERENCE, "-f", "277ca", *claim_files())
    text = done.stdout.decode()
    accepted = "TRN*2*CTC-000001~\nSTC*A2:20*"
    assert accepted in text
    returned = text.replace(accepted, "TRN*2*CTC-000001~\nSTC*A7:562:85*")
    for name, body in (("as-sent.277", text), ("returned.277", returned)):
        (tmp_path / name).write_text(body, encoding="ascii")
    answer = run_cli(
        "remit",
        tmp_path / "as-sent.277",
        tmp_path / "returned.277",
        "--result",
        result,
        "-f",
        "json",
    )
    assert answer.returncode == 0, answer.stderr.decode()
    document = json.loads(answer.stdout)
    acked = {cell: ids for cell, ids in document["acknowledgments"].items() if ids}
    assert len(acked["accepted_as_predicted"]) == 27
    assert acked["returned_not_predicted"] == ["CTC-000001"]
    assert set(acked) == {"accepted_as_predicted", "returned_not_predicted"}
    files = document["files"]
    assert [f["claims_277ca"] for f in files] == [14, 14]
