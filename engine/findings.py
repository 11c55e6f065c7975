"""Findings: what is wrong with a claim or line, where, why and how to fix it (data, not errors)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

Severity = Literal["error", "warning", "info"]
Category = Literal[
    "syntax",
    "guide",
    "balancing",
    "code-set",
    "eligibility",
    "authorization",
    "credential",
    "supervision",
    "coverage",
    "limit",
    "duplicate",
    "contract",
    "pricing",
]

FRONT_END_CATEGORIES: frozenset[str] = frozenset({"syntax", "guide", "balancing", "code-set"})
"""The categories a payer's front end checks before it accepts a claim for adjudication: the
SNIP 1-5 findings of product.md (structure, guide, balancing, external code sets). A rule of
another category is front-end only when its file says `acknowledgment: front-end` (the
identification rules: payer, member or provider not on file)."""


class Position(BaseModel):
    """Where in the input file a finding points: physical line, segment ordinal, byte offset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    line: int
    segment: int
    """Ordinal of the segment in the file, ISA = 1 (what X12 acknowledgments count)."""
    byte: int


class Finding(BaseModel):
    """One problem found on a claim or one of its service lines (result contract v1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    severity: Severity
    category: Category
    message: str
    fix: str
    location: str
    """Loop and segment-element, human readable: '2400 SV1-03 (line 2)'."""
    line: int | None
    """Service line number (LX01) for a line finding; None for a claim-level finding."""
    citation: str
    carc: str | None
    rarc: str | None
    position: Position | None = None
    front_end: bool = False
    """Whether a payer's front end would reject the claim on this finding (an error returned in
    the 277CA, A3/A7, before adjudication); otherwise an error is a denial predicted for
    adjudication (the 277CA accepts the claim). Unset: by category (`FRONT_END_CATEGORIES`)."""

    where: str | None = None
    """`location` in words: 'service line 2, rendering provider NPI (2420A NM1-09)'."""
    carc_text: str | None = None
    """The short meaning of `carc` (rules/federal/codes/remittance.yaml)."""
    rarc_text: str | None = None
    """The short meaning of `rarc`."""
    admin_fix: str | None = None
    """What an administrator changes in the reference data or rule packs, when that may be the
    fix; `fix` is what the billing clerk does, and names no file."""

    @model_validator(mode="before")
    @classmethod
    def _front_end_by_category(cls, data: Any) -> Any:
        if isinstance(data, dict) and "front_end" not in data:
            return {**data, "front_end": data.get("category") in FRONT_END_CATEGORIES}
        return data


class Problem(BaseModel):
    """An input-level problem that stopped a file, interchange or transaction (`errors`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    code: str
    message: str
    """One line naming the file and the position."""
    fix: str | None
    location: str | None
    position: Position | None
