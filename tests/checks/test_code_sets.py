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
        ("H9", "valid"),  # court-ordered: in CMS's 2019 file, missing from the vendor's list
        ("Y1", "invalid"),
    ],
)
def test_modifier_validity_comes_from_the_level_ii_modifier_list(
    modifier: str, validity: str
) -> None:
    """A valid modifier outside the peer list is valid here; a CPT modifier is not judged."""
    assert code_validity(modifier, _codes("federal.code_sets.modifiers")) == validity


def test_the_modifier_list_is_cms_s_own_and_dated_to_2019_03_31() -> None:
    """From CMS's files (V) a modifier is valid from its added date to its termination date; the
    secondary list (S) takes over on 2019-04-01 and keeps the modifiers CMS's 2019 file added."""
    modifiers = _parameters().get("federal.code_sets.modifiers")
    days = (date(2016, 12, 31), date(2017, 1, 1), date(2019, 3, 31), date(2019, 4, 1))
    tags = [entry.evidence if (entry := modifiers.entry_on(day)) else None for day in days]
    assert tags == ["S", "V", "V", "S"]
    assert (
        code_validity("X1", _codes("federal.code_sets.modifiers", date(2017, 12, 31))) == "invalid"
    )
    assert code_validity("X1", _codes("federal.code_sets.modifiers", date(2018, 1, 1))) == "valid"
    assert code_validity("ZA", _codes("federal.code_sets.modifiers", date(2018, 3, 31))) == "valid"
    assert code_validity("ZA", _codes("federal.code_sets.modifiers", date(2018, 4, 1))) == "invalid"
    assert (
        code_validity("FQ", _codes("federal.code_sets.modifiers", date(2019, 3, 31))) == "invalid"
    )
    assert code_validity("FQ", _codes("federal.code_sets.modifiers", date(2019, 4, 1))) == "valid"
    assert code_validity("W1", _codes("federal.code_sets.modifiers", date(2019, 1, 1))) == "invalid"
    peer = ("HA", "HE", "HF", "HQ", "HR", "HS", "GT", "GQ", "U1", "UD", "UK")
    v_list = _codes("federal.code_sets.modifiers", date(2019, 1, 1))
    assert all(code_validity(m, v_list) == "valid" for m in peer)


def test_a_cpt_code_is_named_as_not_checked_in_the_coverage_message() -> None:
    """A CPT code's coverage finding says its validity was not checked; a HCPCS code's does not."""
    listed = _codes("federal.code_sets.hcpcs")
    assert "CPT validity is not checked" in _code_note(["90837"], listed)
    assert _code_note(["H0004"], listed) == ""
    assert _code_note(["90837"], None) == ""
