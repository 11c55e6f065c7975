"""Large checks as jobs: the service process's side (submit, watch, answer polls).

`POST /v1/check` with a body past `PEERCLAIMS_JOB_MIN_BYTES`, or sent with `Prefer:
respond-async` (RFC 7240), is not checked in the service process: a job is added to the store
(`queued`), the body is scattered to the Dask cluster and one task, `job_task.run_job`, is
submitted for it; the answer is `202 Accepted` with `Location: /v1/jobs/{job_id}`. The task runs
on a worker, which marks the job running and keeps its answer in the store, where any process
of the service finds it for `GET /v1/jobs/{job_id}` and `.../result`. So a job holds no engine
lock here: one-claim checks keep their latency, and N workers run N jobs at once.

Each service process keeps one Dask client (made on its first job). Tasks are fire-and-forget:
a job submitted before the service stops still runs to its end. A task that fails (its worker
killed, the store unreachable from the worker) is marked failed here, with a one-line reason.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

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


class JobQueue:
    """One service process's Dask client and the jobs it submitted that have not finished."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._address: str | None = None
        self._running: dict[str, Future[str]] = {}
        """Job id -> its task (kept so its end is seen here)."""
        self._after = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peerclaims-jobs")
        """Where a task's end is handled (not on the Dask client's event loop)."""
        self._closed = False

    def _client_of(self, address: str) -> Client:
        from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415 - Dask, for jobs

        with self._lock:
            if self._client is not None and self._address == address:
                return self._client
            if self._client is not None:
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
            self._running[job.job_id] = future
        future.add_done_callback(  # type: ignore[no-untyped-call]
            partial(self._ended, service.store, job.job_id)
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

    def _ended(self, store: Store, job_id: str, future: Any) -> None:
        """A task ended (called on the client's event loop: hands over to a thread)."""
        if not self._closed:
            self._after.submit(self._settle, store, job_id, future)

    def _settle(self, store: Store, job_id: str, future: Any) -> None:
        with self._lock:
            self._running.pop(job_id, None)
        try:
            if future.status == "finished":
                JOBS.labels(status=str(future.result())).inc()
            elif future.status == "error":
                reason = type(future.exception()).__name__
                log.error("job %s: its task failed (%s)", job_id, reason)
                _fail(
                    store,
                    job_id,
                    ApiProblem(
                        status.HTTP_500_INTERNAL_SERVER_ERROR,
                        "job",
                        f"the job's worker did not finish it ({reason}); send the check again",
                    ),
                )
                JOBS.labels(status="failed").inc()
        except Exception as exc:  # noqa: BLE001 - a thread of ours: log one line, never raise
            log.error("job %s: its end not recorded (%s)", job_id, type(exc).__name__)

    def close(self) -> None:
        """Close the client (tasks submitted keep running on the cluster)."""
        from peerclaims.engine.cluster import close  # noqa: PLC0415 - Dask, for jobs

        self._closed = True
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            close(client)
        self._after.shutdown(wait=True)


def _fail(store: Store, job_id: str, problem: ApiProblem) -> None:
    """Mark a job failed with a problem (unless its worker finished it first)."""
    try:
        jobs.finish(
            store,
            job_id,
            "failed",
            problem.status_code,
            PROBLEM_MEDIA_TYPE,
            problem_document(problem),
        )
    except StoreError as exc:
        log.error("job %s: not marked failed: %s", job_id, shown.line(str(exc)))
