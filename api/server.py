"""uvicorn glue for `peerclaims serve`: HTTP/1.1 (h11), TCP_NODELAY, idle connections closed,
and one metrics folder shared by the workers (`shared_metrics`).

uvicorn's multi-worker supervisor binds the listening socket itself with `proto` 0; accepted
sockets inherit it and asyncio then skips TCP_NODELAY (it checks `proto == IPPROTO_TCP`), so
every keep-alive response waits ~40 ms for the client's delayed ACK (Kludex/uvicorn#3149, open).
`NoDelayH11Protocol` sets the option on each connection, whatever bound the socket.

uvicorn closes an idle keep-alive connection `timeout_keep_alive` seconds after its last
response, but starts no timer on a connection that has sent nothing yet: such connections stayed
open indefinitely (200 idle sockets held 200 file descriptors). The protocol here starts that
timer when the connection is made too; the first bytes received cancel it, as uvicorn does.
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
    """uvicorn's h11 protocol, with Nagle's algorithm off on TCP connections and a connection
    that never sends a request closed after the keep-alive timeout."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Turn TCP_NODELAY on, start serving the connection, and its idle timer."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in {socket.AF_INET, socket.AF_INET6}:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )


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
