"""What peerclaims checks in each state: one row per jurisdiction (the 50 states and DC).

`states_report(packs, on)` says, for every jurisdiction, whether a rule pack judges its claims
and, if so: which populations its Medicaid pays peer support for (with the evidence tag of each
fact), how many rules judge its claims on the day `on` by kind and by category, which kinds of
check no rule does, the evidence counts over the pack's facts, its version and the date its facts
were last reviewed. `peerclaims states` prints it (engine/cli_states.py) and `GET /v1/states`
answers it (api/routers/states.py); both read the models below.

The rules counted for a state are its own pack's and the federal rules "switched on" by its
parameters: a federal rule whose check or `applies_to` names a `{state}.` parameter runs for a
state only when that state's pack defines the parameter (engine/checks/spec.py). Federal rules
naming no `{state}.` parameter (NPI check digit, claim balance, ICD-10-CM, ...) run for every
state: they are counted once, in `federal_rules`, not as the state's.

The 51 jurisdictions are their USPS codes and names (geography, not policy: `state_names`, from
`rules/geography/jurisdictions.yaml`); the federal pack defines a `<ST>-MEDICAID` program for each
(tests/test_states.py checks both agree).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from peerclaims.engine.checks.context import ParameterReader
from peerclaims.engine.checks.evidence import weak
from peerclaims.engine.checks.kinds import bind
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.jurisdictions import state_names
from peerclaims.engine.packs.manifest import PopulationFact
from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.packs.parameters import Parameters

SCHEMA: Final = "peerclaims.states/1"
"""The name and version of the document `states_report` builds."""

CheckKind = Literal["enrollment", "credential", "coverage", "limits", "authorization"]
"""The kinds of state check a claim is "not fully checked" without (FED-SCOPE-0001)."""

CHECK_KINDS: tuple[CheckKind, ...] = (
    "enrollment",
    "credential",
    "coverage",
    "limits",
    "authorization",
)

_KIND_OF_CATEGORY: Mapping[str, CheckKind] = {
    "eligibility": "enrollment",
    "credential": "credential",
    "coverage": "coverage",
    "limit": "limits",
    "authorization": "authorization",
}
"""The finding category (product.md) of a rule that makes it a check of that kind."""

KIND_LABELS: Mapping[CheckKind, str] = {
    "enrollment": "enrollment",
    "credential": "credentials",
    "coverage": "coverage",
    "limits": "limits",
    "authorization": "authorization",
}
"""How a billing clerk reads each kind of check in a sentence."""

POPULATIONS = ("mental_health", "sud", "youth", "family")
"""The populations of peer support, as federal `coding.populations` names them."""

POPULATION_LABELS: Mapping[str, str] = {
    "mental_health": "mental health",
    "sud": "substance use (HF)",
    "youth": "youth (HA)",
    "family": "family (HS, HR)",
}
"""How a billing clerk reads each population's name."""

Tag = Literal["V", "S", "I", "U"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PopulationView(_Out):
    """Whether the state's Medicaid pays peer support for one population, and how sure we are."""

    population: str = Field(description="mental_health, sud, youth or family")
    status: Literal["covered", "not_covered", "unknown"]
    evidence: Tag = Field(description="V verified, S secondary, I inferred, U unknown")
    trusted: bool = Field(
        default=False, description="An S fact marked trusted (may deny, as V does)"
    )
    citation: str
    note: str | None = None
    since: date | None = Field(default=None, description="First date of service covered")
    programs: list[str] = []
    credentials: list[str] = Field(
        default=[], description="The credentials that may render the population's lines"
    )
    credentials_evidence: Tag | None = Field(
        default=None,
        description="The tag of the credentials list where it differs from the population's",
    )
    min_age: int | None = Field(default=None, description="Youngest member age paid, inclusive")
    max_age: int | None = Field(default=None, description="Oldest member age paid, inclusive")


class BenefitView(_Out):
    """When the state's Medicaid began paying for peer support (`start` null: unknown)."""

    start: date | None
    evidence: Tag
    citation: str
    note: str | None = None


class EvidenceCounts(_Out):
    """How many of the pack's facts carry each evidence tag (`untagged`: no tag written yet)."""

    V: int = 0
    S: int = 0
    I: int = 0  # noqa: E741 - the evidence tag's own letter
    U: int = 0
    untagged: int = 0


class StateView(_Out):
    """What peerclaims checks for one jurisdiction's Medicaid peer-support claims."""

    state: str = Field(description="USPS code")
    name: str
    pack: str | None = Field(description="The rule pack's id; null: no pack")
    version: str | None = None
    reviewed: date | None = Field(default=None, description="When the pack's facts were reviewed")
    supported_start: date | None = None
    supported_end: date | None = None
    benefit: BenefitView | None = None
    populations: list[PopulationView] = Field(
        default=[], description="mental_health, sud, youth, family (empty: not yet encoded)"
    )
    rules_by_kind: dict[CheckKind, int] = Field(
        description="Rules judging the state's claims on the day, per kind of state check"
    )
    rules_by_category: dict[str, int] = Field(
        description="The same rules (state pack and federal rules it switches on) per category"
    )
    state_rules: int = Field(description="Rules of the state's own pack in force on the day")
    federal_rules_switched_on: int = Field(
        description="Federal rules in force that run for the state because it defines their "
        "{state}. parameters"
    )
    not_checked: list[CheckKind] = Field(description="Kinds of state check no rule does")
    programs: list[str] = Field(description="The state's program codes (<ST>-MEDICAID, ...)")
    credentials: list[str] = Field(description="The state's credential codes (CT-RSS, ...)")
    evidence: EvidenceCounts
    summary: str = Field(description="One sentence a billing clerk reads")


class StatesReport(_Out):
    """Every jurisdiction, as of one day; `federal_rules`: rules that run for every state."""

    schema_: Literal["peerclaims.states/1"] = Field(default=SCHEMA, alias="schema")
    on: date = Field(description="The day the rule counts are for")
    federal: dict[str, str] = Field(description="The federal pack's id and version")
    federal_rules: int = Field(
        description="Federal rules in force that run for every state (no {state}. parameter)"
    )
    states: list[StateView]

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def rule_parameters(rule: Rule) -> tuple[str, ...]:
    """The parameter names a rule reads: its check's and its `applies_to` lists."""
    check = bind(rule)
    return check.kind.parameters(check.options) + rule.applies_to.parameters()


def state_rules(packs: Mapping[str, Pack], state: str, on: date) -> list[Rule]:
    """The rules in force on `on` that judge `state`'s claims beyond the federal baseline: the
    state pack's, and the federal rules whose `{state}.` parameters the state defines (the rules
    `RulesEngine` compiles for the state, less those that run for every state)."""
    parameters = Parameters.merged(pack.parameters for pack in packs.values())
    return _state_rules(packs, parameters, _names(packs), state, on)


def _names(packs: Mapping[str, Pack]) -> dict[str, tuple[str, ...]]:
    """Each rule's parameter names by rule id, worked out once for all states."""
    return {rule.id: rule_parameters(rule) for pack in packs.values() for rule in pack.rules}


def _templated(names: tuple[str, ...]) -> bool:
    return any(name.startswith(STATE_TEMPLATE) for name in names)


def _state_rules(
    packs: Mapping[str, Pack],
    parameters: Parameters,
    names_of: Mapping[str, tuple[str, ...]],
    state: str,
    on: date,
) -> list[Rule]:
    """As `RulesEngine` chooses a state's rules: the federal pack's and the state's, each run
    only when every parameter it names resolves for the state; less the federal rules that name
    no `{state}.` parameter (they run everywhere)."""
    reader = ParameterReader(parameters, state)
    chosen = [packs[FEDERAL]]
    own = next((p for p in packs.values() if p.state == state), None)
    if own is not None:
        chosen.append(own)
    found: list[Rule] = []
    for pack in chosen:
        for rule in pack.rules:
            names = names_of[rule.id]
            if pack.id == FEDERAL and not _templated(names):
                continue
            if rule.in_force(on) and all(reader.parameter(n) is not None for n in names):
                found.append(rule)
    return found


def _population(name: str, fact: PopulationFact) -> PopulationView:
    return PopulationView(
        population=name,
        status=fact.status,
        evidence=fact.evidence,
        trusted=fact.trusted is not None,
        citation=fact.citation,
        note=fact.note,
        since=fact.since,
        programs=list(fact.programs),
        credentials=list(fact.credentials),
        credentials_evidence=(
            fact.credentials_basis.evidence if fact.credentials_basis is not None else None
        ),
        min_age=fact.min_age,
        max_age=fact.max_age,
    )


def evidence_counts(pack: Pack) -> EvidenceCounts:
    """The evidence tags over the pack's facts: benefit, populations, each dated value of its
    parameters (an ending null aside), its rules and its program and credential codes."""
    tags: list[str | None] = []
    if pack.benefit is not None:
        tags.append(pack.benefit.evidence)
    if pack.populations is not None:
        for name in POPULATIONS:
            fact = getattr(pack.populations, name)
            tags.append(fact.evidence)
            if fact.credentials_basis is not None:
                tags.append(fact.credentials_basis.evidence)
    for parameter in pack.parameters:
        tags.extend(entry.evidence for entry in parameter.entries if entry.value is not None)
    tags.extend(rule.evidence for rule in pack.rules)
    tags.extend(code.evidence for code in (*pack.programs, *pack.credentials))
    tags.extend(c.peer_age_basis.evidence for c in pack.credentials if c.peer_age_basis)
    counted = Counter(tag or "untagged" for tag in tags)
    return EvidenceCounts.model_validate(dict(counted))


def _summary(
    name: str, pack: Pack | None, not_checked: Iterable[CheckKind], views: list[PopulationView]
) -> str:
    """One sentence: what is not checked for the state, and why."""
    if pack is None:
        return (
            f"{name} has no rule pack: only the checks that do not depend on a state run "
            "(X12 structure, claim balance, NPI check digit, ICD-10-CM codes, units)."
        )
    missing = [KIND_LABELS[kind] for kind in not_checked]
    parts = []
    if missing:
        parts.append(f"{name} has no encoded rules for {_words(missing)}")
    else:
        parts.append(f"{name} has encoded rules for every kind of state check")
    refused = [
        POPULATION_LABELS[v.population] + ("" if v.evidence == "V" else f" [evidence {v.evidence}]")
        for v in views
        if v.status == "not_covered"
    ]
    if refused:
        parts.append(f"its Medicaid does not pay peer support for {_words(refused, 'and')}")
    unknown = [POPULATION_LABELS[v.population] for v in views if v.status == "unknown"]
    if unknown:
        parts.append(f"whether its Medicaid pays peer support for {_words(unknown)} is unknown")
    unverified = [
        f"{POPULATION_LABELS[v.population]} [evidence {v.evidence}]"
        for v in views
        if v.status == "covered" and weak(v.evidence, "yes" if v.trusted else None)
    ]
    if unverified:  # FED-SCOPE-0003 says so on each such line (rules/README.md)
        parts.append(
            f"that it pays peer support for {_words(unverified, 'and')} is not verified, so "
            "those lines are not fully checked"
        )
    if not views:
        parts.append("which populations its Medicaid pays peer support for is not yet encoded")
    return "; ".join(parts) + "."


def _words(items: list[str], last: str = "or") -> str:
    """`a`, `a or b`, `a, b or c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _state_view(
    packs: Mapping[str, Pack],
    parameters: Parameters,
    names_of: Mapping[str, tuple[str, ...]],
    state: str,
    on: date,
) -> StateView:
    """One jurisdiction's row (`parameters` and `names_of` worked out once by the caller)."""
    name = state_names()[state]
    pack = next((p for p in packs.values() if p.state == state), None)
    rules = _state_rules(packs, parameters, names_of, state, on)
    kinds = Counter(_KIND_OF_CATEGORY[r.category] for r in rules if r.category in _KIND_OF_CATEGORY)
    by_kind = {kind: kinds.get(kind, 0) for kind in CHECK_KINDS}
    not_checked = [kind for kind in CHECK_KINDS if by_kind[kind] == 0]
    by_category = dict(sorted(Counter(str(r.category) for r in rules).items()))
    views = (
        [_population(n, getattr(pack.populations, n)) for n in POPULATIONS]
        if pack is not None and pack.populations is not None
        else []
    )
    federal_on = sum(1 for r in rules if r.id.startswith("FED-"))
    prefix = f"{state}-"
    benefit = None
    if pack is not None and pack.benefit is not None:
        benefit = BenefitView(
            start=pack.benefit.start,
            evidence=pack.benefit.evidence,
            citation=pack.benefit.citation,
            note=pack.benefit.note,
        )
    return StateView(
        state=state,
        name=name,
        pack=None if pack is None else pack.id,
        version=None if pack is None else pack.version,
        reviewed=None if pack is None else pack.reviewed,
        supported_start=None if pack is None else pack.supported.start,
        supported_end=None if pack is None else pack.supported.end,
        benefit=benefit,
        populations=views,
        rules_by_kind=by_kind,
        rules_by_category=by_category,
        state_rules=len(rules) - federal_on,
        federal_rules_switched_on=federal_on,
        not_checked=not_checked,
        programs=[c.code for p in packs.values() for c in p.programs if c.code.startswith(prefix)],
        credentials=[
            c.code for p in packs.values() for c in p.credentials if c.code.startswith(prefix)
        ],
        evidence=EvidenceCounts() if pack is None else evidence_counts(pack),
        summary=_summary(name, pack, not_checked, views),
    )


def states_report(
    packs: Mapping[str, Pack], on: date, only: Iterable[str] | None = None
) -> StatesReport:
    """Every jurisdiction (or those of `only`, USPS codes), by code, as of the day `on`."""
    parameters = Parameters.merged(pack.parameters for pack in packs.values())
    names_of = _names(packs)
    wanted = sorted(state_names()) if only is None else sorted({s.upper() for s in only})
    federal = packs[FEDERAL]
    everywhere = sum(1 for r in federal.rules if r.in_force(on) and not _templated(names_of[r.id]))
    return StatesReport(
        on=on,
        federal={"id": federal.id, "version": federal.version},
        federal_rules=everywhere,
        states=[
            _state_view(packs, parameters, names_of, st, on) for st in wanted if st in state_names()
        ],
    )
