"""The human tables of a result (rich): the worklist first, then (`--detail`) one row per claim.

The worklist is wrapped text, a heading per problem; every table column wraps (`overflow="fold"`)
and none has a fixed width: at 80 columns, in a file or piped, a word is never cut off. The
worklist shows a few claims per problem; the CSV, the JSON and `--detail` list them all; CARC/RARC
and the administrator's sentence are shown for the errors (the claims a payer would deny).

Text from the input (claim ids, findings, file names) is shown escaped (`shown.escape`) and as
rich `Text`, never markup: a control sequence in a claim cannot reach the terminal.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from peerclaims.engine.findings import Finding
from peerclaims.engine.result import Result, Summary
from peerclaims.engine.shown import escape
from peerclaims.engine.worklist import Worklist, WorklistGroup, build_worklist

CLAIMS_SHOWN = 5
"""Claim ids the worklist table lists per problem (then 'and N more')."""

if TYPE_CHECKING:
    from peerclaims.engine.changelog import ChangeEntry
    from peerclaims.engine.impact import ImpactReport


def render_table(result: Result, console: Console, *, detail: bool = False) -> None:
    """Print the worklist (problems, then counts and money); `detail` adds a row per claim."""
    if detail and result.claims:
        console.print(_claims_table(result))
    worklist = result.worklist if result.worklist is not None else build_worklist(result.claims)
    for item in _worklist_items(worklist) if worklist.groups else []:
        console.print(item)
    for problem in result.errors:
        console.print(Text(f"error: {escape(problem.message)}", style="red"))
    for line in worklist_lines(worklist, result.summary):
        console.print(Text(line))


def worklist_lines(worklist: Worklist, summary: Summary) -> list[str]:
    """The counts and the money in words: the lines under the worklist table. Expected payment
    adds only known amounts and names the claims whose payment is not known; "at risk" is the
    amount billed on rejected claims (the summary's), then on rejected lines (the worklist's)."""
    w, m = worklist, worklist.money
    lines = [
        f"{w.claims} claims: {w.accepted} accepted, {w.rejected} rejected; "
        f"{w.accepted_not_fully_checked} accepted, not fully checked",
        f"billed {summary.billed}, {summary.payment_text()}; at risk {summary.at_risk} on "
        f"rejected claims ({_dollars(m.at_risk)} on the rejected service lines)",
    ]
    if m.unknown_lines:
        lines.append(
            f"payment unknown on {m.unknown_lines} accepted lines billed {_dollars(m.unknown)} "
            "(no rate on file)"
        )
    return lines


def _worklist_items(worklist: Worklist) -> list[Text | Padding]:
    """A heading per problem, then its words indented: wraps at any width, nothing cut."""
    items: list[Text | Padding] = [Text("What to do, by problem:", style="bold")]
    for group in worklist.groups:
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[group.severity]
        head = Text(group.rule_id, style=f"bold {style}")
        head.append(
            f" {group.severity} · {group.claims} claims, {group.lines} lines, "
            + ("at risk " if group.severity == "error" else "billed ")
            + _dollars(group.at_risk)
        )
        items.append(head)
        items.append(Padding(_group_text(group), (0, 0, 0, 2)))
    return items


def _dollars(amount: str) -> str:
    return f"{Decimal(amount):,.2f}"


def _group_text(group: WorklistGroup) -> Text:
    text = Text(escape(group.message))
    text.append(f"\nfix: {escape(group.fix)}")
    if group.severity == "error":
        if group.admin_fix:
            text.append(f"\nfor the administrator: {escape(group.admin_fix)}", style="dim")
        codes = _codes(group)
        if codes:
            text.append(f"\n{escape(codes)}", style="dim")
    shown = ", ".join(escape(c.claim_id) for c in group.claim_list[:CLAIMS_SHOWN])
    more = len(group.claim_list) - CLAIMS_SHOWN
    text.append(f"\nclaims: {shown}" + (f" and {more} more" if more > 0 else ""), style="dim")
    return text


def _claims_table(result: Result) -> Table:
    """One row per claim with its findings (`check --detail`)."""
    table = Table(title="peerclaims check: every claim", show_lines=True, expand=False)
    table.add_column("Claim", overflow="fold")
    table.add_column("Status", overflow="fold")
    table.add_column("Billed", justify="right", overflow="fold")
    table.add_column("Expected", justify="right", overflow="fold")
    table.add_column("Findings (rule · where · what · fix)", overflow="fold", ratio=1)
    for claim in result.claims:
        status = Text(claim.status, style="green" if claim.status == "accepted" else "bold red")
        if not claim.fully_checked:
            status.append("\nnot fully checked", style="yellow")
        findings = Text()
        if not claim.fully_checked:
            findings.append(claim.verdict_text, style="yellow")
        for f in claim.findings:
            if findings:
                findings.append("\n")
            style = {"error": "red", "warning": "yellow", "info": "cyan"}[f.severity]
            findings.append(f"{f.rule_id}", style=style)
            findings.append(f" · {escape(f.where or f.location)} · {escape(f.message)}")
            findings.append(f"\n  fix: {escape(f.fix)}", style="dim")
            if f.admin_fix:
                findings.append(f"\n  for the administrator: {escape(f.admin_fix)}", style="dim")
            codes = _codes(f)
            if codes:
                findings.append(f"\n  {escape(codes)}", style="dim")
        where = Text(escape(claim.claim_id))
        where.append(
            f"\n{escape(Path(claim.file).name)}, file line {claim.position.line}", style="dim"
        )
        where.append(f"\n{len(claim.lines)} lines", style="dim")
        expected = claim.expected_payment if claim.expected_payment is not None else "unknown"
        state = f"\n{escape(claim.state)}" if claim.state else ""
        table.add_row(where, Text.assemble(status, state), claim.billed or "", expected, findings)
    return table


def _codes(finding: Finding | WorklistGroup) -> str:
    """'CARC B7 (meaning); RARC N290 (meaning)', or '' without codes."""
    said = []
    for name, code, text in (
        ("CARC", finding.carc, finding.carc_text),
        ("RARC", finding.rarc, finding.rarc_text),
    ):
        if code:
            said.append(f"{name} {code}" + (f" ({text})" if text else ""))
    return "; ".join(said)


def _text_of(render: Table | list[Table | Text | Padding | str], width: int | None = None) -> str:
    """The render as text at `width` columns (default: the terminal's, else $COLUMNS or 80)."""
    console = Console(record=True, width=width or Console().width, file=io.StringIO())
    for item in render if isinstance(render, list) else [render]:
        console.print(item)
    return console.export_text()


def render_changes(entries: list[ChangeEntry], title: str) -> str:
    """A changelog in words, one entry per change: date, pack, what, change, before -> after,
    citation. Wrapped text, so nothing is cut at any width."""
    items: list[Text | Padding | str] = [Text(title, style="bold")]
    for e in entries:
        head = Text(f"{e.date.isoformat() if e.date else 'undated'} ", style="bold")
        head.append(f"{e.pack} · {e.kind} {e.name} · {e.change}")
        items.append(head)
        body = Text(f"before: {e.before or '-'} -> after: {e.after or '-'}")
        if e.citation:
            body.append(f"\ncitation: {e.citation}", style="dim")
        items.append(Padding(body, (0, 0, 0, 2)))
    return _text_of([*items, f"{len(entries)} changes"])


def render_impact(report: ImpactReport) -> str:
    """The impact report as text: changed claims, rules, totals and the changelog."""
    claims: list[Text | Padding | str] = [Text("claims whose outcome changes", style="bold")]
    for c in report.claims:
        head = Text(escape(c.claim_id), style="bold")
        head.append(f" {escape(Path(c.file).name)}:{c.line} {escape(c.state or '')}")
        claims.append(head)
        body = Text(
            f"{c.before} -> {c.after}; paid {c.expected_before or 'unknown'} -> "
            f"{c.expected_after or 'unknown'}"
        )
        if c.rules_hit:
            body.append(f"\nhit: {' '.join(c.rules_hit)}")
        if c.rules_released:
            body.append(f"\nreleased: {' '.join(c.rules_released)}")
        claims.append(Padding(body, (0, 0, 0, 2)))
    rules = Table(title="per rule", show_lines=False)
    for column in ("Rule", "Claims newly rejected", "Claims released"):
        rules.add_column(column, overflow="fold")
    for r in report.rules:
        rules.add_row(r.rule_id, str(r.hit), str(r.released))
    s = report.summary
    summary = (
        f"{s.claims} claims: {s.changed} change ({s.accepted_to_rejected} accepted -> rejected, "
        f"{s.rejected_to_accepted} rejected -> accepted; {s.lines_changed} lines); billed "
        f"{s.billed}; expected payment {s.expected_text('before')} -> "
        f"{s.expected_text('after')} ({s.expected_difference} of the known payments); "
        f"at risk on rejected claims {s.at_risk_before} -> {s.at_risk_after}"
    )
    changes = render_changes(report.changelog, f"changes {report.before.ref} -> {report.after.ref}")
    return _text_of([*claims, rules, summary]) + changes
