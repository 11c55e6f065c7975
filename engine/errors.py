"""The exceptions peerclaims raises: bad input or a broken pack, never a claim finding.

Findings about claims are data (`peerclaims.engine.result.Finding`); exceptions mean that a
file, a reference record or a rule pack could not be used at all. Every exception carries the
one-line message a user sees, naming the file and the position, made safe to show by
`shown.line` (control characters escaped, cut short).

    PeerclaimsError                 base; `str(e)` is the one-line message
    ├── InputError                  an input file cannot be read as X12 (file + byte offset)
    │   ├── EncodingError           UTF-16, NUL bytes, binary content
    │   ├── NotX12Error             empty, or no ISA where the interchange must start
    │   └── IsaError                a short, truncated or malformed ISA header
    ├── UsageError                  a command line or request that cannot be carried out
    ├── DataError                   a data file of the project (rules/, reference data) is broken
    │   └── ReferenceDataError      a reference YAML file: file, record and field (reference/loader)
    ├── StoreError                  the reference store cannot be used (reference/store)
    └── WorkerError                 a Dask worker of `check --jobs N` died
"""

from __future__ import annotations

from typing import Any

from peerclaims.engine import shown


class PeerclaimsError(Exception):
    """Base of every error peerclaims reports to a user; the message is one line."""

    def __init__(self, message: str) -> None:
        message = shown.line(message)  # input text in it escaped, the whole cut short
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its class, message and fields (a Dask worker's error reaches the command
        as raised: the subclasses' constructors take other arguments than `args` holds)."""
        return (_rebuilt, (type(self), self.message, dict(self.__dict__)))


def _rebuilt(kind: type[PeerclaimsError], message: str, fields: dict[str, Any]) -> PeerclaimsError:
    """A pickled error again, its message as it was shown (not escaped twice)."""
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    return error


class InputError(PeerclaimsError):
    """An input file cannot be read; names the file and the byte offset of the problem."""

    code = "input"

    def __init__(self, source: str, offset: int, problem: str, line: int | None = None) -> None:
        self.source = source
        self.offset = offset
        self.line = line
        self.problem = problem
        where = f"byte {offset}" if line is None else f"line {line}, byte {offset}"
        super().__init__(f"{source}: {where}: {problem}")


class EncodingError(InputError):
    """The bytes are not single-byte text: UTF-16, NUL bytes or binary data."""

    code = "encoding"


class NotX12Error(InputError):
    """The file is empty or does not begin with an ISA interchange header."""

    code = "not-x12"


class IsaError(InputError):
    """The ISA header is truncated or not the fixed 106-character layout."""

    code = "isa"


class UsageError(PeerclaimsError):
    """A command or request that cannot be carried out as given."""


class DataError(PeerclaimsError):
    """A project data file (rule pack, code table, reference data) is invalid."""

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}")


class WorkerError(PeerclaimsError):
    """A Dask worker of `check --jobs N` or `--scheduler` died (killed, or a crash in a C
    extension)."""
