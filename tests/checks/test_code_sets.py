"""HCPCS validity (engine/checks/code_sets.py): which codes the shipped code sets call invalid.

A valid code that is not a peer code is a coverage question, not an invalid code; a CPT code or
modifier is not checked (CPT is not redistributable); a Level II code of a group the code set
does not ship is not judged. The code sets are the pack's own
(`rules/federal/parameters/code_sets`).
"""

from __future__ import annotations

import functools
from datetime import date

import pytest
from conftest import REPO

from peerclaims.engine.checks.code_sets import _code_note, code_validity
from peerclaims.engine.packs import load_packs
from peerclaims.engine.packs.parameters import Parameters

DAY = date(2026, 3, 2)


@functools.cache
def _parameters() -> Parameters:
    return load_packs(REPO / "rules")["federal"].parameters


def _codes(name: str, day: date = DAY) -> tuple[str, ...]:
    value = _parameters().value_on(name, day)
    assert isinstance(value, tuple)
    return value


@pytest.mark.parametrize(
    ("code", "validity"),
    [
        ("H0038", "valid"),  # peer support
        ("H0004", "valid"),  # behavioral health counseling: valid, not a peer code
        ("T1016", "valid"),
        ("S9484", "valid"),
        ("G0176", "valid"),
        ("90837", "not judged"),  # CPT psychotherapy
        ("0001F", "not judged"),  # CPT category II
        ("A0425", "not judged"),  # group A is not shipped
        ("H9999", "invalid"),
        ("HOO38", "invalid"),  # letters O for zeros
        ("H003", "invalid"),
    ],
)
def test_procedure_validity_comes_from_the_level_ii_code_set(code: str, validity: str) -> None:
    """Only a code of a shipped group missing from the CMS file, or no code at all, is invalid."""
    assert code_validity(code, _codes("federal.code_sets.hcpcs")) == validity


def test_g0140_is_valid_from_2024_only() -> None:
    """A code added after the 2020 file is valid from its own date."""
    assert (
        code_validity("G0140", _codes("federal.code_sets.hcpcs", date(2023, 12, 31))) == "invalid"
    )
    assert code_validity("G0140", _codes("federal.code_sets.hcpcs", date(2024, 1, 1))) == "valid"


@pytest.mark.parametrize(
    ("modifier", "validity"),
    [
        ("HQ", "valid"),
        ("HX", "valid"),
        ("KX", "valid"),
        ("XE", "valid"),
        ("GT", "valid"),
        ("59", "not judged"),  # a CPT modifier
        ("95", "not judged"),
        ("ZZ", "invalid"),
        ("H9", "invalid"),
    ],
)
def test_modifier_validity_comes_from_the_level_ii_modifier_list(
    modifier: str, validity: str
) -> None:
    """A valid modifier outside the peer list is valid here; a CPT modifier is not judged."""
    assert code_validity(modifier, _codes("federal.code_sets.modifiers")) == validity


def test_a_cpt_code_is_named_as_not_checked_in_the_coverage_message() -> None:
    """A CPT code's coverage finding says its validity was not checked; a HCPCS code's does not."""
    listed = _codes("federal.code_sets.hcpcs")
    assert "CPT validity is not checked" in _code_note(["90837"], listed)
    assert _code_note(["H0004"], listed) == ""
    assert _code_note(["90837"], None) == ""
