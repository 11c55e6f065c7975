"""The `peerclaims` command line (typer): check 837 files and print or write the result.

Every failure ends in one line on standard error naming the file and position, and an exit
code (product.md): 0 every claim accepted, 1 some claim rejected or an input problem reported,
2 an input that could not be read at all, or a usage error. No traceback reaches the user.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import signal
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from peerclaims.engine import logs, shown
from peerclaims.engine.check import (
    INPUT_SETTING,
    STDIN,
    CheckRun,
    ClaimSink,
    CollectSink,
    CountSink,
    JsonSpool,
    Source,
    check_sources,
)
from peerclaims.engine.cli_history import history_app
from peerclaims.engine.cli_remit import remit
from peerclaims.engine.cli_rules import rules_app, rules_root
from peerclaims.engine.cli_states import states
from peerclaims.engine.cli_store import keys_app, reference_app
from peerclaims.engine.cluster import Cluster, EngineSpec, OnCluster, close
from peerclaims.engine.errors import PeerclaimsError, UsageError
from peerclaims.engine.files import read_stream
from peerclaims.engine.outfile import Stopped, check_out, stop_on_signals, write_atomic
from peerclaims.engine.recording import Judged
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.settings import checked_settings, get_settings
from peerclaims.engine.result import json_schema_text
from peerclaims.engine.table import render_impact, render_table
from peerclaims.engine.worklist_csv import write_csv

if TYPE_CHECKING:
    from peerclaims.engine.checks.evaluate import RulesEngine
    from peerclaims.engine.reference.history_lock import Marks
    from peerclaims.engine.reference.store import Store

app = typer.Typer(
    name="peerclaims",
    help="Check Medicaid peer-support claims (X12 837P) before they are submitted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    """`--version`: print the installed version and stop."""
    if value:
        typer.echo(f"peerclaims {importlib.metadata.version('peerclaims')}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Check Medicaid peer-support claims (X12 837P) before they are submitted."""


class OutputFormat(StrEnum):
    """What `check` writes."""

    table = "table"
    json = "json"
    csv = "csv"
    ack999 = "999"
    ack277ca = "277ca"


FILE_WIDTH = 120
"""Columns of a table written to an --out file (its columns wrap; nothing is cut)."""

_BY_EXTENSION: dict[str, OutputFormat] = {
    ".json": OutputFormat.json,
    ".csv": OutputFormat.csv,
    ".999": OutputFormat.ack999,
    ".277": OutputFormat.ack277ca,
    ".277ca": OutputFormat.ack277ca,
    ".txt": OutputFormat.table,
}


def format_for(given: OutputFormat | None, out: Path | None) -> OutputFormat:
    """The --format given, else the one --out's extension names, else the table."""
    if given is not None:
        return given
    if out is None:
        return OutputFormat.table
    suffix = out.suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    known = ", ".join(_BY_EXTENSION)
    raise UsageError(
        f"--out {out}: cannot tell the format from the extension '{suffix or '(none)'}'; "
        f"give --format (table, json, csv, 999, 277ca) or end the name in {known}"
    )


def say(message: str) -> None:
    """Write one line to standard error: `peerclaims: ` and the message, escaped and cut short."""
    typer.echo(f"peerclaims: {shown.line(message)}", err=True)


def _emit(out: Path | None, write: Callable[[TextIO], object]) -> None:
    if out is not None:
        write_atomic(out, write)
    else:
        write(sys.stdout)
        sys.stdout.flush()


def _sources(files: list[str], *, keep_stdin: bool = False) -> list[Source]:
    """The inputs; `keep_stdin` keeps standard input's bytes (a recording may judge again)."""
    sources: list[Source] = []
    for name in files:
        if name == STDIN:
            limit = get_settings().max_input_bytes
            limited = partial(read_stream, sys.stdin.buffer, limit, INPUT_SETTING)
            load = _kept(limited) if keep_stdin else limited
            sources.append(Source(name="<stdin>", load=load))
        else:
            sources.append(Source.from_path(name))
    return sources


def _kept(read: Callable[[], bytes]) -> Callable[[], bytes]:
    """`read`, called once: later calls give the same bytes."""
    kept: list[bytes] = []

    def load() -> bytes:
        if not kept:
            kept.append(read())
        return kept[0]

    return load


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int], None]]:
    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("claims"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("claims", total=None)
        yield lambda n: bar.advance(task, n)


def _run(
    sources: list[Source],
    sink: ClaimSink,
    show_progress: bool,
    engine: RulesEngine | None,
    recorded: list[RecordedLine] | None,
    keep_readings: bool = False,
    on: OnCluster | None = None,
) -> CheckRun:
    predicting = None
    if recorded is not None:  # --record keeps every line's prediction (remit matches them)
        from peerclaims.engine.remit.predicted import PredictingSink  # noqa: PLC0415

        sink = predicting = PredictingSink(sink)
    run = _run_into(sources, sink, show_progress, engine, recorded, keep_readings, on)
    if predicting is not None:
        run.predicted = predicting.rows
    return run


def _run_into(
    sources: list[Source],
    sink: ClaimSink,
    show_progress: bool,
    engine: RulesEngine | None,
    recorded: list[RecordedLine] | None,
    keep_readings: bool,
    on: OnCluster | None,
) -> CheckRun:
    if on is not None and not keep_readings:
        from peerclaims.engine.cluster import check_sources_distributed  # noqa: PLC0415

        spec = on.spec.fresh() if on.spec is not None else None  # a new run: engines rebuilt
        if not show_progress:
            return check_sources_distributed(
                sources, sink, on.client, engine, spec, recorded=recorded
            )
        with _progress_bar() as advance:
            return check_sources_distributed(
                sources, sink, on.client, engine, spec, recorded=recorded, progress=advance
            )
    if not show_progress:
        return check_sources(
            sources, sink, keep_readings=keep_readings, engine=engine, recorded=recorded
        )
    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("claims"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("claims", total=None)
        return check_sources(
            sources,
            sink,
            keep_readings=keep_readings,
            progress=lambda n: bar.advance(task, n),
            engine=engine,
            recorded=recorded,
        )


def _jobs_option(same: str) -> Any:
    """`--jobs N` of a command whose output (`same`: its name) a Dask cluster leaves unchanged."""
    return typer.Option(
        "--jobs",
        "-j",
        min=1,
        help=f"Read and judge on a local Dask cluster of N worker processes (same {same}).",
    )


def _scheduler_option(same: str) -> Any:
    """`--scheduler ADDRESS`, as `_jobs_option`."""
    return typer.Option(
        "--scheduler",
        help="Read and judge on a running Dask cluster (tcp://HOST:8786; default: "
        f"PEERCLAIMS_DASK_SCHEDULER; same {same}).",
    )


@app.command()
def check(
    files: Annotated[
        list[str], typer.Argument(help="837 files to check; '-' reads standard input.")
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table (the worklist), json, csv (one row per finding), 999 or 277ca; "
            "default: by --out's extension (.json, .csv, .999, .277, .txt), else table.",
        ),
    ] = None,
    detail: Annotated[
        bool,
        typer.Option("--detail", help="Table: after the worklist, one row per claim."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option("--reference", "-r", help="Reference data folder (YAML); default: the store."),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="State (e.g. CT) for claims whose payer is not on file."),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Store the accepted lines in the history store.")
    ] = False,
    trace: Annotated[
        bool,
        typer.Option("--trace", help="Add per claim the rules evaluated and the values used."),
    ] = False,
    jobs: Annotated[int, _jobs_option("result")] = 1,
    scheduler: Annotated[str | None, _scheduler_option("result")] = None,
    syntax_only: Annotated[
        bool,
        typer.Option(
            "--syntax-only",
            help="Only X12 syntax and implementation-guide checks (SNIP 1-2): no rule packs, "
            "no reference data.",
        ),
    ] = False,
) -> None:
    """Check 837P files: per claim and line, accepted or rejected, why, and what it should pay."""
    if out is not None:
        check_out(out)
    output_format = format_for(output_format, out)
    if detail and output_format is not OutputFormat.table:
        raise UsageError(f"--detail is for the table; --format {output_format} has every claim")
    progress = sys.stderr.isatty()
    sources = _sources(files, keep_stdin=record)
    if syntax_only and (reference is not None or state or record or trace):
        raise UsageError(
            "--syntax-only runs no rules: drop --reference, --state, --record, --trace"
        )
    cluster = Cluster.from_options(jobs, scheduler)
    on_cluster = cluster.wanted and output_format not in (
        OutputFormat.ack999,
        OutputFormat.ack277ca,
    )
    if cluster.wanted and not on_cluster:
        say(
            f"a {output_format.value} acknowledgment is built from every envelope as this "
            "process reads it, so this check runs in one process (--jobs and --scheduler apply "
            "to json, csv and table)"
        )
    engine: RulesEngine | None = None
    marks: Marks | None = None
    if not syntax_only and record and reference is None:
        engine, marks = _recording_engine(state=state, trace=trace)
    elif not syntax_only and (record or not on_cluster):  # else the workers' engines judge
        engine = _engine(reference, state=state, trace=trace)

    with contextlib.ExitStack() as stack:
        on: OnCluster | None = None
        if on_cluster:
            client = cluster.client()
            stack.callback(close, client)
            spec = None if syntax_only else EngineSpec.of(rules_root(), reference, state, trace)
            on = OnCluster(client, spec)
        run, answer, added = _check_run(
            sources, files, output_format, out, progress, engine, marks, on, record, detail
        )
    answer()  # only now: the history holds every line the answer shows as recorded
    if output_format is not OutputFormat.table or out is not None:
        for problem in run.errors:
            say(problem.message)
    if added is not None:
        say(f"recorded {added} new accepted lines in the history")
    raise typer.Exit(run.exit_code)


def _check_run(
    sources: list[Source],
    files: list[str],
    output_format: OutputFormat,
    out: Path | None,
    progress: bool,
    engine: RulesEngine | None,
    marks: Marks | None,
    on: OnCluster | None,
    record: bool,
    detail: bool,
) -> tuple[CheckRun, Callable[[], object], int | None]:
    """Judge the batch (and record it, all or nothing): the run, its answer, lines added."""

    def judge() -> Judged[tuple[CheckRun, Callable[[], object]]]:
        recorded: list[RecordedLine] | None = [] if record else None
        run, answer = _judge(
            sources, output_format, out, progress, engine, recorded, on, detail=detail
        )
        judged = Judged((run, answer), recorded or [], run.reads, list(run.withdrawn))
        judged.predicted = run.predicted
        return judged

    added: int | None = None
    if record:
        from peerclaims.engine.recording import judge_and_record  # noqa: PLC0415
        from peerclaims.engine.reference.store import StoreError  # noqa: PLC0415

        with _store() as store:
            store.migrate()
            try:
                judged, added = judge_and_record(
                    judge, engine, store, marks, source=", ".join(files)[:500] or "-"
                )
            except StoreError as exc:
                raise PeerclaimsError(f"{exc}; no result was written") from None
    else:
        judged = judge()
    run, answer = judged.answer
    return run, answer, added


def _judge(
    sources: list[Source],
    output_format: OutputFormat,
    out: Path | None,
    progress: bool,
    engine: RulesEngine | None,
    recorded: list[RecordedLine] | None,
    on: OnCluster | None,
    *,
    detail: bool = False,
) -> tuple[CheckRun, Callable[[], object]]:
    """Judge the batch into the format's sink; returns the run and how to write the answer."""
    if output_format is OutputFormat.csv:
        collected = CollectSink()
        run = _run(sources, collected, progress, engine, recorded, on=on)
        rows = run.result(collected)
        return run, lambda: _emit(out, lambda handle: write_csv(rows, handle))
    if output_format is OutputFormat.table:
        collected = CollectSink()
        # the worklist is summed as claims pass: only --detail keeps every claim in memory
        run = _run(sources, collected if detail else CountSink(), progress, engine, recorded, on=on)
        result = run.result(collected)
        if out is None:
            return run, lambda: render_table(result, Console(), detail=detail)
        console = Console(record=True, width=FILE_WIDTH, file=io.StringIO())

        def table_file() -> None:
            render_table(result, console, detail=detail)
            _emit(out, lambda handle: handle.write(console.export_text()))

        return run, table_file
    if output_format is OutputFormat.json:
        spool = JsonSpool()
        json_run = _run(sources, spool, progress, engine, recorded, on=on)
        return json_run, lambda: _emit(
            out, lambda handle: spool.write_document(json_run.head(), handle)
        )
    if output_format is OutputFormat.ack277ca:
        from peerclaims.engine.x12.ack277 import render_277ca  # noqa: PLC0415 - only for 277CA

        collected = CollectSink()
        run = _run(sources, collected, progress, engine, recorded, keep_readings=True)
        text = render_277ca(run.result(collected), run.readings)
        return run, lambda: _emit(out, lambda handle: handle.write(text))
    from peerclaims.engine.x12.ack999 import render_999  # noqa: PLC0415 - only for 999

    run = _run(sources, CountSink(), progress, engine, recorded, keep_readings=True)
    ack = render_999(run.readings)
    return run, lambda: _emit(out, lambda handle: handle.write(ack))


def _recording_engine(*, state: str | None, trace: bool) -> tuple[RulesEngine, Marks]:
    """The rules engine on the store's reference data, and the history marks read before it."""
    from peerclaims.engine.checks.setup import build_recording_engine  # noqa: PLC0415

    return build_recording_engine(rules_root(), state=state, trace=trace)


def _engine(reference: Path | None, *, state: str | None, trace: bool) -> RulesEngine:
    """The rules engine on the packs in `rules/` (durable_rules and the packs, loaded here)."""
    from peerclaims.engine.checks.setup import build_engine  # noqa: PLC0415

    return build_engine(rules_root(), reference, state=state, trace=trace)


def _store() -> Store:
    """The configured store. SQLAlchemy is imported here, on first use: it weighs about 28 MB of
    RSS, which a check that records nothing and reads YAML or nothing at all never needs."""
    from peerclaims.engine.reference.store import Store  # noqa: PLC0415

    return Store.from_settings()


app.add_typer(reference_app, name="reference")
app.add_typer(keys_app, name="keys")
app.add_typer(rules_app, name="rules")


def _claim_files(paths: list[Path]) -> list[Source]:
    """Files as given, and every file under a folder (sorted; dotfiles and README.md skipped)."""
    sources: list[Source] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.name != "README.md"
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            sources.extend(Source.from_path(str(p)) for p in found)
        else:
            sources.append(Source.from_path(str(path)))
    return sources


@app.command()
def impact(
    claims: Annotated[
        list[Path], typer.Option("--claims", help="A folder of 837 files, or files (repeatable).")
    ],
    before: Annotated[str, typer.Option("--before", help="Rules folder or git revision.")],
    after: Annotated[str, typer.Option("--after", help="Rules folder or git revision.")],
    reference: Annotated[
        Path | None,
        typer.Option("--reference", "-r", help="Reference data folder (YAML); default: the store."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, json or csv.")
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
    jobs: Annotated[int, _jobs_option("report")] = 1,
    scheduler: Annotated[str | None, _scheduler_option("report")] = None,
) -> None:
    """Judge the same claims under two versions of the rules: what changes, and the money."""
    from peerclaims.engine.impact import impact_csv, run_impact  # noqa: PLC0415

    if output_format not in {"table", "json", "csv"}:
        raise UsageError(f"--format {output_format}: use table, json or csv")
    if out is not None:
        check_out(out)
    sources = _claim_files(claims)
    cluster = Cluster.from_options(jobs, scheduler)
    with contextlib.ExitStack() as stack:
        client = None
        if cluster.wanted:
            client = cluster.client()
            stack.callback(close, client)
        if sys.stderr.isatty():
            with _progress_bar() as advance:
                report = run_impact(
                    sources, before, after, reference, progress=advance, client=client
                )
        else:
            report = run_impact(sources, before, after, reference, client=client)
    if output_format == "json":
        text = report.to_json()
    elif output_format == "csv":
        text = impact_csv(report)
    else:
        text = render_impact(report)
    _emit(out, lambda handle: handle.write(text))
    for error in report.errors:
        say(str(error))


app.command()(states)
app.command()(remit)
app.add_typer(history_app, name="history")


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the schema here.")] = None,
) -> None:
    """Print the JSON Schema of the result document (peerclaims.result/1)."""
    text = json_schema_text()
    _emit(out, lambda handle: handle.write(text))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes: each keeps its own engine; they share the store "
            "(use PostgreSQL, PEERCLAIMS_DATABASE_URL, for several).",
        ),
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="Log every request line (method, path without its query, status).",
        ),
    ] = False,
) -> None:
    """Run the HTTP service (API, OpenAPI at /docs, web page at /) with uvicorn.

    Large checks run as jobs on Dask workers: those of PEERCLAIMS_DASK_SCHEDULER, else a local
    cluster of PEERCLAIMS_JOB_WORKERS processes (default 1; 0: no jobs) started with the server.
    """
    import uvicorn  # noqa: PLC0415 - only this command serves

    from peerclaims.api.server import (  # noqa: PLC0415
        NoDelayH11Protocol,
        job_cluster,
        shared_metrics,
    )
    from peerclaims.api.settings import checked_settings as service_settings  # noqa: PLC0415

    settings = service_settings()  # a bad PEERCLAIMS_* value: one line, no server answering 500
    with _store() as store:
        store.migrate()  # once, before the workers start
    # the jobs' Dask workers start first: they are not uvicorn's, nor count in its metrics
    with job_cluster(settings), shared_metrics(workers):  # /metrics sums every worker's counts
        uvicorn.run(
            "peerclaims.api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            log_level="info",
            log_config=logs.logging_config(settings.log_format),  # ids and counts, no claims
            http=NoDelayH11Protocol,  # TCP_NODELAY even on the sockets of --workers N
        )


_INTERRUPTED = 130
"""The exit code of a run stopped by Ctrl-C (128 + SIGINT)."""


def main() -> None:
    """Console entry point: run the app, turning every error into one line and an exit code."""
    stop_on_signals()
    try:
        logs.configure(checked_settings().log_format)
        code = app(standalone_mode=False, prog_name="peerclaims")
        if code == _INTERRUPTED:  # typer's answer to Ctrl-C (no command exits 130 itself)
            say("interrupted")
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except PeerclaimsError as exc:
        say(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except Stopped as stopped:
        say(f"stopped by {signal.Signals(stopped.signum).name}")
        sys.exit(128 + stopped.signum)
    except BrokenPipeError:
        sys.exit(1)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, never a traceback
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # typer's usage errors
            show()
            sys.exit(2)
        say(f"internal error ({type(exc).__name__}); please report it")
        sys.exit(2)


if __name__ == "__main__":
    main()
