"""What a Dask worker runs for a job: one `POST /v1/check`, as the service would answer it.

`run_job` is the job's only task. The worker keeps one `Service` (store, packs, compiled rules)
built from the service's settings on its first job and reused by the next ones, as a service
worker keeps its own. The task marks the job running, calls `Service.check` (scope 403,
unreadable 422, the rules, `?record=`, the decision record) and keeps its answer in the store:
the result text with its media type and decision id, or the problem document with its status.
Nothing raised by the check escapes the task (the worker carries on with the next job); a task
that fails anyway (the store unreachable, the worker killed) is marked failed by the process
that submitted it (api/jobs.py), as is a job this task finds already running (`gone`): an
earlier run of the task, on a worker that died, started it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from peerclaims.api.checking import OutputFormat
from peerclaims.api.openapi import X12_MEDIA_TYPE
from peerclaims.api.problems import (
    PROBLEM_MEDIA_TYPE,
    ApiProblem,
    data_problem,
    internal_problem,
    problem_document,
    store_problem,
)
from peerclaims.api.service import ServiceHolder
from peerclaims.api.settings import ApiSettings
from peerclaims.engine import shown
from peerclaims.engine.errors import DataError
from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.reference.store import StoreError

log = logging.getLogger("peerclaims.api")

_services = ServiceHolder()
"""This worker process's service, built on its first job and kept."""


@dataclass(frozen=True, slots=True)
class JobRequest:
    """Everything a job needs besides its body: picklable, sent with the task."""

    settings: ApiSettings
    job_id: str
    key: ApiKey
    name: str
    output_format: OutputFormat
    record: bool


def media_type(output_format: OutputFormat) -> str:
    """The media type `POST /v1/check` answers a format with."""
    return "application/json" if output_format is OutputFormat.json else X12_MEDIA_TYPE


def warm(settings: ApiSettings) -> None:
    """Build this worker's service now (`client.run(warm, settings)`), so that its first job
    does not wait for the packs to load and the rules to compile."""
    _services.get(settings)


def run_job(request: JobRequest, data: bytes) -> str:
    """Run one job on this worker; returns its final status (`done`, `failed`, or `gone` when
    the job was no longer queued: removed, or taken by another run of the task)."""
    service = _services.get(request.settings)
    store = service.store
    if not jobs.start(store, request.job_id):
        return "gone"
    try:
        answer = service.check(
            request.key, data, request.name, request.output_format, record=request.record
        )
    except ApiProblem as problem:
        failure = problem
    except StoreError as exc:
        log.error("job %s: store unavailable: %s", request.job_id, shown.line(str(exc)))
        failure = store_problem()
    except DataError as exc:
        log.error(
            "job %s: rule packs or reference data unusable: %s",
            request.job_id,
            shown.line(str(exc)),
        )
        failure = data_problem()
    except Exception as exc:  # noqa: BLE001 - a job's failure is its answer, not the worker's
        log.error("job %s: internal error (%s)", request.job_id, type(exc).__name__)
        failure = internal_problem(exc)
    else:
        jobs.finish(
            store,
            request.job_id,
            "done",
            200,
            media_type(request.output_format),
            answer.text,
            answer.decision.decision_id,
        )
        return "done"
    log.info("job %s refused: %d %s", request.job_id, failure.status_code, failure.code)
    jobs.finish(
        store,
        request.job_id,
        "failed",
        failure.status_code,
        PROBLEM_MEDIA_TYPE,
        problem_document(failure),
    )
    return "failed"
