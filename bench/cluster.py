"""Benchmark of a batch on Dask (engine/cluster.py) against one process, in one run.

Run from the repository root::

    python -m bench.cluster                    # 10,000 claims in 21 files (a few minutes)
    python -m bench.cluster --claims 2000      # a quick look

The batch is `bench.jobs`'s (seeded synthetic files over every payer, with reference data made
for its claims). Three runs, in this process, each after an untimed warm-up of its own kind:

- **one process**: `build_engine` then `check_sources` into a JSON spool (no Dask at all);
- **1 worker** and **2 workers**: a local cluster (started before the timer: on a real cluster
  it is already running), then `check_sources_distributed` as `check --jobs N` calls it (no
  engine here: the workers' engines give the packs). Each worker keeps the engine it built in
  the warm-up run (same packs, same reference folder), as a running cluster's workers do from
  one command to the next; a fresh `--jobs N` cluster builds it in its first read (~0.4 s).

Figures: wall seconds, and CPU seconds of this process (which holds the scheduler) plus every
worker's (`psutil`, read on the workers before and after); this process's peak resident memory
during the run (Linux `VmHWM`, reset before each run). The result is written to a file and
compared by digest, so no run holds the document in memory. The per-stage costs come from the
cluster's task stream (read, keys, select, judge), and the bytes that crossed between workers
from the workers' own counters. Every run's JSON must be byte-identical to one process's.
Results go to bench/out/cluster.json. The machine is shared: read the ratios of one run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.jobs import generate, reference_dir, write_figures
from bench.run import _hwm_mb

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "cluster.json"


def _worker_cpu() -> float:
    import psutil  # noqa: PLC0415

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _worker_sent(dask_worker: Any) -> int:
    return int(dask_worker.transfer_outgoing_bytes_total)


def _peak_reset() -> None:
    """Start this process's peak resident memory afresh (Linux: /proc/self/clear_refs)."""
    with contextlib.suppress(OSError), Path("/proc/self/clear_refs").open("w") as refs:
        refs.write("5")


def _rss_mb() -> float:
    """This process's resident memory now, in MB."""
    import psutil  # noqa: PLC0415

    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def _digest(path: Path) -> str:
    """The SHA-256 of a written result (compared between runs: no document is held here)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _one(paths: Sequence[str], reference: Path, out: Path) -> tuple[str, dict[str, float]]:
    from peerclaims.engine.check import JsonSpool, Source, check_sources  # noqa: PLC0415
    from peerclaims.engine.checks.setup import build_engine  # noqa: PLC0415

    start_mb = _rss_mb()
    _peak_reset()
    wall, cpu = time.perf_counter(), time.process_time()
    engine = build_engine(REPO / "rules", reference)
    spool = JsonSpool()
    run = check_sources([Source.from_path(p) for p in paths], spool, engine=engine)
    with out.open("w", encoding="utf-8") as handle:
        spool.write_document(run.head(), handle)
    figures = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    figures["peak_mb_here"] = _hwm_mb() or 0.0
    figures["start_mb_here"] = start_mb
    return _digest(out), figures


def _on(
    client: Any, paths: Sequence[str], reference: Path, out: Path
) -> tuple[str, dict[str, Any]]:
    from distributed import get_task_stream  # noqa: PLC0415

    from peerclaims.engine.check import JsonSpool, Source  # noqa: PLC0415
    from peerclaims.engine.cluster import EngineSpec, check_sources_distributed  # noqa: PLC0415

    workers_before = client.run(_worker_cpu)
    sent_before = client.run(_worker_sent)
    start_mb = _rss_mb()
    _peak_reset()
    wall, cpu = time.perf_counter(), time.process_time()
    with get_task_stream(client) as stream:
        spool = JsonSpool()
        spec = EngineSpec.of(REPO / "rules", reference, None, False)
        sources = [Source.from_path(p) for p in paths]
        run = check_sources_distributed(sources, spool, client, None, spec)  # as `check --jobs`
        with out.open("w", encoding="utf-8") as handle:
            spool.write_document(run.head(), handle)
    seconds = time.perf_counter() - wall
    here = time.process_time() - cpu
    workers = sum(v for v in client.run(_worker_cpu).values()) - sum(workers_before.values())
    sent = sum(client.run(_worker_sent).values()) - sum(sent_before.values())
    stages: dict[str, float] = {}
    for task in stream.data:
        name = str(task["key"]).split("-")[0].lstrip("('")
        compute = [s for s in task["startstops"] if s["action"] == "compute"]
        stages[name] = stages.get(name, 0.0) + sum(s["stop"] - s["start"] for s in compute)
    figures = {
        "wall": seconds,
        "cpu": here + workers,
        "cpu_here": here,
        "cpu_workers": workers,
        "stages": stages,
        "bytes_between_workers": sent,
        "peak_mb_here": _hwm_mb() or 0.0,
        "start_mb_here": start_mb,
        "bytes_of_results": out.stat().st_size,
    }
    return _digest(out), figures


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the batch, run one process, 1 worker and 2 workers; print and write figures."""
    from peerclaims.engine.cluster import Cluster, close  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=500)
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"claims": args.claims}
    with tempfile.TemporaryDirectory(prefix="peerclaims-bench-cluster-") as work:
        folder = Path(work)
        paths = generate(folder, args.claims, args.per_file)
        reference = reference_dir(paths, folder / "reference")
        out = folder / "result.json"
        _one(paths[:1], reference, out)  # untimed: the parsed reference cache
        text, figures["one"] = _one(paths, reference, out)
        identical = True
        for workers in (1, 2):
            client = Cluster(jobs=workers).client()  # as `check --jobs N` starts one
            try:
                _on(client, paths[:1], reference, out)  # untimed: workers import the engine
                got, figures[f"workers_{workers}"] = _on(client, paths, reference, out)
            finally:
                close(client)
            identical = identical and got == text
    one = figures["one"]
    for workers in (1, 2):
        each = figures[f"workers_{workers}"]
        each["speedup"] = one["wall"] / each["wall"]
        each["cpu_overhead"] = each["cpu"] / one["cpu"] - 1
        each["bytes_between_workers_per_claim"] = each["bytes_between_workers"] / args.claims
        print(
            f"{workers} worker(s): {each['wall']:.1f} s wall ({each['speedup']:.2f}x one "
            f"process's {one['wall']:.1f} s), CPU {each['cpu']:.1f} s "
            f"({each['cpu_overhead']:+.1%} over {one['cpu']:.1f} s); stages "
            + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(each["stages"].items()))
            + f"; {each['bytes_between_workers_per_claim']:.0f} bytes/claim between workers"
            + f"; peak RSS here {each['peak_mb_here']:.0f} MB, {each['start_mb_here']:.0f} MB "
            + f"at the start (one process: {one['peak_mb_here']:.0f}, "
            + f"{one['start_mb_here']:.0f} MB)"
        )
    figures["identical"] = identical
    print(f"byte-identical JSON: {identical}")
    write_figures(OUT, figures)
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
