"""Errors as problem responses (RFC 9457 shape): every refusal is `code`, `detail`, `position`.

    ApiProblem            raised by routes and dependencies; becomes its own response
    BodyTooLarge          raised while a body is read past the configured limit (413)

`install(app)` registers the handlers that turn these, FastAPI's request validation errors,
Starlette's HTTP errors (404 route, 405 method), store and pack errors, and anything unexpected
into `application/problem+json` bodies. No traceback, request body or claim value is ever put
in a problem or a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from peerclaims.api.schemas import ProblemDetail, ProblemPosition
from peerclaims.engine import shown
from peerclaims.engine.errors import DataError, InputError
from peerclaims.engine.findings import Position
from peerclaims.engine.reference.store import StoreError

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("peerclaims.api")


class ApiProblem(Exception):  # noqa: N818 - it is a response, named as RFC 9457 names it
    """A refusal with its HTTP status, a stable code, a one-line detail and an input position.

    The detail is shown as every message is (`shown.line`): escaped, one line, cut short.
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        detail: str,
        position: ProblemPosition | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        detail = shown.line(detail)
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail
        self.position = position
        self.headers = dict(headers or {})

    @classmethod
    def unreadable(cls, exc: InputError) -> ApiProblem:
        """422 for an 837 that cannot be read as X12: the reader's one-line message and place."""
        return cls(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            exc.code,
            str(exc),
            ProblemPosition(line=exc.line, segment=None, byte=exc.offset),
        )

    def body(self) -> ProblemDetail:
        """The problem document."""
        return ProblemDetail(
            title=_title(self.status_code),
            status=self.status_code,
            code=self.code,
            detail=self.detail,
            position=self.position,
        )


class BodyTooLarge(Exception):  # noqa: N818 - named for the situation, like the 413 it gives
    """A request body is longer than the limit; raised from the body stream as it is read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit


def position_of(position: Position | None) -> ProblemPosition | None:
    """A finding's position in the input as a problem names it (no file name)."""
    if position is None:
        return None
    return ProblemPosition(line=position.line, segment=position.segment, byte=position.byte)


def _title(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Error"


def problem_response(problem: ApiProblem, request: str = "") -> JSONResponse:
    """The response of a problem: its status, `application/problem+json`, its headers.

    The refusal is logged with `request` (method and route template, never the query, the
    body or the detail, which may quote claim content) and its status and code."""
    log.info("refused %s: %d %s", request or "request", problem.status_code, problem.code)
    return JSONResponse(
        problem.body().model_dump(mode="json"),
        status_code=problem.status_code,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def too_large(limit: int) -> ApiProblem:
    """413 for a body past the limit."""
    return ApiProblem(
        status.HTTP_413_CONTENT_TOO_LARGE,
        "too-large",
        f"the request body is larger than the limit of {limit} bytes (PEERCLAIMS_MAX_BODY_BYTES)",
    )


def _request(request: Request) -> str:
    """`POST /v1/check`: the method and the route's template (no ids, no query), for logs."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or "(no route)"
    return f"{request.method} {path}"


async def _api_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc, _request(request))


async def _body_too_large(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BodyTooLarge)
    return problem_response(too_large(exc.limit), _request(request))


_HTTP_CODES = {
    status.HTTP_401_UNAUTHORIZED: "unauthorized",
    status.HTTP_403_FORBIDDEN: "forbidden",
    status.HTTP_404_NOT_FOUND: "not-found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method-not-allowed",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    if exc.status_code == status.HTTP_404_NOT_FOUND and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
    elif exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        detail = f"{request.method} is not allowed on {request.url.path}"
    code = _HTTP_CODES.get(exc.status_code, "http")
    return problem_response(
        ApiProblem(exc.status_code, code, detail, headers=getattr(exc, "headers", None)),
        _request(request),
    )


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    detail = "; ".join(parts) or "the request is not valid"
    return problem_response(
        ApiProblem(status.HTTP_422_UNPROCESSABLE_CONTENT, "request", detail), _request(request)
    )


def store_problem() -> ApiProblem:
    """503: the store cannot be used (its error is logged, not shown)."""
    return ApiProblem(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        "store",
        "the store cannot be used just now; try again later",
    )


def data_problem() -> ApiProblem:
    """500: the rule packs or reference data cannot be used (logged, not shown)."""
    return ApiProblem(
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        "data",
        "the rule packs or reference data of the service cannot be used; see its log",
    )


def internal_problem(exc: BaseException) -> ApiProblem:
    """500 for anything unexpected: its type only, never its message."""
    return ApiProblem(
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        "internal",
        f"internal error ({type(exc).__name__}); please report it",
    )


def problem_document(problem: ApiProblem) -> str:
    """The problem's document as `problem_response` sends it, byte for byte (a job keeps it)."""
    return bytes(JSONResponse(problem.body().model_dump(mode="json")).body).decode("utf-8")


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("store unavailable: %s", shown.line(str(exc)))
    return problem_response(store_problem())


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("rule packs or reference data unusable: %s", shown.line(str(exc)))
    return problem_response(data_problem())


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "internal error (%s) on %s %s",
        type(exc).__name__,
        request.method,
        shown.line(request.url.path),
    )
    return problem_response(internal_problem(exc))


def install(app: FastAPI) -> None:
    """Register the problem handlers on `app`."""
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(BodyTooLarge, _body_too_large)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(Exception, _unexpected)
