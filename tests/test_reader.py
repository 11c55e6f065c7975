"""The X12 reader: claim values and their locations, per-claim isolation, envelopes, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from peerclaims.engine.errors import IsaError, NotX12Error
from peerclaims.engine.x12.reader import FileReading, read_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claims"


def _read(relative: str) -> FileReading:
    return read_bytes((FIXTURES / relative).read_bytes(), relative)


def test_claim_values_are_read_with_their_x12_locations() -> None:
    """Every value of the claim model is read from its element and keeps loop, element and line."""
    reading = _read("clean/one-claim.837")
    (claim_reading,) = list(reading.claims)
    claim = claim_reading.claim
    assert claim.claim_id == "RJX-000001"
    assert claim.total_charge == Decimal("176.00")
    assert claim.place_of_service == "02"
    assert claim.frequency == "1"
    assert claim.prior_authorization == "PA48764304"
    assert claim.filing_indicator == "MC"
    assert claim.payer_id == "CTMEDICAID"
    assert [(d.qualifier, d.code) for d in claim.diagnoses] == [("ABK", "F4312"), ("ABF", "F1520")]
    assert claim.subscriber.member_id == "CT21947836"
    assert claim.subscriber.birth_date == date(1964, 10, 12)
    assert claim.subscriber.gender == "M"
    assert claim.billing.npi == "2117239691"
    assert claim.billing.taxonomy == "251S00000X"
    assert claim.billing.tax_id == "121019797"
    assert claim.rendering is not None
    assert claim.rendering.npi == "1749190009"
    assert claim.rendering.taxonomy == "175T00000X"
    first = claim.lines[0]
    assert first.number == 1
    assert first.procedure == "H0038"
    assert first.modifiers == ("HE", "GT")
    assert first.charge == Decimal("96.00")
    assert first.unit_basis == "UN"
    assert first.units == Decimal("6")
    assert first.diagnosis_pointers == (1, 2)
    assert first.service_date == date(2026, 3, 23)
    units = first.loc("units")
    assert units is not None
    assert (units.loop, units.segment, units.element, units.line) == ("2400", "SV1", "04", 27)
    assert units.label(first.number) == "2400 SV1-04 (line 1)"
    npi = claim.rendering.loc("npi")
    assert npi is not None
    assert npi.label() == "2310B NM1-09"
    member = claim.subscriber.loc("member_id")
    assert member is not None
    assert (member.loop, member.line) == ("2010BA", 16)
    total = claim.loc("total_charge")
    assert total is not None
    assert total.label() == "2300 CLM-02"
    assert total.byte == (FIXTURES / "clean/one-claim.837").read_bytes().index(b"CLM*RJX-000001")


def test_a_broken_claim_is_rejected_alone() -> None:
    """An element error inside the 2nd claim's 2400 rejects that claim's line; the others pass."""
    reading = _read("structure/one-bad-claim-of-three.837")
    claims = list(reading.claims)
    assert [c.claim.claim_id for c in claims] == ["BCC-000001", "BCC-000002", "BCC-000003"]
    assert [len(c.findings) for c in claims] == [0, 1, 0]
    (finding,) = claims[1].findings
    assert finding.rule_id == "X12-ELE-0007"
    assert finding.category == "guide"
    assert finding.location == "2400 SV1-03 (line 1)"
    assert finding.line == 1
    assert "XX" in finding.message
    assert finding.position is not None
    assert finding.position.line == 46
    assert reading.problems == []


def test_several_transactions_in_one_group_are_all_read() -> None:
    """Two ST in one GS give two validated transactions with one claim each."""
    reading = _read("clean/two-transactions.837")
    assert len(reading.transactions) == 2
    assert all(t.accepted for t in reading.transactions)
    assert [c.claim.transaction for c in reading.claims] == ["0001", "0002"]


def test_bom_and_leading_blank_line_are_layout() -> None:
    """A UTF-8 BOM and a blank line before ISA are skipped and lines still count from the file."""
    reading = _read("clean/bom-and-leading-blank-line.837")
    (claim,) = list(reading.claims)
    assert claim.findings == []
    assert claim.position.line == 22
    assert claim.position.byte == 4 + (FIXTURES / "clean/one-claim.837").read_bytes().index(b"CLM*")


def test_refused_transaction_does_not_stop_the_file() -> None:
    """An 837I interchange is refused with one line naming it while the 837P after it is read."""
    institutional = (FIXTURES / "refused/837i-institutional.837").read_bytes()
    professional = (FIXTURES / "clean/one-claim.837").read_bytes()
    reading = read_bytes(institutional + professional, "mixed.837")
    assert [c.claim.claim_id for c in reading.claims] == ["RJX-000001"]
    (problem,) = reading.problems
    assert problem.code == "refused-transaction"
    assert "837I institutional" in problem.message
    assert "005010X223A2" in problem.message
    assert "\n" not in problem.message
    assert problem.position is not None
    assert problem.position.segment == 3
    assert reading.transactions[0].refused is not None


def test_missing_iea_is_an_envelope_problem_with_its_position() -> None:
    """A missing IEA is reported in errors at the ISA it leaves open; the claim is still read."""
    reading = _read("envelope/missing-iea.837")
    assert len(list(reading.claims)) == 1
    codes = [p.code for p in reading.problems]
    assert "missing-iea" in codes
    problem = reading.problems[codes.index("missing-iea")]
    assert problem.position is not None
    assert problem.position.segment == 1


def test_empty_segment_rejects_only_the_claim_holding_it() -> None:
    """A `~~` inside claim 2 is a syntax finding on claim 2; pyx12 still reads the rest."""
    reading = _read("envelope/empty-segment.837")
    claims = list(reading.claims)
    assert len(claims) == 2
    assert claims[0].findings == []
    assert [f.rule_id for f in claims[1].findings] == ["X12-ENV-0001"]
    assert claims[1].findings[0].category == "syntax"


def test_wrong_ge_count_is_reported_with_the_numbers() -> None:
    """GE01 that does not count the group's transactions is an envelope problem naming both."""
    text = (FIXTURES / "clean/two-transactions.837").read_bytes().replace(b"GE*2*", b"GE*3*")
    reading = read_bytes(text, "ge.837")
    (problem,) = [p for p in reading.problems if p.code == "ge-count"]
    assert "'3'" in problem.message
    assert "holds 2" in problem.message
    assert len(list(reading.claims)) == 2


@pytest.mark.parametrize(("segment", "extra"), [("GE", 1), ("IEA", 2)])
def test_ge_and_iea_with_extra_elements_are_reported_with_their_position(
    segment: str, extra: int
) -> None:
    """GE or IEA with more than its two elements (clean before: pyx12 sees synthetic trailers)
    is an envelope problem on one line naming the segment and its position."""
    original = (FIXTURES / "clean/two-transactions.837").read_bytes()
    at = original.rindex(f"{segment}*".encode())
    end = original.index(b"~", at)
    text = original[:end] + b"*X" * extra + original[end:]
    reading = read_bytes(text, "trailer.837")
    (problem,) = [p for p in reading.problems if p.code == f"{segment.lower()}-elements"]
    assert f"{segment} has {2 + extra} elements" in problem.message
    assert "\n" not in problem.message
    assert problem.position is not None
    assert problem.position.segment == text[:at].count(b"~") + 1
    assert [p.code for p in reading.problems] == [f"{segment.lower()}-elements"]
    assert len(list(reading.claims)) == 2


def test_se_count_error_rejects_every_claim_of_the_transaction() -> None:
    """A wrong SE01 is a transaction error: in errors, and a finding on each of its claims."""
    original = (FIXTURES / "clean/three-claims.837").read_bytes()
    se = original.rindex(b"SE*")
    count_end = original.index(b"*", se + 3)
    text = original[: se + 3] + b"99" + original[count_end:]
    reading = read_bytes(text, "se.837")
    claims = list(reading.claims)
    assert len(claims) == 3
    assert all(any(f.rule_id == "X12-ENV-0005" for f in c.findings) for c in claims)
    assert any("SE01" in p.message or "SE count" in p.message for p in reading.problems)


def test_subscriber_level_error_rejects_only_that_subscribers_claims() -> None:
    """An invalid code in one subscriber's 2010BA rejects its claims, not the other subscriber's."""
    original = (FIXTURES / "clean/three-claims.837").read_bytes()
    first_dmg = original.index(b"DMG*D8*")
    gender = original.index(b"~", first_dmg) - 1
    text = original[:gender] + b"Q" + original[gender + 1 :]
    reading = read_bytes(text, "dmg.837")
    rejected = [bool(c.findings) for c in reading.claims]
    assert rejected == [True, False, False]
    (finding,) = next(iter(reading.claims)).findings
    assert finding.location.startswith("2010BA DMG-03")
    assert finding.line is None


@pytest.mark.parametrize(
    ("data", "error", "fragment"),
    [
        (b"", NotX12Error, "empty file"),
        (b"ISA*00*", IsaError, "truncated ISA"),
        (b"GS*HC*X~", NotX12Error, "no ISA"),
    ],
)
def test_unreadable_input_is_one_line_naming_file_and_byte(
    data: bytes, error: type[Exception], fragment: str
) -> None:
    """Input that is not X12 raises our error with a one-line message naming file and byte."""
    with pytest.raises(error) as caught:
        read_bytes(data, "in.837")
    message = str(caught.value)
    assert message.startswith("in.837: ")
    assert "byte" in message
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize("lx01", ["123456789012345678901234", "\xb2"])
def test_a_line_number_that_is_no_number_names_the_line_by_position(lx01: str) -> None:
    """An LX01 too long for a number (24 digits) or a Latin-1 superscript digit, which
    `str.isdigit` accepts and `int` refuses, is read: the line is named by its position and
    the guide's finding says what is wrong with LX01."""
    data = (FIXTURES / "clean/one-claim.837").read_bytes()
    assert data.count(b"LX*1~") == 1
    data = data.replace(b"LX*1~", b"LX*" + lx01.encode("latin-1") + b"~")
    (claim_reading,) = list(read_bytes(data, "lx.837").claims)
    assert [line.number for line in claim_reading.claim.lines] == [1, 2]
    assert any("LX01" in f.message for f in claim_reading.findings), claim_reading.findings
