"""Rule files of a pack (`<pack>/checks/<RULE-ID>.yaml`): what a rule says, validated.

One YAML file per rule, named by its id:

    id: NJ-LIM-0001                 # ST-AREA-NNNN (FED- for the federal pack), never reused
    title: One line
    category: limit                 # the finding vocabulary of product.md
    severity: error                 # error | warning | info
    citation: "[S17] Horizon NJ Health, Self-Help/Peer Support Billing Guidelines"
    start: 2020-07-01               # first date of service the rule judges
    end: null                       # last one (a retired rule keeps its id and gets an end)
    check:                          # the check kind and its parameters (engine/checks/kinds.py)
      kind: units_window
      cap: nj.limits.max_units_per_day
      window: day
    applies_to:                     # optional: lines the rule looks at
      procedures: nj.coverage.procedures
    carc: "119"
    rarc: N362
    acknowledgment: front-end       # optional: who refuses the claim on an error (see below)
    message: "{units} units on {date} bring the member to {measure} (cap {threshold})."
    fix: "Bill at most {threshold} units for the day, or ..."
    admin_fix: "..."                # optional: what an administrator changes in reference data

Every value a check compares is a parameter name, never a literal: numbers, code lists and
dates live in `parameters/`. A name may start `{state}.`: the federal pack's rules use the
parameter of the claim's state (`{state}.coverage.programs` is `ct.coverage.programs` for a
Connecticut claim), and run only for the states whose pack defines it.

`acknowledgment` says who refuses a claim on the rule's error: `front-end` (the payer's front
end returns it in the 277CA, A3/A7, and never adjudicates it) or `adjudication` (a denial the
835 would carry; the 277CA accepts the claim). Unset, it follows the category: syntax, guide,
balancing and code-set are front-end (SNIP 1-5), the others adjudication.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import FRONT_END_CATEGORIES, Category, Severity
from peerclaims.engine.packs.parameters import (
    Evidence,
    IsoDate,
    Text,
    check_trusted,
    describe,
    read_yaml,
    yaml_kind,
)

STATE_TEMPLATE = "{state}"
"""The placeholder of a state-templated parameter name."""

_RULE_ID = re.compile(r"(FED|[A-Z]{2})-[A-Z]{2,5}-[0-9]{4}")
_PARAMETER = re.compile(r"(\{state\}|federal|[a-z]{2})(\.[A-Za-z0-9_]+)+")
_CARC = re.compile(r"[A-Z0-9]{1,5}")


def _rule_id(value: str) -> str:
    if not _RULE_ID.fullmatch(value):
        raise PydanticCustomError(
            "rule_id", "{value} is not a rule id (ST-AREA-NNNN, e.g. NJ-LIM-0001)", {"value": value}
        )
    return value


def _parameter_name(value: str) -> str:
    if not _PARAMETER.fullmatch(value):
        raise PydanticCustomError(
            "parameter_name",
            "{value} is not a parameter name (pack.folder.name, or {{state}}.folder.name)",
            {"value": value},
        )
    return value


def _carc(value: str) -> str:
    if not _CARC.fullmatch(value):
        raise PydanticCustomError("carc", "{value} is not a CARC/RARC code", {"value": value})
    return value


RuleId = Annotated[str, AfterValidator(_rule_id)]
ParameterName = Annotated[str, AfterValidator(_parameter_name)]
"""A dotted parameter name, possibly starting `{state}.`."""
ReasonCode = Annotated[str, AfterValidator(_carc)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AppliesTo(_Model):
    """Which lines a rule looks at; a line outside them is neither passed nor failed."""

    procedures: ParameterName | None = None
    """A code-list parameter: the line's procedure must be one of them."""
    modifiers: ParameterName | None = None
    """A code-list parameter: the line must carry one of these modifiers."""

    def parameters(self) -> tuple[str, ...]:
        """The parameter names used."""
        return tuple(name for name in (self.procedures, self.modifiers) if name is not None)


class Rule(_Model):
    """One rule as written in its file (its check is validated by its kind)."""

    id: RuleId
    title: Text
    category: Category
    severity: Severity
    citation: Text
    start: IsoDate
    end: IsoDate | None = None
    check: dict[str, Any]
    applies_to: AppliesTo = AppliesTo()
    carc: ReasonCode | None
    rarc: ReasonCode | None = None
    message: Text
    fix: Text
    """What the billing clerk does: in their words, naming no file."""
    admin_fix: Text | None = None
    """What an administrator changes in the reference data when that is the fix (a renewed
    credential, a new authorization), said apart from `fix`."""
    note: Text | None = None
    """Evidence caveats (secondary or inferred facts) the pack README also lists."""
    evidence: Evidence | None = None
    """The evidence tag of the rule's own basis (the parameters it reads carry their own)."""
    trusted: Text | None = None
    """Why a secondary (S) basis is trusted enough to deny on; only with evidence S."""
    acknowledgment: Literal["front-end", "adjudication"] | None = None
    """Who refuses the claim on this rule's error; unset: by category (FRONT_END_CATEGORIES)."""

    @model_validator(mode="after")
    def _dates(self) -> Self:
        check_trusted(self.evidence, self.trusted)
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "range", "end {end} is before start {start}", {"end": self.end, "start": self.start}
            )
        return self

    @property
    def front_end(self) -> bool:
        """Whether a payer's front end rejects the claim on this rule's error (277CA A3/A7)."""
        if self.acknowledgment is not None:
            return self.acknowledgment == "front-end"
        return self.category in FRONT_END_CATEGORIES

    @property
    def kind(self) -> str:
        """The check kind's name."""
        return str(self.check.get("kind"))

    def in_force(self, day: date) -> bool:
        """Whether the rule judges lines of this date of service."""
        return self.start <= day and (self.end is None or day <= self.end)


def template_fields(text: str) -> set[str]:
    """The `{name}` placeholders of a message or fix template."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def load_rules(
    directory: Path, pack_id: str, validate: Callable[[Rule], str | None]
) -> tuple[Rule, ...]:
    """The rules of `<pack>/checks/`, sorted by id; the file name must be the id.

    `validate` checks a rule's check against its kind (engine/checks/kinds.py): a problem it
    returns stops the load with a `DataError` naming the file.
    """
    if not directory.is_dir():
        return ()
    prefix = "FED-" if pack_id == "federal" else f"{pack_id.upper()}-"
    rules: list[Rule] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        if path.suffix != ".yaml":
            raise DataError(str(path), "not a rule file (expected <RULE-ID>.yaml)")
        document = read_yaml(path)
        if not isinstance(document, dict):
            kind = "an empty file" if document is None else f"a {yaml_kind(document)}"
            raise DataError(str(path), f"expected a mapping of fields, got {kind}")
        try:
            rule = Rule.model_validate(document)
        except ValidationError as exc:
            raise DataError(str(path), describe(exc)) from None
        if path.stem != rule.id:
            raise DataError(str(path), f"id: '{rule.id}' is not the file name '{path.stem}'")
        if not rule.id.startswith(prefix):
            raise DataError(str(path), f"id: a rule of pack '{pack_id}' starts {prefix}")
        problem = validate(rule)
        if problem:
            raise DataError(str(path), problem)
        rules.append(rule)
    return tuple(rules)


Scope = Literal["line", "claim"]
