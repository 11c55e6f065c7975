"""Large `POST /v1/check` bodies run as jobs on Dask workers: 202, poll, the same answer.

The app runs on a real store (SQLite) and submits to the session's local Dask cluster of two
worker processes (`dask_client`); the workers build their own service from the app's settings.
`PEERCLAIMS_JOB_MIN_BYTES` is lowered to 64 KiB so a batch of a few hundred synthetic New Jersey
claims (`bench.synth`) is "large". Every job's answer is compared with the synchronous answer of
the same bytes from an app with jobs off, on the same store.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from distributed import wait
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bench import synth
from peerclaims.api.checking import OutputFormat
from peerclaims.api.job_task import JobRequest, run_job, warm
from peerclaims.api.jobs import LOCAL_CLUSTER_VARIABLE, JobQueue
from peerclaims.api.main import create_app
from peerclaims.api.settings import ApiSettings
from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.settings import unusable
from peerclaims.engine.reference.store import Store
from tests.conftest import run_cli

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


def test_a_task_that_finds_its_job_running_fails_it(apps: Apps, dask_client: Any) -> None:
    """A task run again after its worker died finds its job already running (the first run
    started it) and answers `gone`: the submitting process marks the job failed. A `gone` for
    a job removed, or finished, changes nothing. The real task, on the session's workers."""
    queue = JobQueue()
    with Store.from_settings(apps.settings) as store:
        key = store.authenticate(apps.submitter)
        assert key is not None
        removed = jobs.add(store, key.key_id, "json", "<request>", 1, record=False, hours=24)
        jobs.add(store, key.key_id, "json", "<request>", 1, record=False, hours=1e-9)  # purges
        assert jobs.job(store, removed.job_id, key.key_id) is None
        restarted, done = (
            jobs.add(store, key.key_id, "json", "<request>", 1, record=record, hours=24)
            for record in (True, False)
        )
        assert jobs.start(store, restarted.job_id)  # as the run on the dead worker did
        assert jobs.start(store, done.job_id)
        assert jobs.finish(store, done.job_id, "done", 200, "application/json", "{}")
        body = NJ_REJECTED.read_bytes()
        for job in (restarted, removed, done):
            request = JobRequest(
                apps.settings, job.job_id, key, "<request>", OutputFormat.json, job.record
            )
            task = dask_client.submit(run_job, request, body, pure=False)
            wait([task])
            assert task.result() == "gone"
            queue._settle(store, job, task)
        queue.close()
        assert jobs.job(store, removed.job_id, key.key_id) is None
        assert jobs.answer(store, done.job_id, key.key_id) is not None
    status = apps.jobs.get(f"/v1/jobs/{restarted.job_id}", headers=x12(apps.submitter)).json()
    assert (status["status"], status["result_status"]) == ("failed", 500)
    result = apps.jobs.get(status["result"], headers=x12(apps.submitter))
    assert result.json()["detail"] == (
        "the job's worker did not finish it (restarted); its claim lines were recorded all or "
        "none: send the check again (if they were, its claims are then rejected as duplicates)"
    )
    kept = apps.jobs.get(f"/v1/jobs/{done.job_id}/result", headers=x12(apps.submitter))
    assert (kept.status_code, kept.text) == (200, "{}")


def test_a_closed_client_is_replaced(apps: Apps) -> None:
    """A Dask client that lost its scheduler longer than its timeout is closed for good: the
    next job connects again instead of answering 503 until the service restarts."""
    queue: JobQueue = apps.jobs.app.state.jobs  # type: ignore[attr-defined]
    headers = {**x12(apps.submitter), "Prefer": "respond-async"}
    data = NJ_REJECTED.read_bytes()
    finished(
        apps.jobs,
        apps.submitter,
        submitted(apps.jobs.post("/v1/check", content=data, headers=headers)),
    )
    lost = queue._client
    assert lost is not None and lost.status == "running"
    lost.close()  # type: ignore[no-untyped-call]
    assert lost.status == "closed"
    location = submitted(apps.jobs.post("/v1/check", content=data, headers=headers))
    assert finished(apps.jobs, apps.submitter, location)["status"] == "done"
    assert queue._client is not lost and queue._client.status == "running"


def test_jobs_on_the_local_cluster_fail_when_the_service_stops(
    apps: Apps, dask_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the local cluster `serve` started (which stops with it), the jobs a service process
    submitted and that have not finished are marked failed when it stops: 503, send it again."""
    monkeypatch.setenv(LOCAL_CLUSTER_VARIABLE, dask_client.scheduler.address)
    with TestClient(create_app(apps.settings)) as app:
        location = submitted(
            app.post(
                "/v1/check",
                content=batch(300, seed=6),
                headers=x12(apps.payer),
                params={"format": "999"},
            )
        )
    status = apps.jobs.get(location, headers=x12(apps.payer)).json()
    assert (status["status"], status["result_status"]) == ("failed", 503)
    result = apps.jobs.get(status["result"], headers=x12(apps.payer))
    assert result.status_code == 503
    assert result.json()["detail"] == (
        "the job's worker did not finish it (the service stopped); no claim lines were "
        "recorded: send the check again"
    )


def test_a_job_whose_worker_is_killed_ends_failed_in_one_line(apps: Apps) -> None:
    """The worker running a job is killed (SIGKILL, as the OOM killer does): its task does not
    finish (the body it held is lost with it), and the submitting process marks the job failed
    with a one-line 500 problem saying to send the check again. A cluster of its own (one
    worker), not the session's."""
    from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415 - Dask

    client = Cluster(jobs=1).client()
    try:
        settings = apps.settings.model_copy(update={"dask_scheduler": client.scheduler.address})
        [(address, pid)] = client.run(os.getpid).items()
        with TestClient(create_app(settings)) as app:
            location = submitted(
                app.post(
                    "/v1/check",
                    content=batch(1200, seed=2),
                    headers=x12(apps.payer),
                    params={"format": "999"},
                )
            )
            deadline = time.monotonic() + 60
            while app.get(location, headers=x12(apps.payer)).json()["status"] == "queued":
                assert time.monotonic() < deadline
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)
            status = finished(app, apps.payer, location, limit=30)
            result = app.get(f"{location}/result", headers=x12(apps.payer))
    finally:
        close(client)
    assert (status["status"], status["result_status"]) == ("failed", 500), (address, status)
    assert result.status_code == 500
    problem = result.json()
    assert problem["code"] == "job"
    assert len(problem["detail"].splitlines()) == 1
    assert problem["detail"].startswith("the job's worker did not finish it (")
    assert problem["detail"].endswith("no claim lines were recorded: send the check again")
    print(problem["detail"])


@pytest.mark.parametrize(
    ("variable", "value", "why"),
    [
        ("dask_scheduler", "tcp://h:notaport", "the address must end in :port"),
        ("dask_scheduler", "tcp://scheduler", "the address must end in :port"),
        ("dask_scheduler", "tcp://h:70000", "the address must end in :port"),
        ("dask_scheduler", "http://h:8786", "the scheme must be one of tcp://, tls://"),
        ("dask_scheduler", "inproc://h/1/2", "the scheme must be one of tcp://, tls://"),
        ("dask_scheduler", "tcp://:8786", "the address must name a host"),
        ("job_results_hours", "inf", "Input should be a finite number"),
        ("job_results_hours", "1e12", "Input should be less than or equal to 8784"),
        ("page_results_hours", "nan", "Input should be a finite number"),
        ("key_cache_seconds", "inf", "Input should be a finite number"),
        ("reference_refresh_seconds", "1e300", "Input should be less than or equal to 86400"),
    ],
)
def test_unusable_job_settings_are_refused_when_read(variable: str, value: str, why: str) -> None:
    """A scheduler address Dask cannot read, or a time that would overflow the dates it is added
    to, is refused when the settings are read (one line naming the variable), not by every job
    with a 500."""
    with pytest.raises(ValidationError) as refused:
        ApiSettings.model_validate({variable: value})
    line = str(unusable(refused.value))
    assert line.startswith(f"setting PEERCLAIMS_{variable.upper()}={value!r} is not usable: ")
    assert why in line and "\n" not in line


@pytest.mark.parametrize(
    "address", ["tcp://127.0.0.1:8786", "scheduler:8786", "tls://[::1]:8786", "ws://h.example:1"]
)
def test_scheduler_addresses_dask_reads_are_kept(address: str) -> None:
    assert ApiSettings.model_validate({"dask_scheduler": f" {address} "}).dask_scheduler == address


def test_serve_refuses_to_start_with_an_unusable_scheduler(tmp_path: Path) -> None:
    """`serve` with `PEERCLAIMS_DASK_SCHEDULER=tcp://h:notaport`: one line, exit 2, no server."""
    done = run_cli(
        "serve",
        "--port",
        "9",
        env={"PEERCLAIMS_DASK_SCHEDULER": "tcp://h:notaport", "PEERCLAIMS_DATA_DIR": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "peerclaims: setting PEERCLAIMS_DASK_SCHEDULER='tcp://h:notaport' is not usable: "
        "Value error, the address must end in :port, a number from 1 to 65535"
    ]
