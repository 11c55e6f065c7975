"""Tests for bench.synth: the seeded generator of synthetic peer-support 837P batches."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import pyx12.params
import pyx12.x12n_document
import simple_icd_10_cm as cm

from bench import synth


@pytest.fixture(autouse=True)
def _quiet_pyx12() -> Iterator[None]:
    """Keep pyx12's error log (which carries element values) out of the test output."""
    logger = logging.getLogger("pyx12")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    yield
    logger.setLevel(level)
    logger.propagate = propagate


def _errors(node: Any) -> list[dict[str, Any]]:
    """Every error at every level (interchange, group, transaction, segment, element)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found += node.get("errors") or []
        for key, value in node.items():
            if key != "errors":
                found += _errors(value)
    elif isinstance(node, list):
        for item in node:
            found += _errors(item)
    return found


def _validate(text: str) -> tuple[bool, list[dict[str, Any]], str]:
    """Run pyx12 4.0.0 on `text`; return its verdict, the JSON errors and the 999."""
    fjson, f999 = io.StringIO(), io.StringIO()
    ok = pyx12.x12n_document.x12n_document(
        param=pyx12.params.ParamsBase(),
        src_file=io.StringIO(text),
        fd_997=f999,
        fd_html=None,
        fd_json=fjson,
    )
    assert fjson.getvalue(), "pyx12 refused the file without an error tree"
    return bool(ok), _errors(json.loads(fjson.getvalue())), f999.getvalue()


def _segments(text: str) -> list[list[str]]:
    """Split X12 text written with `~` + newline and `*` into lists of elements."""
    return [seg.strip().split("*") for seg in text.split("~") if seg.strip()]


def _claims(text: str) -> list[tuple[str, Decimal, list[Decimal]]]:
    """(CLM01, CLM02, [SV102 of each line]) for every claim, in file order."""
    claims: list[tuple[str, Decimal, list[Decimal]]] = []
    for seg in _segments(text):
        if seg[0] == "CLM":
            claims.append((seg[1], Decimal(seg[2]), []))
        elif seg[0] == "SV1":
            claims[-1][2].append(Decimal(seg[2]))
    return claims


def _unbalanced(text: str) -> list[str]:
    """CLM01 of every claim whose CLM02 differs from the sum of its SV102."""
    return [claim_id for claim_id, total, lines in _claims(text) if total != sum(lines)]


def _luhn_npi(npi: str) -> bool:
    """NPI check per the NPI standard: Luhn over 80840 + the 10 digits."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if index % 2 == 1 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def _dotted(code: str) -> str:
    """ICD-10-CM code as written in X12 (no dot) to its dotted form."""
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


@pytest.mark.parametrize(("claims", "seed"), [(1, 0), (3, 1), (25, 2), (60, 3)])
def test_generated_batches_validate_clean(claims: int, seed: int) -> None:
    """A generated batch of any size and seed passes pyx12 with no error and a 999 accepting it."""
    text = synth.generate(claims, seed)
    ok, errors, ack = _validate(text)
    assert ok
    assert errors == []
    assert "IK5*A~" in ack
    assert "AK9*A*1*1*1~" in ack
    assert len(_claims(text)) == claims


def test_validation_helper_reports_a_broken_line() -> None:
    """The validation used above is not blind: an invalid SV103 unit basis makes pyx12 reject."""
    text = synth.generate(3, 1).replace("*UN*", "*XX*", 1)
    ok, errors, ack = _validate(text)
    assert not ok
    assert any("XX" in (error.get("err_val") or "") for error in errors)
    assert "AK9*R" in ack


def test_small_claims_per_st_splits_into_several_clean_transactions() -> None:
    """20 claims at 7 per ST give three ST (7, 7, 6 claims) in one GS, all accepted by pyx12."""
    text = synth.generate(20, 4, claims_per_st=7)
    segments = _segments(text)
    per_st: list[int] = []
    for seg in segments:
        if seg[0] == "ST":
            per_st.append(0)
        elif seg[0] == "CLM":
            per_st[-1] += 1
    assert per_st == [7, 7, 6]
    assert [seg[0] for seg in segments].count("GS") == 1
    assert next(seg for seg in segments if seg[0] == "GE")[1] == "3"
    ok, errors, ack = _validate(text)
    assert ok
    assert errors == []
    assert ack.count("IK5*A~") == 3


def test_5001_claims_use_two_transactions_and_validate_clean() -> None:
    """With the default 5,000 claims per ST, 5,001 claims make two ST that pyx12 accepts (slow)."""
    text = synth.generate(5001, 11)
    segments = _segments(text)
    st_count = sum(1 for seg in segments if seg[0] == "ST")
    assert st_count == 2
    ok, errors, ack = _validate(text)
    assert ok
    assert errors == []
    assert "AK9*A*2*2*2~" in ack


def test_same_seed_gives_identical_text() -> None:
    """Two runs with the same seed and size give byte-identical interchanges."""
    assert synth.generate(40, 7) == synth.generate(40, 7)
    assert synth.generate(12, 7, claims_per_st=5) == synth.generate(12, 7, claims_per_st=5)


def test_different_seeds_give_different_text() -> None:
    """Different seeds give different interchanges, and differ beyond the control numbers."""
    first, second = synth.generate(40, 7), synth.generate(40, 8)
    assert first != second
    assert [s for s in _segments(first) if s[0] == "CLM"] != [
        s for s in _segments(second) if s[0] == "CLM"
    ]


def test_generation_uses_its_own_random_generator() -> None:
    """Consuming or reseeding the global random module does not change the output."""
    before = synth.generate(10, 3)
    random.seed(999)
    random.random()
    assert synth.generate(10, 3) == before


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_claim_charge_equals_sum_of_line_charges(seed: int) -> None:
    """Every CLM02 is exactly the sum of its lines' SV102, and every charge is units x a rate."""
    text = synth.generate(200, seed)
    claims = _claims(text)
    assert len(claims) == 200
    assert _unbalanced(text) == []
    for seg in _segments(text):
        if seg[0] == "SV1":
            charge, units = Decimal(seg[2]), int(seg[4])
            assert 1 <= units <= 8
            assert charge == charge.quantize(Decimal("0.01"))
            assert (charge / units) == (charge / units).quantize(Decimal("0.01"))


def test_balancing_check_catches_a_changed_total() -> None:
    """The balancing helper is not blind: a CLM02 changed by one cent is reported."""
    text = synth.generate(3, 1)
    claim_id, total, _ = _claims(text)[1]
    changed = text.replace(f"CLM*{claim_id}*{total}*", f"CLM*{claim_id}*{total + Decimal('0.01')}*")
    assert _unbalanced(changed) == [claim_id]


def test_every_npi_passes_the_luhn_check() -> None:
    """Billing (2010AA) and rendering (2310B) NPIs all carry a correct NPI check digit."""
    assert _luhn_npi("1234567893")  # the NPI standard's worked example
    assert not _luhn_npi("1234567890")
    npis = {
        seg[9] for seg in _segments(synth.generate(500, 5)) if seg[0] == "NM1" and seg[8] == "XX"
    }
    assert len(npis) > 10
    assert [npi for npi in npis if not _luhn_npi(npi)] == []
    assert synth.npi_check_digit("123456789") == "3"


def test_every_diagnosis_code_is_a_billable_icd10cm_code() -> None:
    """Every HI code, generated or in the generator's tables, is a billable ICD-10-CM code."""
    codes: set[str] = set()
    for seg in _segments(synth.generate(500, 6)):
        if seg[0] == "HI":
            qualifiers = [element.split(":")[0] for element in seg[1:]]
            assert qualifiers == ["ABK"] + ["ABF"] * (len(seg) - 2)
            assert 1 <= len(seg) - 1 <= 3
            codes.update(element.split(":")[1] for element in seg[1:])
    assert len(codes) > 10
    codes.update(synth.ALL_DX)
    assert all("." not in code for code in codes)
    invalid = [c for c in codes if not (cm.is_valid_item(_dotted(c)) and cm.is_leaf(_dotted(c)))]
    assert invalid == []


def test_content_follows_the_peer_support_profile() -> None:
    """Medicaid payer, subscriber is patient, H0038 lines, weekday dates, telehealth POS 02/10."""
    start = dt.date(2026, 3, 2)
    segments = _segments(synth.generate(300, 8, start=start))
    names = [seg[0] for seg in segments]
    assert {tuple(seg) for seg in segments if seg[0] == "SBR"} == {
        ("SBR", "P", "18", "", "", "", "", "", "", "MC")
    }
    assert {seg[9] for seg in segments if seg[:2] == ["NM1", "PR"]} <= set(synth.PAYER_IDS)
    assert {tuple(seg) for seg in segments if seg[:2] == ["PRV", "PE"]} == {
        ("PRV", "PE", "PXC", "175T00000X")
    }
    per_subscriber: list[int] = []
    with_auth = 0
    for index, seg in enumerate(segments):
        if seg[:2] == ["NM1", "IL"]:
            assert seg[8] == "MI"
            per_subscriber.append(0)
        elif seg[0] == "CLM":
            per_subscriber[-1] += 1
            assert seg[5].endswith(":B:1")
            with_auth += int(segments[index + 1][:2] == ["REF", "G1"])
        elif seg[0] == "SV1":
            procedure = seg[1].split(":")
            assert procedure[:2] == ["HC", "H0038"]
            assert set(procedure[2:]) <= {"HF", "HE", "HA", "HS", "HR", "HQ", "95", "GT"}
            assert seg[3] == "UN"
            if seg[5]:
                assert seg[5] in ("02", "10")
                assert {"95", "GT"} & set(procedure[2:])
        elif seg[:2] == ["DTP", "472"]:
            day = dt.datetime.strptime(seg[3], "%Y%m%d").date()
            assert day >= start
            assert day.weekday() < 5
    assert set(per_subscriber) == {1, 2, 3}
    assert 0.45 < with_auth / len([n for n in names if n == "CLM"]) < 0.75


def test_ten_thousand_claims_generate_quickly() -> None:
    """10,000 claims are generated in well under two seconds."""
    began = time.perf_counter()
    text = synth.generate(10_000, 1)
    assert time.perf_counter() - began < 2.0
    assert text.count("\nCLM*") == 10_000


def test_cli_writes_the_same_bytes_as_generate(tmp_path: Path) -> None:
    """`python -m bench.synth --claims N --seed S --out F` writes exactly generate(N, S)."""
    out = tmp_path / "batch.837"
    status = synth.main(["--claims", "9", "--seed", "2", "--out", str(out), "--claims-per-st", "4"])
    assert status == 0
    assert out.read_bytes() == synth.generate(9, 2, claims_per_st=4).encode("ascii")
    assert out.read_bytes().count(b"~\n") == out.read_bytes().count(b"~")


@pytest.mark.parametrize(("claims", "per_st"), [(0, 5000), (5, 0)])
def test_nonsense_sizes_are_refused(claims: int, per_st: int) -> None:
    """Zero claims or zero claims per ST raise ValueError instead of writing an invalid file."""
    with pytest.raises(ValueError, match="at least 1"):
        synth.generate(claims, claims_per_st=per_st)
