"""`GET /metrics`: the service's counters for Prometheus (prometheus-client's text format).

    peerclaims_http_requests_total{method,route,status}       requests answered
    peerclaims_http_request_duration_seconds{method,route}    how long they took (histogram)
    peerclaims_claims_checked_total{status}                   claims checked: accepted,
                                                              accepted_not_fully_checked, rejected
    peerclaims_findings_total{rule,severity}                  findings, by rule
    peerclaims_jobs_total{status}                             jobs submitted, and ended: done,
                                                              failed (gone: purged first)

Labels are bounded: `route` is the route's template (`/v1/decisions/{decision_id}`, `unmatched`
for a path no route serves), never the path a client sent; `method` is one of the HTTP methods
or `OTHER`; `rule` is a rule id of the loaded packs. No claim, member, key or decision id, and no
amount, is ever a label: nothing here is PHI.

No key is needed, as for `/health`: Prometheus scrapes without one, and the numbers are counts
across every key. Reach it only from the monitoring network (a reverse proxy that does not
forward `/metrics`) where even the service's volume should stay private.

With `serve --workers N` (N > 1) each worker is a process of its own: `serve` gives them a fresh
shared folder in `PROMETHEUS_MULTIPROC_DIR` (api/server.py), and any worker's `/metrics` then
answers the sum over all of them (prometheus-client's multiprocess mode). With one worker, or
when a test builds the app in its own process, the counts are that process's. A job's claims
are checked on a Dask worker (api/job_task.py), whose counters are its own: here the job is
counted (`peerclaims_jobs_total`), by the process that submitted it.
"""

from __future__ import annotations

import os
import time
from collections import Counter as Tally

from fastapi import APIRouter, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peerclaims.engine.result import Result

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"

REQUESTS = Counter(
    "peerclaims_http_requests",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "peerclaims_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
CLAIMS = Counter(
    "peerclaims_claims_checked",
    "Claims checked (API and page): accepted (fully checked), accepted_not_fully_checked, "
    "rejected.",
    ["status"],
)
FINDINGS = Counter(
    "peerclaims_findings",
    "Findings on checked claims, by rule id and severity.",
    ["rule", "severity"],
)

JOBS = Counter(
    "peerclaims_jobs",
    "Jobs (large checks run on the Dask workers): submitted by this service, and ended as "
    "seen by the process that submitted them: done, failed, gone.",
    ["status"],
)

router = APIRouter(tags=["health"])


def claim_status(status: str, fully_checked: bool) -> str:
    """The `status` label of a claim: rejected, accepted or accepted_not_fully_checked."""
    if status == "accepted" and not fully_checked:
        return "accepted_not_fully_checked"
    return status


def count_checked(result: Result) -> None:
    """Add one checked result's claims and findings to the counters."""
    statuses: Tally[str] = Tally()
    findings: Tally[tuple[str, str]] = Tally()
    for claim in result.claims:
        statuses[claim_status(claim.status, claim.fully_checked)] += 1
        findings.update((finding.rule_id, finding.severity) for finding in claim.findings)
    for status, count in statuses.items():
        CLAIMS.labels(status=status).inc(count)
    for (rule, severity), count in findings.items():
        FINDINGS.labels(rule=rule, severity=severity).inc(count)


class Measured:
    """ASGI middleware: count every HTTP request and time it, by route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; count it when its answer is sent (500 if none was started)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            route = getattr(scope.get("route"), "path", None) or UNMATCHED
            REQUESTS.labels(method=method, route=route, status=str(status)).inc()
            LATENCY.labels(method=method, route=route).observe(time.perf_counter() - started)


def _registry() -> CollectorRegistry:
    """This process's registry, or one summing every worker's files in multiprocess mode."""
    if not os.environ.get(MULTIPROCESS_VARIABLE):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """The counters in Prometheus's text format (no key: counts only, no PHI)."""
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
