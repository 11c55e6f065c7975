"""Load test of the service: concurrent clients checking a one-claim 837 over loopback.

Run from the repository root against a running server (same store settings as the server:
`PEERCLAIMS_DATA_DIR` or `PEERCLAIMS_DATABASE_URL`)::

    peerclaims serve --port 8000 &
    python -m bench.load --url http://127.0.0.1:8000 [--clients 8] [--requests 2000]

or let it start and stop `peerclaims serve` itself on a free port::

    python -m bench.load --serve [--workers 1] [--clients 8] [--requests 2000]

It makes a submitter key for the file's billing NPI in the store (or uses `--key` /
`PEERCLAIMS_KEY`), then:

1. warms up: `--clients` connections send `--warmup` checks each (rules compiled and caches
   filled in every worker the connections reach);
2. measures warm one-claim latency: `--latency-requests` sequential checks, one client;
3. loads: `--clients` threads, each with its own keep-alive connection, send `--requests`
   checks each, as fast as answers come;
4. audits: the store's decision count before and after, every decision id answered is unique
   and is found in the store.

Figures printed: errors, decisions expected / counted / unique / found, throughput, latency
p50/p95/p99/max of the sequential phase and of the loaded phase. Targets: 0 errors, 0 lost or
duplicated decision records, sequential warm one-claim p95 <= 20 ms. Under load one worker serves
one check at a time (the engine lock), so a loaded request also waits for the others in line:
its latency is shown, not held to the target.

Exit status: 0 when every target is met, 1 when one is not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.reference.store import Store
from peerclaims.engine.x12.reader import read_bytes

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "fixtures" / "claims" / "nj" / "clean.837"
TARGET_P95_MS = 20.0
DECISION = "X-Peerclaims-Decision"


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


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def _client_run(url: str, headers: dict[str, str], body: bytes, count: int) -> Tally:
    tally = Tally()
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        for _ in range(count):
            started = time.perf_counter()
            try:
                answer = client.post("/v1/check", content=body)
            except httpx.HTTPError as exc:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            decision = answer.headers.get(DECISION)
            if answer.status_code != httpx.codes.OK or not decision:
                tally.errors.append(f"HTTP {answer.status_code}: {answer.text[:200]}")
                continue
            if b'"schema": "peerclaims.result/1"' not in answer.content:
                tally.errors.append("HTTP 200 without a result document")
                continue
            tally.latencies.append(elapsed)
            tally.decisions.append(decision)
    return tally


def _load(url: str, headers: dict[str, str], body: bytes, clients: int, count: int) -> Tally:
    total = Tally()
    barrier = threading.Barrier(clients)

    def worker() -> None:
        barrier.wait()
        total.merge(_client_run(url, headers, body, count))

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
def _server(workers: int) -> Iterator[str]:
    """`peerclaims serve` on a free loopback port, stopped on exit.

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
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == httpx.codes.OK:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped: {log.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            raise SystemExit("the server did not answer /health within 120 s")
        time.sleep(0.25)


def _key_for(store: Store, body: bytes) -> str:
    """A new submitter key for the billing NPIs of the file."""
    reading = read_bytes(body, "<load>")
    npis = sorted({c.claim.billing.npi for c in reading.claims if c.claim.billing.npi})
    if not npis:
        raise SystemExit("the file has no claim with a billing NPI")
    _, secret = store.create_key("submitter", npis, label="bench.load")
    return secret


def _line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label}: no successful request"
    return (
        f"{label}: n={len(values)} p50={_percentile(values, 0.50):.1f} ms "
        f"p95={_percentile(values, 0.95):.1f} ms p99={_percentile(values, 0.99):.1f} ms "
        f"max={max(values):.1f} ms mean={statistics.fmean(values):.1f} ms"
    )


def run(args: argparse.Namespace, url: str) -> int:
    """Warm up, measure, load and audit; print the figures; 0 when every target is met."""
    body = Path(args.file).read_bytes()
    with Store.from_settings(get_settings()) as store:
        store.migrate()
        secret = args.key or os.environ.get("PEERCLAIMS_KEY") or _key_for(store, body)
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/edi-x12"}
        before = store.count_decisions()
        warm = _load(url, headers, body, args.clients, args.warmup)  # every worker warms up
        sequential = _client_run(url, headers, body, args.latency_requests)
        started = time.perf_counter()
        loaded = _load(url, headers, body, args.clients, args.requests)
        seconds = time.perf_counter() - started
        after = store.count_decisions()
        answered = warm.decisions + sequential.decisions + loaded.decisions
        unique = set(answered)
        missing = [d for d in unique if store.decision(d) is None]
    errors = warm.errors + sequential.errors + loaded.errors
    counted = after - before
    p95 = _percentile(sequential.latencies, 0.95)
    print(f"server {url}; file {args.file} ({len(body)} bytes, one claim per request)")
    print(
        f"load: {args.clients} clients x {args.requests} requests = "
        f"{args.clients * args.requests} in {seconds:.1f} s "
        f"({len(loaded.latencies) / seconds:.0f} checks/s)"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(
        f"decisions: answered {len(answered)}, unique {len(unique)}, "
        f"store +{counted} (before {before}, after {after}), not found {len(missing)}"
    )
    print(_line("sequential warm latency", sequential.latencies))
    print(_line("loaded latency", loaded.latencies))
    lost = len(answered) - counted
    duplicated = len(answered) - len(unique)
    ok = not errors and lost == 0 and duplicated == 0 and not missing and p95 <= TARGET_P95_MS
    print(
        f"targets: errors 0 ({len(errors)}), lost records 0 ({lost + len(missing)}), "
        f"duplicated 0 ({duplicated}), sequential p95 <= {TARGET_P95_MS:.0f} ms ({p95:.1f}): "
        + ("met" if ok else "NOT MET")
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
    parser.add_argument("--workers", type=int, default=1, help="With --serve: worker processes.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="Per client.")
    parser.add_argument("--warmup", type=int, default=25, help="Per client.")
    parser.add_argument("--latency-requests", type=int, default=200)
    parser.add_argument("--file", default=str(DEFAULT_FILE), help="A one-claim 837.")
    parser.add_argument("--key", help="An API key secret (default: a new submitter key).")
    args = parser.parse_args(argv)
    if min(args.clients, args.requests, args.workers) < 1 or args.latency_requests < 1:
        parser.error("--clients, --requests, --workers and --latency-requests must be >= 1")
    if args.serve:
        with _server(args.workers) as url:
            return run(args, url)
    return run(args, args.url.rstrip("/"))


if __name__ == "__main__":
    sys.exit(main())
