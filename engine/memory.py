"""Hand freed memory back to the operating system, where the C library can (glibc).

Python frees a read transaction set's objects and text, but glibc keeps most freed heap
memory mapped for reuse: what is freed between live blocks, and anything below the dynamic
mmap threshold (which rises after every large block it frees). The process's resident memory
then grows with every transaction set read, though its live memory does not. `malloc_trim`
returns every wholly free page. On other C libraries (musl, macOS, Windows) it is a no-op.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

GIVE_BACK_AT = 1 << 16
"""Characters of text a transaction set must hold for its reading to be followed by a trim
(each costs a walk of the heap; after a small transaction set there is little to return)."""


def _load() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_TRIM = _load()


def give_back() -> bool:
    """Return the heap's free pages to the operating system; False where that cannot be done."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
