"""The youth modifier (HA, child and adolescent program) on a line for a member too old for it.

The state pack's `pack.yaml` says how old its members may be for its child and adolescent peer
service: `populations.youth.max_age`, else `populations.family.max_age` where the state's only
service for children is a family one (Virginia's family support partners, for caregivers of
members under 21). Over that age the line is a coverage finding, denied on the fact's evidence
(V or trusted S). A state whose pack gives no such age is judged against the federal
`federal.coding.youth_modifier_max_age` (under 21, EPSDT's age), an inference: a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from peerclaims.engine.checks.context import LineView, age_on
from peerclaims.engine.checks.evidence import doubt_sentence, weak
from peerclaims.engine.checks.kind import PASSED, POPULATION_MODIFIERS, Detail, Kind, Outcome
from peerclaims.engine.packs.manifest import PopulationFact

YOUTH_MODIFIER_MAX_AGE = "federal.coding.youth_modifier_max_age"
"""Number: the oldest age a child and adolescent program serves where the state says none."""


def _state_limit(view: LineView) -> tuple[int, PopulationFact] | None:
    """The state pack's oldest age for its child and adolescent service, with the fact saying so."""
    scope = view.claim.scope
    populations = None if scope is None or scope.pack is None else scope.pack.populations
    if populations is None:
        return None
    for fact in (populations.youth, populations.family):
        if fact.max_age is not None:
            return fact.max_age, fact
    return None


def _youth_modifiers(view: LineView, day: date) -> frozenset[str]:
    mapping = view.claim.params.value(POPULATION_MODIFIERS, day)
    if not isinstance(mapping, Mapping):
        return frozenset()
    return frozenset(mapping.get("youth", ()))


class YouthModifierAge(Kind):
    """A line with the youth modifier (HA) is for a member no older than the state's child and
    adolescent service allows (else than the federal default, as a warning)."""

    name = "youth_modifier_age"
    offers = frozenset({"age", "max_age", "modifier", "basis"})

    def line(self, options: object, view: LineView) -> Outcome | None:
        day = view.day
        member = view.claim.member
        if day is None or member is None or not view.modifiers:
            return None
        marked = sorted(_youth_modifiers(view, day) & set(view.modifiers))
        if not marked:
            return None
        age = age_on(member.birth_date, day)
        found = _state_limit(view)
        if found is not None:
            limit, fact = found
            name = view.claim.scope.name if view.claim.scope else "the state"
            basis = f"{name}: {fact.citation}"
            doubt = (
                doubt_sentence(f"{name}'s age limit of its youth service", fact.evidence, fact.note)
                if weak(fact.evidence, fact.trusted)
                else None
            )
        else:
            default = view.claim.params.number(YOUTH_MODIFIER_MAX_AGE, day)
            if default is None:
                return None
            limit = int(default)
            parameter = view.claim.params.parameter(YOUTH_MODIFIER_MAX_AGE)
            entry = None if parameter is None else parameter.entry_on(day)
            basis = "the state's pack gives no age for its youth service; the federal default"
            doubt = (
                doubt_sentence(
                    "the federal reading of the youth modifier as a service for members under "
                    f"{limit + 1}",
                    (entry.evidence if entry else None) or "I",
                    (entry.note if entry else None)
                    or (parameter.metadata.note if parameter else None),
                )
                if entry is None or weak(entry.evidence, entry.trusted)
                else None
            )
        if age <= limit:
            return PASSED

        def detail() -> Detail:
            values = {
                "age": str(age),
                "max_age": str(limit),
                "modifier": ", ".join(marked),
                "basis": basis,
            }
            return values, view.line.loc("modifiers"), "2400 SV1-01-3"

        return Outcome(True, detail, doubt)


__all__ = ["YOUTH_MODIFIER_MAX_AGE", "YouthModifierAge"]
