"""Numbers and dates read from X12 elements: ASCII digits only, bounded, never an exception.

`str.isdigit` alone is not enough: it accepts the superscripts of Latin-1 (the file's text is
decoded as Latin-1) and other Unicode digits, which `int` refuses with a `ValueError`.

Amounts and unit counts are bounded by the lengths the 837P guide gives them (pyx12's map of
005010X222A1: CLM02 and SV102 are R 1/18, SV104 R 1/15), so every one read fits `Decimal`'s 28
digits with its cents and stays below the numbers the rules engine reads safely
(`rules_conditions.MAX_FACT_NUMBER`, 2**53, about 9.0e15, above the 15-digit unit count). Dates
are real calendar dates from 1900 to 2099: a year 9999 leaves no room for a year after it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

AMOUNT_DIGITS = 18
"""Most digits of an amount (CLM02, SV102: R 1/18 in the 837P guide)."""
UNIT_DIGITS = 15
"""Most digits of a unit count (SV104: R 1/15 in the 837P guide)."""
FIRST_YEAR = 1900
"""The earliest year of a date read (a birth date or a date of service)."""
LAST_YEAR = 2099
"""The latest year of a date read."""

_DECIMAL = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
"""X12's decimal number (R): an optional minus, digits and an optional decimal point."""


class UnreadableError(ValueError):
    """An element's text that is no value of its type or out of range; says which, never the
    text itself (the message follows the name of the element: "SV104 (units) has ...")."""


def whole_number(text: str, digits: int) -> int | None:
    """`text` as a whole number when it is ASCII digits only, at most `digits` of them after
    any leading zeros (`int` itself refuses more than 4,300 digits)."""
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0")
    if len(significant) > digits:
        return None
    return int(significant or "0")


def decimal_number(text: str, digits: int) -> Decimal | None:
    """`text` as an X12 decimal number of at most `digits` digits (leading zeros not counted);
    None when empty. Raises `UnreadableError` for anything else (an exponent, a plus sign, spaces,
    more digits)."""
    if not text:
        return None
    if not (text.isascii() and _DECIMAL.fullmatch(text)):
        raise UnreadableError("is not a number written with digits and an optional decimal point")
    count = len(text.lstrip("-").lstrip("0").replace(".", ""))
    if count > digits:
        raise UnreadableError(f"has {count} digits; the 837P guide allows at most {digits}")
    return Decimal(text)


def calendar_date(text: str) -> date | None:
    """`text` (CCYYMMDD) as a real calendar date from `FIRST_YEAR` to `LAST_YEAR`; None when
    empty. Raises `UnreadableError` for anything else."""
    if not text:
        return None
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise UnreadableError("is not a date written CCYYMMDD")
    year = int(text[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnreadableError(f"is not a date from {FIRST_YEAR} to {LAST_YEAR}")
    try:
        return date(year, int(text[4:6]), int(text[6:]))
    except ValueError:
        raise UnreadableError("is not a real calendar date") from None
