"""Benchmark: peerclaims `check` against pyx12 alone, on seeded synthetic 837P batches.

Run from the repository root::

    python -m bench.run [--claims-small 1000] [--claims-large 10000] [--repeat 3]
                        [--latency-calls 50] [--out bench/out/results.json]

Every measurement runs in a fresh child process (``python -m bench.run _child KIND ...``) that
imports what it needs, then times only the work (pyx12 parses its XML maps inside the call, so
that is included for "pyx12 alone"), and prints one JSON line: seconds and its own peak RSS
(``ru_maxrss``: interpreter and imports included). The two methods are interleaved round by round
(pyx12, peerclaims, pyx12, peerclaims ...) because the reference VM drifts; ratios from the same
run are the figures to trust. peerclaims runs `check --syntax-only` here: the reader (SNIP 1-2),
which is what this benchmark holds to pyx12; `bench.rules_stage` times the whole check with
every rule pack. See bench/README.md for what every figure means.

The modules only the parent needs (argparse, statistics, subprocess, platform, datetime, the
generator) are imported inside functions, so a child's peak RSS is not inflated by the harness
(they weigh ~4 MB together, against ~30 MB for the whole pyx12-alone process).

Exit status: 0 when every measurement ran (whether or not the targets are met), 1 when a child
failed (its standard error is printed) or peerclaims did not report the expected claims, 2 on a
usage error.
"""

# ruff: noqa: PLC0415 - parent-only imports are deferred to keep the measured children lean

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

REPO = Path(__file__).resolve().parent.parent
CHECK_ARGS = ("--syntax-only", "--format", "json")
"""What `peerclaims check` is timed with: the reading half (SNIP 1-2, the foundation issue's
scope). The whole check, rule packs included, is `bench.rules_stage`'s measurement."""
SEED = 837
"""Seed of every generated file: the same inputs on every run and every machine."""
CHILD = "_child"
CHILD_TIMEOUT_S = 900.0
WARMUP_CALLS = 3

TARGET_RATIO = 0.9
"""peerclaims claims/s / pyx12-alone claims/s on the large file, at least."""
TARGET_LINEAR_SLACK = 1.1
"""time(large) / time(small) at most this x (large / small): 11 for 10,000 vs 1,000 claims."""
TARGET_RSS_MB = 100.0
TARGET_P95_MS = 20.0
SPREAD_NOTE = 0.15
"""A timed figure whose (max - min) / median exceeds this gets a note: the VM drifted."""


# --------------------------------------------------------------------------------------------
# Children: each runs in its own process and prints one JSON object on its last stdout line.
# --------------------------------------------------------------------------------------------


def _maxrss_mb() -> float:
    """This process's peak RSS in MB (Linux reports KB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _hwm_mb() -> float | None:
    """Peak RSS of this process image alone (Linux VmHWM), to cross-check `ru_maxrss`.

    On Linux `ru_maxrss` also counts the memory of the process that spawned this one before the
    exec (with vfork, the spawner's own peak), so the harness must stay smaller than any child.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _summary_of(out: str) -> dict[str, Any]:
    """The `summary` of a peerclaims JSON document (read after the measurement)."""
    document = json.loads(Path(out).read_text(encoding="utf-8"))
    summary = document.get("summary")
    return summary if isinstance(summary, dict) else {}


def _children_maxrss_mb() -> float:
    """Peak RSS in MB of the largest waited-for child of this process."""
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _silence_pyx12() -> None:
    """pyx12 logs offending values (PHI) at ERROR; the benchmark must print none of them."""
    import logging

    log = logging.getLogger("pyx12")
    log.setLevel(logging.CRITICAL + 1)
    log.propagate = False


def _child_pyx12(path: str, *, speedups: bool = False) -> dict[str, Any]:
    """pyx12 alone, as shipped: full validation, a 999 and the JSON error tree, maps parsed.

    With `speedups`, the same call with peerclaims' faster pyx12 helpers in place
    (`engine/x12/speedups.py`), and nothing else of peerclaims: what peerclaims' own work costs
    is then the difference between this and the check.
    """
    import io

    import pyx12.params
    import pyx12.x12n_document

    if speedups:
        from peerclaims.engine.x12 import speedups as faster

        faster.enable()
    _silence_pyx12()
    base = _maxrss_mb()
    start = time.perf_counter()
    cpu_start = time.process_time()
    ok = pyx12.x12n_document.x12n_document(
        param=pyx12.params.ParamsBase(),
        src_file=path,
        fd_997=io.StringIO(),
        fd_html=None,
        fd_json=io.StringIO(),
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "maxrss_mb": _maxrss_mb(),
        "hwm_mb": _hwm_mb(),
        "base_rss_mb": base,
        "valid": ok,
    }


def _child_peerclaims(path: str, out: str) -> dict[str, Any]:
    """`peerclaims check --syntax-only --format json --out OUT PATH`, in-process, imports outside
    the timer."""
    import typer

    from peerclaims.engine import cli

    base = _maxrss_mb()
    argv = ["check", *CHECK_ARGS, "--out", out, path]
    start = time.perf_counter()
    cpu_start = time.process_time()
    try:
        code: object = cli.app(argv, standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except SystemExit as done:
        code = done.code
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    exit_code = code if isinstance(code, int) else 0
    maxrss, hwm = _maxrss_mb(), _hwm_mb()
    summary = _summary_of(out) if exit_code < 2 else {}
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "maxrss_mb": maxrss,
        "hwm_mb": hwm,
        "base_rss_mb": base,
        "exit_code": exit_code,
        "summary": summary,
    }


def _console_script() -> str:
    """The installed `peerclaims` script beside this interpreter, else the one on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "peerclaims"
    if beside.is_file():
        return str(beside)
    found = shutil.which("peerclaims")
    if found is None:
        raise RuntimeError("the peerclaims console script is not installed (pip install -e .)")
    return found


def _child_console(path: str, out: str) -> dict[str, Any]:
    """The real console script as a grandchild: whole-command wall time and its peak RSS.

    This process has no other child, so RUSAGE_CHILDREN's peak RSS is that command's own.
    """
    import subprocess

    command = [_console_script(), "check", *CHECK_ARGS, "--out", out, path]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode >= 2:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = _children_maxrss_mb()
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": maxrss,
        "exit_code": done.returncode,
        "summary": _summary_of(out),
    }


def _timed_calls(call: Callable[[], object], calls: int) -> list[float]:
    """Warm up, then time `calls` calls: milliseconds each."""
    for _ in range(WARMUP_CALLS):
        call()
    samples: list[float] = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _child_latency(path: str, calls: int) -> dict[str, Any]:
    """One-claim warm latency in one process: peerclaims, then pyx12 with and without map cache."""
    import io

    import pyx12.params
    import pyx12.x12n_document

    from peerclaims.engine.check import JsonSpool, Source, check_sources
    from peerclaims.engine.x12.reader import set_map_cache

    _silence_pyx12()
    data = Path(path).read_bytes()
    name = Path(path).name

    def load() -> bytes:
        return data

    claims_seen: list[int] = []

    def peerclaims_check() -> None:
        spool = JsonSpool()
        run = check_sources([Source(name, load)], spool)
        spool.write_document(run.head(), io.StringIO())
        claims_seen.append(run.summary.claims)

    def pyx12_alone() -> None:
        pyx12.x12n_document.x12n_document(
            param=pyx12.params.ParamsBase(),
            src_file=path,
            fd_997=io.StringIO(),
            fd_html=None,
            fd_json=io.StringIO(),
        )

    set_map_cache(True)  # peerclaims' default, set when its reader is imported
    peerclaims_ms = _timed_calls(peerclaims_check, calls)
    if set(claims_seen) != {1}:
        raise RuntimeError(f"peerclaims reported {sorted(set(claims_seen))} claims, expected 1")
    pyx12_cached_ms = _timed_calls(pyx12_alone, calls)
    set_map_cache(False)  # pyx12 as shipped: the XML maps parsed on every call
    pyx12_shipped_ms = _timed_calls(pyx12_alone, calls)
    return {
        "peerclaims_ms": peerclaims_ms,
        "pyx12_map_cache_ms": pyx12_cached_ms,
        "pyx12_shipped_ms": pyx12_shipped_ms,
        "maxrss_mb": _maxrss_mb(),
    }


def _child_generate(path: str, claims: int, orgs_for: int | None = None) -> dict[str, Any]:
    """Write a seeded synthetic file (in a child, so the harness never holds a big batch).

    `orgs_for`: draw the organizations as for that many claims (`synth.generate`).
    """
    from bench import synth

    written = synth.write(path, claims, SEED, orgs_for=orgs_for)
    return {"bytes": written.stat().st_size}


def _child_main(argv: Sequence[str]) -> int:
    """`python -m bench.run _child KIND ARGS...`: run one measurement, print it as JSON."""
    kind, *rest = argv
    if kind == "generate" and len(rest) in (2, 3):
        result = _child_generate(rest[0], int(rest[1]), *(int(n) for n in rest[2:]))
    elif kind == "pyx12" and len(rest) == 1:
        result = _child_pyx12(rest[0])
    elif kind == "pyx12-speedups" and len(rest) == 1:
        result = _child_pyx12(rest[0], speedups=True)
    elif kind == "peerclaims" and len(rest) == 2:
        result = _child_peerclaims(rest[0], rest[1])
    elif kind == "console" and len(rest) == 2:
        result = _child_console(rest[0], rest[1])
    elif kind == "latency" and len(rest) == 2:
        result = _child_latency(rest[0], int(rest[1]))
    else:
        sys.stderr.write(f"bench.run: unknown child {list(argv)!r}\n")
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


# --------------------------------------------------------------------------------------------
# Parent: generate inputs, run the children interleaved, summarise, judge, write JSON.
# --------------------------------------------------------------------------------------------


class ChildFailedError(Exception):
    """A child process failed: what it measured, why, and its standard error."""

    def __init__(self, what: str, reason: str, stderr: str) -> None:
        super().__init__(f"{what}: {reason}")
        self.what = what
        self.reason = reason
        self.stderr = stderr


def _run_child(what: str, args: Sequence[str]) -> dict[str, Any]:
    """Run one child in a fresh interpreter and return its JSON; raise `ChildFailedError`."""
    import subprocess

    command = [sys.executable, "-m", "bench.run", CHILD, *args]
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raw = exc.stderr
        stderr = raw.decode(errors="replace") if isinstance(raw, bytes) else (raw or "")
        raise ChildFailedError(what, f"timed out after {CHILD_TIMEOUT_S:.0f} s", stderr) from None
    if done.returncode != 0:
        raise ChildFailedError(what, f"exited with {done.returncode}", done.stderr)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    try:
        parsed = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ChildFailedError(what, "printed no JSON result", done.stderr + done.stdout)
    return parsed


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and range of repeated samples, with the samples themselves."""

    median: float
    low: float
    high: float
    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        import statistics

        return cls(statistics.median(samples), min(samples), max(samples), tuple(samples))

    @property
    def relative_range(self) -> float:
        """(max - min) / median: how much the runs disagreed."""
        return (self.high - self.low) / self.median if self.median else 0.0


@dataclass(frozen=True, slots=True)
class Latency:
    """One-claim warm latency: percentiles over the timed calls, in ms."""

    calls: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    samples_ms: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Latency:
        import statistics

        p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
        return cls(len(samples), statistics.median(samples), p95, max(samples), tuple(samples))


@dataclass(slots=True)
class SizeRuns:
    """Every measurement of one input size."""

    claims: int
    path: Path
    file_bytes: int
    pyx12_seconds: list[float] = field(default_factory=list)
    pyx12_rss: list[float] = field(default_factory=list)
    pyx12_base_rss: list[float] = field(default_factory=list)
    pyx12_hwm: list[float] = field(default_factory=list)
    pyx12_cpu: list[float] = field(default_factory=list)
    pyx12_valid: list[bool] = field(default_factory=list)
    faster_seconds: list[float] = field(default_factory=list)
    faster_cpu: list[float] = field(default_factory=list)
    peerclaims_seconds: list[float] = field(default_factory=list)
    peerclaims_rss: list[float] = field(default_factory=list)
    peerclaims_base_rss: list[float] = field(default_factory=list)
    peerclaims_hwm: list[float] = field(default_factory=list)
    peerclaims_cpu: list[float] = field(default_factory=list)
    peerclaims_rejected: list[int] = field(default_factory=list)
    console: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        pyx12 = Spread.of(self.pyx12_seconds)
        peer = Spread.of(self.peerclaims_seconds)
        paired = [a / b for a, b in zip(self.pyx12_seconds, self.peerclaims_seconds, strict=True)]
        return {
            "claims": self.claims,
            "file_bytes": self.file_bytes,
            "pyx12": {
                "seconds": asdict(pyx12),
                "cpu_seconds": self.pyx12_cpu,
                "claims_per_s": self.claims / pyx12.median,
                "maxrss_mb": asdict(Spread.of(self.pyx12_rss)),
                "base_rss_mb": asdict(Spread.of(self.pyx12_base_rss)),
                "vmhwm_mb": self.pyx12_hwm,
                "valid": all(self.pyx12_valid),
            },
            "peerclaims": {
                "seconds": asdict(peer),
                "cpu_seconds": self.peerclaims_cpu,
                "claims_per_s": self.claims / peer.median,
                "maxrss_mb": asdict(Spread.of(self.peerclaims_rss)),
                "base_rss_mb": asdict(Spread.of(self.peerclaims_base_rss)),
                "vmhwm_mb": self.peerclaims_hwm,
                "rejected_claims": max(self.peerclaims_rejected),
            },
            "pyx12_speedups": {
                "seconds": asdict(Spread.of(self.faster_seconds)),
                "cpu_seconds": self.faster_cpu,
            },
            "throughput_ratio": pyx12.median / peer.median,
            "throughput_ratio_per_round": asdict(Spread.of(paired)),
            "ratio_to_pyx12_speedups": Spread.of(self.faster_seconds).median / peer.median,
            "console": self.console,
        }


def _check_output(got: dict[str, Any], out: Path, claims: int, what: str) -> int:
    """The number of rejected claims peerclaims reported; raise if the run is not usable."""
    if int(got["exit_code"]) >= 2:
        raise ChildFailedError(what, f"peerclaims exit code {got['exit_code']}", "")
    summary = got.get("summary") or {}
    if summary.get("claims") != claims:
        raise ChildFailedError(
            what, f"peerclaims reported {summary.get('claims')} claims, expected {claims}", ""
        )
    out.unlink(missing_ok=True)
    return int(summary.get("rejected", 0))


OFF_CPU_NOTE = 1.10
"""A run whose wall time exceeds this x its CPU time waited for the CPU (other load, steal)."""


def _off_cpu(got: dict[str, Any], label: str, slow: list[str]) -> None:
    """Record `label` in `slow` when the child spent a noticeable share of its time off-CPU."""
    wall, cpu = float(got["seconds"]), float(got["cpu_seconds"])
    if wall > OFF_CPU_NOTE * cpu + 0.05:
        slow.append(f"{label} (wall {wall:.2f} s, CPU {cpu:.2f} s)")


def _hwm_disagrees(got: dict[str, Any]) -> bool:
    """True when the child's ru_maxrss exceeds its own VmHWM: the harness inflated it."""
    hwm = got.get("hwm_mb")
    return hwm is not None and float(got["maxrss_mb"]) > float(hwm) + 1.0


def _log(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _measure(sizes: list[SizeRuns], repeat: int, work: Path, notes: list[str]) -> None:
    """The interleaved rounds, then one console-script run per size."""
    out = work / "out.json"
    inflated = 0
    slow: list[str] = []
    for round_no in range(1, repeat + 1):
        for size in sizes:
            label = f"{size.claims} claims, round {round_no}/{repeat}"
            got = _run_child(f"pyx12 alone, {label}", ["pyx12", str(size.path)])
            size.pyx12_seconds.append(float(got["seconds"]))
            size.pyx12_rss.append(float(got["maxrss_mb"]))
            size.pyx12_base_rss.append(float(got["base_rss_mb"]))
            size.pyx12_valid.append(bool(got["valid"]))
            inflated += _hwm_disagrees(got)
            _off_cpu(got, f"pyx12 alone {label}", slow)
            size.pyx12_cpu.append(float(got["cpu_seconds"]))
            if got.get("hwm_mb") is not None:
                size.pyx12_hwm.append(float(got["hwm_mb"]))
            _log(f"  pyx12 alone      {label}: {got['seconds']:7.2f} s {got['maxrss_mb']:6.1f} MB")
            got = _run_child(f"pyx12 + speed-ups, {label}", ["pyx12-speedups", str(size.path)])
            size.faster_seconds.append(float(got["seconds"]))
            size.faster_cpu.append(float(got["cpu_seconds"]))
            _off_cpu(got, f"pyx12 + speed-ups {label}", slow)
            _log(f"  pyx12 + speedups {label}: {got['seconds']:7.2f} s {got['maxrss_mb']:6.1f} MB")
            what = f"peerclaims check, {label}"
            got = _run_child(what, ["peerclaims", str(size.path), str(out)])
            size.peerclaims_rejected.append(_check_output(got, out, size.claims, what))
            inflated += _hwm_disagrees(got)
            _off_cpu(got, f"peerclaims {label}", slow)
            size.peerclaims_cpu.append(float(got["cpu_seconds"]))
            if got.get("hwm_mb") is not None:
                size.peerclaims_hwm.append(float(got["hwm_mb"]))
            size.peerclaims_seconds.append(float(got["seconds"]))
            size.peerclaims_rss.append(float(got["maxrss_mb"]))
            size.peerclaims_base_rss.append(float(got["base_rss_mb"]))
            _log(f"  peerclaims check {label}: {got['seconds']:7.2f} s {got['maxrss_mb']:6.1f} MB")
    for size in sizes:
        what = f"console script, {size.claims} claims"
        got = _run_child(what, ["console", str(size.path), str(out)])
        _check_output(got, out, size.claims, what)
        _off_cpu(got, what, slow)
        size.console = {
            "seconds": float(got["seconds"]),
            "cpu_seconds": float(got["cpu_seconds"]),
            "maxrss_mb": float(got["maxrss_mb"]),
            "exit_code": int(got["exit_code"]),
        }
        _log(
            f"  console script   {size.claims} claims: {got['seconds']:7.2f} s "
            f"{got['maxrss_mb']:6.1f} MB"
        )
    if slow:
        notes.append(
            f"{len(slow)} run(s) spent over {OFF_CPU_NOTE - 1:.0%} of their wall time off-CPU "
            "(other load on the machine, or CPU steal): " + "; ".join(slow)
        )
    if inflated:
        notes.append(
            f"{inflated} child(ren) reported ru_maxrss above their own VmHWM: the harness process "
            "grew larger than a child, so those peaks are overstated"
        )
    for size in sizes:
        if not all(size.pyx12_valid):
            notes.append(f"pyx12 alone did not find the {size.claims}-claim file valid")
        if max(size.peerclaims_rejected):
            notes.append(
                f"peerclaims rejected {max(size.peerclaims_rejected)} of the "
                f"{size.claims} synthetic claims (expected none)"
            )


def _fmt_spread(spread: Spread, unit: str, digits: int) -> str:
    return f"{spread.median:.{digits}f} {unit} ({spread.low:.{digits}f}-{spread.high:.{digits}f})"


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("figure", "value", "target", "result")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, tuple("-" * w for w in widths), *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _report(
    small: SizeRuns, large: SizeRuns, latency: dict[str, Latency], notes: list[str]
) -> tuple[str, dict[str, Any]]:
    """The printed table and the targets as JSON."""
    s_pyx, s_peer = Spread.of(small.pyx12_seconds), Spread.of(small.peerclaims_seconds)
    l_pyx, l_peer = Spread.of(large.pyx12_seconds), Spread.of(large.peerclaims_seconds)
    paired = Spread.of(
        [a / b for a, b in zip(large.pyx12_seconds, large.peerclaims_seconds, strict=True)]
    )
    ratio = l_pyx.median / l_peer.median
    linear_limit = TARGET_LINEAR_SLACK * large.claims / small.claims
    linear = l_peer.median / s_peer.median
    rss = Spread.of(large.peerclaims_rss)
    p95 = latency["peerclaims"].p95_ms
    targets = {
        "throughput_ratio": {
            "value": ratio,
            "target": f">= {TARGET_RATIO}",
            "pass": ratio >= TARGET_RATIO,
        },
        "linearity": {
            "value": linear,
            "target": f"<= {linear_limit:g}",
            "pass": linear <= linear_limit,
        },
        "peak_rss_mb": {
            "value": rss.high,
            "target": f"<= {TARGET_RSS_MB:g}",
            "pass": rss.high <= TARGET_RSS_MB,
        },
        "one_claim_p95_ms": {
            "value": p95,
            "target": f"<= {TARGET_P95_MS:g}",
            "pass": p95 <= TARGET_P95_MS,
        },
    }
    n_s, n_l = f"{small.claims:,}", f"{large.claims:,}"
    rows: list[tuple[str, str, str, str]] = [
        (
            f"throughput peerclaims / pyx12 alone, {n_l} claims",
            f"{ratio:.3f} (per round {paired.low:.3f}-{paired.high:.3f})",
            f">= {TARGET_RATIO}",
            _verdict(ratio >= TARGET_RATIO),
        ),
        (
            f"peerclaims time {n_l} / time {n_s}",
            f"{linear:.2f}",
            f"<= {linear_limit:g}",
            _verdict(linear <= linear_limit),
        ),
        (
            f"peerclaims peak RSS, {n_l} claims (max of runs)",
            f"{rss.high:.1f} MB (median {rss.median:.1f})",
            f"<= {TARGET_RSS_MB:g} MB",
            _verdict(rss.high <= TARGET_RSS_MB),
        ),
        (
            "peerclaims one-claim warm p95",
            f"{p95:.2f} ms",
            f"<= {TARGET_P95_MS:g} ms",
            _verdict(p95 <= TARGET_P95_MS),
        ),
    ]
    for size, pyx, peer in ((small, s_pyx, s_peer), (large, l_pyx, l_peer)):
        n = f"{size.claims:,}"
        rows += [
            (f"pyx12 alone, {n} claims", _fmt_spread(pyx, "s", 2), "", ""),
            (f"pyx12 alone, {n} claims: claims/s", f"{size.claims / pyx.median:.0f}", "", ""),
            (f"peerclaims check, {n} claims", _fmt_spread(peer, "s", 2), "", ""),
            (f"peerclaims check, {n} claims: claims/s", f"{size.claims / peer.median:.0f}", "", ""),
            (
                f"pyx12 alone peak RSS, {n} claims (base)",
                f"{Spread.of(size.pyx12_rss).high:.1f} MB "
                f"({Spread.of(size.pyx12_base_rss).median:.1f})",
                "",
                "",
            ),
            (
                f"peerclaims peak RSS, {n} claims (base)",
                f"{Spread.of(size.peerclaims_rss).high:.1f} MB "
                f"({Spread.of(size.peerclaims_base_rss).median:.1f})",
                "",
                "",
            ),
            (
                f"console script, {n} claims (wall, imports incl.)",
                f"{size.console['seconds']:.2f} s, {size.console['maxrss_mb']:.1f} MB",
                "",
                "",
            ),
        ]
    cpu_pyx, cpu_peer = Spread.of(large.pyx12_cpu), Spread.of(large.peerclaims_cpu)
    rows.insert(
        4,
        (
            f"(info) the same ratio by CPU time, {n_l} claims",
            f"{cpu_pyx.median / cpu_peer.median:.3f} "
            f"({cpu_pyx.median:.2f} / {cpu_peer.median:.2f} CPU s)",
            "",
            "",
        ),
    )
    l_fast = Spread.of(large.faster_seconds)
    fast_paired = Spread.of(
        [a / b for a, b in zip(large.faster_seconds, large.peerclaims_seconds, strict=True)]
    )
    rows.insert(
        5,
        (
            f"(info) peerclaims / pyx12 with the same speed-ups, {n_l} claims",
            f"{l_fast.median / l_peer.median:.3f} "
            f"(per round {fast_paired.low:.3f}-{fast_paired.high:.3f})",
            "",
            "",
        ),
    )
    for size in (small, large):
        rows.append(
            (
                f"pyx12 with peerclaims' speed-ups, {size.claims:,} claims",
                _fmt_spread(Spread.of(size.faster_seconds), "s", 2),
                "",
                "",
            )
        )
    rows.append(
        (f"pyx12 alone time {n_l} / time {n_s}", f"{l_pyx.median / s_pyx.median:.2f}", "", "")
    )
    for key, label in (
        ("peerclaims", "peerclaims one-claim warm"),
        ("pyx12_map_cache", "pyx12 alone one-claim, map cache on"),
        ("pyx12_shipped", "pyx12 alone one-claim, as shipped"),
    ):
        lat = latency[key]
        rows.append(
            (
                f"{label} p50/p95/max",
                f"{lat.p50_ms:.2f} / {lat.p95_ms:.2f} / {lat.max_ms:.2f} ms",
                "",
                "",
            )
        )
    for name, spread in (
        (f"pyx12 alone {n_s}", s_pyx),
        (f"peerclaims {n_s}", s_peer),
        (f"pyx12 alone {n_l}", l_pyx),
        (f"peerclaims {n_l}", l_peer),
    ):
        if len(spread.samples) > 1 and spread.relative_range > SPREAD_NOTE:
            notes.append(
                f"{name}: runs spread {spread.relative_range:.0%} of the median "
                "(the VM drifted; trust the ratios more than the seconds)"
            )
    return _table(rows), targets


def _git_state() -> dict[str, Any]:
    """The commit measured and the tracked files that differ from it (None if git is absent)."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    changed = [line[3:] for line in status.splitlines() if line.strip()] if status else []
    return {"commit": commit.strip() if commit else None, "modified": changed}


def _source_stamp() -> dict[str, int]:
    """Modification times of the engine's sources, to notice an edit during the run."""
    return {str(path): path.stat().st_mtime_ns for path in sorted(REPO.glob("engine/**/*.py"))}


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Benchmark peerclaims check against pyx12 alone on synthetic 837P files.",
    )
    parser.add_argument("--claims-small", type=int, default=1000, help="default 1000")
    parser.add_argument("--claims-large", type=int, default=10000, help="default 10000")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--latency-calls", type=int, default=50, help="timed one-claim calls (default 50)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("bench/out/results.json"),
        help="JSON results file (default bench/out/results.json)",
    )
    args = parser.parse_args(argv)
    if args.claims_small < 1 or args.claims_large <= args.claims_small:
        parser.error("need 1 <= --claims-small < --claims-large")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.latency_calls < 2:
        parser.error("--latency-calls must be at least 2")
    return args


def _main(argv: Sequence[str]) -> int:
    import datetime as dt
    import platform
    import tempfile

    args = _parse_args(argv)
    started = time.perf_counter()
    now = dt.datetime.now().astimezone()
    machine = {
        "date": now.isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "executable": sys.executable,
    }
    git = _git_state()
    stamp = _source_stamp()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="peerclaims-bench-") as temp:
        work = Path(temp)
        sizes: list[SizeRuns] = []
        one = work / "b1.837"
        try:
            for claims in (args.claims_small, args.claims_large):
                path = work / f"b{claims}.837"
                made = _run_child(f"generate {claims} claims", ["generate", str(path), str(claims)])
                sizes.append(SizeRuns(claims=claims, path=path, file_bytes=int(made["bytes"])))
            _run_child("generate 1 claim", ["generate", str(one), "1"])
            _log(
                f"inputs: seed {SEED}, "
                + ", ".join(f"{s.claims} claims ({s.file_bytes / 1024:.0f} KB)" for s in sizes)
            )
            _measure(sizes, args.repeat, work, notes)
            _log(f"  one-claim latency: {args.latency_calls} calls each")
            got = _run_child("one-claim latency", ["latency", str(one), str(args.latency_calls)])
        except ChildFailedError as exc:
            _log(f"bench.run: FAILED - {exc}")
            if exc.stderr.strip():
                _log("---- child stderr ----\n" + exc.stderr.rstrip() + "\n----")
            return 1
    latency = {
        "peerclaims": Latency.of(got["peerclaims_ms"]),
        "pyx12_map_cache": Latency.of(got["pyx12_map_cache_ms"]),
        "pyx12_shipped": Latency.of(got["pyx12_shipped_ms"]),
    }
    if _source_stamp() != stamp:
        notes.append("engine/ sources changed during the run: the rounds measured different code")
    small, large = sizes
    table, targets = _report(small, large, latency, notes)
    elapsed = time.perf_counter() - started
    print(
        f"peerclaims benchmark - {machine['date']} - {machine['cpu_count']} CPUs - "
        f"Python {machine['python']} ({machine['platform']})"
    )
    print(
        f"seed {SEED}; {args.repeat} interleaved rounds (median, min-max); "
        f"one-claim: {WARMUP_CALLS} warm-up + {args.latency_calls} timed calls"
    )
    modified = git["modified"]
    print(
        f"code: commit {(git['commit'] or 'unknown')[:12]}"
        + (f", {len(modified)} modified tracked files ({', '.join(modified)})" if modified else "")
    )
    print()
    print(table)
    if notes:
        print()
        for note in notes:
            print(f"note: {note}")
    print()
    print(f"total wall time of this benchmark: {elapsed:.0f} s")
    results = {
        "schema": "peerclaims.bench/1",
        "machine": machine,
        "git": git,
        "parameters": {
            "seed": SEED,
            "claims_small": args.claims_small,
            "claims_large": args.claims_large,
            "repeat": args.repeat,
            "latency_calls": args.latency_calls,
            "latency_warmup": WARMUP_CALLS,
        },
        "targets": targets,
        "sizes": [size.summary() for size in sizes],
        "one_claim_latency": {key: asdict(value) for key, value in latency.items()},
        "latency_child_maxrss_mb": got.get("maxrss_mb"),
        "notes": notes,
        "harness_maxrss_mb": _maxrss_mb(),
        "wall_seconds": elapsed,
    }
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: the benchmark, or one measurement when called as a child."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == CHILD:
        return _child_main(args[1:])
    return _main(args)


if __name__ == "__main__":
    raise SystemExit(main())
