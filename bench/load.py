"""Load test of the service: concurrent clients checking a one-claim 837 over loopback.

Run from the repository root against a running server (same store settings as the server:
`PEERCLAIMS_DATA_DIR` or `PEERCLAIMS_DATABASE_URL`)::

    peerclaims serve --port 8000 &
    python -m bench.load --url http://127.0.0.1:8000 [--clients 8] [--requests 2000]

or let it start and stop `peerclaims serve` itself on a free port::

    python -m bench.load --serve [--workers 2] [--clients 8] [--requests 2000]

It makes a submitter key for the file's billing NPI in the store (or uses `--key` /
`PEERCLAIMS_KEY`), then:

1. warms up: `--clients` connections send `--warmup` checks each (rules compiled and caches
   filled in every worker the connections reach);
2. sequential: `--latency-requests` checks one after another, one client (the latency of a
   check when nothing else is asked);
3. loaded: `--clients` threads, each with its own keep-alive connection, send `--requests`
   checks each, as fast as answers come (the latency a client sees while the others ask too);
4. audits: the store's decision count before and after, every decision id answered is unique
   and is in the store.

Figures printed: errors, decisions answered / unique / counted / found, throughput, latency
p50/p95/p99/max of the sequential and of the loaded phase, and the CPU the clients (this
process) and, with `--serve`, the server (all its processes) used during the loaded phase.
Targets (issue 5): 0 errors, 0 lost or duplicated decision records, and a warm one-claim p95
<= 20 ms both sequential and loaded. The clients run on the same machine as the server and
take CPU from it: they are plain `http.client` connections in threads, and their CPU is shown.

Exit status: 0 when every target is met, 1 when one is not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import create_engine, select

from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.reference.store import Store
from peerclaims.engine.reference.tables import DecisionRow
from peerclaims.engine.x12.reader import read_bytes

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "fixtures" / "claims" / "nj" / "clean.837"
DEFAULT_WORKERS = 2
"""`--serve`'s workers: on the 2-core reference machine 2 workers answer 8 clients fastest."""
TARGET_P95_MS = 20.0
DECISION = "X-Peerclaims-Decision"
RESULT_MARK = b'"schema": "peerclaims.result/1"'
_ID_CHUNK = 500


@dataclass(slots=True)
class Tally:
    """What one phase saw: latencies (ms), decision ids, errors."""

    latencies: list[float] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def merge(self, other: Tally) -> None:
        """Add another client's figures."""
        with self.lock:
            self.latencies.extend(other.latencies)
            self.decisions.extend(other.decisions)
            self.errors.extend(other.errors)


@dataclass(frozen=True, slots=True)
class Target:
    """Where the server listens and what each check request sends."""

    host: str
    port: int
    headers: dict[str, str]
    body: bytes


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def _client_run(target: Target, count: int) -> Tally:
    """`count` checks over one keep-alive connection (reopened after an error)."""
    tally = Tally()
    connection = http.client.HTTPConnection(target.host, target.port, timeout=60)
    try:
        for _ in range(count):
            started = time.perf_counter()
            try:
                connection.request("POST", "/v1/check", body=target.body, headers=target.headers)
                answer = connection.getresponse()
                content = answer.read()
            except (OSError, http.client.HTTPException) as exc:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
                connection.close()
                continue
            elapsed = (time.perf_counter() - started) * 1000
            decision = answer.getheader(DECISION)
            if answer.status != http.client.OK or not decision:
                tally.errors.append(f"HTTP {answer.status}: {content[:200]!r}")
                continue
            if RESULT_MARK not in content:
                tally.errors.append("HTTP 200 without a result document")
                continue
            tally.latencies.append(elapsed)
            tally.decisions.append(decision)
    finally:
        connection.close()
    return tally


def _load(target: Target, clients: int, count: int) -> Tally:
    total = Tally()
    barrier = threading.Barrier(clients)

    def worker() -> None:
        barrier.wait()
        total.merge(_client_run(target, count))

    threads = [threading.Thread(target=worker, name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _server(workers: int) -> Iterator[tuple[str, int]]:
    """`peerclaims serve` on a free loopback port, stopped on exit; yields its URL and pid.

    Its output goes to a temporary file, never a pipe: a full pipe would stall the server.
    """
    port = _free_port()
    command = [sys.executable, "-m", "peerclaims.engine.cli", "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(url, process, log)
            yield url, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _healthy(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=2)
    try:
        connection.request("GET", "/health")
        return connection.getresponse().status == http.client.OK
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not _healthy(url):
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped: {log.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            raise SystemExit("the server did not answer /health within 120 s")
        time.sleep(0.25)


def _process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by process `root` and its descendants (Linux)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(times.get(pid, 0.0) for pid in tree)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _key_for(store: Store, body: bytes) -> str:
    """A new submitter key for the billing NPIs of the file."""
    reading = read_bytes(body, "<load>")
    npis = sorted({c.claim.billing.npi for c in reading.claims if c.claim.billing.npi})
    if not npis:
        raise SystemExit("the file has no claim with a billing NPI")
    _, secret = store.create_key("submitter", npis, label="bench.load")
    return secret


def _stored(ids: set[str]) -> set[str]:
    """Which of the decision ids the store keeps (read in chunks, one query each)."""
    engine = create_engine(get_settings().resolved_database_url())
    found: set[str] = set()
    ordered = sorted(ids)
    try:
        with engine.connect() as connection:
            for start in range(0, len(ordered), _ID_CHUNK):
                chunk = ordered[start : start + _ID_CHUNK]
                query = select(DecisionRow.decision_id).where(DecisionRow.decision_id.in_(chunk))
                found.update(connection.scalars(query))
    finally:
        engine.dispose()
    return found


def _line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label}: no successful request"
    return (
        f"{label}: n={len(values)} p50={_percentile(values, 0.50):.1f} ms "
        f"p95={_percentile(values, 0.95):.1f} ms p99={_percentile(values, 0.99):.1f} ms "
        f"max={max(values):.1f} ms mean={statistics.fmean(values):.1f} ms"
    )


def run(args: argparse.Namespace, url: str, server_pid: int | None = None) -> int:
    """Warm up, measure, load and audit; print the figures; 0 when every target is met."""
    body = Path(args.file).read_bytes()
    parts = urllib.parse.urlsplit(url)
    with Store.from_settings(get_settings()) as store:
        store.migrate()
        secret = args.key or os.environ.get("PEERCLAIMS_KEY") or _key_for(store, body)
        before = store.count_decisions()
    headers = {
        "Authorization": f"Bearer {secret}",
        "Content-Type": "application/edi-x12",
        "Content-Length": str(len(body)),
    }
    target = Target(parts.hostname or "127.0.0.1", parts.port or 80, headers, body)
    warm = _load(target, args.clients, args.warmup)  # every worker warms up
    sequential = _client_run(target, args.latency_requests)
    server_cpu = _process_tree_cpu(server_pid) if server_pid else 0.0
    client_cpu = _own_cpu()
    started = time.perf_counter()
    loaded = _load(target, args.clients, args.requests)
    seconds = time.perf_counter() - started
    client_cpu = _own_cpu() - client_cpu
    server_cpu = _process_tree_cpu(server_pid) - server_cpu if server_pid else 0.0
    with Store.from_settings(get_settings()) as store:
        after = store.count_decisions()
    answered = warm.decisions + sequential.decisions + loaded.decisions
    unique = set(answered)
    missing = len(unique - _stored(unique))
    errors = warm.errors + sequential.errors + loaded.errors
    counted = after - before
    sequential_p95 = _percentile(sequential.latencies, 0.95)
    loaded_p95 = _percentile(loaded.latencies, 0.95)
    done = len(loaded.latencies)
    print(f"server {url}; file {args.file} ({len(body)} bytes, one claim per request)")
    print(
        f"load: {args.clients} clients x {args.requests} requests = "
        f"{args.clients * args.requests} in {seconds:.1f} s ({done / seconds:.0f} checks/s)"
    )
    cpu = f"cpu while loaded: clients {client_cpu / seconds:.2f} cores"
    cpu += f" ({client_cpu / max(done, 1) * 1000:.2f} ms per check)"
    if server_pid:
        cpu += f", server {server_cpu / seconds:.2f} cores"
        cpu += f" ({server_cpu / max(done, 1) * 1000:.2f} ms per check)"
    print(f"{cpu}; {os.cpu_count()} cores")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(
        f"decisions: answered {len(answered)}, unique {len(unique)}, "
        f"store +{counted} (before {before}, after {after}), not found {missing}"
    )
    print(_line("sequential warm latency (1 client)", sequential.latencies))
    print(_line(f"loaded warm latency ({args.clients} clients)", loaded.latencies))
    lost = len(answered) - counted + missing
    duplicated = len(answered) - len(unique)
    checks = [
        ("errors 0", not errors, str(len(errors))),
        ("lost records 0", lost == 0, str(lost)),
        ("duplicated 0", duplicated == 0, str(duplicated)),
        (
            f"sequential p95 <= {TARGET_P95_MS:.0f} ms",
            sequential_p95 <= TARGET_P95_MS,
            f"{sequential_p95:.1f}",
        ),
        (f"loaded p95 <= {TARGET_P95_MS:.0f} ms", loaded_p95 <= TARGET_P95_MS, f"{loaded_p95:.1f}"),
    ]
    ok = all(met for _, met, _ in checks)
    print(
        "targets: "
        + ", ".join(f"{name} ({seen}{'' if met else ' NOT MET'})" for name, met, seen in checks)
        + (": met" if ok else ": NOT MET")
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run against `--url` or a server started here (`--serve`)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="A running server, e.g. http://127.0.0.1:8000")
    target.add_argument("--serve", action="store_true", help="Start `peerclaims serve` here.")
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="With --serve: worker processes."
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="Per client.")
    parser.add_argument("--warmup", type=int, default=25, help="Per client.")
    parser.add_argument("--latency-requests", type=int, default=200)
    parser.add_argument("--file", default=str(DEFAULT_FILE), help="A one-claim 837.")
    parser.add_argument("--key", help="An API key secret (default: a new submitter key).")
    args = parser.parse_args(argv)
    if min(args.clients, args.requests, args.workers) < 1 or args.latency_requests < 1:
        parser.error("--clients, --requests, --workers and --latency-requests must be >= 1")
    if args.url and urllib.parse.urlsplit(args.url).scheme != "http":
        parser.error("--url must be an http:// URL")
    if args.serve:
        with _server(args.workers) as (url, pid):
            return run(args, url, pid)
    return run(args, args.url.rstrip("/"))


if __name__ == "__main__":
    sys.exit(main())
