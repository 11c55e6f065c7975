"""Jobs in the store (migration 0009): queued, running, done or failed, the answer kept whole and
read only by the submitting key, old jobs purged (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import update

from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.reference.store import Store, alembic_config
from peerclaims.engine.reference.tables import JobRow

from .test_keys import _tables


@pytest.fixture
def key(store: Store) -> ApiKey:
    made, _ = store.create_key("submitter", ["1234567893"])
    return made


def test_a_job_goes_queued_running_done_and_keeps_its_answer(store: Store, key: ApiKey) -> None:
    """Each step is stamped; the answer (text past 64 KiB, non-ASCII) comes back whole; a job
    is started once and finished once."""
    job = jobs.add(store, key.key_id, "json", "<request>", 123_456, record=True, hours=24)
    assert job.status == "queued"
    assert jobs.job(store, job.job_id, key.key_id) == job
    assert jobs.answer(store, job.job_id, key.key_id) is None  # not finished
    assert jobs.start(store, job.job_id)
    assert not jobs.start(store, job.job_id)  # taken already
    running = jobs.job(store, job.job_id, key.key_id)
    assert running is not None and running.status == "running"
    assert running.started is not None and running.started >= job.created
    text = '{"claims": ["é"]}\n' * 10_000
    assert jobs.finish(store, job.job_id, "done", 200, "application/json", text, "d" * 32)
    assert not jobs.finish(store, job.job_id, "failed", 500, "application/problem+json", "{}")
    done = jobs.job(store, job.job_id, key.key_id)
    assert done is not None
    assert (done.status, done.status_code, done.decision_id) == ("done", 200, "d" * 32)
    assert done.finished is not None and done.started is not None
    assert done.finished >= done.started
    assert done.finished.tzinfo == UTC
    answer = jobs.answer(store, job.job_id, key.key_id)
    assert answer == jobs.JobAnswer(200, "application/json", text, "d" * 32)
    assert jobs.counts(store) == {"queued": 0, "running": 0, "done": 1, "failed": 0}


def test_only_the_submitting_key_reads_a_job(store: Store, key: ApiKey) -> None:
    """Another key, an unknown id and an overlong id are all "none"."""
    other, _ = store.create_key("state", ["NJ"])
    job = jobs.add(store, key.key_id, "999", "x.837", 10, record=False, hours=24)
    jobs.finish(store, job.job_id, "failed", 422, "application/problem+json", '{"status":422}')
    assert jobs.job(store, job.job_id, other.key_id) is None
    assert jobs.answer(store, job.job_id, other.key_id) is None
    assert jobs.job(store, "0" * 32, key.key_id) is None
    assert jobs.job(store, "x" * 500, key.key_id) is None
    answer = jobs.answer(store, job.job_id, key.key_id)
    assert answer is not None and (answer.status_code, answer.decision_id) == (422, None)


def test_adding_a_job_purges_those_older_than_the_hours_kept(store: Store, key: ApiKey) -> None:
    """Jobs made more than `hours` ago go (finished or not) when the next is added."""
    old = jobs.add(store, key.key_id, "json", "a", 1, record=False, hours=24)
    stuck = jobs.add(store, key.key_id, "json", "b", 1, record=False, hours=24)
    recent = jobs.add(store, key.key_id, "json", "c", 1, record=False, hours=24)
    jobs.finish(store, old.job_id, "done", 200, "application/json", "{}")
    long_ago = datetime.now(UTC) - timedelta(hours=25)
    with store._engine.begin() as connection:
        connection.execute(
            update(JobRow)
            .where(JobRow.job_id.in_([old.job_id, stuck.job_id]))
            .values(created=long_ago)
        )
    jobs.add(store, key.key_id, "json", "d", 1, record=False, hours=24)
    assert jobs.job(store, old.job_id, key.key_id) is None
    assert jobs.job(store, stuck.job_id, key.key_id) is None
    assert jobs.job(store, recent.job_id, key.key_id) is not None
    assert jobs.counts(store)["queued"] == 2


def test_migration_0009_down_and_up(database_url: str) -> None:
    """Down to 0008 drops `jobs` (and its rows); up again makes it, empty."""
    config = alembic_config(database_url)
    with Store(database_url) as store:
        store.migrate()
        key, _ = store.create_key("state", ["CT"])
        jobs.add(store, key.key_id, "json", "a", 1, record=False, hours=24)
        command.downgrade(config, "0008")
        assert "jobs" not in _tables(database_url)
        assert {"api_keys", "decisions", "predictions"} <= _tables(database_url)
        command.upgrade(config, "head")
        assert "jobs" in _tables(database_url)
        assert jobs.counts(store) == {"queued": 0, "running": 0, "done": 0, "failed": 0}
