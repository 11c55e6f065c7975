"""Dated parameters of a rule pack: one YAML file per value that changes over time (style.md).

A file under `<pack>/parameters/` is named by its path: `rules/states/nj/parameters/limits/
max_units_per_day.yaml` is `nj.limits.max_units_per_day`. It holds

    description: One sentence.
    metadata:
      unit: unit-of-service   # what the values are; it fixes their kind (number, code, list, map)
      period: day             # optional: what a limit is counted over
      label: Short name
      reference:              # at least one source: title, and href when it has an address
        - {title: "[S17] Horizon NJ Health ...", href: "https://..."}
    values:                   # keyed by the ISO date each value starts
      2020-07-01: 16
      2024-01-01:             # a value may carry its own source (and a note)
        value: 20
        reference: [{title: ..., href: ...}]
      2025-01-01: null        # a dated null ends the parameter

The value in force on a day is the one with the latest start on or before it; before the first
start, and from a dated null on, there is none. Numbers are read as `Decimal` from the YAML text
itself, so rates and money stay exact (nothing is quoted). Codes are text: a code YAML would read
as a number (`95`, `02`) must be quoted. Every problem stops the load with one `DataError` line
naming the file and the field or date.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, Self, TypeAlias

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from peerclaims.engine import yamlfile
from peerclaims.engine.errors import DataError
from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.rules_conditions import MAX_FACT_NUMBER, MIN_FACT_FRACTION, postable
from peerclaims.engine.yamlfile import one_line

Value: TypeAlias = Decimal | str | tuple[str, ...] | Mapping[str, tuple[str, ...]]
"""A parameter value: a number, a code, a list of codes, or a map of names to lists of codes."""


def value_text(value: Value | None) -> str | None:
    """A parameter value as one line ('16', 'CT-RSS, CT-CPSRP', 'sud: HF; youth: HA'); None for
    none (a dated null, or no value in force)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in value.items())
    return str(value)


Evidence = Literal["V", "S", "I", "U"]
"""The domain reference's evidence tags: verified (primary source read), secondary only, inferred,
unknown (searched, not found). rules/README.md, "Evidence decides severity", says what each
allows."""

Unit = Literal["currency-USD", "year", "unit-of-service", "person", "code", "code-list", "code-map"]
"""What a parameter's values are. A unit fixes the kind of every value (`_KINDS`)."""

Period = Literal["day", "week", "month", "year", "state-fiscal-year", "rolling-6-months", "session"]
"""What a limit is counted over."""

_KINDS: dict[str, tuple[type, str]] = {
    "currency-USD": (Decimal, "a number"),
    "year": (Decimal, "a number"),
    "unit-of-service": (Decimal, "a number"),
    "person": (Decimal, "a number"),
    "code": (str, "a code"),
    "code-list": (tuple, "a list of codes"),
    "code-map": (Mapping, "a mapping of names to lists of codes"),
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_SEGMENT = re.compile(r"[a-z][a-z0-9_]*|[A-Z0-9]{2,5}")
"""A part of a dotted name: a lower-case word, or a procedure or modifier code (`H0038`, `HQ`)."""
_MAP_KEY = re.compile(r"[a-z][a-z0-9_]*")
_HREF = re.compile(r"https?://\S+")


# --- value types -------------------------------------------------------------------------------


def yaml_kind(value: object) -> str:
    """How YAML would name the value's kind in a message (list, mapping, number, ...)."""
    kinds: tuple[tuple[type | tuple[type, ...], str], ...] = (
        (bool, "boolean"),
        (Mapping, "mapping"),
        ((list, tuple), "list"),
        (str, "text"),
        ((int, float, Decimal), "number"),
        (date, "date"),
    )
    for types, label in kinds:
        if isinstance(value, types):
            return label
    return "null" if value is None else type(value).__name__


def _iso_date(value: object) -> date:
    """A date written YYYY-MM-DD (YAML keeps it as text here), or a `date` given from Python."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "iso_date", "{value} is not an ISO date (YYYY-MM-DD)", {"value": repr(value)}
    )


def _text(value: str) -> str:
    if not value or value != value.strip() or "\n" in value:
        raise PydanticCustomError(
            "text_shape", "must be one line of non-empty text without surrounding spaces", {}
        )
    return value


def _href(value: str) -> str:
    if not _HREF.fullmatch(value):
        raise PydanticCustomError(
            "href_shape", "{value} is not an http(s) address", {"value": repr(value)}
        )
    return value


IsoDate = Annotated[date, PlainValidator(_iso_date)]
"""A calendar date written YYYY-MM-DD; a number or a date-time is refused."""

Text = Annotated[str, AfterValidator(_text)]
"""One line of non-empty text without surrounding spaces."""


def _code(item: object, where: str) -> str:
    if isinstance(item, bool) or not isinstance(item, str):
        hint = (
            " (quote it: YAML reads 95 as a number and drops the zero of 02)"
            if isinstance(item, int | float | Decimal) and not isinstance(item, bool)
            else ""
        )
        raise PydanticCustomError(
            "code_type",
            "{where}expected a code (text), got the {kind} {item}{hint}",
            {"where": where, "kind": yaml_kind(item), "item": repr(item), "hint": hint},
        )
    if not item or item != item.strip() or any(c.isspace() for c in item):
        raise PydanticCustomError(
            "code_shape",
            "{where}{item} is not a code (no spaces)",
            {"where": where, "item": repr(item)},
        )
    return item


def _codes(raw: object, where: str = "") -> tuple[str, ...]:
    if not isinstance(raw, list | tuple):
        raise PydanticCustomError(
            "codes_type",
            "{where}expected a list of codes, got a {kind}",
            {"where": where, "kind": yaml_kind(raw)},
        )
    if not raw:
        raise PydanticCustomError(
            "codes_empty", "{where}an empty list (write null to end a value)", {"where": where}
        )
    codes = tuple(_code(item, where) for item in raw)
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise PydanticCustomError(
            "codes_repeated", "{where}{codes} repeated", {"where": where, "codes": repeated}
        )
    return codes


def _number(raw: Decimal) -> Decimal:
    if not raw.is_finite():
        raise PydanticCustomError("number_finite", "{raw} is not a finite number", {"raw": raw})
    if not postable(float(raw)):
        raise PydanticCustomError(
            "number_range",
            "{raw} is out of the range a rule can compare (zero, or between {low} and {high})",
            {"raw": raw, "low": MIN_FACT_FRACTION, "high": MAX_FACT_NUMBER},
        )
    return raw


def _check_value(raw: object) -> Value | None:
    """Normalize one value: YAML numbers to Decimal, lists to tuples, maps read-only."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise PydanticCustomError(
            "value_type",
            "got the boolean {raw} (YAML reads yes/no/on/off/true/false so: quote a code)",
            {"raw": repr(raw)},
        )
    if isinstance(raw, Decimal):
        return _number(raw)
    if isinstance(raw, int):
        return _number(Decimal(raw))
    if isinstance(raw, float):
        raise PydanticCustomError(
            "value_float", "the float {raw} is inexact: give a Decimal", {"raw": raw}
        )
    if isinstance(raw, str):
        return _code(raw, "")
    if isinstance(raw, list | tuple):
        return _codes(raw)
    if isinstance(raw, Mapping):
        entries: dict[str, tuple[str, ...]] = {}
        for key, item in raw.items():
            if not isinstance(key, str) or not _MAP_KEY.fullmatch(key):
                raise PydanticCustomError(
                    "map_key",
                    "{key} is not a name (lower-case letters, digits, _)",
                    {"key": repr(key)},
                )
            entries[key] = _codes(item, f"{key}: ")
        return MappingProxyType(entries)
    raise PydanticCustomError(
        "value_type", "cannot use a {kind} as a value", {"kind": yaml_kind(raw)}
    )


# --- the file's models -------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check_trusted(evidence: str | None, trusted: str | None) -> None:
    """`trusted` (why an S fact may deny) is said only of an S fact: the one check of every
    place a tag is written (parameter metadata and values, pack facts, codes, rules)."""
    if trusted is not None and evidence != "S":
        raise PydanticCustomError(
            "trusted_not_s",
            "trusted: only a secondary (evidence S) fact is marked trusted, not {evidence}",
            {"evidence": evidence or "an untagged one"},
        )


class Reference(_Model):
    """A source: a title (with the domain reference's [Sn] and evidence tag) and an address."""

    title: Text
    href: Annotated[str, AfterValidator(_href)] | None = None
    """Omitted when the source, as the domain reference lists it, has no address."""


References = Annotated[tuple[Reference, ...], Field(min_length=1)]


class Metadata(_Model):
    """What a parameter's values mean and where they come from."""

    unit: Unit
    period: Period | None = None
    label: Text
    reference: References
    note: Text | None = None
    """Evidence caveats (a secondary or inferred fact) and what the value does not cover."""
    evidence: Evidence | None = None
    """The evidence tag of the values (a value may carry its own); rules/README.md."""
    trusted: Text | None = None
    """Why a secondary (S) source is trusted enough to deny on; only with evidence S."""

    @model_validator(mode="after")
    def _trusted_only_for_s(self) -> Self:
        check_trusted(self.evidence, self.trusted)
        return self


class ValueEntry(_Model):
    """One dated value as written: `{value, reference?, note?}` (a bare value is wrapped)."""

    value: Annotated[Value | None, PlainValidator(_check_value)]
    reference: References | None = None
    note: Text | None = None
    evidence: Evidence | None = None
    """This value's own evidence tag, when it differs from the parameter's."""
    trusted: Text | None = None

    @model_validator(mode="after")
    def _trusted_only_for_s(self) -> Self:
        check_trusted(self.evidence, self.trusted)
        return self


def _wrap(raw: object) -> object:
    """A bare value becomes `{value: raw}`; a mapping naming `value` or `reference` is the form."""
    if isinstance(raw, Mapping) and ("value" in raw or "reference" in raw):
        return raw
    return {"value": raw}


class ParameterFile(_Model):
    """A parameter file (`<pack>/parameters/**/<name>.yaml`) as written."""

    description: Text
    metadata: Metadata
    values: Annotated[
        dict[IsoDate, Annotated[ValueEntry, BeforeValidator(_wrap)]], Field(min_length=1)
    ]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        """Every value has the unit's kind; the first is not null; a null ends a value."""
        expected, what = _KINDS[self.metadata.unit]
        previous: ValueEntry | None = None
        for start in sorted(self.values):
            entry = self.values[start]
            value = entry.value
            if value is None:
                if previous is None or previous.value is None:
                    problem = "a null with no value before it to end"
                    raise PydanticCustomError(
                        "null_first",
                        "values.{start}: {problem}",
                        {"start": start, "problem": problem},
                    )
            elif not isinstance(value, expected):
                raise PydanticCustomError(
                    "value_kind",
                    "values.{start}: expected {what} (unit {unit}), got a {kind}",
                    {
                        "start": start,
                        "what": what,
                        "unit": self.metadata.unit,
                        "kind": yaml_kind(value),
                    },
                )
            previous = entry
        return self


# --- loaded parameters -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A value with the date it starts and its source (its own, else the parameter's)."""

    start: date
    value: Value | None
    """None for a dated null: the parameter has no value from `start` on."""
    reference: tuple[Reference, ...]
    note: str | None
    evidence: Evidence | None = None
    """The value's evidence tag: its own, else the parameter's; None where none is written."""
    trusted: str | None = None
    """Why an S value may deny (its own, else the parameter's)."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter: its dotted name, the file it came from, and its values in date order."""

    name: str
    file: str
    description: str
    metadata: Metadata
    entries: tuple[Entry, ...]

    @property
    def start(self) -> date:
        """The date of the first value."""
        return self.entries[0].start

    def entry_on(self, day: date) -> Entry | None:
        """The entry in force on `day` (a dated null too, for traces); None before the first."""
        index = bisect.bisect_right(self.entries, day, key=lambda entry: entry.start)
        return self.entries[index - 1] if index else None

    def value_on(self, day: date) -> Value | None:
        """The value in force on `day`: latest start on or before it; None if ended or not begun."""
        entry = self.entry_on(day)
        return None if entry is None else entry.value


def build_parameter(name: str, file: str, model: ParameterFile) -> Parameter:
    """The `Parameter` named `name` from its validated file."""
    entries = tuple(
        Entry(
            start=start,
            value=written.value,
            reference=written.reference or model.metadata.reference,
            note=written.note,
            evidence=written.evidence or model.metadata.evidence,
            trusted=written.trusted or (None if written.evidence else model.metadata.trusted),
        )
        for start, written in sorted(model.values.items())
    )
    return Parameter(name, file, model.description, model.metadata, entries)


class Parameters:
    """Dotted name -> `Parameter`, of one pack or of several; an unknown name is a `DataError`."""

    __slots__ = ("_by_name", "_directories")

    def __init__(
        self,
        parameters: Iterable[Parameter] = (),
        *,
        directories: Mapping[str, str] | None = None,
    ) -> None:
        """Index `parameters`; `directories` (pack id -> parameters folder) is for messages."""
        self._by_name: dict[str, Parameter] = {}
        for parameter in parameters:
            other = self._by_name.get(parameter.name)
            if other is not None:
                raise DataError(
                    parameter.file, f"parameter {parameter.name} is also defined by {other.file}"
                )
            self._by_name[parameter.name] = parameter
        self._directories = dict(directories or {})

    @classmethod
    def merged(cls, groups: Iterable[Parameters]) -> Parameters:
        """One `Parameters` holding every parameter of `groups` (names must not repeat)."""
        groups = list(groups)
        directories: dict[str, str] = {}
        for group in groups:
            directories.update(group._directories)
        return cls((p for g in groups for p in g), directories=directories)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[Parameter]:
        """The parameters in name order."""
        return iter([self._by_name[name] for name in sorted(self._by_name)])

    def names(self) -> tuple[str, ...]:
        """Every dotted name, sorted."""
        return tuple(sorted(self._by_name))

    def get(self, name: str) -> Parameter:
        """The parameter called `name`; a one-line `DataError` naming its would-be file if none."""
        found = self._by_name.get(name)
        if found is not None:
            return found
        close = difflib.get_close_matches(name, self._by_name, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        pack, _, rest = name.partition(".")
        directory = self._directories.get(pack)
        if directory is None or not rest:
            loaded = ", ".join(sorted(self._directories)) or "none"
            raise DataError(
                f"parameter {name}",
                f"unknown: no loaded pack '{pack}' defines it (packs: {loaded}){hint}",
            )
        *folders, stem = rest.split(".")
        expected = Path(directory, *folders, f"{stem}.yaml")
        raise DataError(str(expected), f"unknown parameter {name}: no such file{hint}")

    def entry_on(self, name: str, day: date) -> Entry | None:
        """`get(name).entry_on(day)`."""
        return self.get(name).entry_on(day)

    def value_on(self, name: str, day: date) -> Value | None:
        """`get(name).value_on(day)`: the value of `name` in force on `day`, None if none."""
        return self.get(name).value_on(day)


# --- reading files -----------------------------------------------------------------------------

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _refuse_repeated_keys(loader: Any, node: yaml.MappingNode, deep: bool) -> None:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            repeated = key in seen
        except TypeError:  # an unhashable key: SafeLoader reports it below
            continue
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice in one mapping", key_node.start_mark
            )
        seen.add(key)


class _PackLoader(yaml.SafeLoader):
    """SafeLoader for pack files: exact numbers, dates left as text, no key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_repeated_keys(self, node, deep)
        return super().construct_mapping(node, deep=deep)


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A YAML float as the Decimal of its text (`11.97` stays 11.97); .inf/.nan stay floats."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return loader.construct_yaml_float(node)
    return number if number.is_finite() else loader.construct_yaml_float(node)


def _date_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """Dates stay text, checked by the models: YAML's own reading accepts 2020-7-1 and times."""
    return loader.construct_scalar(node)


_PackLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)
_PackLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)

_FastPackLoader: type[Any] | None = None
"""`_PackLoader` on libyaml's parser, when PyYAML has it: the same documents, a run's packs
parsed in a third of the time (a document it refuses is parsed again by `_PackLoader`, which
says what is wrong)."""
if hasattr(yaml, "CSafeLoader"):

    class _PackCLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined,unused-ignore]
        """`_PackLoader` with libyaml's scanner and parser."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            _refuse_repeated_keys(self, node, deep)
            return super().construct_mapping(node, deep=deep)

    _PackCLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)
    _PackCLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)
    _FastPackLoader = _PackCLoader


def read_yaml(path: Path) -> object:
    """The YAML document at `path` with pack conventions; a one-line `DataError` if unreadable.

    Bounded by `PEERCLAIMS_MAX_PACK_FILE_BYTES` and `PEERCLAIMS_MAX_YAML_DEPTH`.
    """
    settings = get_settings()
    return yamlfile.read_yaml(
        path,
        _PackLoader,
        DataError,
        fast=_FastPackLoader,
        limit=settings.max_pack_file_bytes,
        setting="PEERCLAIMS_MAX_PACK_FILE_BYTES",
        depth=settings.max_yaml_depth,
    )


def _field_path(loc: Sequence[int | str]) -> str:
    parts = list(loc)
    if parts and parts[-1] == "[key]":  # a mapping key: the message names it
        parts = parts[:-2]
    if len(parts) == 3 and parts[0] == "values" and parts[2] == "value":
        parts = parts[:2]  # `values.<date>`: the bare form has no `value` key
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "missing": lambda e: "required field is missing",
    "extra_forbidden": lambda e: "unknown field",
    "string_type": lambda e: f"expected text, got a {yaml_kind(e['input'])}",
}


def describe(exc: ValidationError) -> str:
    """pydantic's first error as `field.path: problem` (an unknown field first), on one line."""
    errors = exc.errors()
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    field = _field_path(error["loc"])
    special = _MESSAGES.get(error["type"])
    if special is not None:
        problem = special(error)
    else:
        problem = error["msg"]
        if "url" in error and isinstance(error.get("input"), str | int | Decimal | date):
            problem += f" (got {error['input']!r})"  # pydantic's own errors omit the value
    return one_line(f"{field}: {problem}" if field else problem)


def load_parameter(path: Path, name: str) -> Parameter:
    """The parameter file at `path`, called `name`; a one-line `DataError` if it is broken."""
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise DataError(
            str(path),
            f"expected a mapping of description, metadata and values, got a {yaml_kind(document)}",
        )
    try:
        model = ParameterFile.model_validate(document)
    except ValidationError as exc:
        raise DataError(str(path), describe(exc)) from None
    return build_parameter(name, str(path), model)


def parameter_name(pack_id: str, directory: Path, path: Path) -> str:
    """The dotted name of the file `path` under the parameters folder `directory`."""
    relative = path.relative_to(directory)
    parts = [*relative.parent.parts, relative.name.removesuffix(".yaml")]
    for part in parts:
        if not _NAME_SEGMENT.fullmatch(part):
            raise DataError(
                str(path),
                f"'{part}' cannot be part of a parameter name (a lower-case word with digits "
                "and _, or an upper-case procedure or modifier code)",
            )
    return ".".join([pack_id, *parts])


def load_parameters(directory: Path, pack_id: str) -> Parameters:
    """Every `*.yaml` under `directory` (a pack's `parameters/`), named `<pack_id>.<path>`.

    A missing folder holds no parameters. README.md files and dotfiles are skipped; any other
    file is refused, so that a misnamed parameter (`.yml`) is not silently left out.
    """
    directories = {pack_id: str(directory)}
    if not directory.is_dir():
        return Parameters(directories=directories)
    loaded = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or path.is_dir():
            continue
        if path.name == "README.md":
            continue
        if path.suffix != ".yaml":
            raise DataError(str(path), "not a parameter file (parameters are *.yaml)")
        loaded.append(load_parameter(path, parameter_name(pack_id, directory, path)))
    return Parameters(loaded, directories=directories)
