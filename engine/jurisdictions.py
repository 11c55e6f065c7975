"""The jurisdictions peerclaims knows by USPS code, and their names in a table and in a sentence.

Geography, not policy: the data is `rules/geography/jurisdictions.yaml` (the 50 states, DC and the
territories with a Medicaid program), read and validated once (a broken file is one `DataError`
line naming it). `state_names` is the 50 states and DC, which `peerclaims states` lists and for
which the federal pack defines a `<ST>-MEDICAID` program; `sentence_name` is how a finding's
sentence names a state ("Pennsylvania", "the District of Columbia").
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from peerclaims.engine.packs.manifest import StateCode, read_model
from peerclaims.engine.packs.parameters import Text

JURISDICTIONS_FILE = "geography/jurisdictions.yaml"
"""The names, under the `peerclaims.rules` package (rules/ in a checkout)."""


class Jurisdiction(BaseModel):
    """One jurisdiction: its name, how a sentence says it, whether it is a territory."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Text
    in_sentence: Text | None = None
    """Set where a sentence says it otherwise ('the District of Columbia')."""
    territory: bool = False


class JurisdictionsFile(BaseModel):
    """`rules/geography/jurisdictions.yaml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    citation: Text
    jurisdictions: dict[StateCode, Jurisdiction]


def load_jurisdictions(path: Path) -> JurisdictionsFile:
    """The jurisdictions file at `path`; a one-line `DataError` naming the file if it is broken."""
    return read_model(path, JurisdictionsFile)


@lru_cache(maxsize=1)
def _shipped() -> JurisdictionsFile:
    resource = files("peerclaims.rules").joinpath(JURISDICTIONS_FILE)
    return load_jurisdictions(Path(str(resource)).resolve())


@lru_cache(maxsize=1)
def state_names() -> Mapping[str, str]:
    """USPS code -> name of each of the 50 states and DC (no territory), in the file's order."""
    return {code: j.name for code, j in _shipped().jurisdictions.items() if not j.territory}


def sentence_name(code: str) -> str:
    """How a sentence names the jurisdiction ('Pennsylvania', 'the District of Columbia'); an
    unknown code stands for itself."""
    found = _shipped().jurisdictions.get(code)
    if found is None:
        return code
    return found.in_sentence or found.name


__all__ = ["Jurisdiction", "load_jurisdictions", "sentence_name", "state_names"]
