"""Check kinds: the small set of Python that turns a rule's `check:` into a fact field.

A kind looks a line (or a claim) up in the reference data, parameters and history, and returns
an `Outcome`: the measure posted to durable_rules (a bool "this line fails", or a number the
rule compares with a dated parameter, such as units in a window against a cap) plus, on demand,
the values the message names and where the finding points. A kind returns None when the rule
does not apply (no field is posted, so it cannot fire). Code lists never reach the rules engine:
membership is computed here.

Most outcomes never become a finding, so a kind computes its measure and defers the rest (the
message values' strings, the `Loc` look-ups) to `Outcome.detail`, asked only when the rule
fires. What `detail` uses must not change before then: the claim, its views, and values the
kind already read (it reads no parameter, so a `--trace` records the same reads).

A new parameter, state variant or date is a YAML change; a new kind is Python and needs a test.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from peerclaims.engine.checks import icd10
from peerclaims.engine.checks.context import ClaimView, LineView, age_on, window
from peerclaims.engine.checks.pricing import rate_for
from peerclaims.engine.checks.spec import ParameterName, Rule, Scope, template_fields
from peerclaims.engine.model import Loc
from peerclaims.engine.packs.parameters import describe
from peerclaims.engine.reference.fields import npi_check_digit_ok

POPULATION_MODIFIERS = "federal.coding.populations"
"""Code map: population name -> the modifiers that mark it (reference-codes.md)."""
DEFAULT_POPULATION = "federal.coding.default_population"
"""The population of a line without a population modifier."""
GROUP_MODIFIERS = "federal.coding.group_modifiers"


Detail = tuple[dict[str, str], Loc | None, str]
"""Values a message or fix template can name, where the finding points, and its location: loop
and segment-element, as the guide names them ('2420A NM1-09')."""


@dataclass(slots=True)
class Outcome:
    """What a kind found for one line or claim (not frozen: a kind makes dozens per claim, and a
    frozen dataclass costs twice as much to make; nothing changes one once made)."""

    measure: bool | int | float
    """Posted as the rule's field: True means the line fails a boolean check."""
    detail: Callable[[], Detail]
    """The values, `Loc` and location of a finding, made when the rule fires."""


def _no_detail() -> Detail:
    raise RuntimeError("a passed check never fires, so it has no finding")


PASSED = Outcome(False, _no_detail)
"""The outcome of a boolean check passed: nothing to post (`false` never matches), no finding.
Most checks pass, so a kind returns this one instead of making an outcome and its `detail`."""


class _Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str


def _join(codes: Iterable[str]) -> str:
    joined = ", ".join(codes)
    return joined or "none"


def _day_text(day: date | None) -> str:
    return day.isoformat() if day else "(no date)"


class Kind:
    """A check kind: options model, scope, what it posts and the values it offers."""

    name: ClassVar[str]
    scope: ClassVar[Scope] = "line"
    options: ClassVar[type[_Options]] = _Options
    threshold: ClassVar[str | None] = None
    """The option naming the numeric parameter the rule compares the measure with, if any."""
    op: ClassVar[str] = "$gt"
    """How the measure fails against the threshold: `$gt` (over a cap) or `$lt` (under a floor)."""
    offers: ClassVar[frozenset[str]] = frozenset()

    def parameters(self, options: Any) -> tuple[str, ...]:
        """The parameter names the options use (all must exist for the rule to run)."""
        return tuple(
            value
            for key, value in options
            if key != "kind" and isinstance(value, str) and "." in value
        )

    def line(self, options: Any, view: LineView) -> Outcome | None:
        """The outcome for a line (line-scope kinds)."""
        raise NotImplementedError

    def by_codes(self, options: Any) -> bool:
        """Whether a line's outcome depends only on its date of service, procedure, set of
        modifiers, place of service and unit basis (and the state's parameters): then whether it
        passes is found once per such line (`evaluate._Compiled.line_rules`), and a passing line
        does not run it again."""
        return False

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        """The outcome for a claim (claim-scope kinds)."""
        raise NotImplementedError


_LINE_VALUES: dict[str, Callable[[LineView], str]] = {
    "date": lambda view: _day_text(view.day),
    "procedure": lambda view: view.procedure or "(none)",
    "modifiers": lambda view: _join(view.line.modifiers),
    "units": lambda view: format(view.units.normalize(), "f"),
    "npi": lambda view: view.rendering_npi or "(none)",
    "state": lambda view: view.claim.state or "(unknown)",
    "claim": lambda view: view.claim.claim.claim_id,
    "line": lambda view: str(view.line.number),
    "member": lambda view: view.claim.member_id or "(none)",
    "billing": lambda view: view.claim.billing_npi or "(none)",
}
_CLAIM_VALUES: dict[str, Callable[[ClaimView], str]] = {
    "date": lambda view: _day_text(view.first_date),
    "state": lambda view: view.state or "(unknown)",
    "claim": lambda view: view.claim.claim_id,
    "member": lambda view: view.member_id or "(none)",
    "payer": lambda view: view.claim.payer_id or "(none)",
}
LINE_VALUES = frozenset(_LINE_VALUES)
CLAIM_VALUES = frozenset(_CLAIM_VALUES)


def common_line_values(view: LineView) -> dict[str, str]:
    """Values every line message may name."""
    return {name: make(view) for name, make in _LINE_VALUES.items()}


def common_claim_values(view: ClaimView) -> dict[str, str]:
    """Values every claim message may name."""
    return {name: make(view) for name, make in _CLAIM_VALUES.items()}


class MessageValues(dict[str, str]):
    """The values a finding's message and fix name: the kind's (`Outcome.detail`) as given, and
    the common ones of the line (or claim), each made only when a template names it."""

    __slots__ = ("_claim", "_line")

    def __init__(self, values: Mapping[str, str], line: LineView | None, claim: ClaimView) -> None:
        super().__init__(values)
        self._line = line
        self._claim = claim

    def __missing__(self, name: str) -> str:
        if self._line is not None:
            line_value = _LINE_VALUES.get(name)
            if line_value is None:
                raise KeyError(name)
            value = line_value(self._line)
        else:
            claim_value = _CLAIM_VALUES.get(name)
            if claim_value is None:
                raise KeyError(name)
            value = claim_value(self._claim)
        self[name] = value
        return value


# --- parties -------------------------------------------------------------------------------------


class PayerKnown(Kind):
    """The payer (2010BB NM1*PR NM109) is in the reference data (its state picks the packs)."""

    name = "payer_known"
    scope = "claim"

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        if view.payer is not None:
            return PASSED
        claim = view.claim
        return Outcome(True, lambda: ({}, claim.loc("payer_id"), "2010BB NM1-09"))


class ProviderOnFile(Kind):
    """The rendering NPI (2420A, else 2310B, else billing) is in providers.yaml."""

    name = "provider_on_file"

    def line(self, options: Any, view: LineView) -> Outcome | None:
        if view.provider is not None:
            return PASSED
        return Outcome(True, lambda: ({}, view.rendering_loc, view.rendering_label))


class _CredentialOptions(_Options):
    accepted: ParameterName
    """A code list, or a code map population -> credential types."""


def population(view: LineView) -> str | None:
    """The population a line serves, from its modifiers (the first that matches), else default."""
    params = view.claim.params
    day = view.day
    if day is None:
        return None
    mapping = params.value(POPULATION_MODIFIERS, day)
    if isinstance(mapping, Mapping):
        for name, modifiers in mapping.items():
            if set(modifiers) & set(view.modifiers):
                return str(name)
    default = params.value(DEFAULT_POPULATION, day)
    return default if isinstance(default, str) else None


class CredentialAccepted(Kind):
    """The rendering peer holds a credential of an accepted type, current on the date of service."""

    name = "credential"
    options = _CredentialOptions
    offers = frozenset({"accepted", "held", "population"})

    def line(self, options: _CredentialOptions, view: LineView) -> Outcome | None:
        if view.provider is None or view.day is None:
            return None
        value = view.claim.params.value(options.accepted, view.day)
        served = ""
        if isinstance(value, Mapping):
            served = population(view) or ""
            accepted = tuple(value.get(served, ()))
        elif isinstance(value, tuple):
            accepted = value
        else:
            return None
        day = view.day
        credentials = view.provider.credentials
        if any(c.type in accepted and c.current_on(day) for c in credentials):
            return PASSED

        def detail() -> Detail:
            held = []
            for credential in credentials:
                if credential.current_on(day):
                    held.append(credential.type)
                elif credential.expires is not None and credential.expires < day:
                    held.append(f"{credential.type} (expired {credential.expires.isoformat()})")
                else:
                    held.append(f"{credential.type} (issued {credential.issued.isoformat()})")
            values = {
                "accepted": _join(accepted),
                "held": _join(held),
                "population": served.replace("_", " ") or "any",
            }
            return values, view.rendering_loc, view.rendering_label

        return Outcome(True, detail)


class _ProgramsOptions(_Options):
    programs: ParameterName


class Enrollment(Kind):
    """The member is enrolled on the date of service in a program that covers the service."""

    name = "enrollment"
    options = _ProgramsOptions
    offers = frozenset({"programs", "held"})

    def line(self, options: _ProgramsOptions, view: LineView) -> Outcome | None:
        if view.day is None:
            return None
        programs = view.claim.params.codes(options.programs, view.day)
        if programs is None:
            return None
        member = view.claim.member
        held = sorted(member.programs_on(view.day)) if member is not None else []
        if set(held) & set(programs):
            return PASSED

        def detail() -> Detail:
            values = {
                "programs": _join(programs),
                "held": _join(held) if member is not None else "member not in the reference data",
            }
            return values, view.claim.claim.subscriber.loc("member_id"), "2010BA NM1-09"

        return Outcome(True, detail)


# --- authorization and supervision ---------------------------------------------------------------


class _AuthorizationOptions(_Options):
    required_for: ParameterName
    """Code list: procedures that need a plan of care / prior authorization."""
    outcome: Literal["missing", "exceeded", "mismatch"]


class Authorization(Kind):
    """A plan of care / prior authorization covers the line (member, billing NPI, code, date).

    `missing`: none spans the date; `exceeded`: the units billed within its period pass its
    units; `mismatch`: REF*G1 names a number that is not the covering authorization's.
    """

    name = "authorization"
    options = _AuthorizationOptions
    offers = frozenset({"authorization", "authorized", "used", "sent"})

    def line(  # noqa: PLR0911  # one return per outcome of the three checks
        self, options: _AuthorizationOptions, view: LineView
    ) -> Outcome | None:
        if view.day is None:
            return None
        required = view.claim.params.codes(options.required_for, view.day)
        if required is None or view.procedure not in required:
            return None
        covering = covering_authorizations(view)
        sent = view.claim.prior_authorization(view.line)
        line = view.line

        def values(**found: str) -> dict[str, str]:
            base = {"sent": _join(sent), "authorization": "none", "authorized": "0", "used": "0"}
            return base | found

        if options.outcome == "missing":
            if covering:
                return PASSED
            return Outcome(True, lambda: (values(), line.loc("procedure"), "2400 SV1-01-2"))
        if not covering:
            return None
        named = [a for a in covering if a.number in sent]
        if options.outcome == "mismatch":
            if not sent:
                return None
            if named:
                return PASSED

            def mismatch() -> Detail:
                loc = line.loc("prior_authorizations") or view.claim.claim.loc(
                    "prior_authorization"
                )
                found = values(authorization=_join(a.number for a in covering))
                return found, loc, "2300 REF-02 (G1)"

            return Outcome(True, mismatch)
        chosen = (named or covering)[0]
        used = units_used(view, chosen)
        if used <= chosen.units:
            return PASSED

        def exceeded() -> Detail:
            found = values(
                authorization=chosen.number,
                authorized=format(chosen.units.normalize(), "f"),
                used=format(used.normalize(), "f"),
            )
            return found, line.loc("units"), "2400 SV1-04"

        return Outcome(True, exceeded)


def units_used(view: LineView, authorization: Any) -> Decimal:
    """Units of the line's code and modifiers billed within the authorization's period:
    history and earlier accepted lines of the run, earlier lines of the claim, and this line."""
    used = view.units + sum(
        (
            s.units
            for s in view.claim.history.lines(view.claim.member_id)
            if s.procedure == view.procedure
            and s.modifiers == view.modifiers
            and authorization.spans(s.service_date)
        ),
        Decimal(0),
    )
    return used + sum(
        (
            e.units
            for e in view.earlier_in_claim()
            if e.procedure == view.procedure
            and e.modifiers == view.modifiers
            and e.day is not None
            and authorization.spans(e.day)
        ),
        Decimal(0),
    )


def covering_authorizations(view: LineView) -> list[Any]:
    """Authorizations for the line's member, billing provider, code and modifiers on its date
    (remembered on the view: several checks ask)."""
    if view.authorizations is None:
        day = view.day
        view.authorizations = (
            []
            if day is None
            else [
                a
                for a in view.claim.reference.authorizations_for(view.claim.member_id)
                if a.provider_npi == view.claim.billing_npi
                and a.procedure == view.procedure
                and tuple(sorted(a.modifiers)) == view.modifiers
                and a.spans(day)
            ]
        )
    return view.authorizations


class _RequiredOptions(_Options):
    required_for: ParameterName


class Supervision(Kind):
    """A supervising provider (2420D, else 2310D NM1*DQ) is on the claim where required."""

    name = "supervision"
    options = _RequiredOptions
    offers = frozenset({"supervisor"})

    def line(self, options: _RequiredOptions, view: LineView) -> Outcome | None:
        if view.day is None:
            return None
        required = view.claim.params.codes(options.required_for, view.day)
        if required is None or view.procedure not in required:
            return None
        claim = view.claim.claim
        sent = (view.line.supervising and view.line.supervising.npi) or (
            claim.supervising and claim.supervising.npi
        )
        expected = view.provider.supervisor_npi if view.provider else None
        if sent:
            return PASSED
        values = {"supervisor": expected or "the supervisor of record"}
        line = view.line
        return Outcome(True, lambda: (values, line.loc("procedure"), "2420D NM1-09"))


# --- SNIP 3 and 5: balancing and code sets -------------------------------------------------------


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
                named = role if number is None else f"line {number} {role}"
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
            return {"invalid": _join(d.code for d in bad)}, loc, label

        return Outcome(True, detail)


Field = Literal["procedure", "modifiers", "place_of_service", "unit_basis", "primary_diagnosis"]
Test = Literal["in", "all_in", "any_in", "none_in", "prefix_in"]


class _CodeListOptions(_Options):
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
            values = {"found": _join(found), "listed": _join(listed), "offending": _join(offending)}
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


# --- age, limits, duplicates ---------------------------------------------------------------------


def _age(view: LineView) -> int | None:
    if view.day is None:
        return None
    member = view.claim.member
    birth = member.birth_date if member is not None else view.claim.claim.member.birth_date
    return None if birth is None else age_on(birth, view.day)


def _birth_loc(view: LineView) -> Loc | None:
    return view.claim.claim.member.loc("birth_date")


class _MinAgeOptions(_Options):
    min: ParameterName


class _MaxAgeOptions(_Options):
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


class _UnitsOptions(_Options):
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
    offers = frozenset({"measure", "threshold", "from", "to"})

    def line(self, options: _UnitsOptions, view: LineView) -> Outcome | None:
        day = view.day
        if day is None or not view.claim.member_id:
            return None
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
        for earlier in view.earlier_in_claim():
            when = earlier.day
            if (
                when is not None
                and earlier.procedure == procedure
                and (any_modifiers or earlier.modifiers == modifiers)
                and first_day <= when <= last_day
            ):
                total += earlier.units

        def detail() -> Detail:
            values = {
                "measure": format(total.normalize(), "f"),
                "from": first_day.isoformat(),
                "to": last_day.isoformat(),
            }
            return values, view.line.loc("units"), "2400 SV1-04"

        return Outcome(float(total), detail)


class _GroupOptions(_Options):
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
        for earlier in view.earlier_in_claim():
            if earlier.identity == mine:
                origin = f"line {earlier.line.number} of this claim"
                break
        if origin is None:
            origin = view.claim.history.origin(member_id, mine)
            if origin is None:
                return PASSED
        return Outcome(
            True, lambda: ({"origin": origin}, view.line.loc("procedure"), "2400 SV1-01")
        )


# --- MCO contracts -------------------------------------------------------------------------------


def _mco_contracts(view: LineView) -> list[Any] | None:
    """Active contracts of an MCO payer with the billing provider on the date; None if not MCO
    (remembered on the view: three checks ask)."""
    if view.contracts is None:
        payer = view.claim.payer
        day = view.day
        if payer is None or payer.kind != "mco" or day is None:
            view.contracts = (None,)
        else:
            contracts = view.claim.reference.contracts_for(payer.payer_id, view.claim.billing_npi)
            view.contracts = ([c for c in contracts if c.active_on(day)],)
    return view.contracts[0]


class ContractNetwork(Kind):
    """An MCO's claim: the billing provider has a contract with the payer on the date."""

    name = "contract_network"
    offers = frozenset({"payer"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        contracts = _mco_contracts(view)
        if contracts is None:
            return None
        if contracts:
            return PASSED
        claim = view.claim.claim
        return Outcome(
            True,
            lambda: ({"payer": claim.payer_id or ""}, claim.billing.loc("npi"), "2010AA NM1-09"),
        )


class ContractService(Kind):
    """An MCO's claim: the contract covers the line's procedure and modifiers."""

    name = "contract_service"
    offers = frozenset({"payer"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        contracts = _mco_contracts(view)
        if not contracts:
            return None
        if any(c.service(view.procedure, view.modifiers) for c in contracts):
            return PASSED
        claim = view.claim.claim
        return Outcome(
            True,
            lambda: ({"payer": claim.payer_id or ""}, view.line.loc("procedure"), "2400 SV1-01-2"),
        )


class ContractCap(Kind):
    """An MCO's claim: units for the member in the contract's cap period stay within its cap."""

    name = "contract_cap"
    offers = frozenset({"measure", "cap", "per", "from", "to"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        contracts = _mco_contracts(view)
        if not contracts or view.day is None:
            return None
        service = next(
            (s for c in contracts if (s := c.service(view.procedure, view.modifiers))), None
        )
        if service is None or service.cap is None:
            return None
        first_day, last_day = window(service.cap.per, view.day)
        total = view.units
        for seen in view.claim.history.lines(view.claim.member_id):
            if (
                seen.procedure == view.procedure
                and seen.modifiers == view.modifiers
                and first_day <= seen.service_date <= last_day
            ):
                total += seen.units
        for earlier in view.earlier_in_claim():
            if (
                earlier.procedure == view.procedure
                and earlier.modifiers == view.modifiers
                and earlier.day is not None
                and first_day <= earlier.day <= last_day
            ):
                total += earlier.units
        cap = service.cap
        if total <= cap.units:
            return PASSED

        def detail() -> Detail:
            values = {
                "measure": format(total.normalize(), "f"),
                "cap": format(cap.units.normalize(), "f"),
                "per": cap.per,
                "from": first_day.isoformat(),
                "to": last_day.isoformat(),
            }
            return values, view.line.loc("units"), "2400 SV1-04"

        return Outcome(True, detail)


class RateKnown(Kind):
    """A rate is known for the line: the MCO contract's, else the state fee schedule's."""

    name = "rate_known"

    def line(self, options: Any, view: LineView) -> Outcome | None:
        if view.day is None:
            return None
        if rate_for(view) is not None:
            return PASSED
        line = view.line
        return Outcome(True, lambda: ({}, line.loc("charge"), "2400 SV1-02"))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        PayerKnown(),
        ProviderOnFile(),
        CredentialAccepted(),
        Enrollment(),
        Authorization(),
        Supervision(),
        ClaimBalance(),
        NpiCheckDigit(),
        DiagnosisCodeSet(),
        CodeList(),
        AgeMin(),
        AgeMax(),
        UnitsWindow(),
        GroupSize(),
        Duplicate(),
        ContractNetwork(),
        ContractService(),
        ContractCap(),
        RateKnown(),
    )
}
"""Every check kind, by the name rule files use."""


@dataclass(frozen=True, slots=True)
class BoundCheck:
    """A rule's check: its kind and validated options."""

    kind: Kind
    options: Any

    def outcome(self, target: LineView | ClaimView) -> Outcome | None:
        """Run the kind on a line or a claim view."""
        if isinstance(target, LineView):
            return self.kind.line(self.options, target)
        return self.kind.claim(self.options, target)


def bind(rule: Rule) -> BoundCheck:
    """The rule's kind with its options validated (the rule was validated on load)."""
    kind = KINDS[rule.kind]
    return BoundCheck(kind, kind.options.model_validate(rule.check))


def validate_rule(rule: Rule) -> str | None:
    """A problem with the rule's check or templates, or None."""
    kind = KINDS.get(rule.kind)
    if kind is None:
        return f"check.kind: {rule.kind!r} is not a check kind ({', '.join(sorted(KINDS))})"
    try:
        kind.options.model_validate(rule.check)
    except ValidationError as exc:
        return f"check: {describe(exc)}"
    offered = (LINE_VALUES if kind.scope == "line" else CLAIM_VALUES) | kind.offers
    for name, text in (("message", rule.message), ("fix", rule.fix)):
        unknown = sorted(template_fields(text) - offered)
        if unknown:
            return (
                f"{name}: {{{unknown[0]}}} is not a value of check kind {kind.name} "
                f"(it offers {', '.join(sorted(offered))})"
            )
    if kind.scope == "claim" and rule.applies_to.parameters():
        return "applies_to: a claim-level check applies to the whole claim"
    return None


Deriver = Callable[[LineView | ClaimView], Outcome | None]
