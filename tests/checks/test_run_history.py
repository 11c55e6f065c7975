"""The run history: accepted lines counted for later claims, kept with their values shared."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from peerclaims.engine.checks.context import RunHistory, SeenLine
from peerclaims.engine.reference.models import ReferenceData


def _line(claim: str, units: str, day: int = 2) -> SeenLine:
    # "".join builds new, equal string objects each call, as every claim model holds its own
    return SeenLine(
        member_id="".join(["CT", "0001"]),
        rendering_npi="".join(["1234", "567893"]),
        procedure="".join(["H00", "38"]),
        modifiers=("".join(["H", "E"]),),
        service_date=date(2026, 3, day),
        units=Decimal(units),
        claim_id=claim,
        line_number=1,
    )


def test_lines_of_the_run_share_their_repeated_values() -> None:
    """Two accepted lines of one member hold one copy of each value they have in common."""
    history = RunHistory(ReferenceData())
    history.add([_line("A", "4")])
    history.add([_line("B", "4")])
    first, second = history.lines("CT0001")
    for name in ("member_id", "rendering_npi", "procedure", "modifiers"):
        assert getattr(first, name) is getattr(second, name), name
    assert first.service_date is second.service_date
    assert first.units is second.units
    assert (first.origin, second.origin) == ("claim A service line 1", "claim B service line 1")


def test_units_equal_as_numbers_keep_their_own_form() -> None:
    """Units 4 and 4.0 are not merged: each line keeps the value as it was billed."""
    history = RunHistory(ReferenceData())
    history.add([_line("A", "4"), _line("B", "4.0", day=3)])
    units = [str(seen.units) for seen in history.lines("CT0001")]
    assert units == ["4", "4.0"]


def test_shared_lines_are_found_as_duplicates_from_their_first_origin() -> None:
    """A line equal to an earlier one is reported with the earlier line's origin."""
    history = RunHistory(ReferenceData())
    history.add([_line("A", "4")])
    history.add([_line("B", "4")])
    assert history.seen(_line("C", "4")) == "claim A service line 1"
    assert history.seen(_line("C", "5")) is None
    assert [s.origin for s in history.group_lines("1234567893", date(2026, 3, 2))] == [
        "claim A service line 1",
        "claim B service line 1",
    ]
