"""Decision records: what each check decided, kept for audit, read back by id, and recorded by
concurrent workers without loss or duplication (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from peerclaims.engine.reference.keys import ApiKey, DecisionRecord
from peerclaims.engine.reference.store import Store, StoreError

INPUT = hashlib.sha256(b"ISA*00*...~").hexdigest()
PACKS = (
    ("federal", "2026.03.1", hashlib.sha256(b"federal").hexdigest()),
    ("ct", "2026.03.2", hashlib.sha256(b"ct").hexdigest()),
)
CLAIMS = (("PCN-1", "accepted"), ("PCN-2", "rejected"), ("PCN-3", "accepted"))
SUMMARY: dict[str, str | int] = {
    "claims": 3,
    "accepted": 2,
    "rejected": 1,
    "billed": "120.00",
    "expected_payment": "80.00",
}


@pytest.fixture
def key(store: Store) -> ApiKey:
    """A submitter key in the store."""
    made, _ = store.create_key("submitter", ["1234567893"])
    return made


def test_decision_round_trip(store: Store, key: ApiKey) -> None:
    """What is recorded is read back equal, with an aware UTC time and a fresh id."""
    before = datetime.now(UTC)
    record = store.record_decision(key.key_id, INPUT, "json", PACKS, CLAIMS, SUMMARY)
    assert record == DecisionRecord(
        decision_id=record.decision_id,
        key_id=key.key_id,
        created=record.created,
        input_sha256=INPUT,
        output_format="json",
        rule_packs=PACKS,
        claims=CLAIMS,
        summary=SUMMARY,
    )
    assert record.created.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= record.created <= datetime.now(UTC)
    back = store.decision(record.decision_id)
    assert back == record
    assert back is not None
    assert back.created.tzinfo is not None
    assert store.count_decisions() == 1


@pytest.mark.parametrize("output_format", ["json", "999", "277ca"])
def test_every_output_format(store: Store, key: ApiKey, output_format: str) -> None:
    """Each service format is kept; lists given as lists come back as tuples."""
    as_lists: list[object] = [list(p) for p in PACKS]  # as decoded JSON would give them
    record = store.record_decision(key.key_id, INPUT, output_format, as_lists, [], {})  # type: ignore[arg-type]
    assert store.decision(record.decision_id) == record
    assert record.rule_packs == PACKS
    assert record.claims == ()
    assert record.summary == {}


def test_unknown_decision(store: Store, key: ApiKey) -> None:
    """An id never issued, or not shaped like one, is None."""
    store.record_decision(key.key_id, INPUT, "json", PACKS, CLAIMS, SUMMARY)
    assert store.decision("0" * 32) is None
    assert store.decision("") is None
    assert store.decision("x" * 1000) is None
    assert store.decision("' OR 1=1 --") is None


def test_decisions_of_a_revoked_key_are_kept(store: Store, key: ApiKey) -> None:
    """Revoking a key keeps its records (the audit trail outlives the key)."""
    record = store.record_decision(key.key_id, INPUT, "999", PACKS, CLAIMS, SUMMARY)
    assert store.revoke_key(key.key_id)
    assert store.decision(record.decision_id) == record


def test_unknown_key_is_refused(store: Store) -> None:
    """A decision must name a key the store has: one line naming the database."""
    with pytest.raises(StoreError) as caught:
        store.record_decision("k_0000000000000000", INPUT, "json", PACKS, CLAIMS, SUMMARY)
    message = str(caught.value)
    assert message.startswith(f"{store.database}: decision refused (is key k_0000000000000000")
    assert "\n" not in message
    assert store.count_decisions() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"input_sha256": "abc"}, "input_sha256"),
        ({"input_sha256": INPUT.upper()}, "input_sha256"),
        ({"output_format": "table"}, "output_format 'table'"),
        ({"rule_packs": [("federal", "1")]}, "rule_packs"),
        ({"rule_packs": ["abc"]}, "rule_packs"),
        ({"claims": ["PC"]}, "claims"),
        ({"claims": [("PCN-1", "accepted", "extra")]}, "claims"),
        ({"claims": [("PCN-1", 1)]}, "claims"),
        ({"summary": {"billed": 1.5}}, "summary: field 'billed'"),
        ({"summary": {"ok": True}}, "summary: field 'ok'"),
        ({"summary": {"nested": {"a": 1}}}, "summary: field 'nested'"),
    ],
)
def test_malformed_arguments(
    store: Store, key: ApiKey, change: dict[str, object], message: str
) -> None:
    """A malformed argument is a ValueError before anything is written."""
    arguments: dict[str, object] = {
        "key_id": key.key_id,
        "input_sha256": INPUT,
        "output_format": "json",
        "rule_packs": PACKS,
        "claims": CLAIMS,
        "summary": SUMMARY,
        **change,
    }
    with pytest.raises(ValueError, match=message):
        store.record_decision(**arguments)  # type: ignore[arg-type]
    assert store.count_decisions() == 0


def test_only_ids_and_statuses_are_stored(store: Store, key: ApiKey, database_url: str) -> None:
    """A decision row holds the hashes, pack ids, claim ids and statuses, and the summary."""
    record = store.record_decision(key.key_id, INPUT, "json", PACKS, CLAIMS, SUMMARY)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM decisions")).mappings().one()
    finally:
        engine.dispose()
    assert set(columns) == {
        "decision_id",
        "key_id",
        "created",
        "input_sha256",
        "output_format",
        "rule_packs",
        "claims",
        "summary",
    }
    assert columns["decision_id"] == record.decision_id


@pytest.fixture(params=["shared", "per-worker"])
def stores(
    request: pytest.FixtureRequest, store: Store, database_url: str
) -> Iterator[list[Store]]:
    """Eight stores for eight workers: one shared (a service's threads) or one each (processes)."""
    if request.param == "shared":
        yield [store] * 8
        return
    opened = [Store(database_url) for _ in range(8)]
    try:
        yield opened
    finally:
        for each in opened:
            each.close()


def test_concurrent_records_lose_nothing(store: Store, key: ApiKey, stores: list[Store]) -> None:
    """8 workers x 50 decisions at once: 400 records, 400 distinct ids, each read back equal."""
    per_worker = 50
    start = threading.Barrier(len(stores))
    made: list[list[DecisionRecord]] = [[] for _ in stores]
    failures: list[BaseException] = []

    def work(index: int, worker_store: Store) -> None:
        try:
            start.wait()
            for number in range(per_worker):
                claims = ((f"W{index}-{number}", "accepted"),)
                made[index].append(
                    worker_store.record_decision(
                        key.key_id, INPUT, "json", PACKS, claims, {"claims": 1}
                    )
                )
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [
        threading.Thread(target=work, args=(index, each)) for index, each in enumerate(stores)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    records = [record for batch in made for record in batch]
    assert len(records) == len(stores) * per_worker
    assert len({record.decision_id for record in records}) == len(records)
    assert store.count_decisions() == len(records)
    for record in records:
        assert store.decision(record.decision_id) == record
