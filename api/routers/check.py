"""`POST /v1/check`: an 837 in, the decision out (JSON, 999 or 277CA), with its audit record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from peerclaims.api.checking import REQUEST_NAME, OutputFormat
from peerclaims.api.dependencies import KeyDep, ServiceDep, X12Body, strict_query
from peerclaims.api.job_task import media_type
from peerclaims.api.jobs import JobQueue, prefers_async, runs_as_job
from peerclaims.api.openapi import CHECK_REQUEST_BODY, CHECK_RESPONSES, DECISION_HEADER
from peerclaims.api.routers.jobs import accepted

router = APIRouter(prefix="/v1", tags=["check"], dependencies=[Depends(strict_query)])

NAME_PATTERN = r"^[^\x00-\x1f\x7f]{1,200}$"
"""A file name for the result: one line of 1 to 200 characters."""


@router.post(
    "/check",
    summary="Check an 837P",
    responses=CHECK_RESPONSES,
    openapi_extra=CHECK_REQUEST_BODY,
    response_class=Response,
)
def check(
    request: Request,
    key: KeyDep,
    body: X12Body,
    service: ServiceDep,
    output_format: Annotated[
        OutputFormat, Query(alias="format", description="json, 999 or 277ca")
    ] = OutputFormat.json,
    record: Annotated[
        bool,
        Query(description="Store the accepted lines in the history (as `check --record`)"),
    ] = False,
    name: Annotated[
        str,
        Query(
            description=(
                "The file name the result gives the input (`file` and positions); "
                f"default {REQUEST_NAME}. `<stdin>` gives exactly `peerclaims check -`'s output."
            ),
            pattern=NAME_PATTERN,
        ),
    ] = REQUEST_NAME,
    prefer: Annotated[
        str | None,
        Header(
            description=(
                "`respond-async` (RFC 7240): run the check as a job whatever the body's size "
                "(202 Accepted), when the service runs jobs"
            )
        ),
    ] = None,
) -> Response:
    """Check an 837P: per claim and line, accepted or rejected, why, and the expected payment.

    Every claim must be within the key's scope (a submitter's billing NPIs, a payer's payer
    ids, a state's states); otherwise nothing is checked (403). The answer carries the id of
    its decision record in `X-Peerclaims-Decision`.

    A body larger than `PEERCLAIMS_JOB_MIN_BYTES`, or any body sent with `Prefer:
    respond-async`, runs as a job on the service's workers when it runs jobs: the answer is
    `202 Accepted` with `Location: /v1/jobs/{job_id}` to poll, and the job's result is then
    this answer, byte for byte.
    """
    if runs_as_job(service, body, prefer):
        queue = request.app.state.jobs
        assert isinstance(queue, JobQueue)
        job = queue.submit(service, key, body, name, output_format, record=record)
        return accepted(job, service.settings, preference_applied=prefers_async(prefer))
    answer = service.check(key, body, name, output_format, record=record)
    return Response(
        content=answer.text,
        media_type=media_type(output_format),
        headers={DECISION_HEADER: answer.decision.decision_id},
    )
