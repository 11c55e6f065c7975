"""Check kinds that read a state's populations (`pack.yaml` `populations`) and its credentials.

A line serves one population (from its modifiers: HF substance use, HA youth, HS/HR family, else
mental health, `parties.population`). For that population the state's pack says:

- `credentials`: the credentials that render it (`population_credential`, FED-CRED-0004): a
  family line by a peer holding only the adult credential, or an SUD line by a mental-health-only
  peer, is the wrong peer type (CARC 185, RARC N95);
- `min_age`/`max_age`: the member ages it is for (`population_age`, FED-COV-0008, CARC 6 N129).

And a credential code (`codes/credentials.yaml`) may bound the peer's own age when certified
(`peer_min_age`/`peer_max_age`; `peer_age`, FED-CRED-0005), judged where providers.yaml has the
peer's `birth_date` (where it has none, nothing is said: the bound is not checked).

Each finding denies only on the fact's evidence (V, or S marked trusted); otherwise its
`Outcome.doubt` names the doubt and the error becomes a warning (engine/checks/evidence.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from peerclaims.engine.checks.context import LineView, age_on
from peerclaims.engine.checks.evidence import doubt_sentence, weak
from peerclaims.engine.checks.kind import PASSED, Detail, Kind, Outcome, join
from peerclaims.engine.checks.parties import held_credentials, population
from peerclaims.engine.checks.scope import POPULATION_WORDS, StateScope
from peerclaims.engine.model import Loc
from peerclaims.engine.packs.manifest import Code, Fact, PopulationFact
from peerclaims.engine.packs.pack import Pack
from peerclaims.engine.reference.models import Credential

BY_POPULATION = ".credentials.by_population"
"""A state's dated map population -> credentials: where the state defines it, FED-CRED-0003
judges the line's credential and FED-CRED-0004 stays silent (one finding for one cause)."""
MIN_AGE = ".coverage.min_age"
"""A state's dated minimum age for its peer codes: where it is in force, FED-COV-0004 judges
the member's minimum age and FED-COV-0008 judges only the maximum."""


def _population_fact(view: LineView) -> tuple[StateScope, str, PopulationFact] | None:
    """The claim's state scope, the line's population and the state's fact about it."""
    scope = view.claim.scope
    if scope is None or scope.pack is None or scope.pack.populations is None:
        return None
    served = population(view)
    if served is None:
        return None
    fact: PopulationFact = getattr(scope.pack.populations, served)
    return scope, served, fact


def _words(served: str) -> str:
    return POPULATION_WORDS.get(served, served.replace("_", " "))


def _doubt(fact: Fact, subject: str) -> str | None:
    if not weak(fact.evidence, fact.trusted):
        return None
    return doubt_sentence(subject, fact.evidence, fact.note)


def _defines(view: LineView, pack: Pack, suffix: str, day: date) -> bool:
    """Whether the state's pack has a value of `<st><suffix>` in force on `day`."""
    return view.claim.params.value(f"{pack.id}{suffix}", day) is not None


# --- FED-CRED-0004: the peer's credential renders the line's population -------------------------


@lru_cache(maxsize=256)
def _state_credentials(pack: Pack) -> frozenset[str]:
    """The state's credentials: the codes its pack defines and every code some population of it
    lists (a national `US-` code among them); a pack is hashed by identity."""
    populations = pack.populations
    listed = {code for _, fact in populations or () for code in fact.credentials}
    return frozenset(listed | {code.code for code in pack.credentials})


class PopulationCredential(Kind):
    """The rendering peer holds, current on the date, one of the credentials the state's pack
    lists for the line's population (`populations.<p>.credentials`), where it lists any.

    Judged only for a peer holding a current credential of the state (one its pack defines, or
    one some population lists): a peer with none holds no credential of the state at all, which
    is FED-CRED-0002's finding (B7), not a wrong peer type. Silent where the state defines
    `<st>.credentials.by_population` (FED-CRED-0003 judges the same question from that dated
    map)."""

    name = "population_credential"
    offers = frozenset({"population", "accepted", "held", "citation", "state_name"})

    def line(self, options: object, view: LineView) -> Outcome | None:
        day = view.day
        provider = view.provider
        if day is None or provider is None:
            return None
        found = _population_fact(view)
        if found is None:
            return None
        scope, served, fact = found
        accepted = fact.credentials
        pack = scope.pack
        if not accepted or pack is None or _defines(view, pack, BY_POPULATION, day):
            return None
        every = _state_credentials(pack)
        current = [c.type for c in provider.credentials if c.current_on(day)]
        if not every.intersection(current):
            return None
        if any(code in accepted for code in current):
            return PASSED
        words = _words(served)
        basis = fact.credentials_fact()
        name = scope.name
        doubt = _doubt(basis, f"{name}'s list of the credentials that render {words} peer support")
        credentials = provider.credentials

        def detail() -> Detail:
            values = {
                "population": words,
                "accepted": join(accepted),
                "held": join(held_credentials(credentials, day)),
                "citation": basis.citation,
                "state_name": name,
            }
            return values, view.rendering_loc, view.rendering_label

        return Outcome(True, detail, doubt)


# --- FED-COV-0008: the member's age for the line's population -----------------------------------


class PopulationAge(Kind):
    """The member's age on the date is within the ages the state pays the line's population
    for (`populations.<p>.min_age`/`max_age`, both included), where the population is covered.

    Left to other rules, so one cause gives one finding: the youth population's `max_age`
    (FED-COV-0007 judges an HA line against it), and a `min_age` where the state's
    `<st>.coverage.min_age` is in force (FED-COV-0004 judges it)."""

    name = "population_age"
    offers = frozenset(
        {"age", "ages", "population", "citation", "state_name", "birth_date", "limit"}
    )

    def line(self, options: object, view: LineView) -> Outcome | None:
        day = view.day
        found = None if day is None else _age_bounds(view, day)
        member = view.claim.member
        birth = member.birth_date if member is not None else view.claim.claim.member.birth_date
        if day is None or found is None or birth is None:
            return None
        scope, served, fact, low, high = found
        age = age_on(birth, day)
        if (low is None or age >= low) and (high is None or age <= high):
            return PASSED
        words = _words(served)
        name = scope.name
        doubt = _doubt(fact, f"{name}'s ages for {words} peer support")
        limit = f"at least {low}" if low is not None and age < low else f"at most {high}"
        ages = _ages(fact.min_age, fact.max_age)

        def detail() -> Detail:
            values = {
                "age": str(age),
                "ages": ages,
                "limit": limit,
                "population": words,
                "citation": fact.citation,
                "state_name": name,
                "birth_date": birth.isoformat(),
            }
            loc: Loc | None = view.claim.claim.member.loc("birth_date")
            return values, loc, "2010BA DMG-02"

        return Outcome(True, detail, doubt)


def _age_bounds(
    view: LineView, day: date
) -> tuple[StateScope, str, PopulationFact, int | None, int | None] | None:
    """The line's covered population with the ages FED-COV-0008 judges (None: none to judge)."""
    found = _population_fact(view)
    if found is None:
        return None
    scope, served, fact = found
    pack = scope.pack
    if fact.status != "covered" or pack is None:
        return None
    low = fact.min_age
    high = None if served == "youth" else fact.max_age
    if low is not None and _defines(view, pack, MIN_AGE, day):
        low = None
    if low is None and high is None:
        return None
    return scope, served, fact, low, high


def _ages(low: int | None, high: int | None) -> str:
    """'18 to 30', '21 or older', '20 or younger' (whole years, both ends included)."""
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} or older"
    return f"{high} or younger"


# --- FED-CRED-0005: the peer's own age when certified -------------------------------------------


@lru_cache(maxsize=256)
def _codes(packs: tuple[Pack, ...]) -> dict[str, Code]:
    """The credential codes the packs define, by code (a state's and the federal ones)."""
    return {code.code: code for pack in packs for code in pack.credentials}


def _first_issued(credentials: Iterable[Credential], kind: str) -> date:
    """When the peer was first certified with `kind`: the earliest `issued` of its records (a
    renewal recorded as a new record does not move the certification date)."""
    return min(c.issued for c in credentials if c.type == kind)


class PeerAge(Kind):
    """The rendering peer's age when first certified is within the bounds of the credential
    that renders the line (`peer_min_age`/`peer_max_age` of its code), where providers.yaml has
    the peer's `birth_date` (else nothing is said).

    The credentials judged are the peer's current ones the line's population lists (all the
    peer's current ones where it lists none); the line passes when one of them has no bound or
    is within it."""

    name = "peer_age"
    offers = frozenset(
        {"credential", "certified", "peer_age", "ages", "citation", "state_name", "birth_date"}
    )

    def line(self, options: object, view: LineView) -> Outcome | None:
        day = view.day
        provider = view.provider
        scope = view.claim.scope
        if day is None or provider is None or provider.birth_date is None or scope is None:
            return None
        born = provider.birth_date
        current = [c for c in provider.credentials if c.current_on(day)]
        found = _population_fact(view)
        if found is not None and found[2].credentials:
            listed = found[2].credentials
            current = [c for c in current if c.type in listed]
        if not current:
            return None
        codes = _codes(scope.packs)
        failing: tuple[Code, date, int] | None = None
        for credential in current:
            code = codes.get(credential.type)
            if code is None or (code.peer_min_age is None and code.peer_max_age is None):
                return PASSED
            certified = _first_issued(provider.credentials, credential.type)
            age = age_on(born, certified)
            low, high = code.peer_min_age, code.peer_max_age
            if (low is None or age >= low) and (high is None or age <= high):
                return PASSED
            if failing is None:
                failing = (code, certified, age)
        if failing is None:
            return None
        code, certified, age = failing
        basis = code.peer_age_fact()
        name = scope.name
        doubt = _doubt(basis, f"the peer age bounds of credential {code.code}")

        def detail() -> Detail:
            values = {
                "credential": code.code,
                "certified": certified.isoformat(),
                "peer_age": str(age),
                "ages": _ages(code.peer_min_age, code.peer_max_age),
                "citation": basis.citation,
                "state_name": name,
                "birth_date": born.isoformat(),
            }
            return values, view.rendering_loc, view.rendering_label

        return Outcome(True, detail, doubt)


POPULATION_KINDS = (PopulationCredential(), PopulationAge(), PeerAge())

__all__ = ["POPULATION_KINDS", "PeerAge", "PopulationAge", "PopulationCredential"]
