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

The manifest and code models (`Manifest`, `Code`, the facts with their evidence) are in
engine/packs/manifest.py; this module reads a folder into a `Pack` and checks packs together.

`Pack.sha256` hashes every file of the folder (dotfiles aside) in sorted path order, so a run can
name exactly the pack content it used. Every problem is one `DataError` line naming the file, and
the record and field when there is one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from peerclaims.engine.errors import DataError
from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.packs.manifest import (
    FEDERAL,
    Benefit,
    Code,
    Manifest,
    Populations,
    Release,
    Source,
    Supported,
    read_model,
)
from peerclaims.engine.packs.parameters import (
    Parameters,
    describe,
    load_parameters,
    read_yaml,
    yaml_kind,
)
from peerclaims.engine.reference.settings import get_settings

if TYPE_CHECKING:
    from peerclaims.engine.checks.spec import Rule


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


_CODE_FILES = ("programs.yaml", "credentials.yaml")
_OTHER_CODE_FILES = ("README.md", "remittance.yaml")
"""Read by others: remittance.yaml is the CARC/RARC meanings (engine/words.py, federal only)."""


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


__all__ = [
    "FEDERAL",
    "Pack",
    "all_parameters",
    "known_credentials",
    "known_programs",
    "load_pack",
    "load_packs",
    "pack_sha256",
]
