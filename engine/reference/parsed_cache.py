"""Reference files already parsed and validated, kept by content so a re-run skips the YAML.

Parsing a reference folder with PyYAML is most of a check's start-up (about a second for six
thousand members), and billing staff check file after file against the same folder. So once a
file has been read and every one of its records validated, its records are written, as their
validated JSON, to `<data_dir>/cache/reference/<file>-<sha256 of its bytes>-f<FORMAT>.json`.
The next load of a file with exactly those bytes validates that JSON instead (pydantic's own JSON
parser, a tenth of the time). The cache holds only what a successful read produced, is
named by the file's exact bytes, the cache format, pydantic's version and the model's JSON Schema,
and is written to a temp file then renamed; one that is missing, unreadable, stale or invalid is
ignored (and replaced), so the result is the same as with no cache; a cache file is read
bounded, as a reference file is (a FIFO put in its place is ignored, not waited on). Checks
across files (codes the packs define, references between files, contract periods) run on every
load either way.

No claim data is cached here, only the reference records the user keeps in the folder, beside
the store that holds the same records.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel, TypeAdapter

from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.reference.settings import get_settings

FORMAT = 1
"""Bump when what a cache file holds changes."""


@cache
def _model_stamp(model: type[BaseModel]) -> str:
    """What a model validates, as a short digest: a changed model is a different cache."""
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(f"{pydantic.VERSION}\n{schema}".encode()).hexdigest()[:16]


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def cache_path(directory: Path, name: str, data: bytes) -> Path:
    """The cache file of reference file `name` holding exactly `data`."""
    digest = hashlib.sha256(data).hexdigest()
    return directory / f"{name}-{digest}-f{FORMAT}.json"


_MAX_GROWTH = 4
"""How much larger than the largest reference file a cache file is read (its JSON is about the
YAML's size: keys quoted, no indentation)."""
_SETTING = "PEERCLAIMS_MAX_REFERENCE_BYTES"

KEEP = 4
"""Cache files kept per reference file name (the newest): several folders may share a data dir."""


def read(
    path: Path, model: type[BaseModel]
) -> tuple[tuple[BaseModel, ...], tuple[str, ...]] | None:
    """The records and their message labels from a cache file, or None if it cannot be used."""
    try:
        data = read_limited(path, _MAX_GROWTH * get_settings().max_reference_bytes, _SETTING)
    except FileRefused:  # missing, a FIFO put there, or far larger than its YAML could give
        return None
    try:
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("model") != _model_stamp(model):
            return None
        keys = header["keys"]
        records = _adapter(model).validate_json(body)
    except (OSError, ValueError, KeyError, TypeError):  # ValidationError is a ValueError
        return None
    if not isinstance(keys, list) or len(keys) != len(records):
        return None
    if not all(isinstance(key, str) for key in keys):
        return None
    return tuple(records), tuple(keys)


def write(
    path: Path, model: type[BaseModel], records: tuple[BaseModel, ...], keys: tuple[str, ...]
) -> None:
    """Keep a successful read (best effort: a cache that cannot be written is no error).

    One line of header (the model's stamp, the records' labels), then the records as JSON.
    """
    header = json.dumps({"model": _model_stamp(model), "keys": list(keys)}, ensure_ascii=False)
    body = _adapter(model).dump_json(list(records))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header.encode("utf-8") + b"\n" + body)
            Path(temp).replace(path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(path)
    except OSError:
        return


def _prune(path: Path) -> None:
    """Keep the newest `KEEP` cache files of the same reference file name."""
    name = path.name.rsplit("-", 2)[0]
    siblings = sorted(
        path.parent.glob(f"{name}-*-f{FORMAT}.json"),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in siblings[KEEP:]:
        old.unlink(missing_ok=True)
