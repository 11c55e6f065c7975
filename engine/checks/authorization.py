"""Check kinds about authorization and supervision: a plan of care covers the line, a
supervisor is named where required.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from peerclaims.engine.checks.context import LineView
from peerclaims.engine.checks.kind import (
    PASSED,
    Detail,
    Kind,
    Options,
    Outcome,
    join,
    supervisor_text,
    units_left,
)
from peerclaims.engine.checks.modifiers import delivery_modifiers
from peerclaims.engine.checks.spec import ParameterName
from peerclaims.engine.reference.models import covers


class _AuthorizationOptions(Options):
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
    offers = frozenset({"authorization", "authorized", "used", "sent", "already", "left"})

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
            base = {"sent": join(sent), "authorization": "none", "authorized": "0", "used": "0"}
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
                found = values(authorization=join(a.number for a in covering))
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
            ) | units_left(chosen.units, used, view.units)
            return found, line.loc("units"), "2400 SV1-04"

        return Outcome(True, exceeded)


def units_used(view: LineView, authorization: Any) -> Decimal:
    """Units the authorization covers (its code, `covers` its modifiers, within its period)
    billed by the provider it was issued to: history and earlier accepted lines of the run,
    earlier lines of the claim, and this line. Another billing provider's lines do not use it."""
    day = view.day
    delivery = frozenset() if day is None else delivery_modifiers(view.claim.params, day)

    def counted(procedure: str, modifiers: tuple[str, ...], on: date | None) -> bool:
        return (
            procedure == authorization.procedure
            and on is not None
            and authorization.spans(on)
            and covers(authorization.modifiers, modifiers, delivery)
        )

    used = view.units + sum(
        (
            s.units
            for s in view.claim.history.lines(view.claim.member_id)
            if s.billing_npi == authorization.provider_npi
            and counted(s.procedure, s.modifiers, s.service_date)
        ),
        Decimal(0),
    )
    return used + sum(
        (
            e.units
            for e in view.earlier_in_claim(lambda e: counted(e.procedure, e.modifiers, e.day))
        ),
        Decimal(0),
    )


def covering_authorizations(view: LineView) -> list[Any]:
    """Authorizations for the line's member, billing provider and code on its date whose
    modifiers `covers` the line's (remembered on the view: several checks ask)."""
    if view.authorizations is None:
        day = view.day
        if day is None:
            view.authorizations = []
        else:
            delivery = delivery_modifiers(view.claim.params, day)
            view.authorizations = [
                a
                for a in view.claim.reference.authorizations_for(view.claim.member_id)
                if a.provider_npi == view.claim.billing_npi
                and a.procedure == view.procedure
                and a.spans(day)
                and covers(a.modifiers, view.modifiers, delivery)
            ]
    return view.authorizations


class _RequiredOptions(Options):
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
        line = view.line

        def detail() -> Detail:
            said = supervisor_text(view) if expected else "the supervisor of record"
            return {"supervisor": said}, line.loc("procedure"), "2420D NM1-09"

        return Outcome(True, detail)
