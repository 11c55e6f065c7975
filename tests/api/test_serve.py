"""`peerclaims serve`: its HTTP protocol, and several workers sharing one PostgreSQL store.

The workers test runs when `PEERCLAIMS_TEST_DATABASE_URL` names a PostgreSQL test database (as
the store tests do): it gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from starlette.types import Receive, Scope, Send
from uvicorn.server import ServerState

from bench.race import claim_file
from peerclaims.api.server import NoDelayH11Protocol
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.store import Store

from .conftest import (
    NJ_BILLING_NPI,
    NJ_CLEAN,
    NJ_REJECTED,
    REFERENCE,
    cli,
    loaded_store,
    make_key,
    serving,
    settings_for,
    x12,
)

POSTGRES_ENV = "PEERCLAIMS_TEST_DATABASE_URL"
needs_postgres = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"
)


async def _no_app(scope: Scope, receive: Receive, send: Send) -> None:
    del scope, receive, send


def test_connections_get_tcp_nodelay_even_from_a_proto_0_listener() -> None:
    """The protocol `serve` uses turns Nagle off on sockets accepted from a listener bound as
    uvicorn's multi-worker supervisor binds it (proto 0), which asyncio leaves on (~40 ms per
    keep-alive response)."""
    seen: list[int] = []
    config = uvicorn.Config(_no_app, lifespan="off")
    config.load()

    class Probe(NoDelayH11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    async def connect_once() -> None:
        listener = socket.socket(socket.AF_INET)  # proto 0, as uvicorn's bind_socket() makes it
        listener.bind(("127.0.0.1", 0))
        assert listener.proto == 0
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: Probe(config=config, server_state=ServerState(), app_state={}), sock=listener
        )
        _, writer = await asyncio.open_connection(*listener.getsockname())
        for _ in range(50):
            if seen:
                break
            await asyncio.sleep(0.02)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(connect_once())
    assert seen == [1]


def test_a_connection_that_sends_nothing_is_closed_after_the_keep_alive_timeout() -> None:
    """Idle connections that never send a request are closed by the server (they stayed open
    indefinitely); one that sends a request is answered, not cut off by that timer."""
    config = uvicorn.Config(_no_app, lifespan="off", timeout_keep_alive=1)
    config.load()

    async def connect() -> tuple[list[bytes], float]:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: NoDelayH11Protocol(config=config, server_state=ServerState(), app_state={}),
            "127.0.0.1",
            0,
        )
        address = server.sockets[0].getsockname()
        start = loop.time()
        idle = [await asyncio.open_connection(*address) for _ in range(20)]
        got = [await asyncio.wait_for(reader.read(), timeout=10) for reader, _ in idle]
        waited = loop.time() - start
        for _, writer in idle:
            writer.close()
        server.close()
        await server.wait_closed()
        return got, waited

    got, waited = asyncio.run(connect())
    assert got == [b""] * 20  # end of stream: the server closed each one
    assert 0.9 <= waited < 8


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database, as a URL whose search_path is it."""
    base = make_url(os.environ[POSTGRES_ENV])
    schema = f"peerclaims_api_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@needs_postgres
def test_two_workers_share_the_store(postgres_url: str, tmp_path: Path) -> None:
    """Two workers answer concurrent checks; every decision is in the one store, once."""
    environment = {"PEERCLAIMS_DATABASE_URL": postgres_url}
    done = cli(tmp_path, "reference", "load", REFERENCE, env=environment)
    assert done.returncode == 0, done.stderr.decode()
    with Store(postgres_url) as store:
        _, secret = store.create_key("submitter", [NJ_BILLING_NPI])
    log = tmp_path / "serve.log"
    bodies = [NJ_CLEAN.read_bytes(), NJ_REJECTED.read_bytes()] * 40
    with serving(environment, log, "--workers", "2") as url:

        def check(body: bytes) -> tuple[int, str]:
            answer = httpx.post(f"{url}/v1/check", content=body, headers=x12(secret), timeout=60)
            return answer.status_code, answer.headers.get("x-peerclaims-decision", "")

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(check, bodies))
    assert {status for status, _ in answers} == {200}
    decisions = {decision for _, decision in answers}
    assert len(decisions) == len(bodies)
    with Store(postgres_url) as store:
        assert store.count_decisions() == len(bodies)
        assert all(store.decision(d) is not None for d in decisions)
    workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(workers) == 2


def test_a_large_check_runs_as_a_job_on_the_cluster_serve_starts(tmp_path: Path) -> None:
    """`serve` with no scheduler named starts a local cluster of PEERCLAIMS_JOB_WORKERS (1) and
    gives its address to the service: a body past PEERCLAIMS_JOB_MIN_BYTES is answered 202, runs
    on the worker, and its result is the check's (byte equality: tests/api/test_jobs.py)."""
    secret = make_key(settings_for(loaded_store(tmp_path)), "submitter", NJ_BILLING_NPI)
    data = NJ_REJECTED.read_bytes()
    environment = {
        "PEERCLAIMS_DATA_DIR": str(tmp_path),
        "PEERCLAIMS_JOB_WORKERS": "1",
        "PEERCLAIMS_JOB_MIN_BYTES": str(len(data) - 1),
    }
    log = tmp_path / "serve.log"
    with serving(environment, log) as url:
        small = httpx.post(f"{url}/v1/check", content=data[:-1], headers=x12(secret), timeout=60)
        accepted = httpx.post(
            f"{url}/v1/check", content=data, headers=x12(secret), params={"name": "<stdin>"}
        )
        assert accepted.status_code == 202, accepted.text
        status = accepted.json()
        deadline = time.monotonic() + 90
        while status["status"] not in {"done", "failed"}:
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
            polled = httpx.get(url + accepted.headers["Location"], headers=x12(secret))
            status = polled.json()
        result = httpx.get(url + status["result"], headers=x12(secret), timeout=60)
    assert small.status_code == 200  # at the threshold: answered at once
    assert status["status"] == "done", status
    assert result.status_code == 200
    assert result.headers["x-peerclaims-decision"] == status["decision_id"]
    assert result.json()["claims"][0]["status"] == "rejected"
    assert result.json()["claims"][0]["file"] == "<stdin>"


def test_the_server_answers_units_1e17_and_keeps_serving(tmp_path: Path) -> None:
    """Through the real server (one worker): SV104 1E17, which killed the worker before, gets a
    200 with its finding, and the same worker answers a normal check after it."""
    secret = make_key(settings_for(loaded_store(tmp_path)), "submitter", NJ_BILLING_NPI)
    log = tmp_path / "serve.log"
    bad = NJ_CLEAN.read_bytes().replace(b"*UN*8*", b"*UN*1E17*")
    with serving({"PEERCLAIMS_DATA_DIR": str(tmp_path)}, log) as url:
        first = httpx.post(f"{url}/v1/check", content=bad, headers=x12(secret), timeout=60)
        second = httpx.post(
            f"{url}/v1/check", content=NJ_CLEAN.read_bytes(), headers=x12(secret), timeout=60
        )
    assert first.status_code == 200, first.text
    findings = first.json()["claims"][0]["findings"]
    assert "X12-VAL-0001" in {f["rule_id"] for f in findings}
    assert second.status_code == 200, second.text
    assert second.json()["claims"][0]["status"] == "accepted"
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))) == 1


@needs_postgres
def test_two_workers_recording_keep_the_cap_and_record_no_duplicate(
    postgres_url: str, tmp_path: Path
) -> None:
    """Concurrent `?record=true` checks on two workers record what some serial order would.

    Twelve claims of one member on the same two days: three groups of four with identical lines
    (9, 10 or 11 units on the first day, against NJ's 16 a day; 2, 3 or 4 on the second). In any
    order one first-day line fits, one second-day line per group is not a duplicate, and every
    line answered accepted is the one recorded.
    """
    environment = {"PEERCLAIMS_DATABASE_URL": postgres_url}
    done = cli(tmp_path, "reference", "load", REFERENCE, env=environment)
    assert done.returncode == 0, done.stderr.decode()
    with Store(postgres_url) as store:
        _, secret = store.create_key("submitter", [NJ_BILLING_NPI])
    bodies = [claim_file(f"SRV-{group}-{copy}", group) for copy in range(4) for group in range(3)]
    with serving(environment, tmp_path / "serve.log", "--workers", "2") as url:

        def check(body: bytes) -> dict[str, Any]:
            answer = httpx.post(
                f"{url}/v1/check",
                content=body,
                headers=x12(secret),
                params={"record": "true"},
                timeout=120,
            )
            assert answer.status_code == 200, answer.text
            result: dict[str, Any] = answer.json()
            return result

        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(check, bodies))
    with Store(postgres_url) as store:
        history = [h for h in store.history("NJS0000301") if isinstance(h, RecordedLine)]
    first_day = [h for h in history if h.service_date == date(2026, 5, 5)]
    second_day = [h for h in history if h.service_date == date(2026, 5, 7)]
    assert len(first_day) == 1, first_day
    assert sorted(h.units for h in second_day) == [2, 3, 4]
    identities = {(h.service_date, h.units, h.provider_npi, h.modifiers) for h in history}
    assert len(identities) == len(history)
    accepted = {
        (claim["claim_id"], line["line"])
        for result in answers
        for claim in result["claims"]
        for line in claim["lines"]
        if line["status"] == "accepted"
    }
    assert accepted == {(h.claim_id, h.line) for h in history}
