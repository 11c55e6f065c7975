"""Check kinds about the parties: payer, member and rendering peer on file, credential, enrollment
(the payer and the member, claim-level; the rendering peer, per line)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from peerclaims.engine.checks.context import ClaimView, LineView, ParameterReader
from peerclaims.engine.checks.kind import (
    DEFAULT_POPULATION,
    PASSED,
    POPULATION_MODIFIERS,
    Detail,
    Kind,
    Options,
    Outcome,
    join,
)
from peerclaims.engine.checks.spec import ParameterName
from peerclaims.engine.reference.models import Credential

STATE_PLAN_SUFFIX = "-MEDICAID"
"""A state's plan is the program `<ST>-MEDICAID` (reference-codes.md, Programs)."""


class PayerKnown(Kind):
    """The payer (2010BB NM1*PR NM109) is in the reference data (its state picks the packs)."""

    name = "payer_known"
    scope = "claim"

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        if view.payer is not None:
            return PASSED
        claim = view.claim
        return Outcome(True, lambda: ({}, claim.loc("payer_id"), "2010BB NM1-09"))


class MemberOnFile(Kind):
    """The member (2010BA NM1*IL NM109) is in members.yaml: a payer that cannot find its member
    returns the claim unprocessed, and no enrollment can be shown for it."""

    name = "member_on_file"
    scope = "claim"

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        if view.member is not None:
            return PASSED
        claim = view.claim
        return Outcome(True, lambda: ({}, claim.subscriber.loc("member_id"), "2010BA NM1-09"))


class ProviderOnFile(Kind):
    """The rendering NPI (2420A, else 2310B, else billing) is in providers.yaml."""

    name = "provider_on_file"

    def line(self, options: Any, view: LineView) -> Outcome | None:
        if view.provider is not None:
            return PASSED
        return Outcome(True, lambda: ({}, view.rendering_loc, view.rendering_label))


class _CredentialOptions(Options):
    accepted: ParameterName
    """A code list, or a code map population -> credential types."""


def population(view: LineView) -> str | None:
    """The population a line serves, from its modifiers (the first that matches), else default.

    Remembered on the view (several rules ask it of each line), except while parameter reads are
    recorded (`--trace`): each ask records its reads."""
    params = view.claim.params
    if view.served is not None and params.used is None:
        return view.served[0]
    found = _population(view, params)
    view.served = (found,)
    return found


def held_credentials(credentials: Iterable[Credential], day: date) -> list[str]:
    """The peer's credentials as a clerk reads them: current ones by code, others with why not."""
    held = []
    for credential in credentials:
        if credential.current_on(day):
            held.append(credential.type)
        elif credential.expires is not None and credential.expires < day:
            held.append(f"{credential.type} (expired {credential.expires.isoformat()})")
        else:
            held.append(f"{credential.type} (issued {credential.issued.isoformat()})")
    return held


def _population(view: LineView, params: ParameterReader) -> str | None:
    day = view.day
    if day is None:
        return None
    mapping = params.value(POPULATION_MODIFIERS, day)
    if isinstance(mapping, Mapping):
        present = set(view.modifiers)
        for name, modifiers in mapping.items():
            if present.intersection(modifiers):
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
        day = view.day
        credentials = view.provider.credentials
        if isinstance(value, Mapping):
            # A peer holding no current credential of any population's list has no credential
            # at all: that is the accepted-credential rule's finding (B7), not a population's.
            every = {code for codes in value.values() for code in codes}
            if not any(c.type in every and c.current_on(day) for c in credentials):
                return None
            served = population(view) or ""
            accepted = tuple(value.get(served, ()))
        elif isinstance(value, tuple):
            accepted = value
        else:
            return None
        if any(c.type in accepted and c.current_on(day) for c in credentials):
            return PASSED

        def detail() -> Detail:
            values = {
                "accepted": join(accepted),
                "held": join(held_credentials(credentials, day)),
                "population": served.replace("_", " ") or "any",
            }
            return values, view.rendering_loc, view.rendering_label

        return Outcome(True, detail)


class _ProgramsOptions(Options):
    programs: ParameterName
    plan: Literal["state_plan", "program"] | None = None
    """Judge only where the covering programs include the state plan (`<ST>-MEDICAID`: a plain
    eligibility gap), or only where they do not (a waiver or program the member is not in)."""


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
        if options.plan is not None:
            state_plan = f"{view.claim.state}{STATE_PLAN_SUFFIX}" in programs
            if state_plan != (options.plan == "state_plan"):
                return None
        member = view.claim.member
        if member is None:  # member_on_file says so: one finding for one cause
            return None
        held = sorted(member.programs_on(view.day))
        if set(held) & set(programs):
            return PASSED

        def detail() -> Detail:
            values = {"programs": join(programs), "held": join(held)}
            return values, view.claim.claim.subscriber.loc("member_id"), "2010BA NM1-09"

        return Outcome(True, detail)
