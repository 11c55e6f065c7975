"""Rule packs as data: per-jurisdiction folders of codes and dated parameters (`rules/`).

`load_packs(rules_root)` reads `rules/federal/` and every `rules/states/<st>/`; `known_programs`
and `known_credentials` give the reference loader the codes they define; `Parameters.value_on`
gives the value of a dotted parameter in force on a date of service.
"""

from __future__ import annotations

from peerclaims.engine.packs.manifest import (
    FEDERAL,
    Benefit,
    Code,
    Fact,
    PopulationFact,
    Populations,
    Source,
    Supported,
)
from peerclaims.engine.packs.pack import (
    Pack,
    all_parameters,
    known_credentials,
    known_programs,
    load_pack,
    load_packs,
)
from peerclaims.engine.packs.parameters import (
    Entry,
    Evidence,
    Parameter,
    Parameters,
    Reference,
    Value,
    load_parameters,
)

__all__ = [
    "FEDERAL",
    "Benefit",
    "Code",
    "Entry",
    "Evidence",
    "Fact",
    "Pack",
    "Parameter",
    "Parameters",
    "PopulationFact",
    "Populations",
    "Reference",
    "Source",
    "Supported",
    "Value",
    "all_parameters",
    "known_credentials",
    "known_programs",
    "load_pack",
    "load_packs",
    "load_parameters",
]
