"""The value types of reference records: identifiers, codes, dates and amounts, validated.

Each type is an `Annotated` pydantic type whose error names the value. Some YAML habits are
handled on purpose: dates must be dates (a number such as `20260302` is refused rather than read
as seconds since 1970); identifiers (`member_id`, `payer_id`, numbers) must be text, because YAML
reads an unquoted `00123` as the octal number 83; codes of a fixed length (NPI, procedure,
modifier) may be written as numbers, since a misread one fails its length. Modifiers are a set:
they are kept sorted, so `[HQ, HE]` and `[HE, HQ]` are the same value.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from peerclaims.engine.x12.numbers import AMOUNT_DIGITS, FIRST_YEAR, LAST_YEAR, UNIT_DIGITS

_NPI_DIGITS = 10
"""An NPI is 10 digits (45 CFR 162.406)."""
_NPI_PREFIX = "80840"
"""Prefix of the NPI check-digit computation (the card issuer identifier of the NPI standard)."""


def npi_check_digit_ok(npi: str) -> bool:
    """Whether `npi` is 10 ASCII digits with the right check digit (Luhn over 80840 + them).

    Anything else (a letter, a Unicode digit, another length) is simply not a valid NPI.
    """
    if len(npi) != _NPI_DIGITS or not (npi.isascii() and npi.isdigit()):
        return False
    total = 0
    for position, char in enumerate(reversed(_NPI_PREFIX + npi)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _number_as_code(value: object) -> object:
    """A YAML integer written for a fixed-length code (`95`, `90832`) becomes its digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _refuse_number(value: object) -> object:
    """Dates must be written as dates: a number would be read as seconds since 1970."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise PydanticCustomError(
            "date_number", "expected a date (YYYY-MM-DD), got the number {value}", {"value": value}
        )
    return value


def _check_year(value: date) -> date:
    """Dates are bounded as in claims: a year from 1900 to 2099."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range",
            "expected a date from {first} to {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


def _pattern(regex: str, what: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "code_shape", "'{value}' is not {what}", {"value": value, "what": what}
            )
        return value

    check.__name__ = f"check_{what.replace(' ', '_')}"
    return AfterValidator(check)


def _check_text(value: str) -> str:
    if not value or value != value.strip():
        raise PydanticCustomError(
            "text_shape",
            "must be non-empty text without surrounding spaces (got '{value}')",
            {"value": value},
        )
    return value


def _check_npi(value: str) -> str:
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise PydanticCustomError(
            "npi_shape", "'{value}' is not an NPI (10 digits)", {"value": value}
        )
    if not npi_check_digit_ok(value):
        raise PydanticCustomError(
            "npi_check_digit", "NPI '{value}' has a wrong check digit", {"value": value}
        )
    return value


def _sorted_unique(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise PydanticCustomError(
            "modifier_repeated", "a modifier is repeated in {values}", {"values": list(values)}
        )
    return tuple(sorted(values))


Text = Annotated[str, AfterValidator(_check_text)]
"""Non-empty text without leading or trailing spaces (names, identifiers)."""

Npi = Annotated[str, BeforeValidator(_number_as_code), AfterValidator(_check_npi)]
"""A National Provider Identifier: 10 digits, the last a check digit."""

State = Annotated[str, _pattern(r"[A-Z]{2}", "a 2-letter state code (upper case)")]
"""A USPS state code (`CT`); which states exist is the packs' business, not this type's."""

Procedure = Annotated[
    str,
    BeforeValidator(_number_as_code),
    _pattern(r"[A-Z0-9]{5}", "a HCPCS or CPT code (5 upper-case letters or digits)"),
]

Modifier = Annotated[
    str,
    BeforeValidator(_number_as_code),
    _pattern(r"[A-Z0-9]{2}", "a procedure modifier (2 upper-case letters or digits)"),
]

Modifiers = Annotated[tuple[Modifier, ...], Field(max_length=4), AfterValidator(_sorted_unique)]
"""Up to four modifiers (SV101-3 to -6), as a sorted set."""

Taxonomy = Annotated[
    str, _pattern(r"[0-9A-Z]{9}X", "a NUCC taxonomy code (9 letters or digits, then X)")
]

Day = Annotated[date, BeforeValidator(_refuse_number), AfterValidator(_check_year)]
"""A calendar date from 1900 to 2099, written YYYY-MM-DD (a YAML date or an ISO string), never
a number."""

Units = Annotated[Decimal, Field(gt=0, max_digits=UNIT_DIGITS)]
"""A positive, finite, exact number of units, of at most 15 digits (as SV104)."""

Money = Annotated[Decimal, Field(ge=0, max_digits=AMOUNT_DIGITS)]
"""A non-negative, finite, exact amount of dollars, of at most 18 digits (as SV102)."""


def not_before(value: date | None, info: ValidationInfo, start_field: str) -> date | None:
    """A field validator's check that an end date is not before the record's `start_field`."""
    start = info.data.get(start_field)
    if value is not None and isinstance(start, date) and value < start:
        raise PydanticCustomError(
            "period_order",
            "{value} is before {start_field} {start}",
            {"value": str(value), "start_field": start_field, "start": str(start)},
        )
    return value


def within(day: date, start: date, end: date | None) -> bool:
    """Whether `day` is in the period from `start` through `end` (None: open-ended)."""
    return start <= day and (end is None or day <= end)
