"""Words for the clerk: what a CARC or RARC means and where a finding points, in plain words.

The data is in the rule packs: `rules/federal/codes/remittance.yaml` (the short meaning of each
claim adjustment reason code and remark code the packs give) and `rules/x12/names.yaml` (the
837P elements findings point at, named). A finding keeps its `location` code ('2420A NM1-09
(line 2)') and gains `where` ('service line 2, rendering provider NPI (2420A NM1-09)'),
`carc_text` and `rarc_text` (`clerk_fields`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any, TypedDict

import yaml

from peerclaims.engine.errors import DataError

REMITTANCE = "federal/codes/remittance.yaml"
NAMES = "x12/names.yaml"

_SERVICE_LINE = re.compile(r" \(line (\d+)\)$")
_LOCATION = re.compile(
    r"^(?:(?P<loop>\d{4}[A-Z]{0,2}) )?(?P<segment>[A-Z][A-Z0-9]{1,2})"
    r"(?P<element>-\d{2}(?:-\d{1,2})?)?(?P<qualifier> \([^()]*\))?$"
)


def _read(path: str) -> dict[str, Any]:
    """A YAML mapping shipped in `peerclaims.rules`; a broken one is a DataError naming it."""
    resource = files("peerclaims.rules").joinpath(path)
    try:
        data = yaml.safe_load(resource.read_bytes())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        raise DataError(f"rules/{path}", f"{at}YAML syntax error") from None
    if not isinstance(data, dict):
        raise DataError(f"rules/{path}", "expected a mapping")
    return data


def _table(path: str, key: str) -> dict[str, str]:
    found = _read(path).get(key)
    if not isinstance(found, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in found.items()
    ):
        raise DataError(f"rules/{path}", f"{key}: expected a mapping of codes to descriptions")
    return {k: " ".join(v.split()) for k, v in found.items()}


@lru_cache(maxsize=1)
def _remittance() -> tuple[dict[str, str], dict[str, str]]:
    return _table(REMITTANCE, "carc"), _table(REMITTANCE, "rarc")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return _table(NAMES, "names")


def carc_text(code: str | None) -> str | None:
    """The short meaning of a claim adjustment reason code, or None (no code, or not listed)."""
    return _remittance()[0].get(code.strip()) if code else None


def rarc_text(code: str | None) -> str | None:
    """The short meaning of a remittance advice remark code, or None."""
    return _remittance()[1].get(code.strip()) if code else None


def element_name(location: str) -> str | None:
    """The plain name of what a location code points at ('2310B NM1-09' -> 'rendering provider
    NPI'), or None when `names.yaml` has none."""
    match = _LOCATION.match(location)
    if match is None:
        return None
    loop, segment, element, qualifier = match.group("loop", "segment", "element", "qualifier")
    code = segment + (element or "")
    keys = [f"{code}{qualifier or ''}", code, segment]
    if loop:
        keys[:0] = [f"{loop} {code}{qualifier or ''}", f"{loop} {code}"]
    names = _names()
    for key in keys:
        if key in names:
            return names[key]
    return None


@lru_cache(maxsize=4096)
def where(location: str, line: int | None) -> str:
    """Where a finding points, in words: 'service line 2, rendering provider NPI (2310B NM1-09)';
    a claim-level finding without 'service line'. The code stays beside the name."""
    code = _SERVICE_LINE.sub("", location)
    name = element_name(code)
    said = f"{name} ({code})" if name else code
    return f"service line {line}, {said}" if line is not None else said


class ClerkWords(TypedDict):
    """A finding's fields in words (`Finding.where`, `carc_text`, `rarc_text`)."""

    where: str
    carc_text: str | None
    rarc_text: str | None


def clerk_fields(location: str, line: int | None, carc: str | None, rarc: str | None) -> ClerkWords:
    """A finding's `where`, `carc_text` and `rarc_text`."""
    return {
        "where": where(location, line),
        "carc_text": carc_text(carc),
        "rarc_text": rarc_text(rarc),
    }


__all__ = ["ClerkWords", "carc_text", "clerk_fields", "element_name", "rarc_text", "where"]
