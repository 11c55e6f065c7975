"""The web page's kept results (api/kept.py), read by the page's script: one page of claims at a
time, more of a worklist group's claims, and the two downloads. Signed in by the page's cookie;
only the key that made a result reads it (any other: 404, as for a result that is not kept, or
no longer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import FileResponse, JSONResponse, Response

from peerclaims.api.dependencies import SettingsDep
from peerclaims.api.kept import kept_results
from peerclaims.api.routers.page import CLAIMS_PAGE, GROUP_CLAIMS, RESULTS_PATH
from peerclaims.api.routers.page_shared import SignedIn

router = APIRouter(prefix=RESULTS_PATH, include_in_schema=False)

DecisionId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,80}$")]
_DOWNLOADS = {
    "result.json": ("json_name", "application/json"),
    "ack277ca.x12": ("ack_name", "application/edi-x12"),
    "remittance.json": ("json_name", "application/json"),
    "remittance.csv": ("csv_name", "text/csv"),
}
_PRIVATE = {"Cache-Control": "no-store"}


def _gone(signed_in: bool) -> JSONResponse:
    if not signed_in:
        return JSONResponse(
            {"detail": "Sign in with an API key first."}, status.HTTP_401_UNAUTHORIZED
        )
    return JSONResponse(
        {"detail": "That result is not kept here (it may be older than the page keeps them)."},
        status.HTTP_404_NOT_FOUND,
    )


@router.get("/{decision_id}/claims")
def claims_page(
    decision_id: DecisionId,
    key: SignedIn,
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = CLAIMS_PAGE,
    q: Annotated[str, Query(max_length=200)] = "",
    rejected: bool = False,
) -> Response:
    """One page of a kept result's claims, searched by claim or member id (`q`), rejected
    ones only (`rejected=true`): `{total, offset, claims}`."""
    if key is None:
        return _gone(signed_in=False)
    kept = kept_results(settings.data_dir, settings.page_results_hours)
    found = kept.claims(decision_id, key.key_id, offset, limit, q, rejected)
    if found is None:
        return _gone(signed_in=True)
    body = {"total": found.total, "offset": found.offset, "claims": found.claims}
    return JSONResponse(body, headers=_PRIVATE)


@router.get("/{decision_id}/groups/{group}")
def group_claims(
    decision_id: DecisionId,
    group: Annotated[int, Path(ge=0, le=10**6)],
    key: SignedIn,
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = GROUP_CLAIMS,
) -> Response:
    """More of a worklist group's claims (its `claim_list`): `{total, offset, claims}`."""
    if key is None:
        return _gone(signed_in=False)
    kept = kept_results(settings.data_dir, settings.page_results_hours)
    found = kept.group_claims(decision_id, key.key_id, group, offset, limit)
    if found is None:
        return _gone(signed_in=True)
    body = {"total": found.total, "offset": found.offset, "claims": found.claims}
    return JSONResponse(body, headers=_PRIVATE)


@router.get("/{decision_id}/{name}")
def download(decision_id: DecisionId, name: str, key: SignedIn, settings: SettingsDep) -> Response:
    """`result.json` (as `POST /v1/check` answered it) or `ack277ca.x12`, as an attachment
    named after the checked file; for a remittance, `remittance.json` (as `POST
    /v1/remittances` answered it) or `remittance.csv`."""
    if key is None:
        return _gone(signed_in=False)
    if name not in _DOWNLOADS:
        return _gone(signed_in=True)
    kept = kept_results(settings.data_dir, settings.page_results_hours)
    meta = kept.meta(decision_id, key.key_id)
    path = kept.file(decision_id, key.key_id, name)
    if meta is None or path is None or not path.is_file():
        return _gone(signed_in=True)
    field, media_type = _DOWNLOADS[name]
    return FileResponse(path, media_type=media_type, filename=str(meta[field]), headers=_PRIVATE)
