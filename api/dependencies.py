"""What routes depend on, as `Annotated` aliases: settings, the service, the caller's key, the body.

- `SettingsDep`: the settings (`create_app`'s, else `get_settings()`, overridable in tests);
- `ServiceDep`: the worker's service, built on first use from the settings;
- `KeyDep`: the API key of `Authorization: Bearer <secret>` (401 without a valid one);
- `X12Body`: the body, when sent as `application/edi-x12` or `text/plain` (else 415);
- `strict_query`: a router dependency refusing an unknown or repeated query parameter (422).
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Depends, FastAPI, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from peerclaims.api.problems import ApiProblem
from peerclaims.api.service import Service, ServiceHolder
from peerclaims.api.settings import ApiSettings, get_settings
from peerclaims.engine.reference.keys import ApiKey

X12_MEDIA_TYPES: Final = ("application/edi-x12", "text/plain")
"""The media types `POST /v1/check` reads (a request without Content-Type is read as X12)."""


def current_settings(app: FastAPI) -> ApiSettings:
    """The settings as routes see them: a test's override of `get_settings`, else the settings
    given to `create_app`, else the environment's (`get_settings()`)."""
    override = app.dependency_overrides.get(get_settings)
    settings = override() if override is not None else getattr(app.state, "settings", None)
    if settings is None:
        settings = get_settings()
    assert isinstance(settings, ApiSettings)
    return settings


async def request_settings(request: Request) -> ApiSettings:
    """The settings of the request's app.

    An `async def` on purpose: FastAPI runs a plain `def` dependency in its thread pool, one
    more thread hop on every request for a cached value.
    """
    return current_settings(request.app)


SettingsDep = Annotated[ApiSettings, Depends(request_settings)]


async def get_service(request: Request, settings: SettingsDep) -> Service:
    """The worker's service; built (in a worker thread: it loads packs) on the first request."""
    holder = request.app.state.services
    assert isinstance(holder, ServiceHolder)
    service = holder.current(settings)
    if service is None:
        service = await run_in_threadpool(holder.get, settings)
    return service


ServiceDep = Annotated[Service, Depends(get_service)]

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key made by `peerclaims keys create`: `Authorization: Bearer pck_...`",
)


def unauthorized(detail: str) -> ApiProblem:
    """401 with the `WWW-Authenticate` challenge."""
    return ApiProblem(
        status.HTTP_401_UNAUTHORIZED,
        "unauthorized",
        detail,
        headers={"WWW-Authenticate": 'Bearer realm="peerclaims"'},
    )


async def get_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    service: ServiceDep,
) -> ApiKey:
    """The caller's key; 401 when none is presented or it is unknown or revoked.

    A key this worker trusts already costs no store query and no thread hop.
    """
    if credentials is None:
        raise unauthorized("an API key is required: send Authorization: Bearer <secret>")
    secret = credentials.credentials
    key = service.cached_key(secret)
    if key is None:
        key = await run_in_threadpool(service.authenticate, secret)
    if key is None:
        raise unauthorized("the API key is not valid (unknown, revoked or mistyped)")
    return key


KeyDep = Annotated[ApiKey, Depends(get_key)]


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names a route (and its dependencies) declare."""
    names = {str(field.alias) for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def strict_query(request: Request) -> None:
    """Refuse (422) a query parameter the operation does not declare, or one given twice.

    A mistyped `?fromat=999` must not quietly answer JSON.
    """
    route = request.scope.get("route")
    known = _query_names(route.dependant) if isinstance(route, APIRoute) else set()
    names = [name for name, _ in request.query_params.multi_items()]
    for name in names:
        shown = ascii(name)[1:-1][:40]
        if name not in known:
            accepted = ", ".join(sorted(known)) or "none"
            detail = f"query.{shown}: not a parameter of this operation (it takes: {accepted})"
        elif names.count(name) > 1:
            detail = f"query.{shown}: give this parameter once"
        else:
            continue
        raise ApiProblem(status.HTTP_422_UNPROCESSABLE_CONTENT, "request", detail)


async def read_x12_body(request: Request) -> bytes:
    """The body, when its media type is one `POST /v1/check` reads; 415 otherwise."""
    content_type = request.headers.get("content-type")
    if content_type is not None:
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type not in X12_MEDIA_TYPES:
            raise ApiProblem(
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                "media-type",
                f"send the 837 as {' or '.join(X12_MEDIA_TYPES)}, not {media_type or 'nothing'}",
            )
    return await request.body()


X12Body = Annotated[bytes, Depends(read_x12_body)]
