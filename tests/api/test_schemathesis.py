"""Property-based tests of the API against its own OpenAPI document (schemathesis, ASGI).

Every operation is called in process with generated parameters and bodies and a valid key; every
answer must conform to the document (status, content type, headers, schema) and never be a 500,
and auth must be enforced (schemathesis' `ignored_auth` probes). `positive_data_acceptance` is
left out: the document can say the body is X12 text, not that it is a readable 837, so a
schema-valid random string is rightly a 422.

The document is read at import from a fresh app (that touches no store); the calls go to the
session's app on its test store, through `LATE`, which the fixture points at it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.types import ASGIApp, Receive, Scope, Send

from peerclaims.api.main import create_app

from .conftest import Keys, bearer

schemathesis.serializer.alias("application/edi-x12", "text/plain")


class _Late:
    """An ASGI app forwarding to `target`, set once the session's app exists."""

    def __init__(self, target: ASGIApp) -> None:
        self.target = target

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.target(scope, receive, send)


LATE = _Late(create_app())
schema = schemathesis.openapi.from_asgi("/openapi.json", LATE)


@pytest.fixture(autouse=True)
def _calls_go_to_the_session_app(app: FastAPI, keys: Keys) -> Iterator[None]:
    del keys  # the keys must be in the store before any call
    LATE.target = app
    yield


@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, keys: Keys) -> None:
    """No 500, and every answer matches the document, for generated requests with a valid key.

    A negative case whose invalid part is the missing `Authorization` header is sent without
    a key (it must be refused): adding the key back would make it a valid request, which
    schemathesis would still count as invalid data wrongly accepted.
    """
    headers = bearer(keys.submitter_all)
    if _without_auth_on_purpose(case):
        headers = {}
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])


def _without_auth_on_purpose(case: schemathesis.Case) -> bool:
    meta = case.meta
    if meta is None:
        return False
    header = meta.components.get(ParameterLocation.HEADER)
    negative = header is not None and header.mode is GenerationMode.NEGATIVE
    return negative and "authorization" not in {name.lower() for name in case.headers or {}}
