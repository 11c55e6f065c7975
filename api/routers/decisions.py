"""`GET /v1/decisions/{decision_id}`: a past decision, to the key that made it only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS, problem
from peerclaims.api.problems import ApiProblem
from peerclaims.api.schemas import DecisionClaim, DecisionOut, DecisionPack

router = APIRouter(prefix="/v1", tags=["decisions"], dependencies=[Depends(strict_query)])


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
