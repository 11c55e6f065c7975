"""A rule pack's manifest and codes as validated models: `pack.yaml` (`Manifest`: id, version,
supported dates, sources, the state's benefit and populations, releases) and the code files
(`Code`: programs and credentials), each fact with its evidence (`Evidenced`, `Fact`).

engine/packs/pack.py loads a pack folder into a `Pack` from these; `read_model` reads one YAML
mapping as a model, every problem one `DataError` line naming the file and field.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from peerclaims.engine.errors import DataError
from peerclaims.engine.packs.parameters import (
    Evidence,
    IsoDate,
    Text,
    check_trusted,
    describe,
    read_yaml,
    yaml_kind,
)

FEDERAL = "federal"
"""The id of the pack every state extends."""


def pattern(regex: str, what: str) -> AfterValidator:
    """A validator of text that must match `regex` in full: '<value> is not <what>'."""
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "shape", "{value} is not {what}", {"value": repr(value), "what": what}
            )
        return value

    return AfterValidator(check)


PackId = Annotated[str, pattern(r"federal|[a-z]{2}", "a pack id (federal, or a USPS code)")]
StateCode = Annotated[str, pattern(r"[A-Z]{2}", "a USPS state code (upper case)")]
SourceId = Annotated[str, pattern(r"S[1-9][0-9]*", "a source id of the domain reference (S17)")]
CodeText = Annotated[
    str, pattern(r"[A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*", "a code (<ST>-NAME, upper case)")
]
Href = Annotated[str, pattern(r"https?://\S+", "an http(s) address")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    """A source the pack rests on: the domain reference's [Sn] id, title, address, evidence."""

    id: SourceId
    title: Text
    href: Href | None = None
    """Omitted when the domain reference gives no address for the source."""
    evidence: Text
    """Which evidence tags the facts taken from this source carry, and why."""


class Supported(_Model):
    """The dates of service the pack claims to cover, both ends included."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise PydanticCustomError(
                "range", "end {end} is before start {start}", {"end": self.end, "start": self.start}
            )
        return self

    def contains(self, day: date) -> bool:
        """Whether `day` is in the supported range."""
        return self.start <= day <= self.end


class Evidenced(_Model):
    """A fact or code with its source and evidence: how sure it is, and why if not verified."""

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
        check_trusted(self.evidence, self.trusted)
        return self


class Fact(Evidenced):
    """A fact of the state's policy with its evidence: where it comes from and how sure it is."""


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


class Populations(_Model):
    """The four populations of peer support (federal `coding.populations` names them)."""

    mental_health: PopulationFact
    sud: PopulationFact
    youth: PopulationFact
    family: PopulationFact


class Release(_Model):
    """One released version of a pack: the day it was released and what changed, by rule id."""

    version: Text
    date: IsoDate
    changes: Text


class Manifest(_Model):
    """`pack.yaml`: what the pack is, which packs it extends, and its sources."""

    id: PackId
    version: Text
    title: Text
    state: StateCode | None = None
    extends: tuple[PackId, ...] = ()
    supported: Supported
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    reviewed: IsoDate | None = None
    """The date the pack's facts were last reviewed against their sources."""
    benefit: Benefit | None = None
    """When peer support became a Medicaid benefit of the state (state packs)."""
    populations: Populations | None = None
    """Which populations the state's Medicaid pays peer support for (state packs)."""
    releases: tuple[Release, ...] = ()
    """The pack's released versions, latest first (the first is `version`); `rules changelog`
    lists them."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        def fail(problem: str) -> PydanticCustomError:
            return PydanticCustomError("manifest", problem, {})

        if self.id == FEDERAL:
            if self.state is not None:
                raise fail("state: the federal pack has no state")
            if self.extends:
                raise fail("extends: the federal pack extends no pack")
        elif self.state != self.id.upper():
            raise fail(
                f"state: pack '{self.id}' must have state {self.id.upper()}, not {self.state}"
            )
        if self.id in self.extends or len(set(self.extends)) != len(self.extends):
            raise fail("extends: a pack cannot extend itself or name a pack twice")
        self._check_releases()
        ids = [s.id for s in self.sources]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise fail(f"sources: {', '.join(repeated)} listed twice")
        return self

    def _check_releases(self) -> None:
        if not self.releases:
            return
        if self.releases[0].version != self.version:
            raise PydanticCustomError(
                "manifest",
                "releases: the first (latest) is {first}, not the pack's version {version}",
                {"first": self.releases[0].version, "version": self.version},
            )
        versions = [r.version for r in self.releases]
        dates = [r.date for r in self.releases]
        if len(set(versions)) != len(versions) or dates != sorted(dates, reverse=True):
            raise PydanticCustomError(
                "manifest", "releases: each version once, latest first (dates not increasing)", {}
            )


class Code(Evidenced):
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
    peer_min_age: Age | None = None
    peer_max_age: Age | None = None
    peer_age_basis: Fact | None = None

    @model_validator(mode="after")
    def _peer_ages(self) -> Self:
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


_M = TypeVar("_M", bound=BaseModel)


def read_model(path: Path, model: type[_M]) -> _M:
    """The YAML mapping at `path` validated as `model`; a one-line `DataError` naming the file."""
    document = read_yaml(path)
    if not isinstance(document, dict):
        kind = "an empty file" if document is None else f"a {yaml_kind(document)}"
        raise DataError(str(path), f"expected a mapping of fields, got {kind}")
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise DataError(str(path), describe(exc)) from None
