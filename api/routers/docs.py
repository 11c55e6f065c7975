"""The interactive OpenAPI documentation at `/docs`: Swagger UI served by the service itself.

FastAPI's default `/docs` page loads Swagger UI's script and style from a CDN; here they come
from the `swagger-ui-bundle-v2` package (Swagger UI 5, which reads OpenAPI 3.1 as FastAPI
writes it), mounted under `/docs/assets`, following FastAPI's "Custom Docs UI Static Assets
(Self-Hosting)". The page loads nothing from elsewhere, and its Content-Security-Policy says so
(its one inline script is allowed by its hash). ReDoc (`/redoc`) is not served: it would
need its script from a CDN or one more package, and Swagger UI already shows the document.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path
from typing import Final

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # no py.typed

router = APIRouter(include_in_schema=False)

DOCS_URL: Final = "/docs"
ASSETS_URL: Final = "/docs/assets"
OAUTH2_REDIRECT_URL: Final = "/docs/oauth2-redirect"
_PARAMETERS: Final = {"validatorUrl": None}
"""Swagger UI settings besides FastAPI's defaults: no badge from the online validator."""
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def assets_dir() -> Path:
    """The folder of Swagger UI's distribution files, as the installed package ships them."""
    return Path(str(swagger_ui_path))


def mount_assets(app: FastAPI) -> None:
    """Serve Swagger UI's script, style and icons under `/docs/assets`."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="swagger-ui")


@functools.cache
def _policy(inline_script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(inline_script.encode("utf-8")).digest()).decode()
    return (
        f"default-src 'none'; script-src 'self' 'sha256-{digest}'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _secured(page: HTMLResponse) -> HTMLResponse:
    """The page with a Content-Security-Policy allowing only this host and its inline script."""
    scripts = _INLINE_SCRIPT.findall(bytes(page.body).decode("utf-8"))
    policy = _policy(scripts[0]) if len(scripts) == 1 else "default-src 'self'"
    page.headers["Content-Security-Policy"] = policy
    page.headers["X-Content-Type-Options"] = "nosniff"
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


@router.get(DOCS_URL)
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI on this service's OpenAPI document, with its assets from this host."""
    root = str(request.scope.get("root_path", "")).rstrip("/")
    app = request.app
    assert isinstance(app, FastAPI)
    page = get_swagger_ui_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_URL}/favicon-32x32.png",
        oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT_URL}",
        swagger_ui_parameters=_PARAMETERS,
    )
    return _secured(page)


@router.get(OAUTH2_REDIRECT_URL)
async def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 redirect page (self-contained)."""
    return get_swagger_ui_oauth2_redirect_html()
