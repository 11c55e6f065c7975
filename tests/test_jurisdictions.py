"""The jurisdictions' names as data (`rules/geography/jurisdictions.yaml`): one table for the
states report and the findings' sentences, and a broken file is one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerclaims.engine.checks.scope import state_name
from peerclaims.engine.errors import DataError
from peerclaims.engine.jurisdictions import (
    JURISDICTIONS_FILE,
    load_jurisdictions,
    sentence_name,
    state_names,
)

SHIPPED = Path(__file__).resolve().parents[1] / "rules" / JURISDICTIONS_FILE


def test_the_states_report_and_the_sentences_read_one_table() -> None:
    """51 states and DC for the report; a sentence says 'the District of Columbia', names a
    territory (no pack) and leaves an unknown code as it is."""
    names = state_names()
    assert len(names) == 51 and "DC" in names and "PR" not in names
    assert names["DC"] == "District of Columbia" and names["PA"] == "Pennsylvania"
    assert sentence_name("DC") == "the District of Columbia"
    assert sentence_name("VI") == "the U.S. Virgin Islands"
    assert sentence_name("PR") == "Puerto Rico"
    assert sentence_name("ZZ") == "ZZ"
    assert state_name("NJ") == "New Jersey" and state_name(None) == "the payer's state"
    shipped = load_jurisdictions(SHIPPED)
    assert {c for c, j in shipped.jurisdictions.items() if j.territory} == {
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "citation: c\njurisdictions:\n  pa: {name: Pennsylvania}\n",
            "'pa' is not a USPS state code",
        ),
        ("citation: c\njurisdictions:\n  PA: {name: Pennsylvania, capital: x}\n", "capital"),
        ("citation: c\njurisdictions:\n  PA: {name: A}\n  PA: {name: B}\n", "PA"),
        ("- PA\n", "expected a mapping of fields, got a list"),
    ],
)
def test_a_broken_jurisdictions_file_is_one_line(tmp_path: Path, text: str, problem: str) -> None:
    """A bad code, an unknown field, a code given twice or a list is refused with the file."""
    path = tmp_path / "jurisdictions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_jurisdictions(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message and problem in message, message
