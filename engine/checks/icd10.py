"""The billable ICD-10-CM codes (the leaves of the code set), answered from a small cached index.

simple-icd-10-cm is the source of truth, but importing it parses a 9.7 MB XML into about 175 MB
of RSS, so the checking process never imports it. A child process
(`python -m peerclaims.engine.checks.icd10 build OUT`) does: it asks the library about every
string that could be billable and writes the answers to `OUT`, by default
`<data_dir>/cache/icd10cm-billable-f<FORMAT>-<version>.txt` (a temp file, then `os.replace`).
The checking process reads that file on its first question, once, and keeps two frozensets.

The index answers what `is_valid_item(code) and is_leaf(code)` answers (`ValueError` counting as
False) for every string, as given: no stripping, no upper-casing, so `"f17.210"` and
`" F17.210"` are not billable, as before. The library knows a string that names a node, or whose
form with a dot after the third character names one; so the candidates are the node names and
the dotted names with the dot taken out. `key()` folds a dotted code onto its dotless form;
`codes` holds the keys of the billable candidates, and `rejects` the strings whose key is in
`codes` that the library answers False for (in 1.5.0, dotted block names such as "C00.-C96",
whose dotless "C00-C96" the library counts as a leaf).

The file: a header line (format, library version, counts, SHA-256 of the rest), then one code
per line, then one reject per line. A file that is truncated, altered, of another format or
built from another version is rebuilt, not trusted. Builds of one cache folder take turns (a
lock file), so processes started together build it once. When the folder cannot be written the
child prints the index on stdout instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from peerclaims.engine.errors import DataError
from peerclaims.engine.reference.settings import Settings, get_settings

MODULE = "peerclaims.engine.checks.icd10"
"""This module's import name: what the child process runs with `-m`."""
LIBRARY = "simple_icd_10_cm"
"""The library's import and distribution name."""
FORMAT = 1
"""The version of the index file's layout; a file of another format is rebuilt."""
MAGIC = "peerclaims-icd10cm-billable"
"""The first word of the index file."""
BUILD_TIMEOUT = 600.0
"""Seconds the child may take (it takes a few)."""
_DOT = 3
"""Where ICD-10-CM writes the dot: after the category's three characters."""


class CodeSetError(DataError):
    """The ICD-10-CM index cannot be built or read: names the cache file or the library."""


@dataclass(frozen=True, slots=True)
class BillableCodes:
    """The billable ICD-10-CM codes: `code in codes` answers as simple-icd-10-cm does."""

    codes: frozenset[str]
    """The keys (`key()`) of the billable codes."""
    rejects: frozenset[str]
    """Strings whose key is in `codes` but which are not billable as written."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and key(code) in self.codes and code not in self.rejects


def key(code: str) -> str:
    """The code without the dot after its third character ("F17.210" -> "F17210"), else as given."""
    if len(code) > _DOT + 1 and code[_DOT] == ".":
        return code[:_DOT] + code[_DOT + 1 :]
    return code


def _spellings(code_key: str) -> Iterator[str]:
    """Every string whose `key()` is `code_key`: itself, and with the dot after three characters."""
    if key(code_key) == code_key:
        yield code_key
    if len(code_key) > _DOT:
        yield code_key[:_DOT] + "." + code_key[_DOT:]


def library_version() -> str:
    """The installed simple-icd-10-cm's version, read from its metadata (no import)."""
    try:
        return importlib.metadata.version(LIBRARY)
    except importlib.metadata.PackageNotFoundError:
        raise CodeSetError(LIBRARY, "simple-icd-10-cm is not installed") from None


def cache_file(settings: Settings, version: str) -> Path:
    """The index file for a library version in `<data_dir>/cache`."""
    safe = re.sub(r"[^A-Za-z0-9._+-]", "_", version)
    return settings.data_dir / "cache" / f"icd10cm-billable-f{FORMAT}-{safe}.txt"


# --- the file ------------------------------------------------------------------------------------


def render(version: str, codes: Iterable[str], rejects: Iterable[str]) -> str:
    """The index file's text: the header, then the sorted codes, then the sorted rejects."""
    code_lines = sorted(codes)
    reject_lines = sorted(rejects)
    lines = [*code_lines, *reject_lines]
    if any("\n" in line for line in lines):
        raise CodeSetError(LIBRARY, "a code contains a line break")
    body = "".join(f"{line}\n" for line in lines)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    header = (
        f"{MAGIC} format={FORMAT} simple-icd-10-cm={version} "
        f"codes={len(code_lines)} rejects={len(reject_lines)} sha256={digest}\n"
    )
    return header + body


def parse(data: bytes, version: str) -> BillableCodes | None:
    """The index in an index file's bytes, or None unless it is whole and of `version`."""
    header, newline, body = data.partition(b"\n")
    fields = header.decode("ascii", errors="replace").split(" ")
    if not newline or not fields or fields[0] != MAGIC:
        return None
    values = dict(field.partition("=")[::2] for field in fields[1:])
    expected = {"format": str(FORMAT), "simple-icd-10-cm": version}
    if any(values.get(name) != value for name, value in expected.items()):
        return None
    if values.get("sha256") != hashlib.sha256(body).hexdigest():
        return None
    try:
        count, rejected = int(values["codes"]), int(values["rejects"])
        text = body.decode("utf-8")
    except (KeyError, ValueError):
        return None
    lines = text.split("\n")
    if count <= 0 or rejected < 0 or lines.pop() != "" or len(lines) != count + rejected:
        return None
    return BillableCodes(frozenset(lines[:count]), frozenset(lines[count:]))


def _read(path: Path, version: str) -> BillableCodes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return parse(data, version)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temp file in the same folder: whole or not at all."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), 0o644)  # public data, readable like any file the user writes
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# --- the child: the only code that imports simple-icd-10-cm --------------------------------------


def build_text() -> str:
    """The index file's text, from simple-icd-10-cm (imported here: run this in a child)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1.5.0 calls importlib.resources' deprecated read_text
        import simple_icd_10_cm as icd  # noqa: PLC0415  # the 175 MB import, in the child only

    def billable(code: str) -> bool:
        try:
            return bool(icd.is_valid_item(code)) and bool(icd.is_leaf(code))
        except ValueError:
            return False

    names: set[str] = set(icd.get_all_codes(with_dots=True))
    candidates = names | {key(name) for name in names}
    answered = {code for code in candidates if billable(code)}
    codes = {key(code) for code in answered}
    spelled = {spelling for code_key in codes for spelling in _spellings(code_key)}
    return render(library_version(), codes, spelled - answered)


def main(argv: Sequence[str] | None = None) -> int:
    """`build OUT`: write the index to the file OUT; `build -`: print it on stdout."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "build":
        print(f"usage: python -m {MODULE} build OUT|-", file=sys.stderr)
        return 2
    try:
        text = build_text()
        if args[1] == "-":
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            write_atomically(Path(args[1]), text)
    except (OSError, DataError) as error:
        print(f"cannot build the ICD-10-CM index: {error}", file=sys.stderr)
        return 1
    return 0


# --- the parent: runs the child, reads the file --------------------------------------------------


def run_builder(out: str) -> bytes:
    """Run the child `build OUT` (OUT a path, or '-' for stdout) and return its stdout."""
    root = Path(__file__).absolute().parents[3]  # the folder holding this `peerclaims` package
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(root), *filter(None, [environment.get("PYTHONPATH")])]
    )
    command = [sys.executable, "-P", "-m", MODULE, "build", out]
    where = out if out != "-" else LIBRARY
    try:
        done = subprocess.run(  # noqa: S603  # this interpreter running this module
            command, capture_output=True, env=environment, timeout=BUILD_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise CodeSetError(where, f"building the index took over {BUILD_TIMEOUT:.0f} s") from None
    except OSError as error:
        raise CodeSetError(where, f"cannot run {sys.executable}: {error}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
        raise CodeSetError(where, f"building the index failed: {reason}")
    return done.stdout


@contextlib.contextmanager
def _taking_turns(folder: Path) -> Iterator[None]:
    """Hold the cache folder's build lock (an exclusive `flock`) while the block runs."""
    with (folder / ".icd10cm-billable.lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def load(settings: Settings | None = None) -> BillableCodes:
    """The index from the cache file, built first in a child process if missing or not usable."""
    version = library_version()
    path = cache_file(settings or get_settings(), version)
    found = _read(path, version)
    if found is not None:
        return found
    with contextlib.ExitStack() as stack:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_taking_turns(path.parent))
        except OSError:  # the folder cannot be written: the child prints the index instead
            printed = parse(run_builder("-"), version)
            if printed is None:
                raise CodeSetError(LIBRARY, "the child printed an unreadable index") from None
            return printed
        found = _read(path, version)  # another process may have built it while this one waited
        if found is None:
            run_builder(str(path))
            found = _read(path, version)
        if found is None:
            raise CodeSetError(str(path), "the child wrote an index that cannot be read back")
        return found


_loaded: BillableCodes | None = None
_loading = threading.Lock()


def billable_codes() -> BillableCodes:
    """The index, loaded on the first call (one thread loads; the others wait) and kept."""
    global _loaded  # noqa: PLW0603  # the one module-wide index, loaded lazily
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = load()
    return _loaded


def is_billable(code: str) -> bool:
    """A billable ICD-10-CM code (a leaf of simple-icd-10-cm's code set), as written."""
    return code in billable_codes()


if __name__ == "__main__":
    sys.exit(main())
