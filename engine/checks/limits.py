"""Check kinds of limits: age bounds, units in a window, group size, duplicate lines, whole
units and single-day lines."""

from __future__ import annotations

from typing import Any, Literal

from peerclaims.engine.checks.authorization import covering_authorizations, units_used
from peerclaims.engine.checks.context import LineView, age_on, window
from peerclaims.engine.checks.kind import (
    GROUP_MODIFIERS,
    PASSED,
    Detail,
    Kind,
    Options,
    Outcome,
    units_left,
)
from peerclaims.engine.checks.spec import ParameterName
from peerclaims.engine.model import Loc


def _age(view: LineView) -> int | None:
    if view.day is None:
        return None
    member = view.claim.member
    birth = member.birth_date if member is not None else view.claim.claim.member.birth_date
    return None if birth is None else age_on(birth, view.day)


def _birth_loc(view: LineView) -> Loc | None:
    return view.claim.claim.member.loc("birth_date")


class _MinAgeOptions(Options):
    min: ParameterName


class _MaxAgeOptions(Options):
    max: ParameterName


class _Age(Kind):
    """Age in whole years on the date of service, compared with a dated bound."""

    offers = frozenset({"measure", "threshold"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        age = _age(view)
        if age is None:
            return None
        return Outcome(age, lambda: ({"measure": str(age)}, _birth_loc(view), "2010BA DMG-02"))


class AgeMin(_Age):
    """Age on the date of service is at least the parameter (`$lt` fails)."""

    name = "age_min"
    options = _MinAgeOptions
    threshold = "min"
    op = "$lt"


class AgeMax(_Age):
    """Age on the date of service is at most the parameter (`$gt` fails)."""

    name = "age_max"
    options = _MaxAgeOptions
    threshold = "max"
    op = "$gt"


Window = Literal["day", "week", "month", "year", "state-fiscal-year", "rolling-6-months"]


class _UnitsOptions(Options):
    cap: ParameterName
    window: Window
    year_start: ParameterName | None = None
    """Code 'MM-DD': the first day of the state fiscal year (window state-fiscal-year)."""
    same_modifiers: bool = False
    """Count only lines with the same modifiers (else every line of the procedure)."""
    unless_authorized: bool = False
    """A line covered by an authorization with units left for it is not limited."""


class UnitsWindow(Kind):
    """Units of the procedure for the member in the window, this line included, against a cap."""

    name = "units_window"
    options = _UnitsOptions
    threshold = "cap"
    op = "$gt"
    offers = frozenset({"measure", "threshold", "from", "to", "already", "left"})

    def line(self, options: _UnitsOptions, view: LineView) -> Outcome | None:
        day = view.day
        if day is None or not view.claim.member_id:
            return None
        per_day = options.window == "day"
        if per_day and view.spans_days():
            return None  # a range's units are on no one day (FED-UNIT-0002 refuses the line)
        if options.unless_authorized and any(
            units_used(view, a) <= a.units for a in covering_authorizations(view)
        ):
            return None  # authorized, with units left for this line
        start_month_day = (7, 1)
        if options.year_start is not None:
            code = view.claim.params.value(options.year_start, day)
            if not isinstance(code, str):
                return None
            month, _, first = code.partition("-")
            start_month_day = (int(month), int(first))
        first_day, last_day = window(options.window, day, start_month_day)
        procedure = view.procedure
        modifiers = view.modifiers
        any_modifiers = not options.same_modifiers
        total = view.units
        for seen in view.claim.history.lines(view.claim.member_id):
            if (
                seen.procedure == procedure
                and (any_modifiers or seen.modifiers == modifiers)
                and first_day <= seen.service_date <= last_day
            ):
                total += seen.units

        def counts(earlier: LineView) -> bool:
            when = earlier.day
            return (
                when is not None
                and not (per_day and earlier.spans_days())
                and earlier.procedure == procedure
                and (any_modifiers or earlier.modifiers == modifiers)
                and first_day <= when <= last_day
            )

        for earlier in view.earlier_in_claim(counts):
            total += earlier.units

        def detail() -> Detail:
            values = {
                "measure": format(total.normalize(), "f"),
                "from": first_day.isoformat(),
                "to": last_day.isoformat(),
            }
            cap = view.claim.params.number(options.cap, day)
            values |= units_left(cap, total, view.units)
            return values, view.line.loc("units"), "2400 SV1-04"

        return Outcome(float(total), detail)


class _GroupOptions(Options):
    cap: ParameterName


class GroupSize(Kind):
    """Members in one group session: distinct members with a group-modifier line by the same
    rendering peer on the same date (this run and history), against a cap."""

    name = "group_size"
    options = _GroupOptions
    threshold = "cap"
    op = "$gt"
    offers = frozenset({"measure", "threshold"})

    def line(self, options: _GroupOptions, view: LineView) -> Outcome | None:
        day = view.day
        if day is None:
            return None
        group = view.claim.params.codes(GROUP_MODIFIERS, day) or ()
        if not set(group) & set(view.modifiers):
            return None
        members = {view.claim.member_id}
        for seen in view.claim.history.group_lines(view.rendering_npi, day):
            if set(group) & set(seen.modifiers) and seen.procedure == view.procedure:
                members.add(seen.member_id)
        size = len(members)
        return Outcome(
            size, lambda: ({"measure": str(size)}, view.line.loc("modifiers"), "2400 SV1-01-3")
        )


class Duplicate(Kind):
    """No identical line (member, date, procedure, modifiers, rendering, units) came before it:
    earlier in the claim, in an earlier claim of the run, or in history."""

    name = "duplicate"
    offers = frozenset({"origin"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        mine = view.identity
        member_id = view.claim.member_id
        if mine is None or not member_id:
            return None
        origin = None
        for earlier in view.earlier_in_claim(lambda each: each.identity == mine):
            origin = f"line {earlier.line.number} of this claim"
            break
        if origin is None:
            origin = view.claim.history.origin(member_id, mine, view.seen())
            if origin is None:
                return PASSED
        return Outcome(
            True, lambda: ({"origin": origin}, view.line.loc("procedure"), "2400 SV1-01")
        )


class WholeUnits(Kind):
    """The line's units (SV104) are a whole number: a count of the code's timed periods."""

    name = "whole_units"

    def line(self, options: Any, view: LineView) -> Outcome | None:
        units = view.line.units
        if units is None:
            return None
        if units == units.to_integral_value():
            return PASSED
        return Outcome(True, lambda: ({}, view.line.loc("units"), "2400 SV1-04"))


class SingleDay(Kind):
    """The line's date of service is one day: an RD8 range (DTP*472) ends on the day it starts."""

    name = "single_day"
    offers = frozenset({"to", "days"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        first, last = view.day, view.line.service_date_end
        if first is None:
            return None
        if last is None or not view.spans_days():
            return PASSED
        days = (last - first).days + 1

        def detail() -> Detail:
            values = {"to": last.isoformat(), "days": str(days)}
            return values, view.line.loc("service_date"), "2400 DTP-03 (472)"

        return Outcome(True, detail)
