"""Benchmark of the rules stage: rule packs on pre-read claims, and the whole check with the engine.

Run from the repository root::

    python -m bench.rules_stage                       # defaults: several minutes on 2 cores
    python -m bench.rules_stage --quick               # smoke run (~40 s): small inputs, 1 round
    python -m bench.rules_stage --claims 5000 --rounds 5 --claims-small 1000 \\
        --claims-large 10000 --repeat 3 --profile --out bench/out/rules_stage.json

What it measures (bench/README.md, "Rules stage", says what every figure means):

1. The rules stage alone, in one child process: `--claims` claims, spread evenly over the payers
   of `bench.synth.PAYERS` (one seeded file per payer, so every state pack is exercised), are read
   into `Claim` models first; every pack under rules/ is loaded, with reference data made for the
   claims by `bench.reference_for`; each state's runtime is compiled by a warm-up. Then
   `--rounds` interleaved rounds: one pass of `RulesEngine.evaluate` over every claim, one pass of
   `check.judge(claim, engine=engine)` (evaluation, pricing, the run's history), each with a fresh
   run history and the cyclic collector paused as `check_sources` pauses it; the collection that
   then frees the pass's cyclic garbage is timed with the pass.
2. The whole check against pyx12 alone: `--repeat` interleaved rounds of `pyx12 alone`
   (bench/run.py's own child), `check_sources([Source], CountSink(), engine=engine)` and, for
   comparison, the same without an engine, on the `--claims-small` and `--claims-large` files of
   bench/run.py (seed 837), each in a fresh interpreter. The small file is made with the large
   file's organizations, so it holds the large file's first claims, and both run against the
   large file's reference data: the small file then judges exactly as with its own, and the
   peak RSS compares the runs, not two sizes of reference data. The engine is built (packs,
   reference data) before the timer; the state runtimes compile inside it.
3. Peak RSS (`ru_maxrss`) of those whole-check children: large ÷ small, and against the runs
   without an engine.
4. With `--profile`, one more child profiles one evaluate pass and one judge pass with cProfile
   and lists the top functions of engine/checks/ and engine/rules_runtime.py by cumulative time
   (the .prof files are written beside `--out`).

Exit status: 0 when every measurement ran (targets met or not: read the table or the JSON's
`targets.*.pass`), 1 when a child failed, 2 on a usage error.
"""

# ruff: noqa: PLC0415 - the children import what they need, so their peak RSS is their own

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.run import (
    CHILD_TIMEOUT_S,
    SEED,
    SPREAD_NOTE,
    ChildFailedError,
    Spread,
    _git_state,
    _hwm_disagrees,
    _hwm_mb,
    _log,
    _maxrss_mb,
    _off_cpu,
    _source_stamp,
    _table,
    _verdict,
)

if TYPE_CHECKING:
    import argparse

    from peerclaims.engine.checks.evaluate import RulesEngine
    from peerclaims.engine.model import Claim

REPO = Path(__file__).resolve().parent.parent
CHILD = "_child"

TARGET_STAGE_CLAIMS_PER_S = 5000.0
"""Rules stage alone, one core: claims per second, at least."""
TARGET_RATIO = 0.85
"""Whole check with the engine ÷ pyx12 alone, claims/s on the large file, at least."""
TARGET_RSS_FLAT = 1.10
"""Peak RSS of the whole check, large file ÷ small file, at most ("flat": our reading)."""
PROFILE_TOP = 10
PROFILED_FILES = ("engine/checks/", "engine/rules_runtime.py")


# --------------------------------------------------------------------------------------------
# Children: each runs in its own process and prints one JSON object on its last stdout line.
# --------------------------------------------------------------------------------------------


def _rss_now_mb() -> float:
    """This process's current RSS in MB (Linux VmRSS), else its peak."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return _maxrss_mb()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return _maxrss_mb()


def _child_generate_stage(directory: str, claims: int) -> dict[str, Any]:
    """One seeded file per payer, `claims` in all (as even as it divides)."""
    from bench import synth

    per, extra = divmod(claims, len(synth.PAYER_IDS))
    paths = []
    for index, payer in enumerate(synth.PAYER_IDS):
        count = per + (index < extra)
        if count:
            path = Path(directory, f"stage-{payer.lower()}.837")
            synth.write(path, count, SEED + index, payer_ids=(payer,))
            paths.append(str(path))
    return {"paths": paths}


def _child_reference(out: str, paths: Sequence[str]) -> dict[str, Any]:
    """Reference data for the claims of `paths`, written as JSON to `out`."""
    from bench import reference_for as rf
    from peerclaims.engine.packs.pack import load_packs

    start = time.perf_counter()
    builder = rf.ReferenceBuilder(load_packs(REPO / "rules"))
    for path in paths:
        for claim in rf.read_claims(path):
            builder.add(claim)
    reference = builder.build()
    rf.write_json(reference, out)
    return {
        "seconds": time.perf_counter() - start,
        "claims": builder.claims,
        "records": rf.counts(reference),
        "bytes": Path(out).stat().st_size,
    }


def _engine(reference_json: str) -> RulesEngine:
    """Every pack under rules/ and the reference data of `reference_json`."""
    from bench.reference_for import read_json
    from peerclaims.engine.checks.evaluate import RulesEngine
    from peerclaims.engine.packs.pack import load_packs

    return RulesEngine(load_packs(REPO / "rules"), read_json(reference_json))


def _fresh_history(engine: RulesEngine) -> None:
    """Forget what earlier passes counted (limits, duplicates): every pass sees the same run."""
    from peerclaims.engine.checks.context import RunHistory

    engine.history = RunHistory(engine.reference)


def _stage_inputs(reference_json: str, paths: Sequence[str]) -> tuple[RulesEngine, list[Claim]]:
    """The claims read into models, and an engine whose state runtimes are compiled."""
    from bench.reference_for import read_claims

    claims = [claim for path in paths for claim in read_claims(path)]
    engine = _engine(reference_json)
    warmed: set[str | None] = set()
    for claim in claims:  # compile each state's runtime outside the timer
        state = engine.state_of(claim)
        if state not in warmed:
            warmed.add(state)
            engine.evaluate(claim)
    _fresh_history(engine)
    return engine, claims


def _pass(engine: RulesEngine, claims: Sequence[Claim], kind: str) -> tuple[float, float, float]:
    """One timed pass over every claim: wall and CPU seconds, and the collection's wall seconds.

    As in `check_sources`, the cyclic collector is paused during the pass; the young-generation
    collection that follows (the one that frees the pass's cyclic garbage) is timed with it.
    """
    import gc

    from peerclaims.engine.check import judge
    from peerclaims.engine.x12.reader import collector_paused

    _fresh_history(engine)
    gc.collect()  # outside the timer: earlier passes' garbage and the pre-read claims settled
    evaluate = engine.evaluate
    start = time.perf_counter()
    cpu_start = time.process_time()
    with collector_paused():
        if kind == "evaluate":
            for claim in claims:
                evaluate(claim)
        else:
            for claim in claims:
                judge(claim, engine=engine)
        collect_start = time.perf_counter()
        gc.collect(0)  # what re-enabling would trigger at the next allocation, timed alone
        end = time.perf_counter()
    return end - start, time.process_time() - cpu_start, end - collect_start


def _child_stage(reference_json: str, rounds: int, paths: Sequence[str]) -> dict[str, Any]:
    """The rules stage alone: `rounds` interleaved evaluate and judge passes in this process."""
    import gc
    from collections import Counter

    from peerclaims.engine.check import judge
    from peerclaims.engine.x12.reader import collector_paused

    read_start = time.perf_counter()
    engine, claims = _stage_inputs(reference_json, paths)
    prepare_seconds = time.perf_counter() - read_start
    samples: dict[str, dict[str, list[float]]] = {
        kind: {"seconds": [], "cpu_seconds": [], "collect_seconds": []}
        for kind in ("evaluate", "judge")
    }
    for _ in range(rounds):
        for kind, sample in samples.items():
            seconds, cpu_seconds, collect_seconds = _pass(engine, claims, kind)
            sample["seconds"].append(seconds)
            sample["cpu_seconds"].append(cpu_seconds)
            sample["collect_seconds"].append(collect_seconds)
    # what the work was: findings by rule and state, and the decisions (one untimed judge pass)
    # and the cyclic garbage it leaves while the collector is paused (as in check_sources)
    _fresh_history(engine)
    fired: Counter[str] = Counter()
    states: Counter[str] = Counter()
    lines = rejected = rejected_lines = 0
    gc.collect()
    with collector_paused():
        for claim in claims:
            decided = judge(claim, engine=engine)
            states[decided.state or "none"] += 1
            lines += len(decided.lines)
            rejected += decided.status == "rejected"
            rejected_lines += sum(line.status == "rejected" for line in decided.lines)
            for finding in decided.findings:
                fired[f"{finding.rule_id} {decided.state or 'none'}"] += 1
        cyclic = gc.collect()
    runtimes = {}
    for state in states:
        compiled = engine.compiled(None if state == "none" else state)
        runtimes[state] = {
            "rules": len(compiled.rules),
            "shards": len(compiled.runtime.ruleset_names),
        }
    return {
        "claims": len(claims),
        "lines": lines,
        "prepare_seconds": prepare_seconds,
        "samples": samples,
        "states": dict(sorted(states.items())),
        "rejected_claims": rejected,
        "rejected_lines": rejected_lines,
        "findings": sum(fired.values()),
        "findings_by_rule": dict(sorted(fired.items())),
        "cyclic_objects_per_claim": cyclic / len(claims),
        "runtimes": runtimes,
        "packs_loaded": len(engine.packs),
        "maxrss_mb": _maxrss_mb(),
    }


def _profile_rows(stats: Any, total: float) -> list[dict[str, Any]]:
    """The top functions of engine/checks/ and engine/rules_runtime.py by cumulative time."""
    rows = []
    for (filename, line, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        where = filename.replace("\\", "/")
        for marker in PROFILED_FILES:
            cut = where.find(marker)
            if cut >= 0:
                rows.append(
                    {
                        "function": f"{where[cut:]}:{line}({name})",
                        "ncalls": ncalls,
                        "tottime": tottime,
                        "cumtime": cumtime,
                        "share": cumtime / total if total else 0.0,
                    }
                )
                break
    rows.sort(key=lambda row: -row["cumtime"])
    return rows[:PROFILE_TOP]


def _child_profile(reference_json: str, out_dir: str, paths: Sequence[str]) -> dict[str, Any]:
    """cProfile one evaluate pass and one judge pass; write the .prof files; list hotspots."""
    import cProfile
    import pstats

    engine, claims = _stage_inputs(reference_json, paths)
    result: dict[str, Any] = {"claims": len(claims)}
    for kind in ("evaluate", "judge"):
        profiler = cProfile.Profile()
        profiler.enable()
        _pass(engine, claims, kind)
        profiler.disable()
        stats = pstats.Stats(profiler)
        prof = Path(out_dir, f"rules_stage.{kind}.prof")
        prof.parent.mkdir(parents=True, exist_ok=True)
        stats.dump_stats(prof)
        total = stats.total_tt  # type: ignore[attr-defined]  # pstats has it, typeshed not
        top = _profile_rows(stats, total)
        result[kind] = {"profiled_seconds": total, "file": str(prof), "top": top}
    return result


def _child_whole(path: str, reference_json: str) -> dict[str, Any]:
    """`check_sources([path], CountSink(), engine=...)`: engine built before the timer.

    `reference_json` "-" runs without an engine (the reader alone), for comparison.
    """
    from peerclaims.engine.check import CountSink, Source, check_sources

    imported = _rss_now_mb()
    engine = _engine(reference_json) if reference_json != "-" else None
    base = _rss_now_mb()
    start = time.perf_counter()
    cpu_start = time.process_time()
    run = check_sources([Source.from_path(path)], CountSink(), engine=engine)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "maxrss_mb": _maxrss_mb(),
        "hwm_mb": _hwm_mb(),
        "imports_rss_mb": imported,
        "base_rss_mb": base,
        "end_rss_mb": _rss_now_mb(),
        "claims": run.summary.claims,
        "rejected": run.summary.rejected,
        "errors": len(run.errors),
    }


def _child_main(argv: Sequence[str]) -> int:
    """`python -m bench.rules_stage _child KIND ARGS...`: one measurement, printed as JSON."""
    kind, *rest = argv
    if kind == "generate-stage" and len(rest) == 2:
        result = _child_generate_stage(rest[0], int(rest[1]))
    elif kind == "reference" and len(rest) >= 2:
        result = _child_reference(rest[0], rest[1:])
    elif kind == "stage" and len(rest) >= 3:
        result = _child_stage(rest[0], int(rest[1]), rest[2:])
    elif kind == "profile" and len(rest) >= 3:
        result = _child_profile(rest[0], rest[1], rest[2:])
    elif kind == "whole" and len(rest) == 2:
        result = _child_whole(rest[0], rest[1])
    else:
        sys.stderr.write(f"bench.rules_stage: unknown child {list(argv)!r}\n")
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


# --------------------------------------------------------------------------------------------
# Parent: inputs, the rounds, the table and the JSON.
# --------------------------------------------------------------------------------------------


def _run_child(module: str, what: str, args: Sequence[str]) -> dict[str, Any]:
    """Run `python -m MODULE _child ARGS` in a fresh interpreter; its JSON, or ChildFailedError."""
    import subprocess

    command = [sys.executable, "-m", module, CHILD, *args]
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


def _mine(what: str, *args: str) -> dict[str, Any]:
    return _run_child("bench.rules_stage", what, args)


def _theirs(what: str, *args: str) -> dict[str, Any]:
    return _run_child("bench.run", what, args)


def _stage_figures(stage: dict[str, Any]) -> dict[str, Any]:
    claims = int(stage["claims"])
    figures: dict[str, Any] = {}
    for kind, sample in stage["samples"].items():
        wall, cpu = Spread.of(sample["seconds"]), Spread.of(sample["cpu_seconds"])
        figures[kind] = {
            "seconds": asdict(wall),
            "cpu_seconds": asdict(cpu),
            "claims_per_s": claims / wall.median,
            "claims_per_s_best": claims / wall.low,
            "claims_per_s_cpu": claims / cpu.median,
            "ms_per_claim": 1000 * wall.median / claims,
            "collect_seconds": asdict(Spread.of(sample["collect_seconds"])),
        }
    return figures


def _whole_rounds(
    sizes: list[dict[str, Any]], repeat: int, notes: list[str]
) -> dict[int, dict[str, list[Any]]]:
    """Interleaved rounds: per size, pyx12 alone, the check with the engine, then without."""
    runs: dict[int, dict[str, list[Any]]] = {
        size["claims"]: {"pyx12": [], "whole": [], "reader": []} for size in sizes
    }
    slow: list[str] = []
    inflated = 0
    for round_no in range(1, repeat + 1):
        for size in sizes:
            claims = size["claims"]
            label = f"{claims} claims, round {round_no}/{repeat}"
            got = _theirs(f"pyx12 alone, {label}", "pyx12", size["path"])
            _off_cpu(got, f"pyx12 alone {label}", slow)
            inflated += _hwm_disagrees(got)
            runs[claims]["pyx12"].append(got)
            _log(f"  pyx12 alone         {label}: {got['seconds']:7.2f} s")
            got = _mine(f"whole check, {label}", "whole", size["path"], size["reference"])
            if int(got["claims"]) != claims:
                raise ChildFailedError(
                    f"whole check, {label}", f"{got['claims']} claims, expected {claims}", ""
                )
            _off_cpu(got, f"whole check {label}", slow)
            inflated += _hwm_disagrees(got)
            runs[claims]["whole"].append(got)
            _log(
                f"  whole check+engine  {label}: {got['seconds']:7.2f} s "
                f"{got['maxrss_mb']:6.1f} MB (base {got['base_rss_mb']:.1f})"
            )
            got = _mine(f"check without engine, {label}", "whole", size["path"], "-")
            _off_cpu(got, f"check without engine {label}", slow)
            inflated += _hwm_disagrees(got)
            runs[claims]["reader"].append(got)
            _log(
                f"  check, no engine    {label}: {got['seconds']:7.2f} s {got['maxrss_mb']:6.1f} MB"
            )
    if slow:
        notes.append(
            f"{len(slow)} run(s) spent over 10% of their wall time off-CPU (other load on the "
            "machine): " + "; ".join(slow)
        )
    if inflated:
        notes.append(f"{inflated} child(ren) reported ru_maxrss above their VmHWM (overstated)")
    return runs


def _whole_figures(claims: int, runs: dict[str, list[Any]]) -> dict[str, Any]:
    def spread(kind: str, key: str) -> Spread:
        return Spread.of([float(got[key]) for got in runs[kind]])

    pyx, whole = spread("pyx12", "seconds"), spread("whole", "seconds")
    pyx_cpu, whole_cpu = spread("pyx12", "cpu_seconds"), spread("whole", "cpu_seconds")
    paired = Spread.of([a / b for a, b in zip(pyx.samples, whole.samples, strict=True)])
    return {
        "claims": claims,
        "pyx12_seconds": asdict(pyx),
        "whole_seconds": asdict(whole),
        "pyx12_cpu_seconds": asdict(pyx_cpu),
        "whole_cpu_seconds": asdict(whole_cpu),
        "pyx12_claims_per_s": claims / pyx.median,
        "whole_claims_per_s": claims / whole.median,
        "ratio": pyx.median / whole.median,
        "ratio_per_round": asdict(paired),
        "ratio_cpu": pyx_cpu.median / whole_cpu.median,
        "whole_maxrss_mb": asdict(spread("whole", "maxrss_mb")),
        "whole_base_rss_mb": asdict(spread("whole", "base_rss_mb")),
        "whole_imports_rss_mb": asdict(spread("whole", "imports_rss_mb")),
        "whole_vmhwm_mb": [got.get("hwm_mb") for got in runs["whole"]],
        "pyx12_maxrss_mb": asdict(spread("pyx12", "maxrss_mb")),
        "no_engine_seconds": asdict(spread("reader", "seconds")),
        "no_engine_cpu_seconds": asdict(spread("reader", "cpu_seconds")),
        "no_engine_maxrss_mb": asdict(spread("reader", "maxrss_mb")),
        "rejected_claims": max(int(got["rejected"]) for got in runs["whole"]),
    }


def _report(
    stage: dict[str, Any],
    stage_figures: dict[str, Any],
    small: dict[str, Any],
    large: dict[str, Any],
    notes: list[str],
) -> tuple[str, dict[str, Any]]:
    """The printed table and the targets as JSON."""
    n = f"{stage['claims']:,}"
    ev, ju = stage_figures["evaluate"], stage_figures["judge"]
    rss_small = small["whole_maxrss_mb"]["high"]
    rss_large = large["whole_maxrss_mb"]["high"]
    rss_ratio = rss_large / rss_small
    over_small = rss_small - small["whole_imports_rss_mb"]["median"]
    over_large = rss_large - large["whole_imports_rss_mb"]["median"]
    targets = {
        "stage_evaluate_claims_per_s": {
            "value": ev["claims_per_s"],
            "target": f">= {TARGET_STAGE_CLAIMS_PER_S:g}",
            "pass": ev["claims_per_s"] >= TARGET_STAGE_CLAIMS_PER_S,
        },
        "stage_judge_claims_per_s": {
            "value": ju["claims_per_s"],
            "target": f">= {TARGET_STAGE_CLAIMS_PER_S:g}",
            "pass": ju["claims_per_s"] >= TARGET_STAGE_CLAIMS_PER_S,
        },
        "whole_over_pyx12_ratio": {
            "value": large["ratio"],
            "target": f">= {TARGET_RATIO}",
            "pass": large["ratio"] >= TARGET_RATIO,
        },
        "peak_rss_large_over_small": {
            "value": rss_ratio,
            "target": f"<= {TARGET_RSS_FLAT}",
            "pass": rss_ratio <= TARGET_RSS_FLAT,
        },
    }
    n_s, n_l = f"{small['claims']:,}", f"{large['claims']:,}"
    no_engine_cpu_ratio = (
        large["pyx12_cpu_seconds"]["median"] / large["no_engine_cpu_seconds"]["median"]
    )

    def claims_per_s(fig: dict[str, Any]) -> str:
        return (
            f"{fig['claims_per_s']:.0f} claims/s ({fig['ms_per_claim']:.3f} ms/claim; "
            f"best {fig['claims_per_s_best']:.0f}, CPU {fig['claims_per_s_cpu']:.0f})"
        )

    rows: list[tuple[str, str, str, str]] = [
        (
            f"rules stage: engine.evaluate, {n} claims",
            claims_per_s(ev),
            f">= {TARGET_STAGE_CLAIMS_PER_S:g}/s",
            _verdict(targets["stage_evaluate_claims_per_s"]["pass"]),
        ),
        (
            f"rules stage: check.judge (+pricing, history), {n} claims",
            claims_per_s(ju),
            f">= {TARGET_STAGE_CLAIMS_PER_S:g}/s",
            _verdict(targets["stage_judge_claims_per_s"]["pass"]),
        ),
        (
            f"whole check+engine / pyx12 alone, {n_l} claims",
            f"{large['ratio']:.3f} (per round {large['ratio_per_round']['low']:.3f}-"
            f"{large['ratio_per_round']['high']:.3f})",
            f">= {TARGET_RATIO}",
            _verdict(targets["whole_over_pyx12_ratio"]["pass"]),
        ),
        (
            f"whole check peak RSS {n_l} / {n_s} claims",
            f"{rss_ratio:.3f} ({rss_large:.1f} / {rss_small:.1f} MB)",
            f"<= {TARGET_RSS_FLAT}",
            _verdict(targets["peak_rss_large_over_small"]["pass"]),
        ),
        (
            "(info) the same ratio by CPU time, " + n_l,
            f"{large['ratio_cpu']:.3f}",
            "",
            "",
        ),
        (f"(info) whole check+engine / pyx12 alone, {n_s} claims", f"{small['ratio']:.3f}", "", ""),
    ]
    for fig in (small, large):
        c = f"{fig['claims']:,}"
        rows += [
            (
                f"pyx12 alone, {c} claims",
                f"{fig['pyx12_seconds']['median']:.2f} s ({fig['pyx12_claims_per_s']:.0f}/s)",
                "",
                "",
            ),
            (
                f"whole check+engine, {c} claims",
                f"{fig['whole_seconds']['median']:.2f} s ({fig['whole_claims_per_s']:.0f}/s), "
                f"{fig['rejected_claims']} rejected",
                "",
                "",
            ),
            (
                f"whole check peak RSS, {c} claims",
                f"{fig['whole_maxrss_mb']['high']:.1f} MB (RSS after imports "
                f"{fig['whole_imports_rss_mb']['median']:.1f}, engine+reference built "
                f"{fig['whole_base_rss_mb']['median']:.1f})",
                "",
                "",
            ),
        ]
    rows += [
        (
            f"(info) peak RSS over imports, {n_l} / {n_s}",
            f"{over_large:.1f} / {over_small:.1f} MB",
            "",
            "",
        ),
        (
            f"(info) check without engine, {n_l} / {n_s}",
            f"{large['no_engine_seconds']['median']:.2f} / "
            f"{small['no_engine_seconds']['median']:.2f} s, peak "
            f"{large['no_engine_maxrss_mb']['high']:.1f} / "
            f"{small['no_engine_maxrss_mb']['high']:.1f} MB",
            "",
            "",
        ),
        (
            f"(info) peak RSS the engine adds, {n_l} / {n_s}",
            f"{rss_large - large['no_engine_maxrss_mb']['high']:.1f} / "
            f"{rss_small - small['no_engine_maxrss_mb']['high']:.1f} MB",
            "",
            "",
        ),
        (
            f"(info) CPU ratio without engine / pyx12 alone, {n_l}",
            f"{no_engine_cpu_ratio:.3f}",
            "",
            "",
        ),
        (
            "(info) rules stage work",
            f"{stage['lines']} lines, {stage['findings']} findings, "
            f"{stage['rejected_claims']} claims rejected; states "
            + ", ".join(f"{k} {v}" for k, v in stage["states"].items())
            + f"; every pack loaded ({stage['packs_loaded']}, federal included)",
            "",
            "",
        ),
        (
            "(info) cyclic garbage per judged claim, collector paused",
            f"{stage['cyclic_objects_per_claim']:.0f} objects, freed only by a collection: "
            f"{ju['collect_seconds']['median']:.3f} s per judge pass (in the seconds above)",
            "",
            "",
        ),
    ]
    for name, fig in (("evaluate", ev), ("judge", ju)):
        seconds = fig["seconds"]
        spread = (seconds["high"] - seconds["low"]) / seconds["median"]
        if spread > SPREAD_NOTE:
            notes.append(
                f"rules stage {name}: passes spread {spread:.0%} of the median "
                "(the machine is busy; trust the best and CPU figures more)"
            )
    for fig in (small, large):
        for kind in ("pyx12_seconds", "whole_seconds"):
            seconds = fig[kind]
            spread = (seconds["high"] - seconds["low"]) / seconds["median"]
            if len(seconds["samples"]) > 1 and spread > SPREAD_NOTE:
                notes.append(
                    f"{kind.split('_')[0]} {fig['claims']} claims: runs spread {spread:.0%} of "
                    "the median (trust the per-round and CPU ratios more than the seconds)"
                )
    return _table(rows), targets


def _profile_table(profile: dict[str, Any]) -> str:
    lines = []
    for kind in ("evaluate", "judge"):
        section = profile[kind]
        lines.append(
            f"cProfile, one {kind} pass of {profile['claims']:,} claims "
            f"({section['profiled_seconds']:.2f} s under the profiler), top {PROFILE_TOP} by "
            "cumulative time in engine/checks/ and engine/rules_runtime.py:"
        )
        for row in section["top"]:
            lines.append(
                f"  {row['cumtime']:7.3f} s {row['share']:6.1%}  tottime {row['tottime']:6.3f}  "
                f"calls {row['ncalls']:>8}  {row['function']}"
            )
    return "\n".join(lines)


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m bench.rules_stage",
        description="Benchmark the rules stage and the whole check with the rule packs.",
    )
    parser.add_argument("--claims", type=int, default=5000, help="rules-stage claims (5000)")
    parser.add_argument("--rounds", type=int, default=5, help="rules-stage rounds (5)")
    parser.add_argument("--claims-small", type=int, default=1000, help="whole check, small (1000)")
    parser.add_argument("--claims-large", type=int, default=10000, help="whole check, large")
    parser.add_argument("--repeat", type=int, default=3, help="whole-check rounds (3)")
    parser.add_argument("--profile", action="store_true", help="also cProfile the rules stage")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 350 stage claims x 2 rounds, whole check on 100 and 500 claims, 1 round",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("bench/out/rules_stage.json"),
        help="JSON results (default bench/out/rules_stage.json)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.claims, args.rounds = 350, 2
        args.claims_small, args.claims_large, args.repeat = 100, 500, 1
    if args.claims < 1 or args.rounds < 1 or args.repeat < 1:
        parser.error("--claims, --rounds and --repeat must be at least 1")
    if args.claims_small < 1 or args.claims_large <= args.claims_small:
        parser.error("need 1 <= --claims-small < --claims-large")
    return args


def _main(argv: Sequence[str]) -> int:
    import datetime as dt
    import os
    import platform
    import tempfile

    args = _parse_args(argv)
    started = time.perf_counter()
    machine = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    git = _git_state()
    stamp = _source_stamp()
    notes: list[str] = []
    out: Path = args.out
    with tempfile.TemporaryDirectory(prefix="peerclaims-rules-stage-") as temp:
        work = Path(temp)
        try:
            _log(f"inputs: seed {SEED}; rules stage {args.claims} claims over every payer")
            stage_paths = _mine("generate stage", "generate-stage", str(work), str(args.claims))[
                "paths"
            ]
            stage_ref = str(work / "stage-reference.json")
            made = _mine("reference, stage", "reference", stage_ref, *stage_paths)
            _log(f"  reference data: {made['records']} ({made['seconds']:.1f} s)")
            sizes = []
            large = str(args.claims_large)
            reference = str(work / f"b{large}-reference.json")
            for claims in (args.claims_small, args.claims_large):
                path = str(work / f"b{claims}.837")
                _theirs(f"generate {claims}", "generate", path, str(claims), large)
                sizes.append({"claims": claims, "path": path, "reference": reference})
            made = _mine(f"reference, {large}", "reference", reference, sizes[-1]["path"])
            _log(f"  reference for both files: {made['records']} ({made['seconds']:.1f} s)")
            _log(f"rules stage: {args.rounds} rounds of evaluate and judge passes, one process")
            stage = _mine("rules stage", "stage", stage_ref, str(args.rounds), *stage_paths)
            stage_figures = _stage_figures(stage)
            for kind, fig in stage_figures.items():
                _log(f"  {kind:8}: {fig['claims_per_s']:8.0f} claims/s (median)")
            _log(f"whole check: {args.repeat} interleaved rounds")
            runs = _whole_rounds(sizes, args.repeat, notes)
            profile = None
            if args.profile:
                _log("profile: one evaluate and one judge pass under cProfile")
                profile = _mine(
                    "profile", "profile", stage_ref, str(out.parent.resolve()), *stage_paths
                )
        except ChildFailedError as exc:
            _log(f"bench.rules_stage: FAILED - {exc}")
            if exc.stderr.strip():
                _log("---- child stderr ----\n" + exc.stderr.rstrip() + "\n----")
            return 1
    if _source_stamp() != stamp:
        notes.append("engine/ sources changed during the run: the rounds measured different code")
    small = _whole_figures(args.claims_small, runs[args.claims_small])
    large = _whole_figures(args.claims_large, runs[args.claims_large])
    table, targets = _report(stage, stage_figures, small, large, notes)
    elapsed = time.perf_counter() - started
    load = machine["load_average"]
    print(
        f"peerclaims rules-stage benchmark - {machine['date']} - {machine['cpu_count']} CPUs"
        + (f" (load {load[0]:.2f} at start)" if load else "")
        + f" - Python {machine['python']}"
    )
    modified = git["modified"]
    print(
        f"code: commit {(git['commit'] or 'unknown')[:12]}"
        + (f", {len(modified)} modified tracked files" if modified else "")
        + f"; seed {SEED}; stage {args.rounds} rounds, whole check {args.repeat} rounds (medians)"
    )
    print()
    print(table)
    if profile is not None:
        print()
        print(_profile_table(profile))
    if notes:
        print()
        for note in notes:
            print(f"note: {note}")
    print()
    print(f"total wall time of this benchmark: {elapsed:.0f} s")
    results = {
        "schema": "peerclaims.bench.rules_stage/1",
        "machine": machine,
        "git": git,
        "parameters": {
            "seed": SEED,
            "stage_claims": args.claims,
            "stage_rounds": args.rounds,
            "claims_small": args.claims_small,
            "claims_large": args.claims_large,
            "repeat": args.repeat,
            "quick": args.quick,
        },
        "targets": targets,
        "rules_stage": {**stage, "figures": stage_figures},
        "whole_check": [small, large],
        "whole_check_runs": {str(k): v for k, v in runs.items()},
        "profile": profile,
        "notes": notes,
        "wall_seconds": elapsed,
    }
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
