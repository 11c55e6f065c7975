"""Whole numbers read from X12 elements: ASCII digits only, never an exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peerclaims.engine.x12.numbers import whole_number


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
