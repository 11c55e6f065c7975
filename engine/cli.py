"""The `peerclaims` command line (typer): check 837 files and print or write the result.

Every failure ends in one line on standard error naming the file and position, and an exit
code (product.md): 0 every claim accepted, 1 some claim rejected or an input problem reported,
2 an input that could not be read at all, or a usage error. No traceback reaches the user.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from peerclaims.engine.check import STDIN, CheckRun, Source, check_sources
from peerclaims.engine.errors import PeerclaimsError, UsageError
from peerclaims.engine.result import json_schema_text
from peerclaims.engine.table import render_table

app = typer.Typer(
    name="peerclaims",
    help="Check Medicaid peer-support claims (X12 837P) before they are submitted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class OutputFormat(str, Enum):
    """What `check` writes."""

    table = "table"
    json = "json"
    ack999 = "999"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never a half-written file."""
    directory = path.parent if str(path.parent) else Path()
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _sources(files: list[str]) -> list[Source]:
    sources: list[Source] = []
    for name in files:
        if name == STDIN:
            sources.append(Source(name="<stdin>", load=sys.stdin.buffer.read))
        else:
            sources.append(Source.from_path(name))
    return sources


def _run(sources: list[Source], show_progress: bool) -> CheckRun:
    if not show_progress:
        return check_sources(sources)
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
        return check_sources(sources, progress=lambda n: bar.advance(task, n))


@app.command()
def check(
    files: Annotated[list[str], typer.Argument(help="837 files to check; '-' reads standard input.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or 999.")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
) -> None:
    """Check 837P files: per claim and line, accepted or rejected, and why."""
    if out is not None and out.is_dir():
        raise UsageError(f"--out {out}: is a directory; give a file path")
    run = _run(_sources(files), show_progress=sys.stderr.isatty())
    if output_format is not OutputFormat.table or out is not None:
        for problem in run.result.errors:
            typer.echo(f"peerclaims: {problem.message}", err=True)
    if output_format is OutputFormat.json:
        text = run.result.to_json()
    elif output_format is OutputFormat.ack999:
        from peerclaims.engine.x12.ack999 import render_999  # noqa: PLC0415 - only for 999

        text = render_999(run.readings)
    else:
        text = ""
    if output_format is OutputFormat.table:
        if out is not None:
            console = Console(record=True, width=160, file=io.StringIO())
            render_table(run.result, console)
            write_atomic(out, console.export_text())
        else:
            render_table(run.result, Console())
    elif out is not None:
        write_atomic(out, text)
    else:
        sys.stdout.write(text)
    raise typer.Exit(run.exit_code)


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the schema here.")] = None,
) -> None:
    """Print the JSON Schema of the result document (peerclaims.result/1)."""
    text = json_schema_text()
    if out is not None:
        write_atomic(out, text)
    else:
        sys.stdout.write(text)


def main() -> None:
    """Console entry point: run the app, turning every error into one line and an exit code."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except PeerclaimsError as exc:
        typer.echo(f"peerclaims: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("peerclaims: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, never a traceback
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # typer's usage errors
            show()
            sys.exit(2)
        typer.echo(f"peerclaims: internal error ({type(exc).__name__}); please report it", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
