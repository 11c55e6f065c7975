"""Assemble the peerclaims service: `create_app()` is the factory uvicorn and tests call.

Nothing is built at import time. The worker's service (store, packs, engine) is built on the
first request from the settings (those given to `create_app`, else `get_settings()`, which tests
may override) and closed at shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from peerclaims.api import metrics, openapi, problems
from peerclaims.api.dependencies import current_settings
from peerclaims.api.jobs import JobQueue
from peerclaims.api.limits import BodyLimit
from peerclaims.api.routers import (
    check,
    decisions,
    docs,
    health,
    jobs,
    packs,
    page,
    page_remit,
    page_results,
    remittances,
    rules,
    states,
)
from peerclaims.api.service import ServiceHolder
from peerclaims.api.settings import ApiSettings

DESCRIPTION = """\
Check Medicaid peer-support claims (X12 837P) against the federal and state rule packs before
they are submitted: per claim and service line, accepted or rejected, every finding with its
rule, citation, X12 location, CARC/RARC and fix, and the expected payment.

Every `/v1` route needs an API key (`Authorization: Bearer pck_...`, made by
`peerclaims keys create`). Errors are `application/problem+json` documents with a stable
`code`, a one-line `detail` and, for input problems, the `position` in the 837.
"""


def _version() -> str:
    try:
        return version("peerclaims")
    except PackageNotFoundError:
        return "0"


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """A new service application; `settings` replaces the environment's (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(app.state.jobs.close)  # a Dask client closes synchronously
        app.state.services.close()

    app = FastAPI(
        title="peerclaims",
        summary="Medicaid peer-support 837P claims rules engine",
        description=DESCRIPTION,
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # served by routers/docs.py from this host, not a CDN
        redoc_url=None,  # not served: its script would come from a CDN or one more package
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.services = ServiceHolder()
    app.state.jobs = JobQueue()  # a Dask client only once a job is submitted
    app.state.settings = settings  # not a dependency override: those cost on every request
    problems.install(app)
    app.add_middleware(BodyLimit, limit=lambda: current_settings(app).max_body_bytes)
    app.add_middleware(metrics.Measured)  # outermost: refusals and 413s are counted too
    for module in (
        health,
        metrics,
        check,
        jobs,
        remittances,
        rules,
        packs,
        states,
        decisions,
        page,
        page_remit,
        page_results,
        docs,
    ):
        app.include_router(module.router)
    page.mount_static(app)
    docs.mount_assets(app)
    openapi.install(app)
    return app
