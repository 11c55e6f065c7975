"""Whole numbers read from X12 elements and headers: ASCII digits only.

`str.isdigit` alone is not enough: it accepts the superscripts of Latin-1 (the file's text is
decoded as Latin-1) and other Unicode digits, which `int` refuses with a `ValueError`.
"""

from __future__ import annotations


def whole_number(text: str, digits: int | None = None) -> int | None:
    """`text` as a whole number when it is ASCII digits only, at most `digits` of them."""
    if not (text.isascii() and text.isdigit()):
        return None
    if digits is not None and len(text) > digits:
        return None
    return int(text)
