"""The long fuzz run: N mutated 837 inputs through `peerclaims check`, counted by failure kind.

Run from the repository root::

    python -m bench.fuzz                          # 10,000 inputs, seed 1, 2 workers
    python -m bench.fuzz --n 1000 --seed 7 --jobs 2 --corpus ../shared/corpus/x12
    python -m bench.fuzz --replay 4711 --write case.837    # input 4711 of the seed, as a file

Input i of a seed is `bench.fuzzlib.random_case(Random(f"{seed}:{i}"))`: one to three mutations
of a claims fixture or a corpus file (under 64 kB); one input in four runs `--syntax-only`,
the others `--reference fixtures/reference`. Each worker (`--jobs`) imports the command line,
builds the rules engine once and warms it on the clean fixtures, then forks one child per input:
the child runs `peerclaims.engine.cli.main()` with the input's arguments, its standard output
and error sent to files, and ends by `os._exit`, so a segmentation fault kills only the child
and shows as a signal. Every `--cli-sample`-th input is also run through the real command line
in a fresh interpreter (`python -m peerclaims.engine.cli`), judged the same way, and the two
verdicts compared (a disagreement means the in-process run does not stand for the real one).
`bench.fuzzcontract.judge` gives the violations. The table counts inputs per kind (an input
counts once per kind) with up to three reproducers each; the JSON (`--out`) holds every failing
input's number, case and violations. Exit status 0 when no input broke the contract, 1 when
one did, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.fuzzcontract import KINDS, Outcome, check_command, judge, run_cli
from bench.fuzzlib import CORPUS, REPO, FuzzCase, apply, base_pool, random_case

REFERENCE = REPO / "fixtures" / "reference"
TIMEOUT = 60.0
"""Seconds one input may take before it counts as a hang."""
SYNTAX_ONLY_SHARE = 4
"""One input in this many runs `--syntax-only`."""

_pool: dict[str, bytes] = {}
_names: list[str] = []
_work: Path = Path()


def case_of(seed: int, index: int) -> tuple[FuzzCase, bool]:
    """Input `index` of `seed`: its case and whether it runs `--syntax-only`."""
    rng = random.Random(f"{seed}:{index}")
    case = random_case(rng, _names)
    return case, rng.randrange(SYNTAX_ONLY_SHARE) == 0


def _init_worker(reference: Path, scratch: Path) -> None:
    """Import the command line, build and warm its engine once; children inherit it by fork.

    The warm-up compiles every state's rules and reads the clean fixtures through pyx12 (its
    maps get cached), but posts no fact to durable_rules: a worker that had judged claims
    before forking did not always crash where a fresh process does (input 4135 of seed 1, a
    `1E17` on a TX line, passed in one such run and crashes every fresh `peerclaims check`).
    """
    global _work  # noqa: PLW0603 - the worker's own scratch folder, used by every task
    import typer  # noqa: PLC0415

    from peerclaims.engine import cli  # noqa: PLC0415
    from peerclaims.engine.x12.reader import read_bytes  # noqa: PLC0415

    engine = cli._engine(reference, state=None, trace=False)
    for state in [None, *sorted({p.state for p in engine.packs.values() if p.state})]:
        engine.compiled(state)
    for path in sorted((REPO / "fixtures" / "claims").glob("*/clean.837")):
        list(read_bytes(path.read_bytes(), path.name).claims)
    cli._engine = lambda reference, *, state, trace: engine
    # `main()` calls `app(...)`, which builds the click command from the typer app on every
    # call (50 ms); the built command, called the same way, does the same without that.
    cli.app = typer.main.get_command(cli.app)  # type: ignore[assignment]
    gc.freeze()  # the children's collections then skip what they inherit (fewer copied pages)
    _work = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))


def _child(folder: Path, args: list[str]) -> None:
    """In the forked child: run `main()` as the console script would, then `os._exit`."""
    code = 1
    try:
        os.chdir(folder)
        for fd, name, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, "stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(name, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace"
        )
        sys.argv = ["peerclaims", *args]
        from peerclaims.engine.cli import main  # noqa: PLC0415

        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        except BaseException:  # noqa: BLE001 - what the interpreter would print
            traceback.print_exc()
            code = 1
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
    finally:
        os._exit(code)


def run_forked(folder: Path, args: list[str], timeout: float = TIMEOUT) -> Outcome:
    """Run the command line in a forked child of this warmed process; a crash is a signal."""
    pid = os.fork()
    if pid == 0:
        _child(folder, args)
    deadline = time.monotonic() + timeout
    status = 0
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            timed_out = True
            break
        time.sleep(0.002)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    stdout = (folder / "stdout").read_bytes() if (folder / "stdout").exists() else b""
    stderr = (folder / "stderr").read_bytes() if (folder / "stderr").exists() else b""
    return Outcome(code, stdout, stderr, timed_out=timed_out and not os.WIFEXITED(status))


def _task(job: tuple[int, int, int, Path]) -> dict[str, Any]:
    """Run and judge input `index` of `seed` (and through the real CLI when sampled)."""
    seed, index, sample, reference = job
    case, syntax_only = case_of(seed, index)
    data, steps = apply(_pool[case.base], case.mutations)
    folder = _work / str(index)
    folder.mkdir()
    name = f"fuzz-{index}.837"
    (folder / name).write_bytes(data)
    args = check_command([name], reference, syntax_only=syntax_only)
    started = time.perf_counter()
    outcome = run_forked(folder, args)
    seconds = time.perf_counter() - started
    violations = judge(outcome, {name: data}, rules=not syntax_only)
    record: dict[str, Any] = {
        "index": index,
        "seconds": seconds,
        "case": f"{case.base} with {'; '.join(steps)}"
        + (" (--syntax-only)" if syntax_only else ""),
        "kinds": sorted({v.kind for v in violations}),
        "violations": [f"{v.kind}: {v.detail}" for v in violations],
    }
    if sample and index % sample == 0:
        env = {**os.environ, "PEERCLAIMS_DATA_DIR": str(folder / "data")}
        env.pop("PEERCLAIMS_DATABASE_URL", None)
        real = judge(
            run_cli(args, folder, env, timeout=TIMEOUT), {name: data}, rules=not syntax_only
        )
        record["cli"] = sorted({v.kind for v in real})
    shutil.rmtree(folder, ignore_errors=True)
    return record


def _report(records: list[dict[str, Any]], seconds: float, args: argparse.Namespace) -> int:
    counts = Counter(kind for r in records for kind in r["kinds"])
    kinds = [*KINDS, *sorted(set(counts) - set(KINDS))]
    failing = [r for r in records if r["kinds"]]
    sampled = [r for r in records if "cli" in r]
    disagree = [r for r in sampled if r["cli"] != r["kinds"]]
    print(f"fuzz: {len(records)} inputs, seed {args.seed}, {args.jobs} workers, {seconds:.0f} s")
    print(f"{'inputs breaking the contract':32} {len(failing):6}")
    for kind in kinds:
        print(f"  {kind:30} {counts.get(kind, 0):6}")
    print(f"{'real-CLI sample':32} {len(sampled):6} (disagreeing with in-process: {len(disagree)})")
    for kind in kinds:
        shown = [r for r in failing if kind in r["kinds"]][:3]
        for r in shown:
            detail = next(v for v in r["violations"] if v.startswith(f"{kind}:"))
            print(f"[{kind}] input {r['index']}: {r['case']}\n    {detail[:300]}")
    for r in disagree[:5]:
        print(f"[disagreement] input {r['index']}: in-process {r['kinds']}, CLI {r['cli']}")
    for r in sorted(records, key=lambda r: -r["seconds"])[:3]:
        print(f"[slowest] input {r['index']}: {r['seconds']:.2f} s: {r['case'][:200]}")
    per = sorted(r["seconds"] for r in records)
    summary = {
        "schema": "peerclaims.bench.fuzz/1",
        "inputs": len(records),
        "seed": args.seed,
        "jobs": args.jobs,
        "seconds": seconds,
        "median_input_seconds": per[len(per) // 2] if per else None,
        "failing_inputs": len(failing),
        "counts": {kind: counts.get(kind, 0) for kind in kinds},
        "cli_sample": len(sampled),
        "cli_disagreements": [
            {"index": r["index"], "in_process": r["kinds"], "cli": r["cli"]} for r in disagree
        ],
        "failures": failing,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"fuzz: details in {args.out}", file=sys.stderr)
    return 1 if failing or disagree else 0


def _progress(
    records: Iterator[dict[str, Any]], total: int, started: float
) -> list[dict[str, Any]]:
    done: list[dict[str, Any]] = []
    for record in records:
        done.append(record)
        if len(done) % 250 == 0 or len(done) == total:
            failing = sum(1 for r in done if r["kinds"])
            elapsed = time.perf_counter() - started
            print(
                f"fuzz: {len(done)}/{total} inputs, {failing} failing, {elapsed:.0f} s",
                file=sys.stderr,
            )
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--n", type=int, default=10_000, help="inputs (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--cli-sample",
        type=int,
        default=100,
        help="every Nth input also via the real CLI (0: none)",
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the public X12 corpus folder")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "fuzz.json")
    parser.add_argument("--replay", type=int, help="print input N of the seed and stop")
    parser.add_argument("--write", type=Path, help="with --replay: write the input to this file")
    args = parser.parse_args(argv)
    if args.n < 1 or args.jobs < 1 or args.cli_sample < 0:
        parser.error("--n and --jobs must be at least 1, --cli-sample at least 0")
    _pool.update(base_pool(args.corpus))
    _names.extend(sorted(_pool))
    if args.replay is not None:
        case, syntax_only = case_of(args.seed, args.replay)
        data, steps = apply(_pool[case.base], case.mutations)
        if args.write:
            args.write.write_bytes(data)
        print(f"input {args.replay} of seed {args.seed}: {case.base} with {'; '.join(steps)}")
        print("mode: --syntax-only" if syntax_only else f"mode: --reference {args.reference}")
        return 0
    corpus_files = sum(1 for n in _names if n.startswith("corpus/"))
    print(f"fuzz: {len(_names)} base files ({corpus_files} from the corpus)", file=sys.stderr)
    reference = args.reference.resolve()
    jobs = [(args.seed, i, args.cli_sample, reference) for i in range(args.n)]
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="peerclaims-fuzz-") as scratch:
        os.environ["PEERCLAIMS_DATA_DIR"] = str(Path(scratch) / "data")  # never the user's
        os.environ.pop("PEERCLAIMS_DATABASE_URL", None)
        setup = (reference, Path(scratch))
        with context.Pool(args.jobs, initializer=_init_worker, initargs=setup) as pool:
            records = _progress(pool.imap_unordered(_task, jobs, chunksize=8), args.n, started)
    records.sort(key=lambda r: r["index"])
    return _report(records, time.perf_counter() - started, args)


if __name__ == "__main__":
    sys.exit(main())
