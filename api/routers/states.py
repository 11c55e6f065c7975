"""`GET /v1/states` and `GET /v1/states/{state}`: what peerclaims checks in each state and DC.

The answer is the engine's own document (engine/states.py, `peerclaims.states/1`), the one
`peerclaims states --format json` prints, as `POST /v1/check` answers the engine's result. A state
key sees its own states only (api/access.py: nothing else exists for it); other keys see all 51.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS, problem
from peerclaims.api.problems import ApiProblem
from peerclaims.engine.jurisdictions import state_names
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.states import StatesReport, StateView, states_report

router = APIRouter(prefix="/v1", tags=["rules"], dependencies=[Depends(strict_query)])

OnQuery = Annotated[
    str | None,
    Query(
        description="Count the rules in force on this date (YYYY-MM-DD); default today",
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    ),
]


def _day(on: str | None) -> date:
    """The day asked (a calendar date written YYYY-MM-DD), else today; 422 otherwise."""
    if on is None:
        return date.today()
    try:
        return date.fromisoformat(on)
    except ValueError:
        raise ApiProblem(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "request",
            f"query.on: {on} is not a calendar date (YYYY-MM-DD)",
        ) from None


def visible_states(key: ApiKey) -> list[str]:
    """The jurisdictions the key may see, by USPS code."""
    if key.role != "state":
        return sorted(state_names())
    return sorted({scope.upper() for scope in key.scopes} & set(state_names()))


@router.get("/states", responses=AUTH_PROBLEMS)
def list_states(key: KeyDep, service: ServiceDep, on: OnQuery = None) -> StatesReport:
    """Every state and DC the key may see: populations covered with their evidence, rules in
    force by kind and category, what is not checked, evidence counts, pack version, review date."""
    return states_report(service.packs, _day(on), only=visible_states(key))


@router.get(
    "/states/{state}",
    responses={**AUTH_PROBLEMS, 404: problem("Not a state or DC, or not one the key may see")},
)
def show_state(
    key: KeyDep,
    service: ServiceDep,
    state: Annotated[
        str, Path(description="USPS code of a state or DC, e.g. PA", pattern=r"^[A-Za-z]{2}$")
    ],
    on: OnQuery = None,
) -> StateView:
    """One state's row of `GET /v1/states`."""
    code = state.upper()
    if code not in visible_states(key):
        raise ApiProblem(
            status.HTTP_404_NOT_FOUND,
            "unknown-state",
            f"{code} is not a state or DC this key may see (use a USPS code such as PA)",
        )
    [view] = states_report(service.packs, _day(on), only=[code]).states
    return view
