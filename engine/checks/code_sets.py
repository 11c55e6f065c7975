"""Check kinds of SNIP 3 and 5: claim balance, NPI check digit, ICD-10-CM, dated code lists.

None of them depends on a state: they judge every date of service.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
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


Role = Literal["billing", "rendering", "supervising"]


class _NpiOptions(Options):
    role: Role | None = None
    """Judge only the NPIs of this role (each role has its own remark code); None: every NPI."""


class NpiCheckDigit(Kind):
    """Every NPI on the claim (of the role named) passes the Luhn check digit (with the 80840
    prefix)."""

    name = "npi_check_digit"
    scope = "claim"
    options = _NpiOptions
    offers = frozenset({"invalid"})

    def claim(self, options: _NpiOptions, view: ClaimView) -> Outcome | None:
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
            if options.role is not None and role != options.role:
                continue
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


_LEVEL_II = re.compile(r"[A-Z][0-9]{4}")
"""A HCPCS Level II code: one letter and four digits (CMS)."""
_LEVEL_I = re.compile(r"[0-9]{4}[0-9FTU]")
"""A CPT (HCPCS Level I) code: five digits, or four and F, T or U (AMA). CPT is not
redistributable, so its validity is not checked."""
_LEVEL_I_MODIFIER = re.compile(r"[0-9]{2}")
"""A CPT modifier: two digits (not judged, as CPT codes are not)."""
_MODIFIER_LENGTH = 2
"""A procedure modifier has two characters (SV101-03 to -06)."""

Validity = Literal["valid", "invalid", "not judged"]


@dataclass(frozen=True, slots=True)
class _CodeSet:
    listed: tuple[str, ...]
    codes: frozenset[str]
    groups: frozenset[str]
    """The first letters of the codes listed: the Level II groups shipped."""
    modifiers: bool
    """A set of modifiers (two characters each), not of procedures."""


_CODE_SETS: dict[int, _CodeSet] = {}
"""Code sets by the id of their parameter value (a tuple held by the loaded packs, which never
changes): a set of a few thousand codes is made once, not per line."""


def _code_set(listed: tuple[str, ...]) -> _CodeSet:
    found = _CODE_SETS.get(id(listed))
    if found is None or found.listed is not listed:
        groups = frozenset(code[:1] for code in listed)
        modifiers = all(len(code) == _MODIFIER_LENGTH for code in listed)
        found = _CodeSet(listed, frozenset(listed), groups, modifiers)
        _CODE_SETS[id(listed)] = found
    return found


def code_validity(code: str, listed: tuple[str, ...]) -> Validity:
    """Whether a code is in the HCPCS Level II code set listed (of procedures or of modifiers).
    A CPT code or modifier is not judged, nor a Level II procedure of a group the list does not
    ship; any other code not listed is invalid."""
    code_set = _code_set(listed)
    if code in code_set.codes:
        return "valid"
    if code_set.modifiers:
        return "not judged" if _LEVEL_I_MODIFIER.fullmatch(code) else "invalid"
    if _LEVEL_I.fullmatch(code):
        return "not judged"
    if _LEVEL_II.fullmatch(code):
        return "invalid" if code[:1] in code_set.groups else "not judged"
    return "invalid"


class _HcpcsOptions(Options):
    field: Literal["procedure", "modifiers"] = "procedure"
    values: ParameterName


class HcpcsCode(Kind):
    """The procedure is a HCPCS Level II code valid on the date of service (a CPT code, or a
    Level II code of a group the code set does not ship, is not judged)."""

    name = "hcpcs_code"
    options = _HcpcsOptions
    offers = frozenset({"offending", "found"})

    def by_codes(self, options: _HcpcsOptions) -> bool:
        return True

    def line(self, options: _HcpcsOptions, view: LineView) -> Outcome | None:
        field = options.field
        found = CodeList._codes(field, view)
        if view.day is None or not found:
            return None
        listed = view.claim.params.codes(options.values, view.day)
        if not listed:
            return None
        offending = [c for c in found if code_validity(c, listed) == "invalid"]
        if not offending:
            return PASSED

        def detail() -> Detail:
            values = {"offending": join(offending), "found": join(found)}
            return values, *CodeList._where(field, view)

        return Outcome(True, detail)


Field = Literal["procedure", "modifiers", "place_of_service", "unit_basis", "primary_diagnosis"]
Test = Literal["in", "all_in", "any_in", "none_in", "prefix_in"]


class _CodeListOptions(Options):
    field: Field
    test: Test
    values: ParameterName
    except_in: ParameterName | None = None
    """A code list whose codes this rule leaves to another (a code-set rule judges them): one
    finding for one cause."""
    valid_in: ParameterName | None = None
    """The HCPCS code set (of procedures or of modifiers): a code invalid in it is the code-set
    rule's, and a CPT code is named as not checked."""


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
    offers = frozenset({"found", "listed", "offending", "code_note"})

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
        if options.except_in is not None:
            others = view.claim.params.codes(options.except_in, view.day) or ()
            found = tuple(code for code in found if code not in others)
        valid: tuple[str, ...] | None = None
        if options.valid_in is not None:
            valid = view.claim.params.codes(options.valid_in, view.day)
            if valid is not None:
                code_set = valid
                found = tuple(c for c in found if code_validity(c, code_set) != "invalid")
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
            values = {
                "found": join(found),
                "listed": join(listed),
                "offending": join(offending),
                "code_note": _code_note(offending, valid),
            }
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


def _code_note(codes: list[str], valid: tuple[str, ...] | None) -> str:
    """A sentence saying which codes were not judged against the code set (CPT codes), or ''."""
    if valid is None:
        return ""
    unjudged = [code for code in codes if code_validity(code, valid) == "not judged"]
    if not unjudged:
        return ""
    return (
        f" ({join(unjudged)}: not a HCPCS Level II code of the code set loaded;"
        " CPT validity is not checked)"
    )


def _principal(view: LineView) -> list[Any]:
    """The claim's principal diagnoses (ABK, BK)."""
    return [d for d in view.claim.claim.diagnoses if d.qualifier in {"ABK", "BK"}]
