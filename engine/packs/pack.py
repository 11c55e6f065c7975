"""Rule packs: load a jurisdiction's folder (manifest, codes, dated parameters) and hash its files.

    rules/federal/                what every state shares (id `federal`)
    rules/states/<st>/            one state (id = lowercase USPS code), `extends: [federal]`
      pack.yaml                   id, version, title, state, extends, supported, sources
      codes/programs.yaml         program codes it defines (members.yaml `enrollments[].program`)
      codes/credentials.yaml      credential codes it defines (providers.yaml `credentials[].type`)
      parameters/**/*.yaml        dated values (`parameters`)
      checks/<RULE-ID>.yaml       rules (engine/checks/spec.py)
      README.md                   scope, sources, what is not encoded and why

A code file is a YAML list of `{code, label, issuer, citation, evidence, note}`; `evidence` is the
domain reference's tag (V verified, S secondary, I inferred, U unknown), and anything but V needs
a `note` saying so. reference-codes.md is the contract for the codes: a pack may add codes, never
rename one, and a code is defined by one pack only. A state pack defines `<ST>-` codes only.

`Pack.sha256` hashes every file of the folder (dotfiles aside) in sorted path order, so a run can
name exactly the pack content it used. Every problem is one `DataError` line naming the file, and
the record and field when there is one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from peerclaims.engine.errors import DataError
from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.packs.parameters import (
    Evidence,
    IsoDate,
    Parameters,
    Text,
    check_trusted,
    describe,
    load_parameters,
    read_yaml,
    yaml_kind,
)
from peerclaims.engine.reference.settings import get_settings

if TYPE_CHECKING:
    from peerclaims.engine.checks.spec import Rule

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


@dataclass(frozen=True, eq=False, slots=True)
class Pack:
    """A loaded rule pack: manifest fields, codes, parameters, folder and content hash."""

    id: str
    version: str
    title: str
    state: str | None
    extends: tuple[str, ...]
    supported: Supported
    sources: tuple[Source, ...]
    reviewed: date | None
    benefit: Benefit | None
    populations: Populations | None
    releases: tuple[Release, ...]
    programs: tuple[Code, ...]
    credentials: tuple[Code, ...]
    parameters: Parameters
    rules: tuple[Rule, ...]
    directory: Path
    sha256: str


_M = TypeVar("_M", bound=BaseModel)

_CODE_FILES = ("programs.yaml", "credentials.yaml")
_OTHER_CODE_FILES = ("README.md", "remittance.yaml")
"""Read by others: remittance.yaml is the CARC/RARC meanings (engine/words.py, federal only)."""


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


def _read_codes(path: Path, state: str | None) -> tuple[Code, ...]:
    """A code file: a YAML list of codes, none repeated; a state pack's codes start `<ST>-`."""
    if not path.exists():
        return ()
    document = read_yaml(path)
    if not isinstance(document, list):
        kind = "an empty file" if document is None else f"a {yaml_kind(document)}"
        raise DataError(str(path), f"expected a list of codes (a YAML sequence), got {kind}")
    codes: list[Code] = []
    first: dict[str, int] = {}
    for index, raw in enumerate(document, start=1):
        name = raw.get("code") if isinstance(raw, dict) else None
        record = f"record {index} (code {name})" if isinstance(name, str) else f"record {index}"
        if not isinstance(raw, dict):
            raise DataError(str(path), f"{record}: expected a mapping of fields")
        try:
            code = Code.model_validate(raw)
        except ValidationError as exc:
            raise DataError(str(path), f"{record}: {describe(exc)}") from None
        if code.code in first:
            raise DataError(str(path), f"{record}: code: duplicate of record {first[code.code]}")
        if state is not None and not code.code.startswith(f"{state}-"):
            raise DataError(
                str(path), f"{record}: code: a {state} pack defines {state}- codes only"
            )
        first[code.code] = index
        codes.append(code)
    return tuple(codes)


def _files(directory: Path) -> list[tuple[str, Path]]:
    """Every file of the pack folder as (POSIX path relative to it, path), sorted; no dotfiles."""
    found = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append((relative.as_posix(), path))
    return sorted(found)


def pack_sha256(directory: Path) -> str:
    """SHA-256 over the pack's files in sorted path order: each path, its length, its bytes."""
    digest = hashlib.sha256()
    limit = get_settings().max_pack_file_bytes
    for relative, path in _files(directory):
        try:
            content = read_limited(path, limit, "PEERCLAIMS_MAX_PACK_FILE_BYTES")
        except FileRefused as exc:
            raise DataError(str(path), exc.detail) from None
        digest.update(f"{relative}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def load_pack(directory: str | Path) -> Pack:
    """Load and validate the pack in `directory`; its `pack.yaml` id must be the folder name."""
    folder = Path(directory)
    manifest_path = folder / "pack.yaml"
    if not manifest_path.exists():  # anything else there is refused when read (a FIFO too)
        raise DataError(str(manifest_path), "missing: every pack folder has a pack.yaml")
    manifest = read_model(manifest_path, Manifest)
    if manifest.id != folder.name:
        raise DataError(
            str(manifest_path), f"id: '{manifest.id}' is not the folder name '{folder.name}'"
        )
    from peerclaims.engine.checks.kinds import validate_rule  # noqa: PLC0415  # they import this
    from peerclaims.engine.checks.spec import load_rules  # noqa: PLC0415

    codes_dir = folder / "codes"
    if codes_dir.is_dir():
        for entry in sorted(codes_dir.iterdir()):
            if entry.name not in {*_CODE_FILES, *_OTHER_CODE_FILES} and not entry.name.startswith(
                "."
            ):
                raise DataError(
                    str(entry), f"not a code file (expected {' or '.join(_CODE_FILES)})"
                )
    return Pack(
        id=manifest.id,
        version=manifest.version,
        title=manifest.title,
        state=manifest.state,
        extends=manifest.extends,
        supported=manifest.supported,
        sources=manifest.sources,
        reviewed=manifest.reviewed,
        benefit=manifest.benefit,
        populations=manifest.populations,
        releases=manifest.releases,
        programs=_read_codes(codes_dir / "programs.yaml", manifest.state),
        credentials=_read_codes(codes_dir / "credentials.yaml", manifest.state),
        parameters=load_parameters(folder / "parameters", manifest.id),
        rules=load_rules(folder / "checks", manifest.id, validate_rule),
        directory=folder,
        sha256=pack_sha256(folder),
    )


def load_packs(rules_root: str | Path) -> dict[str, Pack]:
    """The federal pack and every pack under `<rules_root>/states/`, by id (federal first).

    Checked across packs: every pack a pack extends is loaded, extension has no cycle, and no
    code is defined by two packs.
    """
    root = Path(rules_root)
    federal = root / FEDERAL
    if not federal.is_dir():
        raise DataError(str(federal), "missing: the federal pack is required")
    folders = [federal]
    states = root / "states"
    if states.is_dir():
        folders += sorted(p for p in states.iterdir() if p.is_dir() and not p.name.startswith("."))
    packs = {pack.id: pack for pack in map(load_pack, folders)}
    _check_extends(packs)
    _check_codes_unique(packs.values())
    _check_rules_unique(packs.values())
    return packs


def _check_extends(packs: Mapping[str, Pack]) -> None:
    for pack in packs.values():
        for parent in pack.extends:
            if parent not in packs:
                raise DataError(
                    str(pack.directory / "pack.yaml"), f"extends: no pack '{parent}' is loaded"
                )
    for pack in packs.values():
        seen = [pack.id]
        todo = list(pack.extends)
        while todo:
            current = todo.pop()
            if current == pack.id:
                raise DataError(
                    str(pack.directory / "pack.yaml"),
                    f"extends: a cycle ({' -> '.join([*seen, current])})",
                )
            if current not in seen:
                seen.append(current)
                todo.extend(packs[current].extends)


def _check_codes_unique(packs: Iterable[Pack]) -> None:
    defined: dict[str, Path] = {}
    for pack in packs:
        for kind, codes in (("programs", pack.programs), ("credentials", pack.credentials)):
            path = pack.directory / "codes" / f"{kind}.yaml"
            for code in codes:
                other = defined.get(code.code)
                if other is not None:
                    raise DataError(str(path), f"code {code.code}: already defined in {other}")
                defined[code.code] = path


def _packs(packs: Mapping[str, Pack] | Iterable[Pack]) -> list[Pack]:
    return list(packs.values()) if isinstance(packs, Mapping) else list(packs)


def known_programs(packs: Mapping[str, Pack] | Iterable[Pack]) -> frozenset[str]:
    """Every program code the packs define (for the reference loader's `known_programs`)."""
    return frozenset(code.code for pack in _packs(packs) for code in pack.programs)


def known_credentials(packs: Mapping[str, Pack] | Iterable[Pack]) -> frozenset[str]:
    """Every credential code the packs define (for the reference loader's `known_credentials`)."""
    return frozenset(code.code for pack in _packs(packs) for code in pack.credentials)


def all_parameters(packs: Mapping[str, Pack] | Iterable[Pack]) -> Parameters:
    """The parameters of all `packs` as one `Parameters` (names carry their pack id)."""
    return Parameters.merged(pack.parameters for pack in _packs(packs))


def _check_rules_unique(packs: Iterable[Pack]) -> None:
    """No rule id is used by two packs (ids carry their pack's prefix, so this is a backstop)."""
    first: dict[str, Path] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in first:
                raise DataError(
                    str(pack.directory / "checks" / f"{rule.id}.yaml"),
                    f"id: {rule.id} is also used in {first[rule.id]}",
                )
            first[rule.id] = pack.directory
