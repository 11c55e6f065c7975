"""Benchmark of `check --jobs N`: throughput of N worker processes against one, same batch.

Run from the repository root::

    python -m bench.jobs                 # 10,000 claims in 21 files, 3 rounds (a few minutes)
    python -m bench.jobs --claims 2000 --rounds 1      # a quick look

The batch is `bench.rules_stage`'s generator cut finer: the claims spread evenly over the payers
of `bench.synth.PAYERS` (every state pack runs), each payer's share in seeded synthetic files of
at most `--per-file` claims (default 500: 10,000 claims make 21 files of about 476), with
reference data made for its claims (`bench.reference_for`) written as a YAML folder. A file is
one transaction set, and a worker takes one at a time: with one file per payer (7 equal tasks on
2 workers) the workers could reach at most 7/4 = 1.75x, whatever the rest costs. Each round
runs the real command line, `peerclaims check --format json --out ... --reference DIR --jobs N`,
for every N in `--jobs` (default 1 and 2), in interleaved order, and checks that every N writes
byte-identical JSON. Every run gets the batch's own data folder (`PEERCLAIMS_DATA_DIR`), whose
parsed reference cache an untimed warm-up run fills first, as a folder checked against before
would have it. Figures are medians of wall-clock seconds (and of CPU seconds, the command's and
its workers');
the target of the engine issue is N=2 at least 1.8x the throughput of N=1 on a 2-core machine.
Results go to bench/out/jobs.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import synth
from bench.run import SEED

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "jobs.json"


def generate(directory: Path, claims: int, per_file: int) -> list[str]:
    """`claims` spread evenly over the payers, each payer's in files of at most `per_file`."""
    per, extra = divmod(claims, len(synth.PAYER_IDS))
    paths = []
    for index, payer in enumerate(synth.PAYER_IDS):
        count = per + (index < extra)
        parts = -(-count // per_file)
        for part in range(parts):
            size = count // parts + (part < count % parts)
            path = directory / f"jobs-{payer.lower()}-{part + 1:02d}.837"
            synth.write(path, size, SEED + 100 * part + index, payer_ids=(payer,))
            paths.append(str(path))
    return paths


def reference_dir(paths: Sequence[str], directory: Path) -> Path:
    from bench import reference_for as rf  # noqa: PLC0415 - heavy imports only here
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415

    builder = rf.ReferenceBuilder(load_packs(REPO / "rules"))
    for path in paths:
        for claim in rf.read_claims(path):
            builder.add(claim)
    return rf.write_dir(builder.build(), directory)


def write_figures(out: Path, figures: dict[str, Any]) -> None:
    """Write a benchmark's figures as indented JSON (bench/out/...), making the folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _run(paths: Sequence[str], reference: Path, jobs: int, out: Path) -> tuple[float, float]:
    """One `check` run: its wall seconds and CPU seconds (the command and its workers)."""
    command = [
        sys.executable,
        "-m",
        "peerclaims.engine.cli",
        "check",
        "--format",
        "json",
        "--out",
        str(out),
        "--reference",
        str(reference),
        "--jobs",
        str(jobs),
        *paths,
    ]
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(reference.parent / "data")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, timeout=3600, env=environment)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in {0, 1}:
        raise SystemExit(f"jobs={jobs} failed: {done.stderr.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the batch, run every N in interleaved rounds, print and write the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.jobs", description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--per-file", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peerclaims-bench-jobs-") as work:
        folder = Path(work)
        paths = generate(folder, args.claims, args.per_file)
        reference = reference_dir(paths, folder / "reference")
        # untimed: the run's data folder gets the parsed reference cache every timed run reads
        _run(paths[:1], reference, 1, folder / "warm-up.json")
        seconds: dict[int, list[float]] = {n: [] for n in args.jobs}
        cpu: dict[int, list[float]] = {n: [] for n in args.jobs}
        outputs: dict[int, bytes] = {}
        for round_number in range(args.rounds):
            order = args.jobs if round_number % 2 == 0 else list(reversed(args.jobs))
            for n in order:
                out = folder / f"jobs-{n}.json"
                wall, used = _run(paths, reference, n, out)
                seconds[n].append(wall)
                cpu[n].append(used)
                outputs[n] = out.read_bytes()
        identical = len(set(outputs.values())) == 1
    base = statistics.median(seconds[args.jobs[0]])
    figures = {
        "claims": args.claims,
        "files": len(paths),
        "rounds": args.rounds,
        "identical_output": identical,
        "seconds": {str(n): s for n, s in seconds.items()},
        "median_seconds": {str(n): statistics.median(s) for n, s in seconds.items()},
        "speedup": {str(n): base / statistics.median(s) for n, s in seconds.items()},
        "cpu_seconds": {str(n): s for n, s in cpu.items()},
    }
    for n in args.jobs:
        print(
            f"--jobs {n}: median {statistics.median(seconds[n]):.2f} s "
            f"({args.claims / statistics.median(seconds[n]):.0f} claims/s), "
            f"speedup {figures['speedup'][str(n)]:.2f}x over --jobs {args.jobs[0]}; "
            f"CPU (command and workers) median {statistics.median(cpu[n]):.2f} s"
        )
    print(f"byte-identical JSON across --jobs: {identical}")
    write_figures(OUT, figures)
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
