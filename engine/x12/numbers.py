"""Whole numbers read from X12 elements and headers: ASCII digits only.

`str.isdigit` alone is not enough: it accepts the superscripts of Latin-1 (the file's text is
decoded as Latin-1) and other Unicode digits, which `int` refuses with a `ValueError`.
"""

from __future__ import annotations


def whole_number(text: str, digits: int) -> int | None:
    """`text` as a whole number when it is ASCII digits only, at most `digits` of them after
    any leading zeros (`int` itself refuses more than 4,300 digits)."""
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0")
    if len(significant) > digits:
        return None
    return int(significant or "0")
