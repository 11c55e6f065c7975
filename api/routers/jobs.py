"""`GET /v1/jobs/{job_id}` and `GET /v1/jobs/{job_id}/result`: a large check's state and answer.

A job is seen only with the key that submitted it: any other key is told "not found", as for a
job that never existed or was removed. The result is exactly what `POST /v1/check` would have
answered synchronously: the same bytes, media type and `X-Peerclaims-Decision` header, or the
problem document (403 scope, 422 unreadable input naming its position) with its status.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from fastapi import APIRouter, Depends, Response, status
from fastapi.responses import JSONResponse

from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import DECISION_HEADER, JOB_RESPONSES, JOB_RESULT_RESPONSES
from peerclaims.api.problems import ApiProblem
from peerclaims.api.schemas import JobOut
from peerclaims.api.settings import ApiSettings
from peerclaims.engine import shown
from peerclaims.engine.reference import jobs
from peerclaims.engine.reference.jobs import FINISHED, Job

router = APIRouter(prefix="/v1", tags=["check"], dependencies=[Depends(strict_query)])

RETRY_AFTER_SECONDS: Final = 2
"""How long a client is asked to wait between polls of a job that has not finished."""


def job_out(job: Job, settings: ApiSettings) -> JobOut:
    """A job's status document."""
    finished = job.status in FINISHED
    place = f"/v1/jobs/{job.job_id}"
    return JobOut(
        job_id=job.job_id,
        status=job.status,
        created=job.created,
        started=job.started,
        finished=job.finished,
        expires=job.created + timedelta(hours=settings.job_results_hours),
        format=job.output_format,
        name=job.name,
        body_bytes=job.body_bytes,
        record=job.record,
        decision_id=job.decision_id,
        result_status=job.status_code,
        location=place,
        result=f"{place}/result" if finished else None,
        retry_after=None if finished else RETRY_AFTER_SECONDS,
    )


def _retry(job: Job) -> dict[str, str]:
    return {} if job.status in FINISHED else {"Retry-After": str(RETRY_AFTER_SECONDS)}


def accepted(job: Job, settings: ApiSettings, *, preference_applied: bool) -> JSONResponse:
    """`202 Accepted` for a new job: its status, `Location` and `Retry-After`."""
    headers = {"Location": f"/v1/jobs/{job.job_id}", **_retry(job)}
    if preference_applied:
        headers["Preference-Applied"] = "respond-async"
    return JSONResponse(
        job_out(job, settings).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers=headers,
    )


def _not_found(job_id: str) -> ApiProblem:
    return ApiProblem(
        status.HTTP_404_NOT_FOUND,
        "not-found",
        f"no job {shown.line(job_id)[:80]} for this key (never made, removed, or another key's)",
    )


@router.get("/jobs/{job_id}", summary="A job's status", responses=JOB_RESPONSES)
def job_status(job_id: str, key: KeyDep, service: ServiceDep) -> JSONResponse:
    """The status of a check run as a job (`POST /v1/check` answered `202 Accepted`): queued,
    running, done or failed; once finished, `result` names where its answer is. Poll again
    after `retry_after` seconds (also sent as `Retry-After`) while it has not finished."""
    found = jobs.job(service.store, job_id, key.key_id)
    if found is None:
        raise _not_found(job_id)
    return JSONResponse(
        job_out(found, service.settings).model_dump(mode="json"), headers=_retry(found)
    )


@router.get(
    "/jobs/{job_id}/result",
    summary="A job's answer",
    responses=JOB_RESULT_RESPONSES,
    response_class=Response,
)
def job_result(job_id: str, key: KeyDep, service: ServiceDep) -> Response:
    """What `POST /v1/check` would have answered for the job's body, byte for byte: the result
    (JSON, 999 or 277CA) with `X-Peerclaims-Decision`, or the problem that refused it (403
    scope, 422 unreadable input) with its status. 409 while the job has not finished."""
    store = service.store
    found = jobs.job(store, job_id, key.key_id)
    if found is None:
        raise _not_found(job_id)
    if found.status not in FINISHED:
        raise ApiProblem(
            status.HTTP_409_CONFLICT,
            "job-not-finished",
            f"the job is {found.status}: poll GET /v1/jobs/{found.job_id} until it has finished",
            headers=_retry(found),
        )
    answer = jobs.answer(store, job_id, key.key_id)
    if answer is None:  # removed since
        raise _not_found(job_id)
    headers = {DECISION_HEADER: answer.decision_id} if answer.decision_id else {}
    return Response(
        content=answer.text,
        status_code=answer.status_code,
        media_type=answer.media_type,
        headers=headers,
    )
