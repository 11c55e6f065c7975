"""Expected payment (reference-codes.md, Money and units).

A line's rate is the MCO contract's `rate_per_unit` when the payer is an MCO with a contract
covering the service on the date, else the state fee schedule `<st>.rates.<procedure>.<modifier>`
(the first of the line's modifiers with a rate) or `<st>.rates.<procedure>`. Expected payment of
a line = min(billed charge, units x rate); a rejected line pays 0.00; no known rate gives None.
"""

from __future__ import annotations

from decimal import Decimal

from peerclaims.engine.checks.context import LineView
from peerclaims.engine.checks.modifiers import delivery_modifiers

RATES = "{state}.rates"


def rate_for(view: LineView) -> tuple[Decimal, str] | None:
    """The rate per unit of the line and where it comes from, or None.

    Remembered on the view: a line's rate is asked by the `rate_known` check and again for its
    payment. Not while parameter reads are recorded (`--trace`): each ask records its reads.
    """
    if view.rate is not None and view.claim.params.used is None:
        return view.rate[0]
    found = _rate(view)
    view.rate = (found,)
    return found


def _rate(view: LineView) -> tuple[Decimal, str] | None:
    day = view.day
    if day is None or not view.procedure:
        return None
    payer = view.claim.payer
    if payer is not None and payer.kind == "mco":
        contracts = view.claim.reference.contracts_for(payer.payer_id, view.claim.billing_npi)
        delivery = delivery_modifiers(view.claim.params, day)
        for contract in contracts:
            if not contract.active_on(day):
                continue
            service = contract.service(view.procedure, view.modifiers, delivery)
            if service is not None:
                return service.rate_per_unit, f"contract of payer {payer.payer_id}"
    params = view.claim.params
    for modifier in view.line.modifiers:
        name = f"{RATES}.{view.procedure}.{modifier}"
        rate = params.number(name, day)
        if rate is not None:
            return rate, str(params.resolve(name))
    name = f"{RATES}.{view.procedure}"
    rate = params.number(name, day)
    if rate is not None:
        return rate, str(params.resolve(name))
    return None


def expected_payment(view: LineView, rejected: bool) -> Decimal | None:
    """min(charge, units x rate); 0 when rejected; None when no rate is known."""
    if rejected:
        return Decimal(0)
    found = rate_for(view)
    if found is None:
        return None
    rate, _ = found
    allowed = view.units * rate
    charge = view.line.charge
    return allowed if charge is None else min(charge, allowed)
