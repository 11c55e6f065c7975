"""The reader's memory per transaction: no claim drafts held until SE, claims replayed in order."""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from bench import synth
from peerclaims.engine.check import CollectSink, Source, check_sources, decide
from peerclaims.engine.x12 import extract
from peerclaims.engine.x12.reader import FileReader, read_bytes
from peerclaims.engine.x12.scan import ReleasedSegmentError, scan

CLAIMS = 400
"""Claims in the one transaction of the test file: far more than a claim in memory at once."""


def _batch(claims: int = CLAIMS) -> bytes:
    return synth.generate(claims, seed=7, claims_per_st=claims).encode("ascii")


def _live_drafts() -> int:
    gc.collect()
    return sum(isinstance(o, extract._ClaimDraft) for o in gc.get_objects())


def test_a_read_transaction_holds_no_claim_draft_until_asked() -> None:
    """Once pyx12 has walked a transaction of 400 claims, not one claim draft is in memory."""
    reader = FileReader(_batch(), "batch.837")
    report = next(reader.transactions())
    assert len(report.claims) == CLAIMS
    assert _live_drafts() == 0


def test_claims_asked_in_order_keep_one_draft_at_a_time() -> None:
    """Deciding a transaction's claims in order holds at most the current claim's draft."""
    reader = FileReader(_batch(), "batch.837")
    report = next(reader.transactions())
    most = 0
    for k, reading in enumerate(report.claims):
        assert reading.claim.claim_id
        if k % 50 == 0:
            most = max(most, _live_drafts())
    assert most <= 2


def test_a_read_transaction_costs_bytes_per_claim_not_kilobytes() -> None:
    """A 2,000-claim transaction, walked and waiting to be decided, holds under 2 KB a claim.

    That includes the file's own text (~370 bytes a claim) and the scan's offsets: ~890 bytes
    measured. Holding every claim's draft until SE cost ~6 KB a claim.
    """
    data = _batch(2000)
    read_bytes(_batch(5), "warm.837")  # pyx12's maps are parsed once per process: not counted
    gc.collect()
    tracemalloc.start()
    try:
        reader = FileReader(data, "batch.837")
        report = next(reader.transactions())
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.claims) == 2000
    assert held / 2000 < 2048


def test_replayed_claims_are_the_same_in_any_order() -> None:
    """Claims read in order, in reverse and twice over are equal models, each its own CLM's."""
    data = _batch(60)
    forward = [r.claim for r in read_bytes(data, "b.837").claims]
    readings = list(read_bytes(data, "b.837").claims)
    backward = [r.claim for r in reversed(readings)][::-1]
    again = [readings[k].claim for k in (5, 5, 4, 59, 0)]
    assert forward == backward  # models compare field by field, locations included
    assert again == [forward[k] for k in (5, 5, 4, 59, 0)]
    assert forward[3] != forward[4]
    s = scan(data, "b.837")
    clm_ids = [s.elements(i)[1] for i in range(len(s)) if s.seg_id(i) == "CLM"]
    assert [c.claim_id for c in forward] == clm_ids
    assert [r.position.segment for r in readings] == [
        i + 1 for i in range(len(s)) if s.seg_id(i) == "CLM"
    ]


def test_each_replayed_claim_has_its_own_subscriber_and_lines() -> None:
    """A claim's member, billing NPI and service lines are those above and inside its CLM."""
    data = _batch(60)
    s = scan(data, "b.837")
    expected = []
    member = billing = ""
    for i in range(len(s)):
        parts = s.elements(i)
        if parts[0] == "NM1" and parts[1] == "IL":
            member = parts[9]
        elif parts[0] == "NM1" and parts[1] == "85":
            billing = parts[9]
        elif parts[0] == "CLM":
            expected.append([parts[1], member, billing, 0])
        elif parts[0] == "LX":
            expected[-1][3] += 1
    got = [
        [c.claim_id, c.member.member_id, c.billing.npi, len(c.lines)]
        for c in (r.claim for r in read_bytes(data, "b.837").claims)
    ]
    assert got == expected


def test_scan_offsets_take_four_bytes_each_and_lengths_one() -> None:
    """The scanner's per-segment offsets are 4-byte integers for any file under 4 GB, and its
    segment lengths one byte each when no segment is 256 characters or longer."""
    s = scan(_batch(5), "b.837")
    assert s.starts.itemsize == 4
    assert s.lengths.itemsize == 1


def _three_transactions_with_errors(claims_per_st: int = 20) -> bytes:
    text = synth.generate(3 * claims_per_st, seed=11, claims_per_st=claims_per_st)
    assert text.count("ST*837*") == 3 and "\n" in text
    return text.replace("*UN*", "*XX*").encode("ascii")  # a guide error on every line


def test_a_checked_file_lets_each_transaction_sets_text_go() -> None:
    """Once a transaction set's claims are decided its text is released: the chunks of all
    three are gone at the end, the envelopes stay, and a released segment cannot be read."""
    reader = FileReader(_three_transactions_with_errors(), "three.837")
    for report in reader.transactions():
        assert all(decide(reading).findings for reading in report.claims)
        reader.release(report)
    transactions = [
        st for isa in reader.scan.interchanges for g in isa.groups for st in g.transactions
    ]
    assert len(transactions) == 3
    held = [chunk is not None for chunk in reader.scan._chunks]
    assert held == [True, False, False, False, True]
    with pytest.raises(ReleasedSegmentError):
        reader.scan.segment(transactions[1].st)


def test_releasing_text_changes_no_result() -> None:
    """The same file checked with its text released transaction by transaction, and kept
    whole (as a 999 needs), gives the same claims, findings and positions. Its transaction
    sets are large enough (200 claims, ~75 KB) for the second and third to wait compressed."""
    data = _three_transactions_with_errors(200)
    waiting = [type(chunk).__name__ for chunk in scan(data, "three.837")._chunks]
    assert waiting == ["str", "str", "bytes", "bytes", "str"]
    results = []
    for keep in (False, True):
        sink = CollectSink()
        source = Source(name="three.837", load=lambda: data)
        check_sources([source], sink, keep_readings=keep)
        results.append([claim.model_dump_json() for claim in sink.claims])
    released, kept = results
    assert len(released) == 600
    assert released == kept
    assert '"line":' in released[-1]


_SCAN_PEAK = """
import tracemalloc
from bench import synth
from peerclaims.engine.x12.scan import scan
data = synth.generate(2000, seed=3, claims_per_st=500).encode("ascii")
tracemalloc.start()
scanned = scan(data, "four.837")
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(len(scanned._chunks), peak / len(data))
"""


def test_scanning_holds_the_text_once() -> None:
    """Cutting the text into transaction sets decodes the chunks from the bytes after the
    whole text is let go: scanning peaks at about the text plus its segment tables (1.4
    times the file measured), where slicing the whole text would hold it twice (over 2).
    Measured in a process of its own: tracemalloc counts every thread's allocations, and a test
    process may hold a Dask client whose thread allocates meanwhile (it made a 1.68 here)."""
    done = subprocess.run(
        [sys.executable, "-c", _SCAN_PEAK],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    chunks, ratio = done.stdout.split()
    assert int(chunks) > 4
    assert float(ratio) < 1.6, ratio
