"""uvicorn glue for `peerclaims serve`: HTTP/1.1 (h11), TCP_NODELAY, idle connections closed,
one metrics folder shared by the workers (`shared_metrics`), and the Dask workers that run the
service's jobs (`job_cluster`).

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
import threading
from collections.abc import Callable, Iterator
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from peerclaims.api.jobs import LOCAL_CLUSTER_VARIABLE
from peerclaims.api.settings import ApiSettings, get_settings


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


SCHEDULER_VARIABLE = "PEERCLAIMS_DASK_SCHEDULER"


@contextlib.contextmanager
def job_cluster(settings: ApiSettings) -> Iterator[str | None]:
    """The Dask scheduler the service's jobs go to, for as long as the server runs.

    A scheduler the settings name is used as it is. Otherwise, unless `job_workers` is 0 (no
    jobs), a local cluster of `job_workers` worker processes is started here, once, before
    uvicorn starts its workers: its address goes to them in `PEERCLAIMS_DASK_SCHEDULER` (they
    inherit the environment; the settings read before are read again; `LOCAL_CLUSTER_VARIABLE`
    tells them the cluster stops with the server), and the cluster is stopped when the server
    stops, after the workers have marked their unfinished jobs failed. The workers build their
    service (packs, rules) at once, while uvicorn starts. Yields the address (None: no jobs).
    """
    if settings.dask_scheduler is not None or settings.job_workers == 0:
        yield settings.dask_scheduler if settings.job_workers > 0 else None
        return
    from peerclaims.api.job_task import warm  # noqa: PLC0415 - Dask, for jobs
    from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415 - Dask, for jobs

    client = Cluster(jobs=settings.job_workers).client()
    address = str(client.scheduler.address)  # type: ignore[union-attr]
    os.environ[SCHEDULER_VARIABLE] = address
    os.environ[LOCAL_CLUSTER_VARIABLE] = address
    get_settings.cache_clear()
    try:
        # the workers load the packs while uvicorn starts (the settings the service sends them)
        threading.Thread(target=_warm, args=(client, warm, get_settings()), daemon=True).start()
        yield address
    finally:
        os.environ.pop(SCHEDULER_VARIABLE, None)
        os.environ.pop(LOCAL_CLUSTER_VARIABLE, None)
        get_settings.cache_clear()
        close(client)


def _warm(client: Any, warm: Callable[[ApiSettings], None], settings: ApiSettings) -> None:
    """Have every worker build its service; a failure here is the first job's to report."""
    with contextlib.suppress(Exception):
        client.run(warm, settings)
