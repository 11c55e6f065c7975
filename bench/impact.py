"""Benchmark of `peerclaims impact` against one `check` over the same claims.

Run from the repository root::

    python -m bench.impact                    # 10,000 claims, 3 rounds (~4.5 min on 2 cores)
    python -m bench.impact --quick            # smoke run (~25 s): 1,000 claims, 1 round
    python -m bench.impact --claims 10000 --repeat 3 --cap 6 --cap-from 2026-03-16 \\
        --out bench/out/impact.json

The target: a 10,000-claim impact run completes in at most 2x the time of one check over the same
claims (the two packs share parsing: each file is read once).

What it measures (bench/README.md, "Impact", says what every figure means):

1. Inputs, in one child: `--claims` claims spread evenly over the payers of `bench.synth.PAYERS`
   (one seeded file per payer, `bench.rules_stage`'s stage files), their reference data
   (`bench.reference_for`) written as a YAML folder for `--reference`, and the "after" rules: a
   copy of rules/ in which `nj.limits.max_units_per_day` gets one dated value, `--cap` from
   `--cap-from` (the worked example's file, fixtures/worked-example/nj-daily-cap-12/, with its
   date and value moved into the synthetic claims' window so that some claims change).
2. `--repeat` interleaved rounds, each a fresh interpreter per run, imports outside the timer:
   - check: `build_engine(rules/, REF)` (packs, reference data, engine: timed on its own, as
     "loading"), then `check_sources(sources, CountSink(), engine=engine)` (timed);
   - impact: `run_impact(sources, "rules", "<tmp>/rules", REF)`, timed whole. Inside it the two
     packs, the reference data and the two engines are loaded; that loading is timed on its own by
     wrapping `resolve_ref`, `load_packs`, `load_reference` and `RulesEngine` as engine/impact.py
     sees them (the wrappers only read the clock; no engine file is touched).
3. The target ratio is impact / check with loading included in both: the impact call's seconds
   over the check's loading plus checking seconds, i.e. what the two commands cost. The same ratio
   with loading excluded from both, and both by CPU time, are shown for information.

Exit status: 0 when every measurement ran (target met or not: read the table or the JSON's
`targets.*.pass`), 1 when a child failed or reported the wrong number of claims, 2 on a usage
error.
"""

# ruff: noqa: PLC0415 - the children import what they need, so their peak RSS is their own

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.rules_stage import _child_generate_stage, _child_reference, _rss_now_mb, _run_child
from bench.run import (
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

REPO = Path(__file__).resolve().parent.parent
CHILD = "_child"
MODULE = "bench.impact"

TARGET_RATIO = 2.0
"""Impact seconds / check seconds over the same claims, loading included in both, at most."""
CAP_FILE = Path("states/nj/parameters/limits/max_units_per_day.yaml")
"""The parameter the "after" rules change, relative to a rules folder."""
WORKED_EXAMPLE = REPO / "fixtures/worked-example/nj-daily-cap-12/max_units_per_day.yaml"
DEFAULT_CAP = 6
"""The synthetic lines carry 1-8 units on distinct dates per member, so a cap must be below 8
for any claim to change (the worked example's 12 changes none of them)."""
DEFAULT_CAP_FROM = "2026-03-16"
"""Mid-window: bench.synth's service dates are the 20 weekdays from 2026-03-02 (to 2026-03-27)."""


# --------------------------------------------------------------------------------------------
# Children: each runs in its own process and prints one JSON object on its last stdout line.
# --------------------------------------------------------------------------------------------


def _write_after_rules(target: Path, cap: int, cap_from: str) -> Path:
    """A copy of rules/ whose NJ daily cap is `cap` from `cap_from` (worked-example style)."""
    import datetime as dt
    import shutil

    import yaml

    shutil.copytree(REPO / "rules", target)
    document = yaml.safe_load(WORKED_EXAMPLE.read_text(encoding="utf-8"))
    values = document["values"]
    example_day, example = max(values.items())  # the worked example's added value, 2027-01-01
    del values[example_day]
    day = dt.date.fromisoformat(cap_from)
    values[day] = {
        **example,
        "value": cap,
        "reference": [
            {
                "title": f"bench.impact (hypothetical, not a real New Jersey policy): the "
                f"H0038-HF daily cap is {cap} units from {cap_from}; after "
                f"fixtures/worked-example/nj-daily-cap-12 ({example['value']} from {example_day})"
            }
        ],
    }
    document["values"] = dict(sorted(values.items()))
    path = target / CAP_FILE
    path.write_text(yaml.safe_dump(document, sort_keys=False, width=100), encoding="utf-8")
    return target


def _child_prepare(directory: str, claims: int, cap: int, cap_from: str) -> dict[str, Any]:
    """Claims over every payer, their reference data as a folder, and the "after" rules."""
    from bench.reference_for import read_json, write_dir
    from peerclaims.engine.changelog import diff_packs
    from peerclaims.engine.packs.pack import load_packs

    work = Path(directory)
    paths = _child_generate_stage(directory, claims)["paths"]
    made = _child_reference(str(work / "reference.json"), paths)
    reference_dir = write_dir(read_json(work / "reference.json"), work / "reference")
    after = _write_after_rules(work / "rules", cap, cap_from)
    changelog = diff_packs(load_packs(REPO / "rules"), load_packs(after))
    return {
        "paths": paths,
        "bytes": sum(Path(path).stat().st_size for path in paths),
        "reference_dir": str(reference_dir),
        "reference_records": made["records"],
        "reference_seconds": made["seconds"],
        "after_rules": str(after),
        "changelog": [entry.model_dump(mode="json") for entry in changelog],
    }


def _child_check(reference_dir: str, paths: Sequence[str]) -> dict[str, Any]:
    """`build_engine` (timed as loading), then `check_sources(..., CountSink(), engine=...)`."""
    from peerclaims.engine.check import CountSink, Source, check_sources
    from peerclaims.engine.checks.setup import build_engine

    sources = [Source.from_path(path) for path in paths]
    imported = _rss_now_mb()
    start = time.perf_counter()
    cpu_start = time.process_time()
    engine = build_engine(REPO / "rules", Path(reference_dir))
    built = time.perf_counter()
    cpu_built = time.process_time()
    base = _rss_now_mb()
    run = check_sources(sources, CountSink(), engine=engine)
    end = time.perf_counter()
    cpu_end = time.process_time()
    return {
        "seconds": end - start,
        "cpu_seconds": cpu_end - cpu_start,
        "load_seconds": built - start,
        "load_cpu_seconds": cpu_built - cpu_start,
        "work_seconds": end - built,
        "work_cpu_seconds": cpu_end - cpu_built,
        "maxrss_mb": _maxrss_mb(),
        "hwm_mb": _hwm_mb(),
        "imports_rss_mb": imported,
        "base_rss_mb": base,
        "claims": run.summary.claims,
        "rejected": run.summary.rejected,
        "errors": [problem.message for problem in run.errors],
    }


class _Clock:
    """Wall and CPU seconds spent inside the wrapped callables (not nested in one another)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.cpu_seconds += time.process_time() - cpu_start
                self.calls += 1

        return timed


def _child_impact(reference_dir: str, after: str, paths: Sequence[str]) -> dict[str, Any]:
    """`run_impact(sources, "rules", after, reference_dir)`, timed whole; its loading apart."""
    from peerclaims.engine import impact
    from peerclaims.engine.check import Source

    loading, changelog = _Clock(), _Clock()
    for clock, names in (
        (loading, ("resolve_ref", "load_packs", "load_reference", "RulesEngine")),
        (changelog, ("diff_packs",)),
    ):
        for name in names:  # as engine/impact.py sees them: its module globals
            setattr(impact, name, clock.wrap(getattr(impact, name)))
    sources = [Source.from_path(path) for path in paths]
    imported = _rss_now_mb()
    start = time.perf_counter()
    cpu_start = time.process_time()
    report = impact.run_impact(sources, "rules", after, Path(reference_dir))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    maxrss, hwm = _maxrss_mb(), _hwm_mb()
    json_start = time.perf_counter()
    report_bytes = len(report.to_json().encode())
    json_seconds = time.perf_counter() - json_start
    summary = report.summary
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_seconds": loading.seconds,
        "load_cpu_seconds": loading.cpu_seconds,
        "load_calls": loading.calls,
        "changelog_seconds": changelog.seconds,
        "work_seconds": seconds - loading.seconds,
        "work_cpu_seconds": cpu_seconds - loading.cpu_seconds,
        "maxrss_mb": maxrss,
        "hwm_mb": hwm,
        "imports_rss_mb": imported,
        "json_seconds": json_seconds,
        "json_bytes": report_bytes,
        "claims": summary.claims,
        "summary": summary.model_dump(mode="json"),
        "rules": [rule.model_dump(mode="json") for rule in report.rules],
        "changelog_entries": len(report.changelog),
        "errors": report.errors,
    }


def _child_main(argv: Sequence[str]) -> int:
    """`python -m bench.impact _child KIND ARGS...`: one measurement, printed as JSON."""
    kind, *rest = argv
    if kind == "prepare" and len(rest) == 4:
        result = _child_prepare(rest[0], int(rest[1]), int(rest[2]), rest[3])
    elif kind == "check" and len(rest) >= 2:
        result = _child_check(rest[0], rest[1:])
    elif kind == "impact" and len(rest) >= 3:
        result = _child_impact(rest[0], rest[1], rest[2:])
    else:
        sys.stderr.write(f"bench.impact: unknown child {list(argv)!r}\n")
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


# --------------------------------------------------------------------------------------------
# Parent: inputs, the rounds, the table and the JSON.
# --------------------------------------------------------------------------------------------


def _mine(what: str, *args: str) -> dict[str, Any]:
    return _run_child(MODULE, what, args)


def _usable(got: dict[str, Any], claims: int, what: str) -> None:
    """Raise when a run did not see every claim, or a file could not be read."""
    if int(got["claims"]) != claims:
        raise ChildFailedError(what, f"{got['claims']} claims, expected {claims}", "")
    if got["errors"]:
        raise ChildFailedError(what, "errors: " + "; ".join(got["errors"][:5]), "")


def _rounds(
    inputs: dict[str, Any], claims: int, repeat: int, notes: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Interleaved rounds: the check, then the impact run, each in a fresh interpreter."""
    runs: dict[str, list[dict[str, Any]]] = {"check": [], "impact": []}
    slow: list[str] = []
    inflated = 0
    paths = inputs["paths"]
    for round_no in range(1, repeat + 1):
        label = f"{claims} claims, round {round_no}/{repeat}"
        got = _mine(f"check, {label}", "check", inputs["reference_dir"], *paths)
        _usable(got, claims, f"check, {label}")
        _off_cpu(got, f"check {label}", slow)
        inflated += _hwm_disagrees(got)
        runs["check"].append(got)
        _log(
            f"  check  {label}: {got['seconds']:7.2f} s (loading {got['load_seconds']:.2f}) "
            f"CPU {got['cpu_seconds']:6.2f} s {got['maxrss_mb']:6.1f} MB"
        )
        got = _mine(
            f"impact, {label}", "impact", inputs["reference_dir"], inputs["after_rules"], *paths
        )
        _usable(got, claims, f"impact, {label}")
        _off_cpu(got, f"impact {label}", slow)
        inflated += _hwm_disagrees(got)
        runs["impact"].append(got)
        _log(
            f"  impact {label}: {got['seconds']:7.2f} s (loading {got['load_seconds']:.2f}) "
            f"CPU {got['cpu_seconds']:6.2f} s {got['maxrss_mb']:6.1f} MB, "
            f"{got['summary']['changed']} claims changed"
        )
    if slow:
        notes.append(
            f"{len(slow)} run(s) spent over 10% of their wall time off-CPU (other load on the "
            "machine): " + "; ".join(slow)
        )
    if inflated:
        notes.append(f"{inflated} child(ren) reported ru_maxrss above their VmHWM (overstated)")
    return runs


def _figures(claims: int, runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    def spread(kind: str, key: str) -> Spread:
        return Spread.of([float(got[key]) for got in runs[kind]])

    figures: dict[str, Any] = {"claims": claims}
    for kind in ("check", "impact"):
        figures[kind] = {
            key: asdict(spread(kind, key))
            for key in (
                "seconds",
                "cpu_seconds",
                "load_seconds",
                "load_cpu_seconds",
                "work_seconds",
                "work_cpu_seconds",
                "maxrss_mb",
            )
        }
        figures[kind]["claims_per_s"] = claims / figures[kind]["seconds"]["median"]
    for name, key in (
        ("ratio", "seconds"),
        ("ratio_cpu", "cpu_seconds"),
        ("ratio_without_loading", "work_seconds"),
        ("ratio_without_loading_cpu", "work_cpu_seconds"),
    ):
        check, impact = spread("check", key), spread("impact", key)
        figures[name] = impact.median / check.median
        per_round = [a / b for a, b in zip(impact.samples, check.samples, strict=True)]
        figures[f"{name}_per_round"] = asdict(Spread.of(per_round))
    figures["impact"]["changelog_seconds"] = asdict(spread("impact", "changelog_seconds"))
    figures["impact"]["json_seconds"] = asdict(spread("impact", "json_seconds"))
    last = runs["impact"][-1]
    figures["impact"]["summary"] = last["summary"]
    figures["impact"]["rules"] = last["rules"]
    figures["impact"]["json_bytes"] = last["json_bytes"]
    figures["check"]["rejected_claims"] = runs["check"][-1]["rejected"]
    return figures


def _report(
    fig: dict[str, Any], inputs: dict[str, Any], notes: list[str]
) -> tuple[str, dict[str, Any]]:
    """The printed table and the targets as JSON."""
    n = f"{fig['claims']:,}"
    check, impact = fig["check"], fig["impact"]
    summary = impact["summary"]
    targets = {
        "impact_over_check": {
            "value": fig["ratio"],
            "target": f"<= {TARGET_RATIO}",
            "pass": fig["ratio"] <= TARGET_RATIO,
            "loading": "included in both",
        }
    }

    def per_round(name: str) -> str:
        r = fig[f"{name}_per_round"]
        return f"{fig[name]:.3f} (per round {r['low']:.3f}-{r['high']:.3f})"

    def seconds(side: dict[str, Any], key: str = "seconds") -> str:
        s = side[key]
        return f"{s['median']:.2f} s ({s['low']:.2f}-{s['high']:.2f})"

    hit = ", ".join(
        f"{rule['rule_id']} +{rule['hit']}/-{rule['released']}" for rule in impact["rules"]
    )
    changes = "; ".join(
        f"{entry['pack']} {entry['name']} {entry['change']} from {entry['date']}: "
        f"{entry['before']} -> {entry['after']}"
        for entry in inputs["changelog"]
    )
    rows: list[tuple[str, str, str, str]] = [
        (
            f"impact / check, {n} claims (loading included in both)",
            per_round("ratio"),
            f"<= {TARGET_RATIO:g}",
            _verdict(targets["impact_over_check"]["pass"]),
        ),
        ("(info) the same ratio by CPU time", per_round("ratio_cpu"), "", ""),
        (
            "(info) impact / check, loading excluded from both",
            per_round("ratio_without_loading"),
            "",
            "",
        ),
        ("(info) the same by CPU time", per_round("ratio_without_loading_cpu"), "", ""),
        (
            f"check, {n} claims: loading + check",
            f"{seconds(check)}, CPU {check['cpu_seconds']['median']:.2f} s "
            f"({check['claims_per_s']:.0f} claims/s)",
            "",
            "",
        ),
        (
            "  loading (build_engine: packs, reference, engine)",
            f"{seconds(check, 'load_seconds')}, CPU {check['load_cpu_seconds']['median']:.2f} s",
            "",
            "",
        ),
        (
            "  check_sources (read, judge, price)",
            f"{seconds(check, 'work_seconds')}, CPU {check['work_cpu_seconds']['median']:.2f} s; "
            f"{check['rejected_claims']} claims rejected",
            "",
            "",
        ),
        (
            f"impact, {n} claims: run_impact whole",
            f"{seconds(impact)}, CPU {impact['cpu_seconds']['median']:.2f} s "
            f"({impact['claims_per_s']:.0f} claims/s)",
            "",
            "",
        ),
        (
            "  loading (2 packs, reference, 2 engines)",
            f"{seconds(impact, 'load_seconds')}, CPU {impact['load_cpu_seconds']['median']:.2f} s",
            "",
            "",
        ),
        (
            "  the rest (read once, judge twice, compare, changelog)",
            f"{seconds(impact, 'work_seconds')}, CPU {impact['work_cpu_seconds']['median']:.2f} s; "
            f"changelog {impact['changelog_seconds']['median']:.3f} s",
            "",
            "",
        ),
        (
            "claims changed",
            f"{summary['changed']} of {summary['claims']} ({summary['accepted_to_rejected']} "
            f"accepted->rejected, {summary['rejected_to_accepted']} rejected->accepted, "
            f"{summary['lines_changed']} lines); expected-payment difference "
            f"{summary['expected_difference']}",
            "",
            "",
        ),
        ("  rules hit/released", hit or "none", "", ""),
        ("the change measured", changes or "none (the packs are the same)", "", ""),
        (
            "(info) peak RSS check / impact",
            f"{check['maxrss_mb']['high']:.1f} / {impact['maxrss_mb']['high']:.1f} MB",
            "",
            "",
        ),
        (
            "(info) impact report to JSON, not timed",
            f"{impact['json_seconds']['median']:.3f} s, {impact['json_bytes']:,} bytes",
            "",
            "",
        ),
    ]
    if not summary["changed"]:
        notes.append(
            "no claim changed: the after-rules' change does not touch the synthetic claims, so "
            "the impact run built no change records (lower --cap or move --cap-from)"
        )
    for kind in ("check", "impact"):
        s = fig[kind]["seconds"]
        if len(s["samples"]) > 1 and (s["high"] - s["low"]) / s["median"] > SPREAD_NOTE:
            notes.append(
                f"{kind}: runs spread {(s['high'] - s['low']) / s['median']:.0%} of the median "
                "(trust the per-round and CPU ratios more than the seconds)"
            )
    return _table(rows), targets


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    import argparse
    import datetime as dt

    parser = argparse.ArgumentParser(
        prog="python -m bench.impact",
        description="Benchmark peerclaims impact against one check over the same claims.",
    )
    parser.add_argument("--claims", type=int, default=10000, help="claims (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--cap",
        type=int,
        default=DEFAULT_CAP,
        help=f"the after-rules' NJ daily cap (default {DEFAULT_CAP}; the rules have 16)",
    )
    parser.add_argument(
        "--cap-from",
        default=DEFAULT_CAP_FROM,
        help=f"from this date, ISO (default {DEFAULT_CAP_FROM})",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 claims, 1 round")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("bench/out/impact.json"),
        help="JSON results (default bench/out/impact.json)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.claims, args.repeat = 1000, 1
    if args.claims < 1 or args.repeat < 1 or args.cap < 0:
        parser.error("--claims and --repeat must be at least 1, --cap at least 0")
    try:
        dt.date.fromisoformat(args.cap_from)
    except ValueError:
        parser.error(f"--cap-from {args.cap_from!r}: not an ISO date")
    return args


def _main(argv: Sequence[str]) -> int:
    import datetime as dt
    import os
    import platform
    import tempfile

    args = _parse_args(argv)
    started = time.perf_counter()
    machine: dict[str, Any] = {
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
    with tempfile.TemporaryDirectory(prefix="peerclaims-impact-bench-") as temp:
        try:
            _log(
                f"inputs: {args.claims} claims over every payer (seed {SEED}+i), reference "
                f"folder, after-rules with the NJ daily cap {args.cap} from {args.cap_from}"
            )
            inputs = _mine(
                "prepare", "prepare", temp, str(args.claims), str(args.cap), args.cap_from
            )
            _log(
                f"  {len(inputs['paths'])} files, {inputs['bytes']:,} bytes; reference "
                f"{inputs['reference_records']} ({inputs['reference_seconds']:.1f} s)"
            )
            _log(f"rounds: {args.repeat}, interleaved (check, then impact)")
            runs = _rounds(inputs, args.claims, args.repeat, notes)
        except ChildFailedError as exc:
            _log(f"bench.impact: FAILED - {exc}")
            if exc.stderr.strip():
                _log("---- child stderr ----\n" + exc.stderr.rstrip() + "\n----")
            return 1
    if _source_stamp() != stamp:
        notes.append("engine/ sources changed during the run: the rounds measured different code")
    figures = _figures(args.claims, runs)
    table, targets = _report(figures, inputs, notes)
    elapsed = time.perf_counter() - started
    load = machine["load_average"]
    print(
        f"peerclaims impact benchmark - {machine['date']} - {machine['cpu_count']} CPUs"
        + (f" (load {load[0]:.2f} at start)" if load else "")
        + f" - Python {machine['python']}"
    )
    modified = git["modified"]
    print(
        f"code: commit {(git['commit'] or 'unknown')[:12]}"
        + (f", {len(modified)} modified tracked files" if modified else "")
        + f"; {args.claims:,} claims, seed {SEED}+i per payer; {args.repeat} rounds (medians)"
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
        "schema": "peerclaims.bench.impact/1",
        "machine": machine,
        "git": git,
        "parameters": {
            "seed": SEED,
            "claims": args.claims,
            "repeat": args.repeat,
            "cap": args.cap,
            "cap_from": args.cap_from,
            "quick": args.quick,
            "loading": "included in the target ratio; excluded in ratio_without_loading",
        },
        "targets": targets,
        "inputs": {
            "files": [Path(path).name for path in inputs["paths"]],
            "bytes": inputs["bytes"],
            "reference_records": inputs["reference_records"],
            "changelog": inputs["changelog"],
        },
        "figures": figures,
        "runs": runs,
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
