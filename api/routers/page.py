"""The web page at `/`: sign in with a key, upload or paste an 837, read the result as tables;
and at `/states`, "What we check in your state" (engine/states.py) for the state picked.

The forms are server-rendered (Jinja2); the page's scripts (api/static/page.js) check each chosen
or dropped file with `POST /page/check`, showing upload progress and the time spent checking. The
server keeps the result (api/kept.py) and answers it without its claims, with the first page of
claims; the script (api/static/result.js) renders the summary and the worklist (findings grouped
by problem) first, then the claims a page at a time, each page fetched from the kept result
(api/routers/page_results.py, with search), and the downloads are links to the kept files: the
browser never holds a whole 10,000-claim result. Without the scripts the form still posts to
`/`, which shows the summary and the first page of claims.
Nothing is loaded from elsewhere. The key is kept in an HttpOnly, SameSite=Strict cookie after
signing in (it is the caller's own secret; no server-side session), and a form posted from another
origin is refused. The page checks through the same service as `POST /v1/check` (same scope rules,
same decision records). The home page lists the key's past checks (`GET /v1/decisions`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile

from peerclaims.api.checking import OutputFormat
from peerclaims.api.dependencies import ServiceDep, SettingsDep
from peerclaims.api.kept import kept_results, shortened
from peerclaims.api.openapi import DECISION_HEADER
from peerclaims.api.problems import ApiProblem
from peerclaims.api.routers.decisions import decision_page
from peerclaims.api.routers.page_shared import (
    COOKIE,
    HERE,
    MAX_FILES,
    SignedIn,
    file_name,
    render,
    same_origin,
)
from peerclaims.api.routers.states import visible_states
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.states import states_report

router = APIRouter(include_in_schema=False)

PASTED_NAME = "<pasted>"
"""The file name of pasted text in the result."""
FALLBACK_CLAIMS = 25
"""How many claims the page shows without its script (the rest are in the API's answer)."""
HISTORY_PAGE = 20
"""How many past checks the home page lists at a time."""
CLAIMS_PAGE = 25
"""How many claims the page's script shows at a time (and gets with the check's answer)."""
GROUP_CLAIMS = 50
"""How many claims of each worklist group the page gets with the answer, and then each time
it asks for more."""
RESULTS_PATH = "/page/results"
"""Where the kept results are read (api/routers/page_results.py)."""


def mount_static(app: FastAPI) -> None:
    """Serve the page's stylesheet and script under `/static`."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def _history(service: ServiceDep, key: ApiKey | None, offset: int = 0) -> dict[str, Any]:
    if key is None:
        return {}
    return {"history": decision_page(service, key.key_id, HISTORY_PAGE, offset)}


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    key: SignedIn,
    service: ServiceDep,
    older: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HTMLResponse:
    """The sign-in form, or (signed in) the form to check an 837 and the key's past checks
    (`older` skips that many newer ones)."""
    return render(request, {"key": key, **_history(service, key, older)})


@dataclass(frozen=True, slots=True)
class SignInForm:
    """The sign-in form's one field."""

    secret: str


async def _sign_in_form(request: Request) -> SignInForm:
    same_origin(request)
    form = await request.form(max_files=0, max_fields=4)
    value = form.get("key")
    return SignInForm(secret=value.strip() if isinstance(value, str) else "")


@router.post("/signin", response_class=HTMLResponse)
def sign_in(
    request: Request,
    form: Annotated[SignInForm, Depends(_sign_in_form)],
    service: ServiceDep,
    settings: SettingsDep,
) -> Response:
    """Keep a valid key in a cookie and go to the check form; otherwise say it is not valid."""
    key = service.authenticate(form.secret) if form.secret else None
    if key is None:
        return render(
            request,
            {"key": None, "error": "That API key is not valid (unknown, revoked or mistyped)."},
            status.HTTP_401_UNAUTHORIZED,
        )
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        COOKIE,
        form.secret,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies or request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/signout")
def sign_out(request: Request) -> Response:
    """Forget the key."""
    same_origin(request)
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE, path="/")
    return response


@dataclass(frozen=True, slots=True)
class CheckForm:
    """The check form: the 837's bytes and the name the result gives it."""

    data: bytes
    name: str
    record: bool


async def _check_form(request: Request, settings: SettingsDep) -> CheckForm:
    same_origin(request)
    form = await request.form(
        max_files=MAX_FILES, max_fields=4, max_part_size=settings.max_body_bytes
    )
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        name = file_name(upload.filename)
    else:
        text = form.get("text")
        data = text.encode("utf-8") if isinstance(text, str) else b""
        name = PASTED_NAME
    return CheckForm(data=data, name=name, record=form.get("record") == "on")


@router.post("/", response_class=HTMLResponse)
def check_page(
    request: Request,
    form: Annotated[CheckForm, Depends(_check_form)],
    key: SignedIn,
    service: ServiceDep,
) -> HTMLResponse:
    """Without the page's script: check the first uploaded file or the pasted 837 and show the
    summary and the first claims."""
    if key is None:
        return render(
            request,
            {"key": None, "error": "Sign in with an API key first."},
            status.HTTP_401_UNAUTHORIZED,
        )
    if not form.data.strip():
        return render(
            request,
            {"key": key, "error": "Choose an 837 file or paste one."},
            status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    try:
        answer = service.check(key, form.data, form.name, OutputFormat.json, record=form.record)
    except ApiProblem as problem:
        return render(request, {"key": key, "error": problem.detail}, problem.status_code)
    result = json.loads(answer.text)
    context = {
        "key": key,
        "result": result,
        "file_name": form.name,
        "shown_claims": result["claims"][:FALLBACK_CLAIMS],
        "decision_id": answer.decision.decision_id,
        **_history(service, key),
    }
    response = render(request, context)
    response.headers[DECISION_HEADER] = answer.decision.decision_id
    return response


@router.post("/page/check")
def check_for_page(
    request: Request,
    form: Annotated[CheckForm, Depends(_check_form)],
    key: SignedIn,
    service: ServiceDep,
    settings: SettingsDep,
) -> Response:
    """The page's script: check one file, keep its result on the server (api/kept.py), and
    answer the result without its claims (`head`), the first page of claims, how many there
    are, the file's name, and where the claims and the downloads are."""
    if key is None:
        return _json_problem(status.HTTP_401_UNAUTHORIZED, "Sign in with an API key first.")
    if not form.data.strip():
        return _json_problem(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{form.name}: the file is empty."
        )
    try:
        answer = service.check(key, form.data, form.name, OutputFormat.json, record=form.record)
    except ApiProblem as problem:
        return _json_problem(problem.status_code, f"{form.name}: {problem.detail}")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "", Path(form.name).stem) or "result"
    decision_id = answer.decision.decision_id
    meta = {
        "file": form.name,
        "bytes": len(form.data),
        "decision_id": decision_id,
        "created": answer.decision.created.isoformat(),
        "json_name": f"{stem}.result.json",
        "ack_name": f"{stem}.277ca.x12",
    }
    kept = kept_results(settings.data_dir, settings.page_results_hours)
    ack = service.render(answer.checked, OutputFormat.ack277ca)
    head = shortened(kept.keep(decision_id, key.key_id, meta, answer.text, ack), GROUP_CLAIMS)
    first = kept.claims(decision_id, key.key_id, 0, CLAIMS_PAGE)
    assert first is not None  # just kept, for this key
    body = {
        **meta,
        "head": head,
        "claims": first.claims,
        "claims_total": first.total,
        "json_url": f"{RESULTS_PATH}/{decision_id}/result.json",
        "ack_url": f"{RESULTS_PATH}/{decision_id}/ack277ca.x12",
        "claims_url": f"{RESULTS_PATH}/{decision_id}/claims",
        "groups_url": f"{RESULTS_PATH}/{decision_id}/groups",
    }
    response = JSONResponse(body, headers={DECISION_HEADER: decision_id})
    response.headers["Cache-Control"] = "no-store"
    return response


def _json_problem(status_code: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status_code)


@router.get("/states", response_class=HTMLResponse)
def states_page(
    request: Request,
    key: SignedIn,
    service: ServiceDep,
    state: Annotated[str | None, Query(max_length=8)] = None,
) -> HTMLResponse:
    """What we check in your state: pick a state, read its populations with their evidence,
    the rules in force by kind, and what is not checked."""
    if key is None:
        return render(
            request,
            {"key": None, "error": "Sign in with an API key first."},
            status.HTTP_401_UNAUTHORIZED,
        )
    report = states_report(service.packs, date.today(), only=visible_states(key))
    wanted = (state or "").strip().upper()
    chosen = next((view for view in report.states if view.state == wanted), None)
    context: dict[str, Any] = {"key": key, "report": report, "chosen": chosen}
    if wanted and chosen is None:
        context["error"] = f"{wanted[:8]} is not a state or DC this key may see."
        return render(request, context, status.HTTP_404_NOT_FOUND, template="states.html")
    return render(request, context, template="states.html")
