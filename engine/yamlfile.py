"""Reading one project YAML file (rule packs, reference data): every failure is one line.

The bytes are read and decoded as UTF-8 here, and parsed with the caller's loader (a
`yaml.SafeLoader` subclass with that file kind's conventions). A read, decoding or syntax problem
raises the caller's error type with the file and, where YAML knows it, the line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from peerclaims.engine.errors import PeerclaimsError


def one_line(text: str) -> str:
    """`text` with line breaks shown as \\n, so a message stays on one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def read_yaml(
    path: Path,
    loader: type[yaml.SafeLoader],
    error: Callable[[str, str], PeerclaimsError],
    *,
    fast: type[Any] | None = None,
) -> object:
    """The YAML document at `path`; `error(file, detail)` is raised for any problem.

    With `fast` (the same loader on libyaml's parser), the document is parsed with it first; a
    document it refuses is parsed again with `loader`, so a problem reads the same either way.
    """
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(shown, f"cannot be read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(shown, f"byte {exc.start}: not UTF-8 text") from exc
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - as below
        except yaml.YAMLError:
            pass  # the pure-Python loader says what the problem is, as without `fast`
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - callers pass SafeLoader subclasses
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(shown, one_line(f"{where}YAML syntax error: {problem}")) from exc
    except yaml.YAMLError as exc:
        raise error(shown, one_line(f"YAML error: {exc}")) from exc
