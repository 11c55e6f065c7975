"""Concurrent `check --record` against SQLite and PostgreSQL, compared with the same runs serially.

Run from the repository root::

    python -m bench.race                          # 4 processes, 3 rounds, both stores
    python -m bench.race --processes 3 --rounds 1 --stores sqlite
    python -m bench.race --postgres postgresql+psycopg://user@host:5432/db
    python -m bench.race --jobs 2                 # the race's checks with --jobs 2

Each round, on each store, starts on an empty store (a new SQLite file; a new PostgreSQL
database made beside the one `--postgres` names, dropped afterwards):

1. first use: the N processes run `peerclaims reference load fixtures/reference` together, so
   each finds the store empty and migrates it; every run that fails is a failure of first use;
2. the race: the N processes run `peerclaims check FILE --record --format json --out ...`
   together. The files overlap: processes 2k and 2k+1 send claims (of their own claim ids) with
   the same lines, exact duplicates of each other, and every claim bills the same member on the
   same day, with units that together pass New Jersey's 16-unit daily cap;
3. the serial runs: the same N checks one after another, on a fresh SQLite store, in this
   process through the command line's own code (`peerclaims.engine.cli.app`), in every order
   (the order the race's history suggests first) until one gives the race's recorded history and
   verdicts (per claim: status, each line's status and payment, the rule ids found per line).
   A round no order reproduces counts a mismatch: of history, of verdicts, or both.

Prints per store the rounds, mismatches in history, mismatches in verdicts, failures of first use
and failed race runs; exit status 0 when all are 0, 1 otherwise. Timings on a shared machine are
noisy and are not the point: the counts are.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "fixtures" / "reference"
TEMPLATE = REPO / "fixtures" / "claims" / "nj" / "clean.837"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/wt_store"
RATE = 20
"""Dollars per unit the NJ fixture bills (its charges only have to balance)."""

History = list[tuple[str, ...]]
Verdicts = list[Any]


@dataclass(slots=True)
class Counts:
    """One store's counts over the rounds."""

    rounds: int = 0
    history_mismatches: int = 0
    verdict_mismatches: int = 0
    first_use_failures: int = 0
    run_failures: int = 0
    problems: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        """Whether nothing went wrong."""
        return not (
            self.history_mismatches
            or self.verdict_mismatches
            or self.first_use_failures
            or self.run_failures
        )


def claim_file(claim_id: str, pair: int) -> bytes:
    """The NJ fixture's claim as `claim_id`, lines of 9+pair units (day 1) and 2+pair (day 2)."""
    first, second = 9 + pair, 2 + pair
    text = TEMPLATE.read_text(encoding="ascii")
    text = text.replace("CLM*NJC-000001*240.00*", f"CLM*{claim_id}*{(first + second) * RATE}.00*")
    text = text.replace(
        "SV1*HC:H0038:HF*160.00*UN*8*", f"SV1*HC:H0038:HF*{first * RATE}.00*UN*{first}*"
    )
    text = text.replace(
        "SV1*HC:H0038:HF*80.00*UN*4*", f"SV1*HC:H0038:HF*{second * RATE}.00*UN*{second}*"
    )
    return text.encode("ascii")


def environment(url: str | None, data_dir: Path) -> dict[str, str]:
    """The environment of a CLI run on the store at `url` (None: the SQLite file in data_dir)."""
    env = {**os.environ, "PEERCLAIMS_DATA_DIR": str(data_dir)}
    env.pop("PEERCLAIMS_DATABASE_URL", None)
    if url is not None:
        env["PEERCLAIMS_DATABASE_URL"] = url
    return env


def together(commands: Sequence[Sequence[str]], env: dict[str, str]) -> list[tuple[int, str]]:
    """Start every command at once; their exit codes and standard errors."""
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "peerclaims.engine.cli", *command],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for command in commands
    ]
    done = []
    for process in started:
        _, err = process.communicate(timeout=900)
        done.append((process.returncode, err.decode("utf-8", "replace")))
    return done


def recorded_history(url: str) -> History:
    """The recorded lines of the store at `url`, in the order stored (history.yaml's left out);
    compare them `sorted`."""
    from sqlalchemy import create_engine, inspect, text  # noqa: PLC0415

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("history_lines"):
                return []  # first use failed everywhere: the store was never made
            rows = connection.execute(
                text(
                    "SELECT claim_id, line_number, member_id, provider_npi, procedure, "
                    "modifiers, service_date, units FROM history_lines "
                    "WHERE claim_id IS NOT NULL ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(str(value) for value in row) for row in rows]


def verdicts(path: Path) -> Verdicts:
    """Per claim of a JSON result: id, status, each line's status and payment, rules per line."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [
        [
            claim["claim_id"],
            claim["status"],
            [[ln["line"], ln["status"], ln["expected_payment"]] for ln in claim["lines"]],
            sorted([f["rule_id"], f["line"] or 0] for f in claim["findings"]),
        ]
        for claim in document["claims"]
    ]


@contextlib.contextmanager
def postgres_database(base: str) -> Iterator[str]:
    """A new empty database on `base`'s server (dropped afterwards); yields its URL."""
    from sqlalchemy import create_engine, text  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    url = make_url(base)
    name = f"race_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def serial(files: Sequence[Path], order: Sequence[int], work: Path) -> tuple[History, Verdicts]:
    """The checks of `files` in `order`, one after another on a fresh SQLite store, in-process."""
    from peerclaims.engine.cli import app  # noqa: PLC0415
    from peerclaims.engine.reference.settings import get_settings  # noqa: PLC0415

    data_dir = Path(tempfile.mkdtemp(dir=work, prefix="serial-"))
    saved = {k: os.environ.get(k) for k in ("PEERCLAIMS_DATA_DIR", "PEERCLAIMS_DATABASE_URL")}
    os.environ["PEERCLAIMS_DATA_DIR"] = str(data_dir)
    os.environ.pop("PEERCLAIMS_DATABASE_URL", None)
    get_settings.cache_clear()
    outputs: dict[int, Verdicts] = {}
    try:
        with contextlib.redirect_stdout(sys.stderr):
            _run_app(app, ["reference", "load", str(REFERENCE)])
            for index in order:
                out = data_dir / f"out-{index}.json"
                _run_app(
                    app, ["check", str(files[index]), "--record", "-f", "json", "-o", str(out)]
                )
                outputs[index] = verdicts(out)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
    history = recorded_history(f"sqlite:///{data_dir / 'peerclaims.sqlite3'}")
    return sorted(history), [outputs[i] for i in range(len(files))]


def _run_app(app: Any, args: list[str]) -> None:
    try:
        app(args, standalone_mode=False)
    except SystemExit as done:  # typer.Exit is turned into its code by standalone_mode=False
        if done.code not in (None, 0, 1):
            raise
    except Exception as exc:
        if type(exc).__name__ != "Exit" or getattr(exc, "exit_code", 2) not in (0, 1):
            raise


def first_order(history: History, processes: int, claim_ids: Sequence[str]) -> list[int]:
    """The order the race's history suggests: by first recorded line, the rest after in order."""
    seen: dict[int, int] = {}
    for position, line in enumerate(history):
        index = claim_ids.index(line[0]) if line[0] in claim_ids else None
        if index is not None and index not in seen:
            seen[index] = position
    recorded = sorted(seen, key=lambda i: seen[i])
    return recorded + [i for i in range(processes) if i not in seen]


def one_round(
    store: str,
    processes: int,
    round_number: int,
    postgres: str,
    work: Path,
    counts: Counts,
    jobs: int = 1,
) -> None:
    """A round on one store: first use, the race, the serial comparison."""
    folder = Path(tempfile.mkdtemp(dir=work, prefix=f"{store}-{round_number}-"))
    claim_ids = [f"RACE{round_number}-{i}" for i in range(processes)]
    files = []
    for index, claim_id in enumerate(claim_ids):
        path = folder / f"claim-{index}.837"
        path.write_bytes(claim_file(claim_id, index // 2))
        files.append(path)
    with contextlib.ExitStack() as stack:
        if store == "postgresql":
            url = stack.enter_context(postgres_database(postgres))
            env = environment(url, folder)
        else:
            url = f"sqlite:///{folder / 'peerclaims.sqlite3'}"
            env = environment(None, folder)
        loads = together([["reference", "load", str(REFERENCE)]] * processes, env)
        failed = [err for code, err in loads if code != 0]
        counts.first_use_failures += len(failed)
        counts.problems.extend(f"{store} first use: {err.strip()[-300:]}" for err in failed)
        if len(failed) == processes:  # no reference data at all: load it once for the race
            together([["reference", "load", str(REFERENCE)]], env)
        outs = [folder / f"out-{i}.json" for i in range(processes)]
        runs = together(
            [
                ["check", str(f), "--record", "--format", "json", "--out", str(o)]
                + (["--jobs", str(jobs)] if jobs > 1 else [])
                for f, o in zip(files, outs, strict=True)
            ],
            env,
        )
        bad = [err for code, err in runs if code not in (0, 1)]
        counts.run_failures += len(bad)
        counts.problems.extend(f"{store} race run: {err.strip()[-300:]}" for err in bad)
        stored = recorded_history(url)
        raced_history = sorted(stored)
        raced = [verdicts(o) if o.exists() else None for o in outs]
    counts.rounds += 1
    first = first_order(stored, processes, claim_ids)
    orders = [first] + [
        list(p) for p in itertools.permutations(range(processes)) if list(p) != first
    ]
    history_found = verdicts_found = False
    for order in orders:
        history, judged = serial(files, order, folder)
        history_found |= history == raced_history
        verdicts_found |= judged == raced
        if history == raced_history and judged == raced:
            return
    if not history_found:
        counts.history_mismatches += 1
    if not verdicts_found:
        counts.verdict_mismatches += 1
    if history_found and verdicts_found:  # each alone, never together: count both
        counts.history_mismatches += 1
        counts.verdict_mismatches += 1
    shown = str(raced_history)[:400]
    counts.problems.append(f"{store} round {round_number}: no serial order gives {shown}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the rounds and print the counts per store."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--processes", type=int, default=4, help="concurrent runs (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per store (default 3)")
    parser.add_argument(
        "--stores", default="sqlite,postgresql", help="sqlite, postgresql or both (default)"
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a PostgreSQL URL")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of the race's checks")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON too")
    args = parser.parse_args(argv)
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if args.processes < 2 or args.rounds < 1 or not set(stores) <= {"sqlite", "postgresql"}:
        parser.error("--processes at least 2, --rounds at least 1, --stores sqlite/postgresql")
    results: dict[str, Counts] = {}
    with tempfile.TemporaryDirectory(prefix="peerclaims-race-") as work:
        for store in stores:
            counts = results[store] = Counts()
            for round_number in range(1, args.rounds + 1):
                one_round(
                    store,
                    args.processes,
                    round_number,
                    args.postgres,
                    Path(work),
                    counts,
                    args.jobs,
                )
    print(
        "store       rounds  history-mismatches  verdict-mismatches  first-use-failures"
        "  failed-runs"
    )
    for store, c in results.items():
        print(
            f"{store:<10} {c.rounds:>7} {c.history_mismatches:>19} {c.verdict_mismatches:>19} "
            f"{c.first_use_failures:>19} {c.run_failures:>12}"
        )
        for problem in c.problems:
            print(f"  {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps({s: vars_of(c) for s, c in results.items()}))
    return 0 if all(c.clean() for c in results.values()) else 1


def vars_of(counts: Counts) -> dict[str, Any]:
    """The counts as a dict (without the problem texts)."""
    return {
        "rounds": counts.rounds,
        "history_mismatches": counts.history_mismatches,
        "verdict_mismatches": counts.verdict_mismatches,
        "first_use_failures": counts.first_use_failures,
        "run_failures": counts.run_failures,
    }


if __name__ == "__main__":
    sys.exit(main())
