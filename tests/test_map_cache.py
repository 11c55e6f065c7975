"""pyx12's parsed maps, cached per process (`set_map_cache`), change nothing but the speed."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest
from conftest import CORPUS, FIXTURES, corpus_params

from peerclaims.engine.check import Source, check_to_result
from peerclaims.engine.x12.reader import set_map_cache

# 312 transactions, each re-parsing the 837P map when the cache is off: 50-80 s measured.
SLOW_UNCACHED = frozenset({"imsweb-x12-parser/x12_multiple_transactions.txt"})


@pytest.fixture(autouse=True)
def _cache_back_on() -> Iterator[None]:
    """Whatever a test does, leave the map cache enabled (the module default) afterwards."""
    try:
        yield
    finally:
        set_map_cache(True)


def _check_text(name: str, data: bytes) -> str:
    """The result document of checking one file, or the exception's type and message."""
    try:
        return check_to_result([Source(name, lambda: data)]).to_json()
    except Exception as exc:  # noqa: BLE001 - an escaping exception is compared by message
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("name", corpus_params(slow=SLOW_UNCACHED))
def test_cache_gives_the_same_result_as_parsing_the_maps_each_time(name: str) -> None:
    """A corpus file checked without the cache, then twice with it, gives identical JSON."""
    data = (CORPUS / name).read_bytes()
    set_map_cache(False)
    uncached = _check_text(name, data)
    set_map_cache(True)
    first = _check_text(name, data)
    second = _check_text(name, data)
    assert first == uncached
    assert second == uncached


def test_cached_one_claim_check_is_much_faster_than_uncached() -> None:
    """With the cache warm a one-claim check takes under a fifth of the time of an uncached one."""
    data = (FIXTURES / "clean" / "one-claim.837").read_bytes()

    def timed() -> float:
        start = time.perf_counter()
        result = check_to_result([Source("one-claim.837", lambda: data)])
        elapsed = time.perf_counter() - start
        assert result.summary.claims == 1
        return elapsed

    set_map_cache(False)
    timed()  # import and first-use costs outside the measurement
    uncached = timed()
    set_map_cache(True)
    timed()  # fills the cache
    cached = statistics.median(timed() for _ in range(5))
    assert cached < uncached / 5, f"cached median {cached:.4f} s, uncached {uncached:.4f} s"
