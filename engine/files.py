"""Reading a file a user names (an 837, a reference or rule-pack YAML): regular files only, bounded.

A FIFO, a device (`/dev/zero`), a socket or a folder is refused from `os.stat` of the path
(symlinks followed), before it is opened; the file is then opened without blocking and checked
again on the open descriptor, so one swapped in meanwhile is refused too. A file larger than the
limit is refused from its size, and the read stops one byte past the limit should it grow.
Every refusal is a `FileRefused` whose reason is one clause, for the caller to put after the
file's name in its own error type. Standard input is read bounded too (`read_stream`).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_CHUNK = 1024 * 1024


class FileRefused(Exception):  # noqa: N818 - named for the situation, like errors.py's
    """A file that is not read: its kind, its size or an OS error, as one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """Why, as a clause: `it is a named pipe (FIFO), not a regular file`."""

    @property
    def detail(self) -> str:
        """The refusal as a message puts it after the file name: `cannot be read: <reason>`."""
        return f"cannot be read: {self.reason}"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _refuse_kind(mode: int) -> None:
    kind = _kind(mode)
    if kind is not None:
        raise FileRefused(f"it is {kind}, not a regular file")


def _too_large(size: str, limit: int, setting: str) -> FileRefused:
    return FileRefused(
        f"it is {size} bytes, larger than the limit of {limit:,} bytes "
        f"(set {setting} to allow more)"
    )


def read_limited(path: Path, limit: int, setting: str) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    `setting` names the environment variable that sets `limit`, so a refusal says how to allow
    more. Raises `FileRefused` for a special file, a larger file, or one that cannot be read.
    """
    try:
        _refuse_kind(path.stat().st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        raise FileRefused(exc.strerror or type(exc).__name__) from None
    try:
        info = os.fstat(fd)
        _refuse_kind(info.st_mode)
        if info.st_size > limit:
            raise _too_large(f"{info.st_size:,}", limit, setting)
        first = os.read(fd, min(info.st_size, limit) + 1)  # usually the whole file, allocated once
        chunks = [first]
        total = len(first)
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(f"more than {limit:,}", limit, setting)
        return first if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise FileRefused(exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, limit: int, setting: str) -> bytes:
    """All of `stream` (standard input), at most `limit` bytes; `FileRefused` past that.

    Read in chunks into one growing buffer: memory follows what arrives, not the limit.
    """
    buffer = io.BytesIO()
    while chunk := stream.read(_CHUNK):
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise _too_large(f"more than {limit:,}", limit, setting)
    return buffer.getvalue()
