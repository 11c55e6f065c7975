"""Freed heap memory goes back to the operating system (glibc's `malloc_trim`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from peerclaims.engine.memory import give_back

BLOCKS = 40_000
"""Blocks of 1 KB (above pymalloc's 512 bytes, so from the C heap): 40 MB in all."""


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc are Linux")
def test_freed_heap_blocks_are_returned_to_the_system() -> None:
    """40 MB of 1 KB blocks freed below a block still alive stay resident until trimmed; then
    most of it is returned."""
    blocks = [bytes(1024) + str(i).encode() for i in range(BLOCKS)]
    pin = bytes(1024) + b"pin"  # above them in the heap, so freeing them cannot shrink its top
    del blocks
    freed = _rss_mb()
    assert give_back()
    trimmed = _rss_mb()
    assert pin
    assert freed - trimmed > 20, (freed, trimmed)
