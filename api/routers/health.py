"""`GET /health`: the service is up and its store answers (no key needed, no data given)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from peerclaims.api.dependencies import ServiceDep
from peerclaims.api.openapi import problem
from peerclaims.api.schemas import Health

router = APIRouter(tags=["health"])


def _version() -> str:
    try:
        return version("peerclaims")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health", responses={503: problem("The store cannot be used")})
def health(service: ServiceDep) -> Health:
    """Whether the service can answer: the store's schema revision is read."""
    return Health(status="ok", version=_version(), store_revision=service.store.revision())
