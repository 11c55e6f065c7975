"""`peerclaims remit FILE...`: read 835s and 277CAs, match them to predictions, measure accuracy.

The work is engine/remit/'s; this module reads the options, reads the files (one line on
standard error for a file that cannot be read at all, and the next file is read), and writes the
table, JSON or CSV. Exit codes as `check`: 0 every file read without a problem, 1 some problem
reported (a refused transaction set, a validation error), 2 a file not readable at all or a usage
error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from peerclaims.engine import shown
from peerclaims.engine.errors import InputError

if TYPE_CHECKING:
    from peerclaims.engine.remit.match import Prediction
    from peerclaims.engine.remit.model import RemitFile
    from peerclaims.engine.remit.report import Measured


class RemitFormat(StrEnum):
    """How `remit` writes its answer."""

    table = "table"
    json = "json"
    csv = "csv"


def _say(message: str) -> None:
    typer.echo(f"peerclaims: {shown.line(message)}", err=True)


def read_files(files: list[Path]) -> tuple[list[RemitFile], int]:
    """Read each file; returns what was read and how many could not be read at all."""
    from peerclaims.engine.remit.read import read_remit  # noqa: PLC0415 - pyx12 when used

    read: list[RemitFile] = []
    failed = 0
    for path in files:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            _say(f"{name}: cannot read it ({exc.strerror})")
            failed += 1
            continue
        try:
            read.append(read_remit(data, name))
        except InputError as exc:
            _say(str(exc))
            failed += 1
    return read, failed


def _store_predictions(claim_ids: set[str], member_ids: set[str]) -> list[Prediction]:
    from peerclaims.engine.cli import _store  # noqa: PLC0415 - SQLAlchemy only when used
    from peerclaims.engine.remit.history import recorded_predictions  # noqa: PLC0415

    with _store() as store:
        store.migrate()
        return recorded_predictions(store, claim_ids, member_ids)


def remit(
    files: Annotated[list[Path], typer.Argument(help="835 and 277CA files to read.")],
    result: Annotated[
        list[Path] | None,
        typer.Option(
            "--result",
            help="A result document (check --format json) holding the predictions; "
            "without it, the predictions check --record kept are used.",
        ),
    ] = None,
    output_format: Annotated[
        RemitFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = RemitFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here.")] = None,
    draft: Annotated[
        Path | None,
        typer.Option(
            "--draft",
            help="Write a Gherkin scenario skeleton and a rule stub for each missed-denial "
            "pattern into this folder (drafts: never loaded).",
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Store the paid lines in the history (the payer's answer), undo reversals.",
        ),
    ] = False,
) -> None:
    """Read remittances (835) and acknowledgments (277CA); see how often the rules were right."""
    from peerclaims.engine.remit.match import load_result  # noqa: PLC0415
    from peerclaims.engine.remit.report import measured  # noqa: PLC0415

    read, failed = read_files(files)
    if result:
        predictions = [p for path in result for p in load_result(path)]
    else:
        claims = [c for f in read for c in f.claims]
        ids = {c.claim_id for c in claims} | {a.claim_id for f in read for a in f.acks}
        predictions = _store_predictions(ids, {c.member_id for c in claims if c.member_id})
    done = measured(read, predictions)
    recorded = _record(done.matched) if record else None
    if draft is not None:
        from peerclaims.engine.remit.drafts import write_drafts  # noqa: PLC0415

        written = write_drafts(draft, done.accuracy.missed)
        _say(
            f"wrote {len(written) // 2} missed-denial pattern(s) to {draft} as drafts "
            "(.feature and .rule.yaml; not loaded until moved into features/ and rules/)"
        )
    _write(out, output_format, done, recorded)
    for f in read:
        for problem in f.problems:
            _say(problem.message)
    if failed:
        raise typer.Exit(2)
    if any(f.problems for f in read):
        raise typer.Exit(1)


def _write(
    out: Path | None,
    output_format: RemitFormat,
    done: Measured,
    recorded: dict[str, int] | None,
) -> None:
    """The answer on standard output, or into `out` (written whole or not at all)."""
    from peerclaims.engine.outfile import write_atomic  # noqa: PLC0415
    from peerclaims.engine.remit.accuracy import csv_text  # noqa: PLC0415
    from peerclaims.engine.remit.report import document  # noqa: PLC0415

    accuracy = done.accuracy

    def write(handle: TextIO) -> None:
        if output_format is RemitFormat.json:
            handle.write(json.dumps(document(done, recorded), indent=2) + "\n")
        elif output_format is RemitFormat.csv:
            handle.write(csv_text(accuracy))
        else:
            _table(handle, done, recorded, width=120 if out is not None else None)

    if out is not None:
        write_atomic(out, write)
    else:
        write(sys.stdout)
        sys.stdout.flush()


def _record(matched: list[Any]) -> dict[str, int]:
    from peerclaims.engine.cli import _store  # noqa: PLC0415
    from peerclaims.engine.remit.history import record_payments  # noqa: PLC0415

    with _store() as store:
        store.migrate()
        return record_payments(store, matched)


def _new_table(*headers: str) -> Table:
    """A table whose cells wrap, long words folded, never cut."""
    table = Table()
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


_CELL_WORDS = {
    "paid_as_predicted": "paid, as predicted",
    "denied_as_predicted": "denied, as predicted",
    "missed": "denied, predicted paid (missed)",
    "false_alarm": "paid, predicted denied (false alarm)",
}


def _table(
    handle: TextIO, done: Measured, recorded: dict[str, int] | None, width: int | None
) -> None:
    read, acc, acknowledged = done.read, done.accuracy, done.acknowledged
    console = Console(file=handle, width=width, soft_wrap=False)
    files = _new_table("file", "835 claims", "277CA claims", "refused sets", "problems")
    for f in read:
        files.add_row(
            f.source, str(len(f.claims)), str(len(f.acks)), str(f.refused), str(len(f.problems))
        )
    console.print(files)
    lines = _new_table("service lines", "lines", "billed", "paid")
    for cell, value in acc.cells.items():
        lines.add_row(
            _CELL_WORDS[cell], str(value.lines), f"{value.billed:.2f}", f"{value.paid:.2f}"
        )
    console.print(lines)
    if acc.by_rule:
        rules = _new_table("rule", "denied as predicted", "false alarms", "payer's CARCs")
        for rule, cells in sorted(acc.by_rule.items()):
            hit, miss = cells["denied_as_predicted"], cells["false_alarm"]
            carcs = ", ".join(f"{c} x{n}" for c, n in acc.rule_carcs.get(rule, {}).items())
            rules.add_row(
                rule,
                f"{hit.lines} ({hit.billed:.2f} billed)",
                f"{miss.lines} ({miss.paid:.2f} paid)",
                carcs or "-",
            )
        console.print(rules)
    if acc.by_carc:
        carcs_table = _new_table("payer CARC", "predicted", "missed")
        for carc, cells in sorted(acc.by_carc.items()):
            hit, miss = cells["denied_as_predicted"], cells["missed"]
            carcs_table.add_row(
                carc, f"{hit.lines} ({hit.billed:.2f})", f"{miss.lines} ({miss.billed:.2f})"
            )
        console.print(carcs_table)
    if acc.missed:
        missed = _new_table("missed denial", "line", "CARC", "RARC", "state", "procedure", "billed")
        for m in acc.missed:
            missed.add_row(
                m.claim_id,
                str(m.line),
                m.carc,
                ", ".join(m.rarcs) or "-",
                m.state or "-",
                ":".join((m.procedure or "?", *m.modifiers)),
                f"{m.billed:.2f}",
            )
        console.print(missed)
    acked = {cell: len(ids) for cell, ids in acknowledged.items() if ids}
    if acked:
        words = ", ".join(f"{n} {cell.replace('_', ' ')}" for cell, n in acked.items())
        console.print(f"277CA claims: {words}")
    notes = [f"{acc.claims} claims matched"]
    if acc.unmatched:
        notes.append(f"{len(set(acc.unmatched))} 835 claims with no prediction found")
    if acc.reversed:
        notes.append(f"{acc.reversed} payments reversed (CLP02 22) and left out")
    if recorded is not None:
        notes.append(
            f"history: {recorded['confirmed']} recorded lines confirmed paid, "
            f"{recorded['added']} paid lines added, {recorded['removed']} denied lines taken "
            f"out, {recorded['undone']} reversed lines taken out"
        )
    console.print("; ".join(notes))
