"""uvicorn glue for `peerclaims serve`: HTTP/1.1 (h11) with TCP_NODELAY on every connection, and
one metrics folder shared by the workers (`shared_metrics`).

uvicorn's multi-worker supervisor binds the listening socket itself with `proto` 0; accepted
sockets inherit it and asyncio then skips TCP_NODELAY (it checks `proto == IPPROTO_TCP`), so
every keep-alive response waits ~40 ms for the client's delayed ACK (Kludex/uvicorn#3149, open).
`NoDelayH11Protocol` sets the option on each connection, whatever bound the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with Nagle's algorithm off on TCP connections."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Turn TCP_NODELAY on, then start serving the connection."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


METRICS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextlib.contextmanager
def shared_metrics(workers: int) -> Iterator[None]:
    """With several workers, a new empty `PROMETHEUS_MULTIPROC_DIR` for them (inherited by the
    worker processes), removed when the server stops, so `/metrics` sums every worker's counts
    (api/metrics.py). One worker, or a folder the environment already names: nothing changes."""
    if workers < 2 or os.environ.get(METRICS_VARIABLE):
        yield
        return
    folder = tempfile.mkdtemp(prefix="peerclaims-metrics-")
    os.environ[METRICS_VARIABLE] = folder
    try:
        yield
    finally:
        os.environ.pop(METRICS_VARIABLE, None)
        shutil.rmtree(folder, ignore_errors=True)
