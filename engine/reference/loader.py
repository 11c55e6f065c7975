"""Read a reference-data directory (product.md) into `ReferenceData`, refusing anything doubtful.

Each file is a YAML sequence of records; `payers.yaml`, `providers.yaml` and `members.yaml` are
required, `authorizations.yaml`, `contracts.yaml` and `history.yaml` optional. Any problem stops
the load with one `ReferenceDataError` whose message is one line naming the file, the position
(YAML syntax: line and column; a record: its 1-based index and key) and the field:

    ref/members.yaml: record 3 (member_id CT001): enrollments[0].program: unknown program code
    'CT-XYZ' (no loaded pack defines it)          <- one line in reality

Checked beyond each record's own model: a key given twice (npi, payer_id, member_id,
authorization number; a mapping key repeated inside a record), program and credential codes no
loaded pack defines (reference-codes.md), references between files (an authorization's member and
provider, a contract's payer and provider), and two contracts of one payer and provider in force at
once. A `.yaml`/`.yml` file in the directory that is not one of the six is refused, so that a
misspelt optional file is not silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from peerclaims.engine.errors import DataError
from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.reference import parsed_cache
from peerclaims.engine.reference.models import (
    Authorization,
    Contract,
    HistoryLine,
    Member,
    Payer,
    Provider,
    ReferenceData,
)
from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.yamlfile import one_line, read_yaml

_M = TypeVar("_M", bound=BaseModel)


class ReferenceDataError(DataError):
    """A reference-data file cannot be used; names the file, the record or line, and the field."""

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        record: int | None = None,
        key: str = "",
        field: str = "",
    ) -> None:
        self.record = record
        """1-based index of the record in its file, when the problem is in one record."""
        self.field = field
        """Dotted path of the field (`enrollments[0].program`), when the problem is in one."""
        parts = []
        if record is not None:
            parts.append(f"record {record} ({key})" if key else f"record {record}")
        if field:
            parts.append(field)
        parts.append(problem)
        super().__init__(path, one_line(": ".join(parts)))


@dataclass(frozen=True, slots=True)
class _FileSpec:
    name: str
    model: type[BaseModel]
    key_fields: tuple[str, ...]
    """Fields naming a record in messages; the first one is unique within the file when `unique`."""
    unique: bool
    required: bool


_FILES = (
    _FileSpec("payers.yaml", Payer, ("payer_id",), unique=True, required=True),
    _FileSpec("providers.yaml", Provider, ("npi",), unique=True, required=True),
    _FileSpec("members.yaml", Member, ("member_id",), unique=True, required=True),
    _FileSpec("authorizations.yaml", Authorization, ("number",), unique=True, required=False),
    _FileSpec(
        "contracts.yaml", Contract, ("payer_id", "provider_npi"), unique=False, required=False
    ),
    _FileSpec("history.yaml", HistoryLine, ("member_id",), unique=False, required=False),
)
FILE_NAMES = tuple(spec.name for spec in _FILES)
"""The files a reference directory may hold, in load order."""


def load_reference_dir(
    path: str | Path,
    *,
    known_programs: frozenset[str],
    known_credentials: frozenset[str],
    cache_dir: Path | None = None,
) -> ReferenceData:
    """Read and validate the reference directory at `path`.

    `known_programs` and `known_credentials` are the codes the loaded rule packs define; a record
    using any other code is refused. Raises `ReferenceDataError` on the first problem found.
    With `cache_dir`, files read before with the same bytes come from there
    (`parsed_cache`); the checks across files run either way.
    """
    directory = Path(path)
    if not directory.is_dir():
        raise ReferenceDataError(str(directory), "not a directory of reference data")
    _refuse_unknown_files(directory)
    files: dict[str, _File] = {}
    for spec in _FILES:
        file_path = directory / spec.name
        if not file_path.exists():
            if spec.required:
                raise ReferenceDataError(
                    str(file_path),
                    "missing: payers.yaml, providers.yaml and members.yaml are required",
                )
            continue
        files[spec.name] = _read_file(file_path, spec, cache_dir)
    check = _Checker(files, known_programs, known_credentials)
    check.codes()
    check.references()
    check.history_providers()
    check.contract_periods()
    return ReferenceData(
        payers=check.records("payers.yaml", Payer),
        providers=check.records("providers.yaml", Provider),
        members=check.records("members.yaml", Member),
        authorizations=check.records("authorizations.yaml", Authorization),
        contracts=check.records("contracts.yaml", Contract),
        history=check.records("history.yaml", HistoryLine),
    )


@dataclass(frozen=True, slots=True)
class _File:
    path: str
    spec: _FileSpec
    records: tuple[BaseModel, ...]
    keys: tuple[str, ...]
    """Each record's label for messages (`member_id CT001`), in order."""

    def error(self, index: int, field: str, problem: str) -> ReferenceDataError:
        """An error about record `index` (0-based) of this file."""
        return ReferenceDataError(
            self.path, problem, record=index + 1, key=self.keys[index], field=field
        )


def _refuse_unknown_files(directory: Path) -> None:
    for entry in sorted(directory.iterdir()):
        if entry.suffix in {".yaml", ".yml"} and entry.name not in FILE_NAMES:
            raise ReferenceDataError(
                str(entry), f"not a reference file (expected one of: {', '.join(FILE_NAMES)})"
            )


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _refuse_repeated_keys(loader: Any, node: yaml.MappingNode, deep: bool) -> None:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:  # `<<: *anchor` keys may be overridden, as YAML says
            continue
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, Hashable) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice in one mapping", key_node.start_mark
            )
        seen.add(key)


class _UniqueKeyLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` that refuses a mapping key given twice (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_repeated_keys(self, node, deep)
        return super().construct_mapping(node, deep=deep)


_FastLoader: type[Any] | None = None
"""`_UniqueKeyLoader` on libyaml's parser, when PyYAML has it (the same documents, faster)."""
if hasattr(yaml, "CSafeLoader"):

    class _UniqueKeyCLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined,unused-ignore]
        """`_UniqueKeyLoader` with libyaml's scanner and parser."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            _refuse_repeated_keys(self, node, deep)
            return super().construct_mapping(node, deep=deep)

    _FastLoader = _UniqueKeyCLoader


_SIZE_SETTING = "PEERCLAIMS_MAX_REFERENCE_BYTES"


def _parse(file_path: Path) -> object:
    settings = get_settings()
    return read_yaml(
        file_path,
        _UniqueKeyLoader,
        ReferenceDataError,
        fast=_FastLoader,
        limit=settings.max_reference_bytes,
        setting=_SIZE_SETTING,
        depth=settings.max_yaml_depth,
    )


def _read_file(file_path: Path, spec: _FileSpec, cache_dir: Path | None = None) -> _File:
    shown = str(file_path)
    cached_at = None
    if cache_dir is not None:
        try:
            data = read_limited(file_path, get_settings().max_reference_bytes, _SIZE_SETTING)
            cached_at = parsed_cache.cache_path(cache_dir, spec.name, data)
        except FileRefused:
            cached_at = None  # _parse says why the file cannot be read
    if cached_at is not None:
        found = parsed_cache.read(cached_at, spec.model)
        if found is not None:
            return _File(shown, spec, *found)
    loaded = _read_yaml_file(file_path, spec)
    if cached_at is not None:
        parsed_cache.write(cached_at, spec.model, loaded.records, loaded.keys)
    return loaded


def _read_yaml_file(file_path: Path, spec: _FileSpec) -> _File:
    shown = str(file_path)
    document = _parse(file_path)
    if not isinstance(document, list):
        got = "an empty file" if document is None else f"a {_yaml_kind(document)}"
        raise ReferenceDataError(
            shown, f"expected a list of records (a YAML sequence; [] for none), got {got}"
        )
    records: list[BaseModel] = []
    keys: list[str] = []
    for index, raw in enumerate(document):
        key = _key_label(raw, spec.key_fields)
        keys.append(key)
        if not isinstance(raw, dict):
            raise ReferenceDataError(
                shown, f"expected a mapping of fields, got a {_yaml_kind(raw)}", record=index + 1
            )
        try:
            records.append(spec.model.model_validate(raw))
        except ValidationError as exc:
            field, problem = _describe(_first_error(exc))
            raise ReferenceDataError(
                shown, problem, record=index + 1, key=key, field=field
            ) from exc
    loaded = _File(shown, spec, tuple(records), tuple(keys))
    if spec.unique:
        _refuse_duplicates(loaded)
    return loaded


def _refuse_duplicates(loaded: _File) -> None:
    name = loaded.spec.key_fields[0]
    first: dict[object, int] = {}
    for index, record in enumerate(loaded.records):
        value = getattr(record, name)
        if value in first:
            raise loaded.error(index, name, f"duplicate of record {first[value] + 1}")
        first[value] = index


class _Checker:
    """Checks that need more than one record: codes, references between files, periods."""

    def __init__(
        self,
        files: Mapping[str, _File],
        known_programs: frozenset[str],
        known_credentials: frozenset[str],
    ) -> None:
        self._files = files
        self._programs = known_programs
        self._credentials = known_credentials

    def records(self, name: str, model: type[_M]) -> tuple[_M, ...]:
        """The validated records of file `name` (none when the optional file is absent)."""
        loaded = self._files.get(name)
        if loaded is None:
            return ()
        return tuple(r for r in loaded.records if isinstance(r, model))

    def _each(self, name: str, model: type[_M]) -> Iterator[tuple[_File, int, _M]]:
        loaded = self._files.get(name)
        if loaded is None:
            return
        for index, record in enumerate(loaded.records):
            if isinstance(record, model):
                yield loaded, index, record

    def codes(self) -> None:
        """Every program and credential code is one a loaded pack defines."""
        for loaded, index, member in self._each("members.yaml", Member):
            for n, enrollment in enumerate(member.enrollments):
                if enrollment.program not in self._programs:
                    raise loaded.error(
                        index,
                        f"enrollments[{n}].program",
                        f"unknown program code '{enrollment.program}' (no loaded pack defines it)",
                    )
        for loaded, index, provider in self._each("providers.yaml", Provider):
            for n, credential in enumerate(provider.credentials):
                if credential.type not in self._credentials:
                    raise loaded.error(
                        index,
                        f"credentials[{n}].type",
                        f"unknown credential code '{credential.type}' (no loaded pack defines it)",
                    )

    def references(self) -> None:
        """Authorizations and contracts name members, providers and payers that are listed."""
        members = {m.member_id for _, _, m in self._each("members.yaml", Member)}
        providers = {p.npi for _, _, p in self._each("providers.yaml", Provider)}
        payers = {p.payer_id for _, _, p in self._each("payers.yaml", Payer)}

        def need(
            loaded: _File, index: int, field: str, value: str, known: set[str], where: str
        ) -> None:
            if value not in known:
                raise loaded.error(index, field, f"'{value}' is not in {where}")

        for loaded, index, auth in self._each("authorizations.yaml", Authorization):
            need(loaded, index, "member_id", auth.member_id, members, "members.yaml")
            need(loaded, index, "provider_npi", auth.provider_npi, providers, "providers.yaml")
        for loaded, index, contract in self._each("contracts.yaml", Contract):
            need(loaded, index, "payer_id", contract.payer_id, payers, "payers.yaml")
            need(loaded, index, "provider_npi", contract.provider_npi, providers, "providers.yaml")

    def history_providers(self) -> None:
        """A history line's `provider_npi` is its billing provider: not a peer (an individual)
        of providers.yaml, whose NPI goes in `rendering_npi`."""
        individuals = {
            p.npi for _, _, p in self._each("providers.yaml", Provider) if p.kind == "individual"
        }
        for loaded, index, line in self._each("history.yaml", HistoryLine):
            if line.provider_npi in individuals:
                raise loaded.error(
                    index,
                    "provider_npi",
                    f"'{line.provider_npi}' is an individual in providers.yaml; provider_npi is "
                    "the billing provider (put the peer who rendered the line in rendering_npi)",
                )

    def contract_periods(self) -> None:
        """No two contracts of one payer and provider are in force on the same day."""
        seen: dict[tuple[str, str], list[tuple[int, Contract]]] = {}
        for loaded, index, contract in self._each("contracts.yaml", Contract):
            earlier = seen.setdefault((contract.payer_id, contract.provider_npi), [])
            for other_index, other in earlier:
                if _overlap(contract.start, contract.end, other.start, other.end):
                    raise loaded.error(
                        index,
                        "start",
                        f"in force at the same time as record {other_index + 1} "
                        f"({_period(other.start, other.end)})",
                    )
            earlier.append((index, contract))


def _overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def _period(start: date, end: date | None) -> str:
    return f"{start} to {end}" if end is not None else f"from {start}, open-ended"


def _key_label(raw: object, key_fields: Sequence[str]) -> str:
    """`member_id CT001` for a record whose key fields are plain values; '' when none is."""
    if not isinstance(raw, dict):
        return ""
    parts = []
    for name in key_fields:
        value = raw.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            parts.append(f"{name} {value}")
    return ", ".join(parts)


def _yaml_kind(value: object) -> str:
    kinds: tuple[tuple[type | tuple[type, ...], str], ...] = (
        (dict, "mapping"),
        (list, "list"),
        (str, "string"),
        (bool, "boolean"),
        ((int, float), "number"),
        (date, "date"),
    )
    for types, label in kinds:
        if isinstance(value, types):
            return label
    return "null" if value is None else type(value).__name__


def _field_path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


_MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "missing": lambda e: "required field is missing",
    "extra_forbidden": lambda e: "unknown field",
    "string_type": lambda e: (
        f"expected text, got the number {e['input']} (quote it: YAML drops leading zeros)"
        if isinstance(e["input"], int | float) and not isinstance(e["input"], bool)
        else f"expected text, got a {_yaml_kind(e['input'])}"
    ),
}


def _first_error(exc: ValidationError) -> ErrorDetails:
    """The error to report: an unknown field first (a misspelt field also makes one missing)."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _describe(error: ErrorDetails) -> tuple[str, str]:
    """The field path and a one-line problem for pydantic's first error."""
    field = _field_path(error["loc"])
    special = _MESSAGES.get(error["type"])
    if special is not None:
        return field, special(error)
    problem = error["msg"]
    value = error.get("input")
    builtin = "url" in error  # pydantic's own errors; those of `models` already name the value
    if builtin and isinstance(value, str | int | float | date):
        problem += f" (got {value!r})" if isinstance(value, str) else f" (got {value})"
    return field, problem
