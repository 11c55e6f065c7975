"""Large checks as jobs: the service process's side (submit, watch, answer polls).

`POST /v1/check` with a body past `PEERCLAIMS_JOB_MIN_BYTES`, or sent with `Prefer:
respond-async` (RFC 7240), is not checked in the service process: a job is added to the store
(`queued`), the body is scattered to the Dask cluster and one task, `job_task.run_job`, is
submitted for it; the answer is `202 Accepted` with `Location: /v1/jobs/{job_id}`. The task runs
on a worker, which marks the job running and keeps its answer in the store, where any process
of the service finds it for `GET /v1/jobs/{job_id}` and `.../result`. So a job holds no engine
lock here: one-claim checks keep their latency, and N workers run N jobs at once.

Each service process keeps one Dask client (made on its first job, made again when it has lost
the scheduler). Tasks are fire-and-forget: with a scheduler named in `PEERCLAIMS_DASK_SCHEDULER`,
a job submitted before the service stops still runs to its end; with the local cluster `serve`
starts, the cluster stops with the service, so `close` marks this process's unfinished jobs
failed (503, send it again). A task that does not finish (its worker killed, which cancels the
task with the body the worker held or runs it again elsewhere, where it finds its job already
running; the store unreachable from the worker; the scheduler lost) is marked failed here, with
a one-line reason.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from fastapi import status

from peerclaims.api.checking import OutputFormat
from peerclaims.api.job_task import JobRequest, run_job
from peerclaims.api.metrics import JOBS
from peerclaims.api.problems import PROBLEM_MEDIA_TYPE, ApiProblem, problem_document
from peerclaims.api.service import Service
from peerclaims.engine import shown
from peerclaims.engine.errors import UsageError
from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.jobs import Job
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.reference.store import Store, StoreError

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger("peerclaims.api")

LOCAL_CLUSTER_VARIABLE = "PEERCLAIMS_LOCAL_JOB_CLUSTER"
"""Set by `serve` (api/server.py) to the address of the local cluster it started for jobs, which
stops with it: a `JobQueue` on that address fails its unfinished jobs when it closes."""

RESPOND_ASYNC = "respond-async"
"""The RFC 7240 preference asking for a job (`Prefer: respond-async`)."""


def prefers_async(prefer: str | None) -> bool:
    """Whether a `Prefer` header holds the `respond-async` preference (any case, among others,
    with or without parameters)."""
    if not prefer:
        return False
    for preference in prefer.split(","):
        token = preference.split(";", 1)[0].split("=", 1)[0].strip().lower()
        if token == RESPOND_ASYNC:
            return True
    return False


def runs_as_job(service: Service, body: bytes, prefer: str | None) -> bool:
    """Whether this check becomes a job: jobs are on, and the body is large or async is asked."""
    settings = service.settings
    return settings.jobs and (len(body) > settings.job_min_bytes or prefers_async(prefer))


def _unavailable(detail: str) -> ApiProblem:
    return ApiProblem(status.HTTP_503_SERVICE_UNAVAILABLE, "jobs", detail)


def _not_finished(
    job: Job, reason: str, status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR
) -> ApiProblem:
    """The problem of a job whose task ended without its answer: what was recorded, and to send
    it again. With `?record=true` the lines are recorded in one store transaction (all or none)
    before the answer is kept, so the task may have stopped after recording them."""
    if job.record:
        then = (
            "its claim lines were recorded all or none: send the check again (if they were, "
            "its claims are then rejected as duplicates)"
        )
    else:
        then = "no claim lines were recorded: send the check again"
    return ApiProblem(status_code, "job", f"the job's worker did not finish it ({reason}); {then}")


class _Submitted(NamedTuple):
    """A job this process submitted and has not seen end."""

    store: Store
    job: Job
    future: Future[str]


class JobQueue:
    """One service process's Dask client and the jobs it submitted that have not finished."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._address: str | None = None
        self._running: dict[str, _Submitted] = {}
        """Job id -> its task (kept so its end is seen here)."""
        self._after = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peerclaims-jobs")
        """Where a task's end is handled (not on the Dask client's event loop)."""
        self._closed = False

    def _client_of(self, address: str) -> Client:
        from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415 - Dask, for jobs

        with self._lock:
            if self._client is not None and self._address == address:
                if self._client.status == "running":
                    return self._client
                log.warning("jobs: the Dask client is %s: connecting again", self._client.status)
            if self._client is not None:
                # a client that lost its scheduler for longer than its timeout stays closed
                with contextlib.suppress(Exception):
                    close(self._client)
                self._client = None
            try:
                self._client = Cluster(scheduler=address).client()
            except UsageError as exc:
                log.error("jobs: %s", shown.line(str(exc)))
                raise _unavailable(
                    "the workers that run large checks cannot be reached just now; try again "
                    "later (or send a body of at most PEERCLAIMS_JOB_MIN_BYTES)"
                ) from None
            self._address = address
            return self._client

    def submit(
        self,
        service: Service,
        key: ApiKey,
        data: bytes,
        name: str,
        output_format: OutputFormat,
        *,
        record: bool,
    ) -> Job:
        """Add a job for this check and start its task; 503 when the cluster is out of reach."""
        from distributed import fire_and_forget  # noqa: PLC0415 - Dask, for jobs

        settings = service.settings
        assert settings.dask_scheduler is not None
        client = self._client_of(settings.dask_scheduler)
        job = jobs.add(
            service.store,
            key.key_id,
            output_format.value,
            name,
            len(data),
            record=record,
            hours=settings.job_results_hours,
        )
        request = JobRequest(settings, job.job_id, key, name, output_format, record)
        try:
            [body] = client.scatter([data], hash=False)  # type: ignore[no-untyped-call]
            future = client.submit(run_job, request, body, key=f"job-{job.job_id}", pure=False)
        except Exception as exc:  # noqa: BLE001 - whatever Dask raises: a failed job, one line
            log.error("job %s not submitted: %s", job.job_id, type(exc).__name__)
            problem = _unavailable("the job could not be given to the workers; try again later")
            _fail(service.store, job.job_id, problem)
            raise problem from None
        fire_and_forget(future)  # type: ignore[no-untyped-call]
        with self._lock:
            self._running[job.job_id] = _Submitted(service.store, job, future)
        future.add_done_callback(  # type: ignore[no-untyped-call]
            partial(self._ended, service.store, job)
        )
        JOBS.labels(status="submitted").inc()
        log.info(
            "job %s key %s format %s bytes %d submitted",
            job.job_id,
            key.key_id,
            output_format.value,
            len(data),
        )
        return job

    def _ended(self, store: Store, job: Job, future: Any) -> None:
        """A task ended (called on a Dask callback thread: hands over to a thread of ours)."""
        with contextlib.suppress(RuntimeError):  # closed meanwhile: `close` deals with the job
            if not self._closed:
                self._after.submit(self._settle, store, job, future)

    def _settle(self, store: Store, job: Job, future: Any) -> None:
        """Count a task's end; mark its job failed unless the task finished it.

        Any end but `finished` (`error`, `cancelled` when its worker died with the body, `lost`)
        fails the job, naming the state or the exception's type. A finished task that answers
        `gone` found its job not queued: removed (nothing to do), finished, or running because an
        earlier run of the same task, on a worker that died, started it. `_fail` marks only the
        last (`jobs.finish` leaves a finished or removed job alone)."""
        with self._lock:
            self._running.pop(job.job_id, None)
        try:
            state = str(future.status)
            if state == "finished":
                ended = str(future.result())
                if ended == "gone" and _fail(store, job.job_id, _not_finished(job, "restarted")):
                    log.error("job %s: its task ran again after its worker stopped", job.job_id)
                    ended = "failed"
                JOBS.labels(status=ended).inc()
                return
            reason = type(future.exception()).__name__ if state == "error" else state
            log.error("job %s: its task ended %s", job.job_id, reason)
            _fail(store, job.job_id, _not_finished(job, reason))
            JOBS.labels(status="failed").inc()
        except Exception as exc:  # noqa: BLE001 - a thread of ours: log one line, never raise
            log.error("job %s: its end not recorded (%s)", job.job_id, type(exc).__name__)

    def close(self) -> None:
        """Close the client. Tasks submitted keep running on a cluster of the service's own
        (`PEERCLAIMS_DASK_SCHEDULER`); on the local cluster `serve` started, which stops with
        the service, this process's unfinished jobs are marked failed (503: send it again)."""
        from peerclaims.engine.cluster import close  # noqa: PLC0415 - Dask, for jobs

        self._closed = True
        self._after.shutdown(wait=True)
        with self._lock:
            client, self._client = self._client, None
            local = self._address is not None and (
                os.environ.get(LOCAL_CLUSTER_VARIABLE) == self._address
            )
            unfinished, self._running = list(self._running.values()), {}
        if client is not None:
            with contextlib.suppress(Exception):
                close(client)
        if local:
            for submitted in unfinished:
                stopped = _not_finished(
                    submitted.job, "the service stopped", status.HTTP_503_SERVICE_UNAVAILABLE
                )
                if _fail(submitted.store, submitted.job.job_id, stopped):
                    log.warning("job %s failed: the service stopped", submitted.job.job_id)
                    JOBS.labels(status="failed").inc()


def _fail(store: Store, job_id: str, problem: ApiProblem) -> bool:
    """Mark a job failed with a problem, unless it has finished or was removed (False then)."""
    try:
        return jobs.finish(
            store,
            job_id,
            "failed",
            problem.status_code,
            PROBLEM_MEDIA_TYPE,
            problem_document(problem),
        )
    except StoreError as exc:
        log.error("job %s: not marked failed: %s", job_id, shown.line(str(exc)))
        return False
