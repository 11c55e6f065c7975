"""Check kinds' common parts: the `Kind` base, its `Outcome`, and the values messages name.

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

The kinds themselves live by family (parties, authorization, code_sets, limits, contracts,
scope); `kinds.py` is their registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from peerclaims.engine.checks.context import ClaimView, LineView
from peerclaims.engine.checks.spec import Scope
from peerclaims.engine.model import Loc

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
    doubt: str | None = None
    """Why the fact the kind judged by may not deny (weaker than V or trusted S), in a sentence
    a clerk reads; a failing error rule with a doubt gives a warning (engine/checks/evidence.py)."""


def _no_detail() -> Detail:
    raise RuntimeError("a passed check never fires, so it has no finding")


PASSED = Outcome(False, _no_detail)
"""The outcome of a boolean check passed: nothing to post (`false` never matches), no finding.
Most checks pass, so a kind returns this one instead of making an outcome and its `detail`."""


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str


def join(codes: Iterable[str]) -> str:
    joined = ", ".join(codes)
    return joined or "none"


def units_left(cap: Decimal | None, total: Decimal, line_units: Decimal) -> dict[str, str]:
    """`already`: the units used before this line (`total` counts it); `left`: how many of the
    line's units fit under `cap` (0 when none do), for a fix that names the units to bill."""
    already = total - line_units
    values = {"already": format(already.normalize(), "f")}
    if cap is not None:
        values["left"] = format(max(cap - already, Decimal(0)).normalize(), "f")
    return values


def day_text(day: date | None) -> str:
    return day.isoformat() if day else "(no date)"


def named(npi: str, name: str | None) -> str:
    """A provider as a clerk reads it: 'Dana Whitcomb (NPI 1970200022)', or 'NPI 1970200022'
    when the reference data has no name for it."""
    return f"{name} (NPI {npi})" if name else f"NPI {npi}"


def billing_text(view: ClaimView) -> str:
    """The billing provider of a claim, by name when the reference data has it (`named`)."""
    npi = view.billing_npi
    if not npi:
        return "(no billing NPI)"
    provider = view.reference.provider(npi)
    return named(npi, provider.name if provider else None)


def peer_text(view: LineView) -> str:
    """The rendering peer of a line, by name when the reference data has it (`named`)."""
    if not view.rendering_npi:
        return "(no rendering NPI)"
    return named(view.rendering_npi, view.provider.name if view.provider else None)


def supervisor_text(view: LineView) -> str:
    """The supervisor of a line's peer: the one of record in the reference data, else the one
    sent on the line or claim (2420D, 2310D), by name when the reference data has it."""
    npi = view.provider.supervisor_npi if view.provider else None
    if not npi:
        sent = view.line.supervising or view.claim.claim.supervising
        npi = sent.npi if sent else None
    if not npi:
        return "no supervisor on file"
    supervisor = view.claim.reference.provider(npi)
    return named(npi, supervisor.name if supervisor else None)


class Kind:
    """A check kind: options model, scope, what it posts and the values it offers."""

    name: ClassVar[str]
    scope: ClassVar[Scope] = "line"
    options: ClassVar[type[Options]] = Options
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
        passes is found once per such line (`compiled.Compiled.line_rules`), and a passing line
        does not run it again."""
        return False

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        """The outcome for a claim (claim-scope kinds)."""
        raise NotImplementedError


_LINE_VALUES: dict[str, Callable[[LineView], str]] = {
    "date": lambda view: day_text(view.day),
    "procedure": lambda view: view.procedure or "(none)",
    "modifiers": lambda view: join(view.line.modifiers),
    "units": lambda view: format(view.units.normalize(), "f"),
    "npi": lambda view: view.rendering_npi or "(none)",
    "peer": peer_text,
    "supervisor": supervisor_text,
    "state": lambda view: view.claim.state or "(unknown)",
    "claim": lambda view: view.claim.claim.claim_id,
    "line": lambda view: str(view.line.number),
    "member": lambda view: view.claim.member_id or "(none)",
    "billing": lambda view: view.claim.billing_npi or "(none)",
    "billing_provider": lambda view: billing_text(view.claim),
}
_CLAIM_VALUES: dict[str, Callable[[ClaimView], str]] = {
    "date": lambda view: day_text(view.first_date),
    "state": lambda view: view.state or "(unknown)",
    "claim": lambda view: view.claim.claim_id,
    "member": lambda view: view.member_id or "(none)",
    "payer": lambda view: view.claim.payer_id or "(none)",
    "billing_provider": billing_text,
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
