"""`GET /v1/decisions`: the caller's key's past checks, newest first, a page at a time; and
`GET /v1/decisions/{decision_id}`: one past decision, to the key that made it only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS, problem
from peerclaims.api.problems import ApiProblem
from peerclaims.api.schemas import (
    DecisionClaim,
    DecisionList,
    DecisionListed,
    DecisionOut,
    DecisionPack,
)
from peerclaims.engine.reference.keys import DecisionRecord

router = APIRouter(prefix="/v1", tags=["decisions"], dependencies=[Depends(strict_query)])

MAX_PAGE = 200
"""The most decisions one page lists."""


def listed(record: DecisionRecord) -> DecisionListed:
    """A decision as the list shows it (no per-claim statuses)."""
    return DecisionListed(
        decision_id=record.decision_id,
        created=record.created,
        input_sha256=record.input_sha256,
        output_format=record.output_format,
        rule_packs=[DecisionPack(id=i, version=v, sha256=h) for i, v, h in record.rule_packs],
        summary=record.summary,
    )


def decision_page(service: ServiceDep, key_id: str, limit: int, offset: int) -> DecisionList:
    """`limit` decisions of `key_id` from `offset`, newest first, and where the next page starts."""
    records = service.store.decisions_of(key_id, limit + 1, offset)
    more = len(records) > limit
    return DecisionList(
        decisions=[listed(record) for record in records[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if more else None,
    )


@router.get("/decisions", responses={**AUTH_PROBLEMS})
def list_decisions(
    key: KeyDep,
    service: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=10**9, description="How many newer ones to skip")] = 0,
) -> DecisionList:
    """The past checks made with this key, newest first: when, which input (SHA-256), which
    packs, and the summary. Other keys' checks are never listed."""
    return decision_page(service, key.key_id, limit, offset)


@router.get(
    "/decisions/{decision_id}",
    responses={**AUTH_PROBLEMS, 404: problem("No such decision made by this key")},
)
def show_decision(
    key: KeyDep,
    service: ServiceDep,
    decision_id: Annotated[str, Path(description="From X-Peerclaims-Decision", max_length=64)],
) -> DecisionOut:
    """The decision record of a past check: key, time, input hash, packs, per-claim status.

    Another key's decision is answered as if it did not exist.
    """
    record = service.store.decision(decision_id)
    if record is None or record.key_id != key.key_id:
        raise ApiProblem(
            status.HTTP_404_NOT_FOUND, "unknown-decision", f"no decision {decision_id} of this key"
        )
    return DecisionOut(
        decision_id=record.decision_id,
        key_id=record.key_id,
        created=record.created,
        input_sha256=record.input_sha256,
        output_format=record.output_format,
        rule_packs=[DecisionPack(id=i, version=v, sha256=h) for i, v, h in record.rule_packs],
        claims=[DecisionClaim(claim_id=c, status=s) for c, s in record.claims],
        summary=record.summary,
    )
