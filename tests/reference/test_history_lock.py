"""`Store.record` serialised per member, and `migrate` by several processes at once.

A batch judged after the bucket versions it read (`reference_marked`) is stored as it is when
nobody recorded under its keys since; when another run did, `rejudge` gets the history as it is
now, read under the locks, and what it returns is stored instead.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from peerclaims.engine.reference.history_lock import Batch, member_bucket, peer_day_bucket
from peerclaims.engine.reference.models import RecordedLine, ReferenceData
from peerclaims.engine.reference.store import SCHEMA_REVISION, Store
from tests.conftest import REPO

from .conftest import VALID, load


def line(member: str, claim: str, units: int = 4, day: int = 2) -> RecordedLine:
    """An accepted line of `claim` for `member` on 2026-03-`day` (by peer 1000000012)."""
    return RecordedLine(
        member_id=member,
        provider_npi="1000000012",
        procedure="H0038",
        modifiers=(),
        service_date=date(2026, 3, day),
        units=Decimal(units),
        claim_id=claim,
        line=1,
    )


def never(reference: ReferenceData) -> Batch:
    """A rejudge that must not be called."""
    raise AssertionError(f"judged again on {len(reference.history)} history lines")


def test_nobody_recorded_since_stores_the_batch_as_judged(store: Store) -> None:
    """Versions unchanged since the history was read: stored without judging again."""
    store.load(load(VALID))
    _, marks = store.reference_marked()
    batch = Batch(lines=[line("CT0001", "A")], members={"CT0001"})
    assert store.record(batch, marks, never) == 1
    _, marks = store.reference_marked()  # a run that read the history after it
    assert store.record(batch, marks, never) == 0  # the same claim line again: nothing new


def test_a_run_recorded_under_the_member_since_is_judged_again(store: Store) -> None:
    """Another run recorded the member's line after this one read the history: this one is
    judged again on the history that holds it, and only what that judgment gives is stored."""
    store.load(load(VALID))
    _, marks = store.reference_marked()
    assert store.record(Batch(lines=[line("CT0001", "OTHER")])) == 1
    seen: list[tuple[str | None, ...]] = []

    def rejudge(reference: ReferenceData) -> Batch:
        seen.append(tuple(getattr(h, "claim_id", None) for h in reference.history_for("CT0001")))
        return Batch(lines=[], members={"CT0001"})  # now a duplicate: nothing to record

    assert (
        store.record(Batch(lines=[line("CT0001", "MINE")], members={"CT0001"}), marks, rejudge) == 0
    )
    assert seen == [(None, "OTHER")]
    assert [getattr(h, "claim_id", None) for h in store.history("CT0001")] == [None, "OTHER"]


def test_a_run_on_another_member_does_not_force_a_second_judgment(store: Store) -> None:
    """Members in other buckets (the peer on another day) record freely alongside."""
    assert member_bucket("CT0001") != member_bucket("TX0001")
    store.load(load(VALID))
    _, marks = store.reference_marked()
    assert peer_day_bucket("1000000012", date(2026, 3, 2)) != peer_day_bucket(
        "1000000012", date(2026, 3, 9)
    )
    assert store.record(Batch(lines=[line("TX0001", "OTHER", day=9)])) == 1
    batch = Batch(lines=[line("CT0001", "MINE")], members={"CT0001"})
    assert store.record(batch, marks, never) == 1


def test_a_load_since_means_judging_again(store: Store) -> None:
    """Loading reference data replaces history.yaml's lines: every batch read before is judged
    again."""
    store.load(load(VALID))
    _, marks = store.reference_marked()
    store.load(load(VALID))
    calls: list[int] = []

    def rejudge(reference: ReferenceData) -> Batch:
        calls.append(len(reference.history))
        return Batch(lines=[line("CT0001", "MINE")], members={"CT0001"})

    assert (
        store.record(Batch(lines=[line("CT0001", "MINE")], members={"CT0001"}), marks, rejudge) == 1
    )
    assert calls == [2]


def test_a_group_line_of_the_same_peer_and_day_billed_by_another_agency_means_judging_again(
    store: Store,
) -> None:
    """Group sizes are read by the rendering peer and day: a line another run recorded for that
    peer (billed by another organization, so its provider_npi differs) moves the bucket this run
    read, and this run is judged again (the bucket of the billing NPI is not the one read)."""
    store.load(load(VALID))
    _, marks = store.reference_marked()
    theirs = line("TX0001", "OTHER").model_copy(
        update={"provider_npi": "1000000020", "rendering_npi": "1000000012"}
    )
    assert store.record(Batch(lines=[theirs])) == 1
    calls: list[int] = []

    def rejudge(reference: ReferenceData) -> Batch:
        calls.append(1)
        return Batch(lines=[], peer_days={("1000000012", date(2026, 3, 2))})

    mine = Batch(
        lines=[line("CT0001", "MINE")],
        members={"CT0001"},
        peer_days={("1000000012", date(2026, 3, 2))},
    )
    assert store.record(mine, marks, rejudge) == 0
    assert calls == [1]


@pytest.mark.parametrize("processes", [6])
def test_processes_starting_together_migrate_an_empty_store_once(
    database_url: str, processes: int
) -> None:
    """Six processes migrate the same empty store at once: every one succeeds."""
    code = (
        "import sys; from peerclaims.engine.reference.store import Store\n"
        "with Store(sys.argv[1]) as s:\n    s.migrate()\n    print(s.revision())\n"
    )
    started = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    answers = [p.communicate(timeout=300) for p in started]
    failures = [
        err.decode()[-500:] for p, (_, err) in zip(started, answers, strict=True) if p.returncode
    ]
    assert failures == []
    assert {out.decode().strip() for out, _ in answers} == {SCHEMA_REVISION}
