"""Numbers and dates read from X12 elements: ASCII digits only, bounded, never an exception
but `UnreadableError`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerclaims.engine.x12.numbers import (
    AMOUNT_DIGITS,
    FIRST_YEAR,
    LAST_YEAR,
    UNIT_DIGITS,
    UnreadableError,
    calendar_date,
    decimal_number,
    whole_number,
)


@given(text=st.text(alphabet=st.sampled_from("0123456789\xb2\xb3\xb9\u0663 -+x"), max_size=12))
def test_a_number_or_none_and_never_an_exception(text: str) -> None:
    """Any text gives None or the number its ASCII digits spell; Latin-1 superscripts and
    other Unicode digits (which `str.isdigit` accepts and `int` refuses) give None."""
    found = whole_number(text, 9)
    if text and all(c in "0123456789" for c in text) and len(text.lstrip("0")) <= 9:
        assert found == int(text)
    else:
        assert found is None


def test_leading_zeros_do_not_count_and_length_is_bounded() -> None:
    """Zero padding is not a digit too many; 5,000 digits (beyond `int`'s limit) give None."""
    assert whole_number("0000000001", 9) == 1
    assert whole_number("0", 1) == 0
    assert whole_number("1234567890", 9) is None
    assert whole_number("9" * 5000, 9) is None


@given(text=st.text(alphabet=st.sampled_from("0123456789.-+eE \xb2\u0663x"), max_size=24))
def test_a_decimal_is_read_or_refused_and_never_an_exception_other_than_unreadable(
    text: str,
) -> None:
    """Any text gives None (empty), a Decimal of at most 15 digits, or UnreadableError; what is
    read has no exponent and is exactly the text's value."""
    try:
        found = decimal_number(text, UNIT_DIGITS)
    except UnreadableError as error:
        assert str(error).startswith(("is not", "has "))
        return
    if not text:
        assert found is None
        return
    assert found is not None
    assert found == Decimal(text)
    assert "e" not in text.lower()
    assert len(text.lstrip("-").lstrip("0").replace(".", "")) <= UNIT_DIGITS


def test_decimal_bounds_both_sides() -> None:
    """15 digits of units and 18 of an amount are read; one more, or an exponent, is refused."""
    assert decimal_number("9" * 15, UNIT_DIGITS) == Decimal("9" * 15)
    assert decimal_number("0000" + "9" * 13 + ".99", UNIT_DIGITS) == Decimal("9" * 13 + ".99")
    assert decimal_number("-" + "9" * 16 + ".99", AMOUNT_DIGITS) == Decimal("-" + "9" * 16 + ".99")
    for text, digits in (("1" * 16, UNIT_DIGITS), ("9" * 17 + ".99", AMOUNT_DIGITS)):
        with pytest.raises(UnreadableError, match="digits; the 837P guide allows at most"):
            decimal_number(text, digits)
    for text in ("1E17", "1e5", "+5", " 5", "5 ", "1.2.3", "-", ".", "NaN", "Infinity", "\u0663"):
        with pytest.raises(UnreadableError, match="is not a number"):
            decimal_number(text, UNIT_DIGITS)
    assert decimal_number("", UNIT_DIGITS) is None
    assert decimal_number(".5", UNIT_DIGITS) == Decimal("0.5")


def test_dates_are_real_and_from_1900_to_2099() -> None:
    """1900-01-01 and 2099-12-31 are read; 1899-12-31, 2100-01-01, 99991231, Feb 30 are not."""
    assert calendar_date("19000101") == date(FIRST_YEAR, 1, 1)
    assert calendar_date("20991231") == date(LAST_YEAR, 12, 31)
    assert calendar_date("20240229") == date(2024, 2, 29)
    assert calendar_date("") is None
    for text in ("18991231", "21000101", "99991231", "00000000"):
        with pytest.raises(UnreadableError, match="from 1900 to 2099"):
            calendar_date(text)
    for text in ("20260230", "20261301", "20250229"):
        with pytest.raises(UnreadableError, match="real calendar date"):
            calendar_date(text)
    for text in ("2026023", "202602300", "2026-02-03", "2026\u0663203", "\xb22260203"):
        with pytest.raises(UnreadableError, match="CCYYMMDD"):
            calendar_date(text)
