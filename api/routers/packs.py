"""`GET /v1/packs`: the rule packs loaded, with their versions and content hashes."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from peerclaims.api.access import visible_packs
from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS
from peerclaims.api.schemas import PackOut

router = APIRouter(prefix="/v1", tags=["rules"], dependencies=[Depends(strict_query)])


@router.get("/packs", responses=AUTH_PROBLEMS)
def list_packs(key: KeyDep, service: ServiceDep) -> list[PackOut]:
    """The loaded packs the key may see (a state key: federal and its states')."""
    return [
        PackOut(
            id=pack.id,
            version=pack.version,
            sha256=pack.sha256,
            title=pack.title,
            state=pack.state,
            extends=list(pack.extends),
            supported_start=pack.supported.start,
            supported_end=pack.supported.end,
            rules=len(pack.rules),
        )
        for pack in visible_packs(key, service.packs)
    ]
