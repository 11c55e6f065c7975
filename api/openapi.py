"""The OpenAPI document's hand-written parts: the 837 request body and the result's schema.

`POST /v1/check` reads its body itself (it is X12, not JSON), so its request body is described
here; its JSON answer is the engine's `peerclaims.result/1` document, whose JSON Schema
(`peerclaims schema`) is added to the components as `CheckResult` (its parts as `Result*`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from peerclaims.api.problems import PROBLEM_MEDIA_TYPE
from peerclaims.api.schemas import JobOut, ProblemDetail
from peerclaims.engine.result import json_schema

X12_MEDIA_TYPE: Final = "application/edi-x12"
RESULT_SCHEMA: Final = "CheckResult"
DECISION_HEADER: Final = "X-Peerclaims-Decision"
"""Response header of `POST /v1/check` naming its decision record (`GET /v1/decisions/{id}`)."""

_X12_TEXT = {
    "type": "string",
    "description": "An X12 837P interchange (005010X222A1), ISA to IEA.",
}

CHECK_REQUEST_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "description": "The 837 to check, as sent (at most PEERCLAIMS_MAX_BODY_BYTES).",
        "content": {
            X12_MEDIA_TYPE: {"schema": _X12_TEXT},
            "text/plain": {"schema": _X12_TEXT},
        },
    }
}


def problem(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for a problem document."""
    return {
        "description": description,
        "model": ProblemDetail,
        "content": {PROBLEM_MEDIA_TYPE: {}},
    }


AUTH_PROBLEMS: Final[dict[int | str, dict[str, Any]]] = {
    401: problem("No API key, or not a valid one"),
    422: problem("A parameter is not valid"),
}
"""The responses every `/v1` route may give besides its own (FastAPI's 422 replaced)."""

CHECK_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": (
            "The decision: the `peerclaims.result/1` document (format json), or a 999 or "
            "277CA acknowledgment. Rejected claims are part of a successful answer."
        ),
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{RESULT_SCHEMA}"}},
            X12_MEDIA_TYPE: {"schema": {"type": "string"}},
        },
        "headers": {
            DECISION_HEADER: {
                "description": "Id of the decision record (GET /v1/decisions/{id})",
                "schema": {"type": "string"},
            }
        },
    },
    202: {
        "description": (
            "A large body (past PEERCLAIMS_JOB_MIN_BYTES), or one sent with `Prefer: "
            "respond-async`, runs as a job on the service's workers: poll `Location` "
            "(GET /v1/jobs/{job_id}) until it is done, then GET its `result`, which is this "
            "operation's answer byte for byte. Only when the service runs jobs."
        ),
        "model": JobOut,
        "headers": {
            "Location": {
                "description": "The job's status: /v1/jobs/{job_id}",
                "schema": {"type": "string"},
            },
            "Retry-After": {
                "description": "Seconds to wait before polling",
                "schema": {"type": "integer"},
            },
            "Preference-Applied": {
                "description": "`respond-async` when the request asked for it",
                "schema": {"type": "string"},
            },
        },
    },
    **AUTH_PROBLEMS,
    403: problem("A claim of the input is outside the key's scope; nothing was checked"),
    413: problem("The body is larger than PEERCLAIMS_MAX_BODY_BYTES"),
    415: problem("The body is not sent as application/edi-x12 or text/plain"),
    422: problem("The input cannot be read as X12, or a query parameter is not valid"),
    503: problem("The store cannot be used, or (a job) the workers cannot be reached"),
}

JOB_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The job's status (with `Retry-After` while it has not finished)",
        "model": JobOut,
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before polling again (queued or running)",
                "schema": {"type": "integer"},
            }
        },
    },
    **AUTH_PROBLEMS,
    404: problem("No such job for this key (never made, removed, or another key's)"),
    503: problem("The store cannot be used"),
}

JOB_RESULT_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: CHECK_RESPONSES[200],
    **AUTH_PROBLEMS,
    403: problem("The job's input had a claim outside the key's scope; nothing was checked"),
    404: problem("No such job for this key (never made, removed, or another key's)"),
    409: problem("The job has not finished: poll GET /v1/jobs/{job_id}"),
    422: problem("The job's input cannot be read as X12, or a parameter is not valid"),
    500: problem("The job failed on its worker (the detail says why in one line)"),
    503: problem("The store cannot be used"),
}

_REF = re.compile(r"^#/\$defs/(.+)$")


def _result_components() -> dict[str, Any]:
    """The result's JSON Schema as OpenAPI components, its `$defs` renamed `Result<Name>`."""
    schema = json_schema()
    defs = schema.pop("$defs", {})
    schema.pop("$id", None)
    schema.pop("$schema", None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for name, value in node.items():
                match = _REF.match(value) if name == "$ref" and isinstance(value, str) else None
                out[name] = (
                    f"#/components/schemas/Result{match.group(1)}" if match else rewrite(value)
                )
            return out
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    components = {f"Result{name}": rewrite(body) for name, body in defs.items()}
    components[RESULT_SCHEMA] = rewrite(schema)
    return components


def install(app: FastAPI) -> None:
    """Make `app.openapi()` add the result's schema to the generated document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                _result_components()
            )
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
