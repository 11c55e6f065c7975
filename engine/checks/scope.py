"""Scope checks: say what could not be checked, and deny what a state does not pay for.

A claim is never `accepted` in silence when some check could not run. The claim's state's packs
(`StateScope`) tell what is encoded; these kinds turn what is not into findings:

- `scope_encoded` (FED-SCOPE-0001): the state has no pack, or its pack encodes no rule of some
  kind (enrollment, credential, coverage, limits, authorization) in force on the date;
- `scope_supported` (FED-SCOPE-0002): the date is outside a judging pack's `supported` range;
- `population` (FED-COV-0005 not covered, FED-SCOPE-0003 unknown, or covered only on a fact
  that may not deny: S not trusted, I, U): the line's population, from its modifiers, as the
  state's `pack.yaml` `populations` says;
- `benefit_started` (FED-COV-0006): the date is before the state's Medicaid paid peer support.

Their findings offer `checks` and `reason`: the evaluation lists them in the claim's
`not_checked`. A state's fact that is not V (or trusted S) gives an `Outcome.doubt`, so an error
rule on it gives a warning (engine/checks/evidence.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from peerclaims.engine.checks.context import ClaimView, LineView, ParameterReader
from peerclaims.engine.checks.evidence import doubt_sentence, evidence_words, weak
from peerclaims.engine.checks.kind import PASSED, Detail, Kind, Options, Outcome
from peerclaims.engine.checks.parties import population
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.jurisdictions import sentence_name
from peerclaims.engine.packs.manifest import Fact, PopulationFact
from peerclaims.engine.packs.pack import Pack

CHECK_KINDS = ("enrollment", "credential", "coverage", "limits", "authorization")
"""The kinds of state rule a claim is checked for, in the order messages name them."""

CATEGORY_CHECK = {
    "eligibility": "enrollment",
    "credential": "credential",
    "coverage": "coverage",
    "limit": "limits",
    "authorization": "authorization",
}
"""A rule's finding category -> the kind of check it is (`CHECK_KINDS`)."""

POPULATION_WORDS = {
    "mental_health": "mental health",
    "sud": "substance use",
    "youth": "youth",
    "family": "family",
}

_REMEMBERED = 4096
_UNSEEN: Any = object()
_Found = tuple[dict[str, str], str | None]
"""A population finding's message values and doubt."""


def state_name(state: str | None) -> str:
    """The state's name for a sentence ('Pennsylvania'), or what stands for an unknown one."""
    if state is None:
        return "the payer's state"
    return sentence_name(state)


def _or_list(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


@dataclass(slots=True)
class StateScope:
    """What the packs judging one state's claims encode (built once per state)."""

    state: str | None
    pack: Pack | None
    """The state's pack (None: no pack for the state, or no state)."""
    packs: tuple[Pack, ...]
    """Every pack that judges the state's claims, federal first."""
    state_rules: tuple[tuple[Rule, tuple[str, ...]], ...]
    """Rules that encode the state's policy (its pack's, and federal rules naming a `{state}`
    parameter it defines), each with the parameter names it reads."""
    reader: ParameterReader
    _encoded: dict[date, frozenset[str]] = field(default_factory=dict)
    _gaps: dict[tuple[date, ...], tuple[str, str] | None] = field(default_factory=dict)
    populations: dict[tuple[str, tuple[str, ...], date], Any] = field(default_factory=dict)
    """(status judged, sorted modifiers, day) -> what `PopulationCovered` found, remembered."""

    def dates(self) -> set[date]:
        """The days on which an answer of the scope checks may change: each pack's `supported`
        start and the day after its end, the benefit's start, each population's `since`. The
        evaluation adds them to its eras, so a line that passes the line checks on one day of
        an era passes them on every day of it (`Kind.by_codes`)."""
        found: set[date] = set()
        for each in self.packs:
            found.add(each.supported.start)
            found.add(each.supported.end + timedelta(days=1))
        own = self.pack
        if own is not None and own.benefit is not None and own.benefit.start is not None:
            found.add(own.benefit.start)
        if own is not None and own.populations is not None:
            for _, fact in own.populations:
                if fact.since is not None:
                    found.add(fact.since)
        return found

    def gap(self, days: tuple[date, ...]) -> tuple[str, str] | None:
        """The kinds of check not encoded on `days` (sorted, distinct), joined by ', ', and why
        in a sentence; None when every kind is. Remembered: a run repeats its dates."""
        if days in self._gaps:
            return self._gaps[days]
        missing = self.missing(days) if self.pack is not None else CHECK_KINDS
        found = None
        if missing:
            kinds = _or_list(missing)
            if self.state is None:
                reason = (
                    f"the payer is not in the reference data, so no state's {kinds} rules "
                    "were checked"
                )
            elif self.pack is None:
                reason = f"{self.name} has no rule pack, so its {kinds} rules were not checked"
            else:
                when = _or_list(d.isoformat() for d in days)
                reason = f"{self.name} has no encoded rules for {kinds} on {when}"
            found = (", ".join(missing), reason)
        if len(self._gaps) >= _REMEMBERED:
            self._gaps.clear()
        self._gaps[days] = found
        return found

    @property
    def name(self) -> str:
        """The state's name for sentences."""
        return state_name(self.state)

    def encoded(self, day: date) -> frozenset[str]:
        """The kinds of check (`CHECK_KINDS`) the state's rules encode on `day`, remembered."""
        found = self._encoded.get(day)
        if found is None:
            kinds = set()
            for rule, names in self.state_rules:
                check = CATEGORY_CHECK.get(rule.category)
                if check is None or check in kinds or not rule.in_force(day):
                    continue
                if all(self._has_value(name, day) for name in names):
                    kinds.add(check)
            found = frozenset(kinds)
            if len(self._encoded) >= _REMEMBERED:
                self._encoded.clear()
            self._encoded[day] = found
        return found

    def _has_value(self, name: str, day: date) -> bool:
        parameter = self.reader.parameter(name)
        if parameter is None:
            return False
        entry = parameter.entry_on(day)
        return entry is not None and entry.value is not None

    def missing(self, days: Iterable[date]) -> tuple[str, ...]:
        """The kinds of check not encoded on some of `days`, in `CHECK_KINDS` order."""
        gaps: set[str] = set()
        for day in set(days):
            gaps |= set(CHECK_KINDS) - self.encoded(day)
        return tuple(k for k in CHECK_KINDS if k in gaps)


def state_rules(state: str | None, pack: Pack | None, federal: Pack) -> tuple[Rule, ...]:
    """The rules that encode a state's policy: its pack's, and the federal rules that name a
    `{state}` parameter (they run only where the state defines it)."""
    if state is None:
        return ()
    templated = tuple(
        r for r in federal.rules if STATE_TEMPLATE in str(r.check) + str(r.applies_to)
    )
    return templated + (pack.rules if pack is not None else ())


# --- FED-SCOPE-0001: kinds of rule not encoded -------------------------------------------------


class ScopeEncoded(Kind):
    """The claim's state encodes a rule of every kind in force on each line's date."""

    name = "scope_encoded"
    scope = "claim"
    offers = frozenset({"checks", "reason", "state_name"})

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        scope = view.scope
        if scope is None:
            return None
        gap = scope.gap(tuple(sorted({line.day for line in view.lines if line.day is not None})))
        if gap is None:
            return PASSED
        checks, reason = gap
        claim = view.claim

        def detail() -> Detail:
            values = {"checks": checks, "reason": reason, "state_name": scope.name}
            return values, claim.loc("payer_id"), "2010BB NM1-09"

        return Outcome(True, detail)


# --- FED-SCOPE-0002: dates a pack does not claim to cover ---------------------------------------


class ScopeSupported(Kind):
    """The line's date is within the `supported` range of every pack that judges it."""

    name = "scope_supported"
    offers = frozenset({"checks", "reason", "state_name", "ranges"})

    def by_codes(self, options: Any) -> bool:
        """Only the date's era (eras include every `supported` bound) and the state decide."""
        return True

    def line(self, options: Any, view: LineView) -> Outcome | None:
        scope = view.claim.scope
        day = view.day
        if scope is None or day is None:
            return None
        outside = [p for p in scope.packs if not p.supported.contains(day)]
        if not outside:
            return PASSED
        names = _or_list(_pack_name(p) for p in outside)
        ranges = "; ".join(
            f"{_pack_name(p)}: {p.supported.start.isoformat()} to {p.supported.end.isoformat()}"
            for p in outside
        )
        reason = f"{day.isoformat()} is outside the dates the {names} rules were verified for"

        def detail() -> Detail:
            values = {
                "checks": "dates",
                "reason": reason,
                "state_name": scope.name,
                "ranges": ranges,
            }
            return values, view.line.loc("service_date"), "2400 DTP-03 (472)"

        return Outcome(True, detail)


def _pack_name(pack: Pack) -> str:
    return "federal" if pack.state is None else state_name(pack.state)


# --- FED-COV-0005 and FED-SCOPE-0003: the line's population -------------------------------------


class _PopulationOptions(Options):
    status: Literal["not_covered", "unknown"]
    """Which the rule finds: a population the state does not pay for, or one not known."""


class PopulationCovered(Kind):
    """The state's Medicaid pays peer support for the line's population on its date
    (`pack.yaml` `populations`; HF substance use, HA youth, HS/HR family, else mental health)."""

    name = "population"
    options = _PopulationOptions
    offers = frozenset({"checks", "reason", "state_name", "population", "citation", "note"})

    def by_codes(self, options: _PopulationOptions) -> bool:
        """The modifiers, the date's era (eras include the benefit's start and every `since`)
        and the state decide."""
        return True

    def line(self, options: _PopulationOptions, view: LineView) -> Outcome | None:
        """Found once per state, modifiers and day (afresh while traced: a trace lists the
        parameters read for each line)."""
        scope = view.claim.scope
        day = view.day
        if scope is None or day is None or scope.pack is None:
            return None
        found: Outcome | _Found | None
        if view.claim.params.used is not None:
            found = self._found(options, view, day)
        else:
            key = (options.status, view.modifiers, day)
            found = scope.populations.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = self._found(options, view, day)
                if len(scope.populations) >= _REMEMBERED:
                    scope.populations.clear()
                scope.populations[key] = found
        if found is None or isinstance(found, Outcome):
            return found
        values, doubt = found
        return Outcome(True, lambda: (values, view.line.loc("modifiers"), "2400 SV1-01-3"), doubt)

    def _found(
        self, options: _PopulationOptions, view: LineView, day: date
    ) -> Outcome | _Found | None:
        """None (not judged), PASSED, or the finding's values and doubt."""
        scope = view.claim.scope
        assert scope is not None and scope.pack is not None
        populations = scope.pack.populations
        served = population(view)
        if populations is None or served is None:
            return None
        benefit = scope.pack.benefit
        if benefit is not None and benefit.start is not None and day < benefit.start:
            return None  # before the benefit: FED-COV-0006 says so, for every population
        fact: PopulationFact = getattr(populations, served)
        status = fact.status
        if status == "covered" and fact.since is not None and day < fact.since:
            status = "not_covered"
        # covered on a fact that may not deny (S not trusted, I, U) is not known either: the
        # claim's acceptance rests on it, so FED-SCOPE-0003 says so (rules/README.md)
        weakly = status == "covered" and weak(fact.evidence, fact.trusted)
        if status != options.status and not (options.status == "unknown" and weakly):
            return PASSED
        words = POPULATION_WORDS.get(served, served.replace("_", " "))
        name = scope.name
        if status == "unknown":
            reason = f"whether {name} Medicaid pays peer support for {words} is unknown"
        elif weakly:
            how = evidence_words(fact.evidence)
            reason = f"that {name} Medicaid pays peer support for {words} is {how}"
        elif fact.since is not None and day < fact.since:
            reason = f"{name} Medicaid pays peer support for {words} from {fact.since.isoformat()}"
        else:
            reason = f"{name} Medicaid does not pay peer support for {words}"
        values = {
            "checks": "coverage",
            "reason": reason,
            "state_name": name,
            "population": words,
            "citation": fact.citation,
            "note": (fact.note or "no note").strip().rstrip("."),  # the message ends it
        }
        return values, None if weakly else _doubt(fact, f"the fact that {reason}")


def _doubt(fact: Fact, subject: str) -> str | None:
    if not weak(fact.evidence, fact.trusted):
        return None
    return doubt_sentence(subject, fact.evidence, fact.note)


# --- FED-COV-0006: before the benefit existed ----------------------------------------------------


class BenefitStarted(Kind):
    """The line's date is on or after the day the state's Medicaid began paying peer support."""

    name = "benefit_started"
    offers = frozenset({"checks", "reason", "state_name", "benefit_start", "citation"})

    def by_codes(self, options: Any) -> bool:
        """Only the date's era (eras include the benefit's start) and the state decide."""
        return True

    def line(self, options: Any, view: LineView) -> Outcome | None:
        scope = view.claim.scope
        day = view.day
        if scope is None or day is None or scope.pack is None:
            return None
        benefit = scope.pack.benefit
        if benefit is None or benefit.start is None:
            return None
        if day >= benefit.start:
            return PASSED
        start = benefit.start.isoformat()
        name = scope.name
        reason = f"{name} Medicaid began paying for peer support on {start}"
        doubt = _doubt(benefit, f"the fact that {reason}")

        def detail() -> Detail:
            values = {
                "checks": "coverage",
                "reason": reason,
                "state_name": name,
                "benefit_start": start,
                "citation": benefit.citation,
            }
            return values, view.line.loc("service_date"), "2400 DTP-03 (472)"

        return Outcome(True, detail, doubt)


SCOPE_KINDS = (ScopeEncoded(), ScopeSupported(), PopulationCovered(), BenefitStarted())


__all__ = [
    "CATEGORY_CHECK",
    "CHECK_KINDS",
    "SCOPE_KINDS",
    "StateScope",
    "state_name",
    "state_rules",
]
