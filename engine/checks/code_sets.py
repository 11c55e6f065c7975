"""Check kinds of SNIP 3 and 5: claim balance, NPI check digit, ICD-10-CM, dated code lists.

None of them depends on a state: they judge every date of service.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Literal

from peerclaims.engine.checks import icd10
from peerclaims.engine.checks.context import ClaimView, LineView
from peerclaims.engine.checks.kind import PASSED, Detail, Kind, Options, Outcome, join
from peerclaims.engine.checks.spec import ParameterName
from peerclaims.engine.model import Loc
from peerclaims.engine.reference.fields import npi_check_digit_ok


class ClaimBalance(Kind):
    """CLM02 equals the sum of the lines' SV102."""

    name = "claim_balance"
    scope = "claim"
    offers = frozenset({"total", "sum"})

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        claim = view.claim
        if claim.total_charge is None or any(line.charge is None for line in claim.lines):
            return None
        total = claim.total_charge
        lines_sum = sum((line.charge or Decimal(0) for line in claim.lines), Decimal(0))
        if lines_sum == total:
            return PASSED

        def detail() -> Detail:
            values = {"total": f"{total:.2f}", "sum": f"{lines_sum:.2f}"}
            return values, claim.loc("total_charge"), "2300 CLM-02"

        return Outcome(True, detail)


class NpiCheckDigit(Kind):
    """Every NPI on the claim passes the Luhn check digit (with the 80840 prefix)."""

    name = "npi_check_digit"
    scope = "claim"
    offers = frozenset({"invalid"})

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        claim = view.claim
        parties: list[tuple[Any, str, str, int | None]] = [
            (claim.billing, "billing", "2010AA NM1-09", None),
            (claim.rendering, "rendering", "2310B NM1-09", None),
            (claim.supervising, "supervising", "2310D NM1-09", None),
        ]
        for line in claim.lines:
            parties.append((line.rendering, "rendering", "2420A NM1-09", line.number))
            parties.append((line.supervising, "supervising", "2420D NM1-09", line.number))
        found: list[tuple[str, str, Any, str]] = []
        for party, role, label, number in parties:
            npi = party.npi if party is not None else None
            if npi and not _npi_ok(npi):
                named = role if number is None else f"service line {number} {role}"
                found.append((named, npi, party, label))
        if not found:
            return PASSED

        def detail() -> Detail:
            invalid = ", ".join(f"{role} {npi}" for role, npi, _, _ in found)
            _, _, party, label = found[0]
            return {"invalid": invalid}, party.loc("npi"), label

        return Outcome(True, detail)


_npi_ok = functools.lru_cache(maxsize=4096)(npi_check_digit_ok)
"""`npi_check_digit_ok`, remembered: a run sees the same few NPIs on claim after claim."""


def icd10_valid(code: str) -> bool:
    """A billable ICD-10-CM code (a leaf of the code set), written with or without the dot.

    Answers what simple-icd-10-cm's `is_valid_item(code) and is_leaf(code)` answers, from an
    index the library built in a child process (`icd10`): this process never holds the library's
    tree (about 175 MB of RSS). The index is read on first use, so a syntax-only run or a claim
    without diagnoses never loads it.
    """
    return icd10.is_billable(code)


class DiagnosisCodeSet(Kind):
    """Every HI code is a billable ICD-10-CM code (simple-icd-10-cm's release)."""

    name = "diagnosis_code_set"
    scope = "claim"
    offers = frozenset({"invalid"})

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        bad = [d for d in view.claim.diagnoses if not icd10_valid(d.code)]
        if not bad:
            return PASSED

        def detail() -> Detail:
            loc = bad[0].loc("code")
            label = f"2300 HI-{loc.element}" if loc is not None and loc.element else "2300 HI"
            return {"invalid": join(d.code for d in bad)}, loc, label

        return Outcome(True, detail)


Field = Literal["procedure", "modifiers", "place_of_service", "unit_basis", "primary_diagnosis"]
Test = Literal["in", "all_in", "any_in", "none_in", "prefix_in"]


class _CodeListOptions(Options):
    field: Field
    test: Test
    values: ParameterName


_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "procedure": ("procedure", "2400 SV1-01-2"),
    "modifiers": ("modifiers", "2400 SV1-01-3"),
    "place_of_service": ("place_of_service", "2400 SV1-05"),
    "unit_basis": ("unit_basis", "2400 SV1-03"),
}


class CodeList(Kind):
    """A line's code (procedure, modifiers, place of service, SV103, principal diagnosis) against
    a dated code list: `in` / `all_in` (every one listed), `any_in` (at least one listed),
    `none_in` (none listed), `prefix_in` (starts with a listed prefix).
    """

    name = "code_list"
    options = _CodeListOptions
    offers = frozenset({"found", "listed", "offending"})

    def by_codes(self, options: _CodeListOptions) -> bool:
        """Those tests read nothing else (and not the modifiers' order); the principal
        diagnosis is the claim's."""
        return options.field in {"procedure", "modifiers", "place_of_service", "unit_basis"}

    def line(self, options: _CodeListOptions, view: LineView) -> Outcome | None:
        if view.day is None:
            return None
        listed = view.claim.params.codes(options.values, view.day)
        if listed is None:
            return None
        field = options.field
        found = self._codes(field, view)
        test = options.test
        if not found and test != "any_in":
            return None
        if test in {"in", "all_in"}:
            offending = [v for v in found if v not in listed]
        elif test == "none_in":
            offending = [v for v in found if v in listed]
        elif test == "prefix_in":
            offending = [v for v in found if not v.startswith(listed)]
        else:  # any_in
            offending = [] if set(found) & set(listed) else list(found) or ["none"]
        if not offending:
            return PASSED

        def detail() -> Detail:
            values = {"found": join(found), "listed": join(listed), "offending": join(offending)}
            return values, *self._where(field, view)

        return Outcome(True, detail)

    @staticmethod
    def _codes(field: str, view: LineView) -> tuple[str, ...]:
        """The line's codes of `field`."""
        line = view.line
        if field == "primary_diagnosis":
            return tuple(d.code for d in _principal(view)[:1])
        if field == "place_of_service" and not line.place_of_service:
            pos = view.claim.claim.place_of_service
            return (pos,) if pos else ()
        raw = getattr(line, _FIELD_LABELS[field][0])
        return tuple(raw) if isinstance(raw, tuple) else ((raw,) if raw else ())

    @staticmethod
    def _where(field: str, view: LineView) -> tuple[Loc | None, str]:
        """Where the codes of `field` were read, and the location label."""
        line = view.line
        if field == "primary_diagnosis":
            principal = _principal(view)
            return (principal[0].loc("code") if principal else None), "2300 HI-01-2"
        if field == "place_of_service" and not line.place_of_service:
            return view.claim.claim.loc("place_of_service"), "2300 CLM-05-1"
        name, label = _FIELD_LABELS[field]
        return line.loc(name), label


def _principal(view: LineView) -> list[Any]:
    """The claim's principal diagnoses (ABK, BK)."""
    return [d for d in view.claim.claim.diagnoses if d.qualifier in {"ABK", "BK"}]
