"""The human table of a result (rich): one row per claim with its findings, then file errors.

Text from the input (claim ids, findings, file names) is shown escaped (`shown.escape`) and as
rich `Text`, never markup: a control sequence in a claim cannot reach the terminal.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from peerclaims.engine.findings import Finding
from peerclaims.engine.result import Result
from peerclaims.engine.shown import escape

if TYPE_CHECKING:
    from peerclaims.engine.changelog import ChangeEntry
    from peerclaims.engine.impact import ImpactReport


def render_table(result: Result, console: Console) -> None:
    """Print the claims table, the input errors and the summary line."""
    table = Table(title="peerclaims check", show_lines=True, expand=False)
    table.add_column("Claim", max_width=22, overflow="fold")
    table.add_column("Status", min_width=8, no_wrap=True)
    table.add_column("Billed", justify="right", min_width=8, no_wrap=True)
    table.add_column("Expected", justify="right", min_width=8, no_wrap=True)
    table.add_column("Findings (rule · where · what · fix)", min_width=24, ratio=1)
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
    if result.claims:
        console.print(table)
    for problem in result.errors:
        console.print(Text(f"error: {escape(problem.message)}", style="red"))
    s = result.summary
    console.print(
        f"{s.claims} claims: {s.accepted} accepted, {s.rejected} rejected; "
        f"billed {s.billed}, {s.payment_text()}; at risk {s.at_risk} on rejected claims; "
        f"{s.accepted_not_fully_checked} accepted, not fully checked"
    )


def _codes(finding: Finding) -> str:
    """'CARC B7 (meaning); RARC N290 (meaning)', or '' without codes."""
    said = []
    for name, code, text in (
        ("CARC", finding.carc, finding.carc_text),
        ("RARC", finding.rarc, finding.rarc_text),
    ):
        if code:
            said.append(f"{name} {code}" + (f" ({text})" if text else ""))
    return "; ".join(said)


def _text_of(render: Table | list[Table | str], width: int = 160) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    for item in render if isinstance(render, list) else [render]:
        console.print(item)
    return console.export_text()


def render_changes(entries: list[ChangeEntry], title: str) -> str:
    """A changelog as a table: date, pack, what, change, before, after, citation."""
    table = Table(title=title, show_lines=False)
    for column in ("Date", "Pack", "What", "Change", "Before", "After", "Citation"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(
            e.date.isoformat() if e.date else "",
            e.pack,
            f"{e.kind} {e.name}",
            e.change,
            e.before or "",
            e.after or "",
            e.citation or "",
        )
    return _text_of([table, f"{len(entries)} changes"])


def render_impact(report: ImpactReport) -> str:
    """The impact report as text: changed claims, rules, totals and the changelog."""
    claims = Table(title="claims whose outcome changes", show_lines=False)
    for column in ("Claim", "File:line", "State", "Before", "After", "Hit", "Released", "Paid"):
        claims.add_column(column, overflow="fold")
    for c in report.claims:
        claims.add_row(
            Text(escape(c.claim_id)),
            Text(f"{escape(Path(c.file).name)}:{c.line}"),
            Text(escape(c.state or "")),
            c.before,
            c.after,
            " ".join(c.rules_hit),
            " ".join(c.rules_released),
            f"{c.expected_before or 'unknown'} -> {c.expected_after or 'unknown'}",
        )
    rules = Table(title="per rule", show_lines=False)
    for column in ("Rule", "Claims newly rejected", "Claims released"):
        rules.add_column(column)
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
    return _text_of([claims, rules, summary]) + changes
