"""The facts a pack states with their evidence: a policy fact, the benefit, the populations, the
codes (programs and credentials) a pack defines.

Every fact carries the domain reference's evidence tag (V verified, S secondary, I inferred, U
unknown), a citation, and unless V a note saying what is not verified; `trusted` marks an S fact
the rules may deny on (rules/README.md, "Evidence decides severity"). `Pack` (pack.py) holds them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from peerclaims.engine.packs.parameters import Evidence, IsoDate, Text


def _pattern(regex: str, what: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "shape", "{value} is not {what}", {"value": repr(value), "what": what}
            )
        return value

    return AfterValidator(check)


PackId = Annotated[str, _pattern(r"federal|[a-z]{2}", "a pack id (federal, or a USPS code)")]
StateCode = Annotated[str, _pattern(r"[A-Z]{2}", "a USPS state code (upper case)")]
SourceId = Annotated[str, _pattern(r"S[1-9][0-9]*", "a source id of the domain reference (S17)")]
CodeText = Annotated[
    str, _pattern(r"[A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*", "a code (<ST>-NAME, upper case)")
]
Href = Annotated[str, _pattern(r"https?://\S+", "an http(s) address")]


class StrictModel(BaseModel):
    """A pack model: frozen, and refusing fields it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Fact(StrictModel):
    """A fact of the state's policy with its evidence: where it comes from and how sure it is."""

    evidence: Evidence
    citation: Text
    """The source ([Sn] of the domain reference or the state fact base) and what it says."""
    note: Text | None = None
    """Required unless evidence is V: what is not verified."""
    trusted: Text | None = None
    """Why a secondary (S) fact is trusted enough to deny on; only with evidence S."""

    @model_validator(mode="after")
    def _caveat(self) -> Self:
        if self.evidence != "V" and self.note is None:
            raise PydanticCustomError(
                "note_missing",
                "note: required when evidence is {evidence} (say what is not verified)",
                {"evidence": self.evidence},
            )
        if self.trusted is not None and self.evidence != "S":
            raise PydanticCustomError(
                "trusted_not_s", "trusted: only a fact with evidence S is marked trusted", {}
            )
        return self


class Benefit(Fact):
    """When the state's Medicaid program began paying for peer support (`start` None: unknown)."""

    start: IsoDate | None = None


PopulationStatus = Literal["covered", "not_covered", "unknown"]
Age = Annotated[int, Field(ge=0, le=130)]
"""An age in whole years."""


class PopulationFact(Fact):
    """Whether the state's Medicaid pays peer support for one population, and under what.

    `since`: the first date of service covered (before it the population is not covered, on the
    same evidence); `programs`, `credentials`: the codes that cover it and may render it (codes the
    packs define; a state may list a federal national credential, `US-...`); `min_age`/`max_age`:
    the member ages it is for (whole years on the date of service, both included), where the
    source says so. `credentials_basis`: the evidence that only `credentials` render the
    population's lines, where it differs from the coverage fact's own (FED-CRED-0004 reads it,
    else the fact's evidence and citation).
    """

    status: PopulationStatus
    since: IsoDate | None = None
    programs: tuple[CodeText, ...] = ()
    credentials: tuple[CodeText, ...] = ()
    credentials_basis: Fact | None = None
    min_age: Age | None = None
    max_age: Age | None = None

    @model_validator(mode="after")
    def _ages_ordered(self) -> Self:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise PydanticCustomError(
                "range",
                "max_age {max_age} is below min_age {min_age}",
                {"max_age": self.max_age, "min_age": self.min_age},
            )
        return self

    def credentials_fact(self) -> Fact:
        """The fact saying which credentials render the population: `credentials_basis`, else
        the population fact itself."""
        return self.credentials_basis or self


class Populations(StrictModel):
    """The four populations of peer support (federal `coding.populations` names them)."""

    mental_health: PopulationFact
    sud: PopulationFact
    youth: PopulationFact
    family: PopulationFact


class Code(StrictModel):
    """A program or credential code a pack defines (reference-codes.md).

    A credential may bound the peer's own age when certified (`peer_min_age`, `peer_max_age`:
    whole years on the credential's `issued` date, both included, e.g. a youth peer credential
    for peers aged 18 to 30), with `peer_age_basis`: the evidence of the bounds, where it differs
    from the code's own (FED-CRED-0005 reads it, else the code's evidence and citation).
    """

    code: CodeText
    label: Text
    issuer: Text
    """The body that runs the program or issues the credential."""
    citation: Text
    evidence: Evidence
    note: Text | None = None
    peer_min_age: Age | None = None
    peer_max_age: Age | None = None
    peer_age_basis: Fact | None = None

    @model_validator(mode="after")
    def _caveat(self) -> Self:
        if self.evidence != "V" and self.note is None:
            raise PydanticCustomError(
                "note_missing",
                "note: required when evidence is {evidence} (say what is not verified)",
                {"evidence": self.evidence},
            )
        low, high = self.peer_min_age, self.peer_max_age
        if low is not None and high is not None and high < low:
            raise PydanticCustomError(
                "range",
                "peer_max_age {high} is below peer_min_age {low}",
                {"high": high, "low": low},
            )
        if self.peer_age_basis is not None and low is None and high is None:
            raise PydanticCustomError(
                "basis_alone", "peer_age_basis: given without peer_min_age or peer_max_age", {}
            )
        return self

    def peer_age_fact(self) -> Fact:
        """The fact bounding the peer's age: `peer_age_basis`, else the code's own tag."""
        if self.peer_age_basis is not None:
            return self.peer_age_basis
        return Fact(evidence=self.evidence, citation=self.citation, note=self.note)
