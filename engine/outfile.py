"""Writing `--out` files: checked before any work, written whole or not at all, never left behind.

`write_atomic` writes through a private temporary file beside the target and renames it; the
temporary file goes on any exit, including SIGTERM and SIGHUP once `stop_on_signals` has turned
them into `Stopped` (the command line's `main` does, and reports it in one line).
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from peerclaims.engine.errors import UsageError


def check_out(path: Path) -> None:
    """Refuse an --out path that cannot be written before any work is done: a folder, a device,
    a FIFO or socket (a rename would replace it: `--out /dev/null` as root would lose the
    device), or a folder that does not exist or cannot be written in."""
    if path.is_dir():
        raise UsageError(f"--out {path}: is a directory; give a file path")
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise UsageError(f"--out {path}: the directory {directory} does not exist")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot be used ({exc.strerror})") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"--out {path}: is not a regular file; give a file path")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"--out {path}: the directory {directory} cannot be written in")


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write through a temporary file beside `path` and a rename: never a half-written file.

    The temporary file is private (0600) while it is written, and removed on any exit: an
    exception, Ctrl-C, or SIGTERM / SIGHUP (`main` turns them into `Stopped`). The finished
    file gets the usual mode (0666 less the umask) just before it takes the name.
    """
    check_out(path)
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot write beside it ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fchmod(handle.fileno(), _default_mode())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (temporary files go) and exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into `Stopped` in this process (a forked `--jobs` worker still
    dies of them at once, as it would have)."""
    main_pid = os.getpid()

    def stop(signum: int, frame: object) -> None:
        del frame
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
