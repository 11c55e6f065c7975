"""`POST /v1/remittances`: an 835 or 277CA in, how often the recorded predictions were right out,
with the same scoping and decision record as `/v1/check`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from peerclaims.api.checking import REQUEST_NAME
from peerclaims.api.dependencies import KeyDep, ServiceDep, X12Body, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS, DECISION_HEADER, X12_MEDIA_TYPE, problem
from peerclaims.api.routers.check import NAME_PATTERN

router = APIRouter(prefix="/v1", tags=["remittances"], dependencies=[Depends(strict_query)])

_X12_TEXT = {"type": "string", "format": "binary"}
REMIT_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "description": "The 835 (005010X221A1) or 277CA (005010X214), as received.",
        "content": {X12_MEDIA_TYPE: {"schema": _X12_TEXT}, "text/plain": {"schema": _X12_TEXT}},
    }
}
REMIT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The `peerclaims.remit/1` document: what was read, and the accuracy.",
        "content": {"application/json": {"schema": {"type": "object"}}},
        "headers": {
            DECISION_HEADER: {
                "description": "Id of the decision record (GET /v1/decisions/{id})",
                "schema": {"type": "string"},
            }
        },
    },
    **AUTH_PROBLEMS,
    403: problem("A claim of the remittance is outside the key's scope; nothing was done"),
    413: problem("The body is larger than PEERCLAIMS_MAX_BODY_BYTES"),
    415: problem("The body is not sent as application/edi-x12 or text/plain"),
    422: problem("The input cannot be read as X12, or a query parameter is not valid"),
    503: problem("The store cannot be used"),
}


@router.post(
    "/remittances",
    summary="Read an 835 or 277CA and measure the predictions",
    responses=REMIT_RESPONSES,
    openapi_extra=REMIT_REQUEST_BODY,
    response_class=Response,
)
def remittances(
    key: KeyDep,
    body: X12Body,
    service: ServiceDep,
    record: Annotated[
        bool,
        Query(
            description="Paid lines become history, denied lines leave it, reversals undo "
            "(as `remit --record`)"
        ),
    ] = False,
    name: Annotated[
        str,
        Query(
            description=f"The file name given the input; default {REQUEST_NAME}.",
            pattern=NAME_PATTERN,
        ),
    ] = REQUEST_NAME,
) -> Response:
    """Match each 835 claim to the predictions recorded checks kept (`check --record`,
    `?record=true` of `/v1/check`: every line, accepted or rejected) and count how often the
    predictions were right, per rule and per CARC.

    Every claim must be within the key's scope (the billing NPI paid, the payer, the payer's
    state); otherwise nothing is done (403). The answer carries its decision record's id.
    """
    answer = service.remittances(key, body, name, record=record)
    return Response(
        content=answer.text,
        media_type="application/json",
        headers={DECISION_HEADER: answer.decision.decision_id},
    )
