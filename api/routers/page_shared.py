"""What the server-rendered pages share (`/` and `/states` in page.py, `/remittances` in
page_remit.py): the templates and the security headers they are sent with, the same-origin check
of a posted form, the signed-in key (from its cookie), and an uploaded file's name as shown."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from peerclaims.api.dependencies import ServiceDep
from peerclaims.api.problems import ApiProblem
from peerclaims.engine.reference.keys import ApiKey

COOKIE = "peerclaims_key"
HERE = Path(__file__).resolve().parent.parent
"""The api package folder (templates/, static/)."""
MAX_FILES = 20
"""Files one form may carry (the page's script sends them one by one; without it, the first
file is checked)."""
_MAX_NAME = 200
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@functools.cache
def templates() -> Jinja2Templates:
    """The pages' Jinja2 templates (api/templates), loaded once."""
    return Jinja2Templates(directory=HERE / "templates")


def render(
    request: Request,
    context: dict[str, Any],
    status_code: int = status.HTTP_200_OK,
    template: str = "index.html",
) -> HTMLResponse:
    """A page from its template, with the security headers."""
    response = templates().TemplateResponse(request, template, context, status_code=status_code)
    response.headers.update(_SECURITY_HEADERS)
    return response


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (the cookie is SameSite=Strict as well)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return
    expected = f"{request.url.scheme}://{request.url.netloc}"
    if origin != expected:
        raise ApiProblem(
            status.HTTP_403_FORBIDDEN, "cross-origin", "a form from another site was refused"
        )


async def _signed_in(request: Request, service: ServiceDep) -> ApiKey | None:
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    return service.cached_key(secret) or await run_in_threadpool(service.authenticate, secret)


SignedIn = Annotated[ApiKey | None, Depends(_signed_in)]


def file_name(filename: str) -> str:
    """The base name of an uploaded file, printable, at most 200 characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable())[:_MAX_NAME]
    return clean or "<upload>"
