"""Large `POST /v1/check` bodies run as jobs on Dask workers: 202, poll, the same answer.

The app runs on a real store (SQLite) and submits to the session's local Dask cluster of two
worker processes (`dask_client`); the workers build their own service from the app's settings.
`PEERCLAIMS_JOB_MIN_BYTES` is lowered to 64 KiB so a batch of a few hundred synthetic New Jersey
claims (`bench.synth`) is "large". Every job's answer is compared with the synchronous answer of
the same bytes from an app with jobs off, on the same store.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

import httpx
import pytest
from distributed import wait
from fastapi.testclient import TestClient

from bench import synth
from peerclaims.api.job_task import warm
from peerclaims.api.jobs import JobQueue
from peerclaims.api.main import create_app
from peerclaims.api.settings import ApiSettings
from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.store import Store

from .conftest import NJ_BILLING_NPI, NJ_CLEAN, NJ_REJECTED, loaded_store, make_key, x12

JOB_MIN_BYTES = 64 * 1024
NJ_PAYER = "NJMEDICAID"


@cache
def batch(claims: int, seed: int = 1) -> bytes:
    """A synthetic 837 of `claims` New Jersey Medicaid claims (about 370 bytes each)."""
    return synth.generate(claims, seed, payer_ids=(NJ_PAYER,)).encode("ascii")


class Apps:
    """The app with jobs on (`jobs`), the same store's app with jobs off (`direct`), keys."""

    def __init__(self, jobs: TestClient, direct: TestClient, settings: ApiSettings) -> None:
        self.jobs = jobs
        self.direct = direct
        self.settings = settings
        self.payer = make_key(settings, "payer", NJ_PAYER)
        self.other_payer = make_key(settings, "payer", "TXMEDICAID")
        self.submitter = make_key(settings, "submitter", NJ_BILLING_NPI)


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory, dask_client: Any) -> Iterator[Apps]:
    """Both apps on one store; the reference is read before every check (0 s), so a line
    recorded by a worker is history for the next check here at once."""
    data_dir = loaded_store(tmp_path_factory.mktemp("jobs-store"))
    common: dict[str, Any] = {
        "database_url": None,
        "data_dir": data_dir,
        "rules_dir": None,
        "reference_refresh_seconds": 0.0,
        "job_min_bytes": JOB_MIN_BYTES,
    }
    settings = ApiSettings.model_validate(
        {**common, "dask_scheduler": dask_client.scheduler.address}
    )
    direct = ApiSettings.model_validate({**common, "job_workers": 0})
    dask_client.run(warm, settings)  # both workers' services built: jobs start at once
    with TestClient(create_app(settings)) as jobs, TestClient(create_app(direct)) as sync:
        yield Apps(jobs, sync, settings)


def finished(client: TestClient, secret: str, location: str, limit: float = 120) -> dict[str, Any]:
    """Poll a job's status until it has finished; returns the last status document."""
    deadline = time.monotonic() + limit
    while True:
        answer = client.get(location, headers=x12(secret))
        assert answer.status_code == 200, answer.text
        document: dict[str, Any] = answer.json()
        if document["status"] in {"done", "failed"}:
            assert "Retry-After" not in answer.headers
            return document
        assert answer.headers["Retry-After"] == str(document["retry_after"])
        assert time.monotonic() < deadline, f"job still {document['status']} after {limit} s"
        time.sleep(0.1)


def submitted(answer: httpx.Response) -> str:
    """The `Location` of a 202 answer (checked against its body)."""
    assert answer.status_code == 202, answer.text
    location = answer.headers["Location"]
    document = answer.json()
    assert document["status"] == "queued"
    assert location == document["location"] == f"/v1/jobs/{document['job_id']}"
    assert int(answer.headers["Retry-After"]) >= 1
    return location


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("output_format", ["json", "277ca"])
def test_a_large_body_is_a_job_answering_the_synchronous_bytes(
    apps: Apps, output_format: str
) -> None:
    """A body past JOB_MIN_BYTES: 202 + Location; polled to done, its result is the answer the
    synchronous check gives the same bytes (body, media type), with its own decision record."""
    data = batch(200)
    assert len(data) > JOB_MIN_BYTES
    params = {"format": output_format}
    location = submitted(
        apps.jobs.post("/v1/check", content=data, headers=x12(apps.payer), params=params)
    )
    status = finished(apps.jobs, apps.payer, location)
    assert status["status"] == "done"
    assert status["result_status"] == 200
    assert status["body_bytes"] == len(data)
    result = apps.jobs.get(status["result"], headers=x12(apps.payer))
    expected = apps.direct.post("/v1/check", content=data, headers=x12(apps.payer), params=params)
    assert expected.status_code == 200
    assert result.status_code == 200
    assert result.headers["content-type"] == expected.headers["content-type"]
    assert result.content == expected.content
    decision = result.headers["X-Peerclaims-Decision"]
    assert decision == status["decision_id"] != expected.headers["X-Peerclaims-Decision"]
    record = apps.jobs.get(f"/v1/decisions/{decision}", headers=x12(apps.payer))
    assert record.status_code == 200
    assert record.json()["output_format"] == output_format


def test_prefer_respond_async_makes_a_small_body_a_job(apps: Apps) -> None:
    """`Prefer: respond-async` (among other preferences) makes a one-claim check a job and says
    so; without it the same body is answered at once, as before."""
    data = NJ_REJECTED.read_bytes()
    headers = {**x12(apps.submitter), "Prefer": "wait=10, Respond-Async"}
    answer = apps.jobs.post("/v1/check", content=data, headers=headers)
    location = submitted(answer)
    assert answer.headers["Preference-Applied"] == "respond-async"
    assert finished(apps.jobs, apps.submitter, location)["status"] == "done"
    result = apps.jobs.get(f"{location}/result", headers=x12(apps.submitter))
    direct = apps.jobs.post("/v1/check", content=data, headers=x12(apps.submitter))
    assert direct.status_code == 200
    assert result.content == direct.content


def test_a_one_claim_check_is_not_held_up_by_a_running_job(apps: Apps) -> None:
    """While a large job runs on a worker, one-claim checks here answer in a small part of the
    job's own running time (they would wait for all of it if the job held this engine)."""
    data = batch(1200, seed=2)
    location = submitted(
        apps.jobs.post(
            "/v1/check", content=data, headers=x12(apps.payer), params={"format": "277ca"}
        )
    )
    one = NJ_REJECTED.read_bytes()
    apps.jobs.post("/v1/check", content=one, headers=x12(apps.submitter))  # warm
    latencies: list[float] = []
    while True:
        status = apps.jobs.get(location, headers=x12(apps.payer)).json()
        if status["status"] != "queued":
            break
        time.sleep(0.02)
    while status["status"] == "running":
        started = time.perf_counter()
        answer = apps.jobs.post("/v1/check", content=one, headers=x12(apps.submitter))
        latencies.append(time.perf_counter() - started)
        assert answer.status_code == 200
        status = apps.jobs.get(location, headers=x12(apps.payer)).json()
    status = finished(apps.jobs, apps.payer, location)
    assert status["status"] == "done"
    ran = (when(status["finished"]) - when(status["started"])).total_seconds()
    assert len(latencies) >= 3, f"only {len(latencies)} checks in the job's {ran:.2f} s"
    print(f"job {ran:.2f} s; {len(latencies)} one-claim checks meanwhile, max {max(latencies)}")
    assert max(latencies) < ran / 4, (max(latencies), ran)


def test_two_workers_run_two_large_jobs_at_once(apps: Apps) -> None:
    """Two jobs submitted together run on the two workers at the same time: their running
    intervals (the workers' own start and finish times) overlap."""
    locations = [
        submitted(
            apps.jobs.post(
                "/v1/check",
                content=batch(700, seed=seed),
                headers=x12(apps.payer),
                params={"format": "999"},
            )
        )
        for seed in (3, 4)
    ]
    first, second = (finished(apps.jobs, apps.payer, where) for where in locations)
    assert first["status"] == second["status"] == "done"
    assert when(first["started"]) < when(second["finished"])
    assert when(second["started"]) < when(first["finished"])


def test_another_key_is_told_not_found(apps: Apps) -> None:
    """Only the key that submitted a job sees it: another key gets the 404 an unknown id gets."""
    location = submitted(
        apps.jobs.post(
            "/v1/check",
            content=NJ_REJECTED.read_bytes(),
            headers={**x12(apps.submitter), "Prefer": "respond-async"},
        )
    )
    finished(apps.jobs, apps.submitter, location)
    for path in (location, f"{location}/result"):
        theirs = apps.jobs.get(path, headers=x12(apps.payer))
        nobody = path.replace(location, "/v1/jobs/" + "0" * 32)
        unknown = apps.jobs.get(nobody, headers=x12(apps.payer))
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.json()["code"] == unknown.json()["code"] == "not-found"


def test_an_unreadable_large_body_fails_with_the_422_problem(apps: Apps) -> None:
    """A large body that is not X12 ends failed; its result is the synchronous 422 problem
    (naming the position), status and bytes."""
    data = batch(200).replace(b"ISA*", b"ISX*", 1)  # no interchange header
    location = submitted(apps.jobs.post("/v1/check", content=data, headers=x12(apps.payer)))
    status = finished(apps.jobs, apps.payer, location)
    assert status["status"] == "failed"
    assert status["result_status"] == 422
    assert status["decision_id"] is None
    result = apps.jobs.get(status["result"], headers=x12(apps.payer))
    expected = apps.direct.post("/v1/check", content=data, headers=x12(apps.payer))
    assert result.status_code == expected.status_code == 422
    assert result.headers["content-type"] == expected.headers["content-type"]
    assert result.content == expected.content
    assert result.json()["position"] == {"line": 1, "segment": None, "byte": 0}
    assert result.json()["detail"].startswith("<request>: line 1, byte 0: no ISA")
    assert "X-Peerclaims-Decision" not in result.headers


def test_a_large_body_outside_the_scope_fails_403(apps: Apps) -> None:
    """New Jersey claims sent with a Texas payer key: the job fails with the 403 scope problem."""
    data = batch(200)
    location = submitted(apps.jobs.post("/v1/check", content=data, headers=x12(apps.other_payer)))
    status = finished(apps.jobs, apps.other_payer, location)
    assert (status["status"], status["result_status"]) == ("failed", 403)
    result = apps.jobs.get(status["result"], headers=x12(apps.other_payer))
    expected = apps.direct.post("/v1/check", content=data, headers=x12(apps.other_payer))
    assert result.status_code == expected.status_code == 403
    assert result.content == expected.content
    assert result.json()["code"] == "scope"


def test_the_result_of_an_unfinished_job_is_409(apps: Apps) -> None:
    """Asking for the answer before the job has finished: 409 with Retry-After."""
    location = submitted(
        apps.jobs.post(
            "/v1/check",
            content=batch(300, seed=5),
            headers=x12(apps.payer),
            params={"format": "999"},
        )
    )
    early = apps.jobs.get(f"{location}/result", headers=x12(apps.payer))
    assert early.status_code == 409
    assert early.json()["code"] == "job-not-finished"
    assert early.headers["Retry-After"]
    assert finished(apps.jobs, apps.payer, location)["status"] == "done"


def test_record_as_a_job_stores_the_lines_for_later_checks(apps: Apps) -> None:
    """`?record=true` on a job records the accepted lines on the worker: the same claim checked
    here afterwards is a duplicate."""
    data = NJ_CLEAN.read_bytes()
    location = submitted(
        apps.jobs.post(
            "/v1/check",
            content=data,
            headers={**x12(apps.submitter), "Prefer": "respond-async"},
            params={"record": "true"},
        )
    )
    status = finished(apps.jobs, apps.submitter, location)
    assert status["record"] is True
    result = apps.jobs.get(status["result"], headers=x12(apps.submitter)).json()
    assert result["claims"][0]["status"] == "accepted"
    again = apps.jobs.post("/v1/check", content=data, headers=x12(apps.submitter)).json()
    assert again["claims"][0]["status"] == "rejected"
    assert {f["category"] for f in again["claims"][0]["findings"]} >= {"duplicate"}


def test_jobs_off_answers_large_bodies_synchronously(apps: Apps) -> None:
    """With jobs off (PEERCLAIMS_JOB_WORKERS=0) a large body, even with `Prefer:
    respond-async`, is answered at once."""
    answer = apps.direct.post(
        "/v1/check",
        content=batch(200),
        headers={**x12(apps.payer), "Prefer": "respond-async"},
        params={"format": "999"},
    )
    assert answer.status_code == 200
    assert "Preference-Applied" not in answer.headers


def test_a_task_that_fails_marks_its_job_failed_in_one_line(apps: Apps, dask_client: Any) -> None:
    """When a job's task itself fails on the cluster (here a real task raising, as a killed
    worker's does), the submitting process marks the job failed: a 500 problem naming the
    error's type, which is the job's result."""
    with Store.from_settings(apps.settings) as store:
        key = store.authenticate(apps.submitter)
        assert key is not None
        job = jobs.add(store, key.key_id, "json", "<request>", 1, record=False, hours=24)
        failing = dask_client.submit(operator.truediv, 1, 0, pure=False)
        wait([failing])
        JobQueue()._settle(store, job.job_id, failing)
    status = apps.jobs.get(f"/v1/jobs/{job.job_id}", headers=x12(apps.submitter)).json()
    assert (status["status"], status["result_status"]) == ("failed", 500)
    result = apps.jobs.get(status["result"], headers=x12(apps.submitter))
    assert result.status_code == 500
    assert result.json()["code"] == "job"
    assert result.json()["detail"] == (
        "the job's worker did not finish it (ZeroDivisionError); send the check again"
    )
