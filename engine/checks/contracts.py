"""Check kinds of MCO contracts and pricing: network, contracted service, cap, a known rate."""

from __future__ import annotations

from typing import Any

from peerclaims.engine.checks.context import LineView, window
from peerclaims.engine.checks.kind import PASSED, Detail, Kind, Outcome, units_left
from peerclaims.engine.checks.modifiers import delivery_modifiers
from peerclaims.engine.checks.pricing import rate_for
from peerclaims.engine.reference.models import covers


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
    """An MCO's claim: the contract lists the line's procedure with modifiers that `covers` its
    own (the same service-defining ones; a delivery modifier it lists is on the line)."""

    name = "contract_service"
    offers = frozenset({"payer"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        contracts = _mco_contracts(view)
        if not contracts:
            return None
        delivery = delivery_modifiers(view.claim.params, view.day) if view.day else frozenset()
        if any(c.service(view.procedure, view.modifiers, delivery) for c in contracts):
            return PASSED
        claim = view.claim.claim
        return Outcome(
            True,
            lambda: ({"payer": claim.payer_id or ""}, view.line.loc("procedure"), "2400 SV1-01-2"),
        )


class ContractCap(Kind):
    """An MCO's claim: units for the member in the contract's cap period stay within its cap."""

    name = "contract_cap"
    offers = frozenset({"measure", "cap", "per", "from", "to", "already", "left"})

    def line(self, options: Any, view: LineView) -> Outcome | None:
        contracts = _mco_contracts(view)
        if not contracts or view.day is None:
            return None
        delivery = delivery_modifiers(view.claim.params, view.day)
        service = next(
            (s for c in contracts if (s := c.service(view.procedure, view.modifiers, delivery))),
            None,
        )
        if service is None or service.cap is None:
            return None
        per_day = service.cap.per == "day"
        if per_day and view.spans_days():
            return None  # a range's units are on no one day (FED-UNIT-0002 refuses the line)
        first_day, last_day = window(service.cap.per, view.day)
        total = view.units
        for seen in view.claim.history.lines(view.claim.member_id):
            if (
                seen.procedure == view.procedure
                and covers(service.modifiers, seen.modifiers, delivery)
                and first_day <= seen.service_date <= last_day
            ):
                total += seen.units

        def counts(earlier: LineView) -> bool:
            return (
                earlier.procedure == view.procedure
                and not (per_day and earlier.spans_days())
                and covers(service.modifiers, earlier.modifiers, delivery)
                and earlier.day is not None
                and first_day <= earlier.day <= last_day
            )

        for earlier in view.earlier_in_claim(counts):
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
            } | units_left(cap.units, total, view.units)
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
