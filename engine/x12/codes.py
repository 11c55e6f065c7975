"""The X12 pack: how each syntax or guide error code becomes a finding (data in rules/x12/)."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import Category, Severity

Scope = Literal["segment", "element", "transaction", "envelope", "value"]


class Reference(BaseModel):
    """A source document: title and address."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    href: str


class CodeRule(BaseModel):
    """One error code of one scope and the finding it becomes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scope: Scope
    code: str
    rule_id: str
    category: Category
    title: str
    fix: str
    severity: Severity | None = None
    carc: str | None = None
    rarc: str | None = None


class Defaults(BaseModel):
    """Values a code rule takes unless it says otherwise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    carc: str | None
    rarc: str | None


class Accepts(BaseModel):
    """The one transaction type the reader validates, and the pyx12 map that encodes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    functional_id: str
    version: str
    set_id: str
    name: str
    map_file: str


class X12Pack(BaseModel):
    """The X12 pack file (`rules/x12/pack.yaml`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: str
    title: str
    start: date
    citation: str
    references: tuple[Reference, ...]
    accepts: Accepts
    transaction_names: dict[str, str]
    """GS08 fragment -> what to call a transaction the reader refuses."""
    defaults: Defaults
    codes: tuple[CodeRule, ...]
    sha256: str = ""
    _by_code: dict[tuple[str, str], CodeRule] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        """Index the code rules by (scope, code)."""
        self._by_code.update({(c.scope, c.code): c for c in self.codes})

    def rule(self, scope: Scope, code: str) -> CodeRule:
        """The rule for an error code; an unknown code gets the scope's generic rule."""
        found = self._by_code.get((scope, code))
        if found is not None:
            return found
        generic = {
            "segment": "8",
            "element": "7",
            "transaction": "5",
            "envelope": "envelope",
            "value": "unreadable",
        }
        return self._by_code[(scope, generic[scope])]

    def severity(self, rule: CodeRule) -> Severity:
        """The rule's severity, else the pack default."""
        return rule.severity or self.defaults.severity


@lru_cache(maxsize=1)
def load_x12_pack() -> X12Pack:
    """Load and validate `rules/x12/pack.yaml` once per process."""
    resource = files("peerclaims.rules").joinpath("x12").joinpath("pack.yaml")
    raw = resource.read_bytes()
    try:
        data = yaml.safe_load(raw)
        pack = X12Pack.model_validate({**data, "sha256": hashlib.sha256(raw).hexdigest()})
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()
        raise DataError("rules/x12/pack.yaml", " ".join(first[:3])) from None
    return pack
