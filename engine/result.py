"""The decision document (`peerclaims.result/1`): per claim and line, status and findings.

These pydantic models are the JSON contract of shared/design/product.md: field names are stable
(fields may be added, never renamed or removed without a new schema version). The committed
JSON Schema (`engine/schemas/`) is generated from them by `peerclaims schema`, and a test keeps
it current. Amounts are decimal strings with two places; dates are ISO 8601.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from peerclaims.engine.findings import Finding, Position, Problem
from peerclaims.engine.packs.manifest import FEDERAL
from peerclaims.engine.worklist import Worklist

SCHEMA_ID: Final = "peerclaims.result/1"
Status = Literal["accepted", "rejected"]
_CENT = Decimal("0.01")


def money(value: Decimal | None) -> str | None:
    """An amount as a two-place decimal string ('60.00'), or None."""
    if value is None:
        return None
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def quantity(value: Decimal | None) -> str | None:
    """A unit count as a plain decimal string without exponent ('4', '1.5')."""
    if value is None:
        return None
    return format(value.normalize(), "f")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RulePackRef(_Out):
    """A rule pack that took part in the run, with its version and content hash."""

    id: str
    version: str
    sha256: str


def ordered_refs(refs: Iterable[RulePackRef]) -> list[RulePackRef]:
    """Rule packs as a result lists them: the federal pack first, then by id."""
    return sorted(refs, key=lambda ref: (ref.id != FEDERAL, ref.id))


class PackVersion(_Out):
    """A rule pack that judged a claim, and its version."""

    id: str
    version: str


class NotChecked(_Out):
    """Something the rules could not check on a claim (or could not deny on), and why.

    `check` is a kind of check (enrollment, credential, coverage, limits, authorization), `dates`
    (outside a pack's verified range) or `rules` (no rule pack ran); `reason` is a sentence a
    billing clerk reads.
    """

    check: str
    reason: str


class LineResult(_Out):
    """One service line's outcome."""

    line: int
    procedure: str | None
    modifiers: list[str]
    units: str | None
    charge: str | None
    service_date: date | None
    service_date_end: date | None = None
    place_of_service: str | None
    rendering_npi: str | None
    status: Status
    expected_payment: str | None


class TraceParameter(_Out):
    """A dated parameter value a rule used: its name, value, the date it took effect, its source."""

    name: str
    value: str | None
    """None when no value is in force on the date (not begun, or ended by a dated null)."""
    start: date | None
    source: str | None


class RuleTrace(_Out):
    """A rule evaluated on the claim (line None) or on a line, and whether it fired."""

    rule_id: str
    line: int | None
    fired: bool
    parameters: list[TraceParameter]


class ClaimResult(_Out):
    """One claim's outcome: status, findings, lines, and where the claim is in its file."""

    claim_id: str
    status: Status
    state: str | None
    payer_id: str | None
    member_id: str | None
    billing_npi: str | None
    billed: str | None
    expected_payment: str | None
    findings: list[Finding]
    lines: list[LineResult]
    file: str
    transaction: str
    position: Position
    trace: list[RuleTrace] | None = Field(default=None, exclude_if=lambda value: value is None)
    """`check --trace` only: every rule evaluated, whether it fired, the parameter values used."""
    judged_by: list[PackVersion] = Field(default_factory=list)
    """The rule packs that judged the claim (federal first, then its state's, if any)."""
    fully_checked: bool = True
    """False when some check could not run or could not deny (`not_checked` says which)."""
    not_checked: list[NotChecked] = Field(default_factory=list)
    """What could not be checked and why; empty when `fully_checked`."""

    @property
    def verdict_text(self) -> str:
        """The status as a clerk reads it, with what was not checked: 'accepted, not fully
        checked: Pennsylvania has no rule pack, so its ... rules were not checked'."""
        if self.fully_checked:
            return self.status
        reasons = list(dict.fromkeys(item.reason for item in self.not_checked))
        return f"{self.status}, not fully checked: {'; '.join(reasons)}"


class Summary(_Out):
    """Counts and totals over every claim of the run."""

    claims: int
    accepted: int
    rejected: int
    fully_checked: int = 0
    """Claims every check ran on, with the power to deny."""
    accepted_not_fully_checked: int = 0
    """Accepted claims that were not fully checked (`not_checked` says what was not)."""
    billed: str
    expected_payment: str
    """Sum of the expected payments that are known (claims with a null payment add nothing)."""
    claims_with_unknown_payment: int = Field(
        default=0,
        description="Claims whose expected payment is not known (a line with no known rate): "
        "expected_payment adds nothing for them, so it is not their 0.00.",
    )
    at_risk: str = Field(
        default="0.00",
        description="Sum of the amounts billed on rejected claims: what the run's denials would "
        "leave unpaid.",
    )

    def payment_text(self) -> str:
        """The expected payment in words, naming the claims whose payment is not known:
        "expected 59.40, plus 3 claims with no known rate"."""
        unknown = self.claims_with_unknown_payment
        if not unknown:
            return f"expected payment {self.expected_payment}"
        plural = "claim" if unknown == 1 else "claims"
        paid = self.expected_payment
        return f"expected payment {paid}, plus {unknown} {plural} with no known rate"


class Result(_Out):
    """The whole decision document of one run."""

    schema_: Literal["peerclaims.result/1"] = Field(default=SCHEMA_ID, alias="schema")
    worklist: Worklist | None = Field(default=None, exclude_if=lambda value: value is None)
    """What to do first: findings grouped by problem, then counts and money (`engine/worklist`).
    Every run of `check` and the service gives it; absent only from a document built without."""
    rule_packs: list[RulePackRef]
    summary: Summary
    claims: list[ClaimResult]
    errors: list[Problem]

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def to_json(self) -> str:
        """The document as JSON text: stable key order, two-space indent, trailing newline."""
        return self.model_dump_json(by_alias=True, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the result document, as committed in engine/schemas/."""
    schema = Result.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "https://peerclaims.org/schemas/peerclaims.result-1.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text() -> str:
    """The JSON Schema as the text committed in the repository."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
