"""`trusted` builds a model from valid values as validation would, and refuses a wrong field set."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field

from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.trusted import trusted

POSITION = {"file": "a.837", "line": 3, "segment": 7, "byte": 120}
FINDING = {
    "rule_id": "FED-CODE-0001",
    "severity": "error",
    "category": "code-set",
    "message": "H0039 is not a peer support code.",
    "fix": "Bill H0038.",
    "location": "2400 SV1-01-2 (line 1)",
    "line": 1,
    "citation": "CMS SMD #07-011",
    "carc": "181",
    "rarc": None,
}


def test_trusted_equals_validated() -> None:
    """Same dump, same JSON, equal and equally hashable (frozen) as the validated model."""
    position = trusted(Position, dict(POSITION))
    words = {"where": None, "carc_text": None, "rarc_text": None, "admin_fix": None}
    finding = trusted(Finding, {**FINDING, "position": position, "front_end": True, **words})
    validated = Finding(**FINDING, position=Position(**POSITION))  # front_end: by category
    assert finding == validated
    assert hash(finding) == hash(validated)
    assert finding.model_dump_json() == validated.model_dump_json()
    assert finding.model_fields_set == validated.model_fields_set | {"position", *words}


def test_trusted_refuses_a_missing_or_extra_field() -> None:
    """Every field must be given, defaults included; an unknown one is refused."""
    with pytest.raises(TypeError, match=r"missing"):
        trusted(Finding, dict(FINDING))  # no position
    with pytest.raises(TypeError, match=r"\['colour'\] extra"):
        trusted(Position, {**POSITION, "colour": "red"} | {"byte": 0})
    extra = {k: v for k, v in POSITION.items() if k != "byte"} | {"colour": "red"}
    with pytest.raises(TypeError, match=r"\['colour'\] extra and \['byte'\] missing"):
        trusted(Position, extra)


class _Aliased(BaseModel):
    model_config = ConfigDict(frozen=True)
    schema_: str = Field(alias="schema")


def test_trusted_refuses_a_model_with_aliases() -> None:
    """An aliased field would be stored under the wrong name: refused, not guessed."""
    with pytest.raises(TypeError, match="aliases"):
        trusted(_Aliased, {"schema_": "x"})
