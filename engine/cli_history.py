"""`peerclaims history list|show|remove`: what `check --record` stored, seen and undone.

The store's side is engine/reference/recordings.py. A recording is one `check --record` run; the
CLI calls its id a decision. Tables wrap to the terminal's width; nothing is cut.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

history_app = typer.Typer(
    help="What check --record stored in the history: list it, show it, remove it.",
    no_args_is_help=True,
)

Decision = Annotated[
    str | None, typer.Option("--decision", help="A recording's id, as `history list` shows it.")
]
Claim = Annotated[str | None, typer.Option("--claim", help="A claim id (CLM01).")]
File = Annotated[str | None, typer.Option("--file", help="A file name as it was checked.")]


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "not recorded"


def _console() -> Console:
    return Console(soft_wrap=False)


def _table(*headers: str) -> Table:
    """A table whose cells wrap, long words folded, never cut (`...`)."""
    table = Table()
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


@history_app.command("list")
def history_list() -> None:
    """Every recording, newest first: id, when, the files, how many claims and lines."""
    from peerclaims.engine.cli import _store  # noqa: PLC0415 - SQLAlchemy only when used
    from peerclaims.engine.reference.recordings import recordings  # noqa: PLC0415

    with _store() as store:
        store.migrate()
        found = recordings(store)
    if not found:
        typer.echo("nothing recorded yet (check --record stores accepted lines)")
        return
    table = _table("decision", "recorded", "file", "claims", "lines")
    for item in found:
        table.add_row(
            item.recording_id,
            _when(item.recorded_at),
            item.source or "",
            f"{item.claims:,}",
            f"{item.lines:,}",
        )
    _console().print(table)


@history_app.command("show")
def history_show(decision: Decision = None, claim: Claim = None, file: File = None) -> None:
    """The recorded lines of a decision, a claim or a file: claim, line, member, date, units."""
    from peerclaims.engine.cli import _store  # noqa: PLC0415
    from peerclaims.engine.reference.recordings import recorded_rows  # noqa: PLC0415

    with _store() as store:
        store.migrate()
        rows = recorded_rows(store, recording_id=decision, claim_id=claim, source=file)
    if not rows:
        typer.echo("no recorded lines match")
        return
    table = Table(
        "claim",
        "service line",
        "member",
        "date",
        "procedure",
        "units",
        "recorded",
        "decision",
        "file",
    )
    for row in rows:
        table.add_row(
            row.claim_id,
            str(row.line or ""),
            row.member_id,
            row.service_date.isoformat(),
            row.procedure,
            str(row.units),
            _when(row.recorded_at),
            row.recording_id,
            row.source or "",
        )
    _console().print(table)


@history_app.command("remove")
def history_remove(decision: Decision = None, claim: Claim = None, file: File = None) -> None:
    """Remove recorded lines (a decision's, a claim's or a file's); history.yaml lines stay."""
    from peerclaims.engine.cli import _store  # noqa: PLC0415
    from peerclaims.engine.reference.recordings import remove  # noqa: PLC0415

    with _store() as store:
        store.migrate()
        removed = remove(store, recording_id=decision, claim_id=claim, source=file)
    typer.echo(f"removed {removed:,} recorded lines from the history")
