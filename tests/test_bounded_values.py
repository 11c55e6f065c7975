"""Numbers and dates out of range, through the real command line: a finding on that claim only.

Each case edits one element of the middle claim of three (North Carolina claims built from
`fixtures/claims/nc/clean.837`) and runs `peerclaims check` in a subprocess, so a crash of the
rules engine shows as a signal. The other two claims keep the result they have alone.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REFERENCE, run_cli

CLEAN = FIXTURES / "nc" / "clean.837"


def _three_claims(edit: tuple[str, str] | None = None) -> str:
    """Three NC claims a week apart (2 units a line); `edit` replaces text in the second only."""
    segments = CLEAN.read_text(encoding="ascii").split("~\n")
    first_claim = next(i for i, s in enumerate(segments) if s.startswith("CLM*"))
    trailer = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    head, claim = segments[:first_claim], segments[first_claim:trailer]
    blocks = []
    for n, (day1, day2) in enumerate((("03", "05"), ("10", "12"), ("17", "19")), start=1):
        block = "~\n".join(claim).replace("NCC-000001", f"NCC-00000{n}")
        block = block.replace("20260203", f"202602{day1}").replace("20260205", f"202602{day2}")
        block = block.replace("*UN*4*", "*UN*2*")
        if edit is not None and n == 2:
            assert edit[0] in block, edit
            block = block.replace(edit[0], edit[1], 1)
        blocks.append(block)
    text = "~\n".join(head) + "~\n" + "~\n".join(blocks) + "~\n"
    count = text[text.index("ST*") :].count("~") + 1
    return text + f"SE*{count}*0001~\nGE*1*260400001~\nIEA*1*260400001~\n"


def _check(tmp_path: Path, text: str, *options: str) -> tuple[int, dict[str, Any], str]:
    path = tmp_path / "batch.837"
    path.write_text(text, encoding="latin-1")
    run = run_cli("check", path, "--format", "json", *options, timeout=120)
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode in (0, 1), (run.returncode, stderr[-2000:])
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    document = json.loads(run.stdout)
    assert document["schema"] == "peerclaims.result/1"
    return run.returncode, document, stderr


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {claim["claim_id"]: claim for claim in document["claims"]}


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The three claims unedited: every one accepted."""
    _, document, _ = _check(
        tmp_path_factory.mktemp("alone"), _three_claims(), "--reference", REFERENCE
    )
    claims = _by_id(document)
    assert [claim["status"] for claim in claims.values()] == ["accepted"] * 3
    return claims


BAD = {
    "units-1E17": ("SV1*HC:H0038*60.00*UN*2*", "SV1*HC:H0038*60.00*UN*1E17*", "SV1-04", 1),
    "units-16-digits": (
        "SV1*HC:H0038*60.00*UN*2*",
        "SV1*HC:H0038*60.00*UN*1000000000000000*",
        "SV1-04",
        1,
    ),
    "charge-28-digits": ("SV1*HC:H0038*60.00*", "SV1*HC:H0038*" + "9" * 28 + "*", "SV1-02", 1),
    "total-19-digits": (
        "CLM*NCC-000002*76.00*",
        "CLM*NCC-000002*" + "1" * 19 + "*",
        "CLM-02",
        None,
    ),
    "date-99991231": ("DTP*472*D8*20260210", "DTP*472*D8*99991231", "DTP-03", 1),
    "date-18991231": ("DTP*472*D8*20260210", "DTP*472*D8*18991231", "DTP-03", 1),
    "date-february-30": ("DTP*472*D8*20260210", "DTP*472*D8*20260230", "DTP-03", 1),
    "range-end-21000101": ("DTP*472*D8*20260212", "DTP*472*RD8*20260212-21000101", "DTP-03", 2),
    "range-backwards": ("DTP*472*D8*20260212", "DTP*472*RD8*20260212-20260201", "DTP-03", 2),
}
"""Case -> (text, its replacement in the second claim, element, service line or None)."""


def _without_positions(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim's result less its file and the file positions of it and its findings."""
    kept = {k: v for k, v in claim.items() if k not in {"position", "file"}}
    kept["findings"] = [
        {k: v for k, v in f.items() if k != "position"} for f in claim.get("findings", [])
    ]
    return kept


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_value_out_of_range_is_a_finding_on_its_claim_and_the_others_keep_theirs(
    case: str, tmp_path: Path, alone: dict[str, dict[str, Any]]
) -> None:
    """Units 1E17 used to kill the rules engine (signal 11); 28-digit amounts and the date
    99991231 were an internal error losing the batch: now an X12-VAL-0001 finding naming the
    element, line and file position, never echoing the value."""
    old, new, element, line = BAD[case]
    code, document, _ = _check(tmp_path, _three_claims((old, new)), "--reference", REFERENCE)
    assert code == 1
    claims = _by_id(document)
    assert list(claims) == ["NCC-000001", "NCC-000002", "NCC-000003"]
    for other in ("NCC-000001", "NCC-000003"):
        # Byte positions after the longer bad value shift; everything else is the same.
        assert _without_positions(claims[other]) == _without_positions(alone[other])
    bad = claims["NCC-000002"]
    assert bad["status"] == "rejected"
    found = [f for f in bad["findings"] if f["rule_id"] == "X12-VAL-0001"]
    assert len(found) == 1, bad["findings"]
    finding = found[0]
    assert element in finding["location"]
    assert finding["line"] == line
    assert finding["severity"] == "error"
    assert finding["position"]["line"] > 1
    value = [token for token in re.split(r"[*:-]", new) if token and token not in old][-1]
    assert value not in finding["message"]
    assert re.search(r"(not|digits)", finding["message"])


def test_the_largest_values_the_guide_allows_are_read_and_judged(tmp_path: Path) -> None:
    """Both sides of the bounds: 15-digit units and an 18-digit total are read (and judged by
    the rules: over the cap, unbalanced), dates 1900-01-01 and 2099-12-31 are real dates."""
    for old, new in (
        ("SV1*HC:H0038*60.00*UN*2*", "SV1*HC:H0038*60.00*UN*999999999999999*"),
        ("CLM*NCC-000002*76.00*", "CLM*NCC-000002*" + "9" * 16 + ".99*"),
        ("DTP*472*D8*20260210", "DTP*472*D8*20991231"),
        ("DTP*472*D8*20260210", "DTP*472*D8*19000101"),
    ):
        _, document, _ = _check(tmp_path, _three_claims((old, new)), "--reference", REFERENCE)
        rules = {f["rule_id"] for f in _by_id(document)["NCC-000002"]["findings"]}
        assert not {r for r in rules if r.startswith("X12-VAL")}, (new, rules)
        assert "PEER-ENG-0001" not in rules, (new, rules)


def test_units_1e17_through_every_option_and_the_jobs_pool(tmp_path: Path) -> None:
    """The segfault input with `--syntax-only`, with `--jobs 2`, and as a 28-digit amount with
    `--syntax-only` (an internal error before): results for every claim, no hang."""
    units = _three_claims(("SV1*HC:H0038*60.00*UN*2*", "SV1*HC:H0038*60.00*UN*1E17*"))
    amount = _three_claims(("CLM*NCC-000002*76.00*", "CLM*NCC-000002*" + "1" * 28 + "*"))
    for text, options in (
        (units, ("--syntax-only",)),
        (amount, ("--syntax-only",)),
        (units, ("--reference", str(REFERENCE), "--jobs", "2")),
    ):
        code, document, _ = _check(tmp_path, text, *options)
        assert code == 1
        claims = _by_id(document)
        assert [c["status"] for c in claims.values()] == ["accepted", "rejected", "accepted"]
        assert "X12-VAL-0001" in {f["rule_id"] for f in claims["NCC-000002"]["findings"]}


def test_a_birth_date_out_of_range_is_a_finding_on_each_claim_of_the_member(
    tmp_path: Path,
) -> None:
    """The member's DMG02 99991231 (accepted before) rejects the member's claims, naming DMG-02
    and never the date; 19000101 is a birth date like any other."""
    text = _three_claims().replace("DMG*D8*19721208", "DMG*D8*99991231")
    code, document, _ = _check(tmp_path, text, "--reference", REFERENCE)
    assert code == 1
    for claim in document["claims"]:
        found = [f for f in claim["findings"] if f["rule_id"] == "X12-VAL-0001"]
        assert [f["location"] for f in found] == ["2010BA DMG-02"]
        assert "9999" not in found[0]["message"]
    text = _three_claims().replace("DMG*D8*19721208", "DMG*D8*19000101")
    code, document, _ = _check(tmp_path, text, "--reference", REFERENCE)
    assert code == 0


NEGATIVE = {
    "units": ("SV1*HC:H0038*60.00*UN*2*", "SV1*HC:H0038*60.00*UN*-2*", "SV1-04", 1),
    "charge": ("SV1*HC:H0038*60.00*", "SV1*HC:H0038*-60.00*", "SV1-02", 1),
    "total": ("CLM*NCC-000002*76.00*", "CLM*NCC-000002*-76.00*", "CLM-02", None),
}


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_a_negative_charge_or_unit_count_is_an_error(case: str, tmp_path: Path) -> None:
    """Negative units or charges (accepted and priced before) reject their claim: X12-VAL-0002."""
    old, new, element, line = NEGATIVE[case]
    code, document, _ = _check(tmp_path, _three_claims((old, new)), "--reference", REFERENCE)
    assert code == 1
    claims = _by_id(document)
    assert [c["status"] for c in claims.values()] == ["accepted", "rejected", "accepted"]
    found = [f for f in claims["NCC-000002"]["findings"] if f["rule_id"] == "X12-VAL-0002"]
    assert len(found) == 1
    assert element in found[0]["location"]
    assert found[0]["line"] == line
    assert "negative" in found[0]["message"]


def test_an_npi_with_a_letter_is_an_invalid_npi(tmp_path: Path) -> None:
    """A rendering NPI with a letter was an internal error losing the batch: now FED-NPI-0002
    (the rendering NPI's check digit)."""
    text = _three_claims(("XX*1970400028", "XX*19704000A8"))
    code, document, _ = _check(tmp_path, text, "--reference", REFERENCE)
    assert code == 1
    claims = _by_id(document)
    assert [c["status"] for c in claims.values()] == ["accepted", "rejected", "accepted"]
    assert "FED-NPI-0002" in {f["rule_id"] for f in claims["NCC-000002"]["findings"]}


def test_a_history_line_of_1e17_units_is_one_line_refusal_not_a_crash(tmp_path: Path) -> None:
    """History units of 1e17 (a segfault before, the sum posted to the rules engine) refuse the
    reference folder in one line naming history.yaml, the record and the field."""
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    history = reference / "history.yaml"
    text = history.read_text(encoding="utf-8")
    at = text.index("NCS0000401")
    history.write_text(text[:at] + text[at:].replace("units: 4", "units: 1e17", 1), "utf-8")
    path = tmp_path / "clean.837"
    path.write_bytes(CLEAN.read_bytes())
    run = run_cli("check", path, "--reference", reference, "--format", "json", timeout=120)
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, stderr[-2000:]
    assert len(stderr.splitlines()) == 1
    assert "history.yaml: record" in stderr
    assert "units:" in stderr


def test_a_sum_of_units_beyond_what_the_rules_engine_reads_fails_only_that_claim(
    tmp_path: Path,
) -> None:
    """Eleven lines of 999999999999999 units (each within the guide) on eleven days add up past
    2**53 in the NC yearly cap: not posted to the rules engine, a PEER-ENG-0001 finding naming
    the rule and the line instead (a bare durable_rules error before); the other claims keep
    theirs. (The days differ: an identical line is a duplicate, denied, and counts toward no
    cap.)"""
    lines = "".join(
        f"LX*{n}~\nSV1*HC:H0038*10.00*UN*999999999999999***1~\nDTP*472*D8*202602{n + 9}~\n"
        for n in range(1, 12)
    )
    old = "LX*1~\nSV1*HC:H0038*60.00*UN*2***1~\nDTP*472*D8*20260210~\n"
    old += "LX*2~\nSV1*HC:H0038:HQ*16.00*UN*2***1~\nDTP*472*D8*20260212"
    text = _three_claims((old, lines.removesuffix("~\n")))
    text = text.replace("CLM*NCC-000002*76.00*", "CLM*NCC-000002*110.00*")
    segments = text[text.index("ST*") : text.index("SE*")].count("~") + 1
    text = re.sub(r"SE\*\d+\*", f"SE*{segments}*", text)
    code, document, _ = _check(tmp_path, text, "--reference", REFERENCE)
    assert code == 1
    claims = _by_id(document)
    assert [c["status"] for c in claims.values()] == ["accepted", "rejected", "accepted"]
    failed = [f for f in claims["NCC-000002"]["findings"] if f["rule_id"] == "PEER-ENG-0001"]
    assert failed, claims["NCC-000002"]["findings"]
    assert all("NC-LIM-0001" in f["message"] for f in failed)
    assert all(f["location"] == f"2400 SV1-04 (line {f['line']})" for f in failed)
    assert "durable_rules" not in json.dumps(failed)
