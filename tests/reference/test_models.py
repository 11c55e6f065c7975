"""The record models on their own: date helpers, modifier sets, NPI check digit, unique keys."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from peerclaims.engine.reference.fields import npi_check_digit_ok
from peerclaims.engine.reference.models import (
    Credential,
    Enrollment,
    HistoryLine,
    Payer,
    RecordedLine,
    ReferenceData,
)


def test_npi_check_digit() -> None:
    """The NPI standard's worked example passes; the same digits with another last digit fail."""
    assert npi_check_digit_ok("1234567893")
    assert not npi_check_digit_ok("1234567890")


def test_credential_current_includes_both_ends() -> None:
    """A credential is current from its issue date through its expiry date, inclusive."""
    credential = Credential(
        type="CT-RSS", number="1", issued=date(2025, 1, 1), expires=date(2025, 12, 31)
    )
    assert [credential.current_on(date(2025, m, d)) for m, d in ((1, 1), (12, 31))] == [True, True]
    assert not credential.current_on(date(2024, 12, 31))
    assert not credential.current_on(date(2026, 1, 1))


def test_credential_without_expiry_never_expires() -> None:
    """A missing `expires` never expires."""
    credential = Credential(type="TX-CPS", number="1", issued=date(2020, 1, 1))
    assert credential.current_on(date(2099, 1, 1))


def test_enrollment_open_ended() -> None:
    """An enrollment without an end is active from its start on, not before."""
    enrollment = Enrollment(program="CT-MHW", start=date(2025, 1, 1))
    assert enrollment.active_on(date(2030, 6, 1))
    assert not enrollment.active_on(date(2024, 12, 31))


def test_modifiers_are_a_sorted_set() -> None:
    """Modifiers are kept sorted; numbers written for modifiers are read as their digits."""
    line = HistoryLine.model_validate(
        {
            "member_id": "M1",
            "provider_npi": 1234567893,
            "procedure": "H0038",
            "modifiers": ["HQ", 95],
            "service_date": date(2026, 1, 5),
            "units": 4,
        }
    )
    assert (line.provider_npi, line.modifiers) == ("1234567893", ("95", "HQ"))


def test_repeated_modifier_is_refused() -> None:
    """A modifier given twice is refused."""
    with pytest.raises(ValidationError, match=r"a modifier is repeated in \['HQ', 'HQ'\]"):
        HistoryLine(
            member_id="M1",
            provider_npi="1234567893",
            procedure="H0038",
            modifiers=("HQ", "HQ"),
            service_date=date(2026, 1, 5),
            units=Decimal(4),
        )


def test_recorded_line_needs_claim_and_line() -> None:
    """A recorded line carries its claim id and a line number of at least 1."""
    fields = {
        "member_id": "M1",
        "provider_npi": "1234567893",
        "procedure": "H0038",
        "service_date": date(2026, 1, 5),
        "units": Decimal(4),
    }
    assert RecordedLine(**fields, claim_id="PCN-1", line=2).line == 2
    with pytest.raises(ValidationError, match="line"):
        RecordedLine(**fields, claim_id="PCN-1", line=0)


def test_reference_data_refuses_a_repeated_key() -> None:
    """Built directly, ReferenceData still refuses two payers with one id."""
    payer = Payer(payer_id="P1", name="Payer", state="CT", kind="ffs")
    with pytest.raises(ValidationError, match="payer_id 'P1' is given twice"):
        ReferenceData(payers=(payer, payer))


def test_models_are_frozen() -> None:
    """Records cannot be changed once made."""
    payer = Payer(payer_id="P1", name="Payer", state="CT", kind="ffs")
    with pytest.raises(ValidationError, match="frozen"):
        payer.state = "TX"  # type: ignore[misc]
