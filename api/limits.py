"""The request body limit (`PEERCLAIMS_MAX_BODY_BYTES`), enforced before anything parses a body.

A pure ASGI middleware: a `Content-Length` past the limit is answered 413 at once, without
reading the body; otherwise the body is counted as it streams in, and the read that passes the
limit raises `BodyTooLarge` (a 413 problem) inside whatever was reading it, so a chunked upload
cannot slip past either.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peerclaims.api.problems import ApiProblem, BodyTooLarge, problem_response, too_large
from peerclaims.engine.x12.numbers import whole_number

_LENGTH_DIGITS = 18
"""The longest Content-Length read as a number (far beyond any body limit); longer is refused."""


class BodyLimit:
    """Refuse bodies longer than `limit()` bytes (asked per request, so tests may vary it)."""

    def __init__(self, app: ASGIApp, limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the body as the application reads it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit()
        declared = _content_length(scope)
        if declared == -1:
            bad = ApiProblem(
                status.HTTP_400_BAD_REQUEST, "content-length", "Content-Length is not a number"
            )
            await problem_response(bad, f"{scope.get('method', '')} (body read)")(
                scope, receive, send
            )
            return
        if declared is not None and declared > limit:
            where = f"{scope.get('method', '')} (body read)"
            await problem_response(too_large(limit), where)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    """The declared body length; None when not declared, -1 when not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            length = whole_number(text, _LENGTH_DIGITS)
            return -1 if length is None else length
    return None
