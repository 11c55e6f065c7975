"""The human table of a result (rich): one row per claim with its findings, then file errors."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from peerclaims.engine.result import Result


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
        findings = Text()
        for n, f in enumerate(claim.findings):
            if n:
                findings.append("\n")
            style = {"error": "red", "warning": "yellow", "info": "cyan"}[f.severity]
            findings.append(f"{f.rule_id}", style=style)
            findings.append(f" · {f.location} · {f.message}")
            findings.append(f"\n  fix: {f.fix}", style="dim")
        where = Text(claim.claim_id)
        where.append(f"\n{Path(claim.file).name} line {claim.position.line}", style="dim")
        where.append(f"\n{len(claim.lines)} lines", style="dim")
        expected = claim.expected_payment if claim.expected_payment is not None else "unknown"
        state = f"\n{claim.state}" if claim.state else ""
        table.add_row(where, Text.assemble(status, state), claim.billed or "", expected, findings)
    if result.claims:
        console.print(table)
    for problem in result.errors:
        console.print(Text(f"error: {problem.message}", style="red"))
    s = result.summary
    console.print(
        f"{s.claims} claims: {s.accepted} accepted, {s.rejected} rejected; "
        f"billed {s.billed}, expected payment {s.expected_payment}"
    )
