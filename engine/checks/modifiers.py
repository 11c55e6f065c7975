"""Which of a line's modifiers define the service and which describe its delivery or billing.

A plan of care, prior authorization or MCO contract lists a procedure with modifiers. It covers a
line of that procedure when the two agree on the modifiers that define the service (population,
program, group: `federal.coding.service_modifiers`, and any modifier neither list names), and when
every delivery or billing modifier it lists (telehealth, audio-only, NCCI:
`federal.coding.delivery_modifiers`) is on the line: a telehealth line `H0038 HE GT` is covered
by a plan of care for `H0038 HE`, a plan for `H0038 HE GT` covers only the telehealth lines.
A state pack extends either list (`<st>.coding.service_modifiers`,
`<st>.coding.delivery_modifiers`); a modifier the state lists as defining the service is not a
delivery one there.
"""

from __future__ import annotations

from datetime import date

from peerclaims.engine.checks.context import ParameterReader
from peerclaims.engine.reference.models import covers

DELIVERY_MODIFIERS = "federal.coding.delivery_modifiers"
"""Code list: modifiers that describe delivery or billing, not the service."""
SERVICE_MODIFIERS = "federal.coding.service_modifiers"
"""Code list: modifiers that define the service (documents the split; any unlisted one does too)."""
STATE_DELIVERY_MODIFIERS = "{state}.coding.delivery_modifiers"
STATE_SERVICE_MODIFIERS = "{state}.coding.service_modifiers"


def delivery_modifiers(params: ParameterReader, day: date) -> frozenset[str]:
    """The modifiers that describe delivery or billing for the claim's state on `day`."""
    delivery = set(params.codes(DELIVERY_MODIFIERS, day) or ())
    delivery |= set(params.codes(STATE_DELIVERY_MODIFIERS, day) or ())
    return frozenset(delivery - set(params.codes(STATE_SERVICE_MODIFIERS, day) or ()))


__all__ = [
    "DELIVERY_MODIFIERS",
    "SERVICE_MODIFIERS",
    "STATE_DELIVERY_MODIFIERS",
    "STATE_SERVICE_MODIFIERS",
    "covers",
    "delivery_modifiers",
]
