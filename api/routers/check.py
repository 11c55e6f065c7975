"""`POST /v1/check`: an 837 in, the decision out (JSON, 999 or 277CA), with its audit record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from peerclaims.api.checking import REQUEST_NAME, OutputFormat
from peerclaims.api.dependencies import KeyDep, ServiceDep, X12Body, strict_query
from peerclaims.api.openapi import (
    CHECK_REQUEST_BODY,
    CHECK_RESPONSES,
    DECISION_HEADER,
    X12_MEDIA_TYPE,
)

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
) -> Response:
    """Check an 837P: per claim and line, accepted or rejected, why, and the expected payment.

    Every claim must be within the key's scope (a submitter's billing NPIs, a payer's payer
    ids, a state's states); otherwise nothing is checked (403). The answer carries the id of
    its decision record in `X-Peerclaims-Decision`.
    """
    answer = service.check(key, body, name, output_format, record=record)
    media_type = "application/json" if output_format is OutputFormat.json else X12_MEDIA_TYPE
    return Response(
        content=answer.text,
        media_type=media_type,
        headers={DECISION_HEADER: answer.decision.decision_id},
    )
