"""Issue 20's scenario through the real server: a one-claim check sent while a large body is
being checked, with the large body checked synchronously (jobs off) and as a job.

Run from the repository root::

    python -m bench.service_jobs                 # 5,000 synthetic CT claims (~1.8 MB)
    python -m bench.service_jobs --claims 1000 --format 277ca   # a quicker look

For each mode, `peerclaims serve` (one uvicorn worker) runs on a fresh store loaded with
`fixtures/reference`: `sync` with `PEERCLAIMS_JOB_WORKERS=0` (every body checked in the service
process, under its engine lock, as before issue 20), `jobs` with one local Dask worker started by
`serve`. The large body (bench.synth, Connecticut, seed 18: no party on file, every claim
rejected, the page test's worst case) is sent with a CT state key; one second later a client
starts sending one-claim checks (fixtures/claims/nj/missing-hf-modifier.837), one after
another, until the large check has its answer. Printed: the body's size, how long the large
check took (sync: its request; jobs: submission to `done`, and the worker's own running time),
and the one-claim checks' count, median and maximum latency.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench import synth
from bench.load import _server
from peerclaims.engine.reference.store import Store

REPO = Path(__file__).resolve().parents[1]
ONE_CLAIM = REPO / "fixtures" / "claims" / "nj" / "missing-hf-modifier.837"
NJ_BILLING_NPI = "1970300012"


def _store(folder: Path) -> tuple[str, str]:
    """Load the sample reference data into `folder`; a CT state key and an NJ submitter key."""
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "peerclaims.engine.cli", "reference", "load"]
    subprocess.run([*command, str(REPO / "fixtures" / "reference")], env=environment, check=True)
    with Store(f"sqlite:///{folder / 'peerclaims.sqlite3'}") as store:
        _, state = store.create_key("state", ["CT"])
        _, submitter = store.create_key("submitter", [NJ_BILLING_NPI])
    return state, submitter


def _headers(secret: str, **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Content-Type": "application/edi-x12", **more}


def _large(url: str, body: bytes, secret: str, figures: dict[str, Any], fmt: str) -> None:
    """Send the large body; wait for its answer (polling a job); note the times."""
    started = time.perf_counter()
    answer = httpx.post(
        f"{url}/v1/check", content=body, headers=_headers(secret), params={"format": fmt},
        timeout=600,
    )  # fmt: skip
    figures["answered_s"] = round(time.perf_counter() - started, 3)
    figures["status"] = answer.status_code
    if answer.status_code == 202:
        location = url + answer.headers["Location"]
        while True:
            status = httpx.get(location, headers=_headers(secret), timeout=60).json()
            if status["status"] in {"done", "failed"}:
                break
            time.sleep(0.2)
        figures["done_s"] = round(time.perf_counter() - started, 2)
        figures["job"] = status["status"]
        ran = datetime.fromisoformat(status["finished"]) - datetime.fromisoformat(status["started"])
        figures["worker_s"] = round(ran.total_seconds(), 2)
    else:
        figures["done_s"] = figures["answered_s"]


def run(mode: str, body: bytes, folder: Path, fmt: str) -> dict[str, Any]:
    """One mode's figures."""
    state, submitter = _store(folder)
    os.environ["PEERCLAIMS_DATA_DIR"] = str(folder)
    os.environ["PEERCLAIMS_JOB_WORKERS"] = "0" if mode == "sync" else "1"
    one = ONE_CLAIM.read_bytes()
    figures: dict[str, Any] = {"mode": mode, "format": fmt, "body_bytes": len(body)}
    with _server(1) as (url, _pid), httpx.Client(timeout=600) as client:
        client.post(f"{url}/v1/check", content=one, headers=_headers(submitter))  # warm
        if mode == "jobs":  # the worker's service: built when serve started; wait for it
            warm = client.post(
                f"{url}/v1/check", content=one,
                headers=_headers(submitter, Prefer="respond-async"),
            )  # fmt: skip
            location = url + warm.headers["Location"]
            while client.get(location, headers=_headers(submitter)).json()["status"] not in {
                "done",
                "failed",
            }:
                time.sleep(0.2)
        large = threading.Thread(target=_large, args=(url, body, state, figures, fmt))
        large.start()
        time.sleep(1.0)
        latencies: list[float] = []
        while large.is_alive():
            started = time.perf_counter()
            answer = client.post(f"{url}/v1/check", content=one, headers=_headers(submitter))
            latencies.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.text
        large.join()
    figures["one_claim_checks"] = len(latencies)
    figures["one_claim_median_ms"] = round(statistics.median(latencies) * 1000, 1)
    figures["one_claim_max_ms"] = round(max(latencies) * 1000, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.service_jobs [--claims 5000]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.service_jobs", description=__doc__)
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--modes", nargs="+", default=["sync", "jobs"], choices=["sync", "jobs"])
    parser.add_argument("--format", default="json", choices=["json", "999", "277ca"])
    options = parser.parse_args(argv)
    body = synth.generate(options.claims, 18, payer_ids=("CTMEDICAID",)).encode("ascii")
    for mode in options.modes:
        with tempfile.TemporaryDirectory(prefix=f"peerclaims-{mode}-") as folder:
            print(json.dumps(run(mode, body, Path(folder), options.format)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
