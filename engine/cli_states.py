"""The `peerclaims states` command: every state and DC, as a table or the JSON document.

The computation is engine/states.py's (the API answers the same document); this module reads the
options and draws the table, whose columns wrap to the terminal's width (nothing is cut). The CLI
registers the command at import, so the packs and the states view are imported when it runs.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from peerclaims.engine.errors import UsageError

if TYPE_CHECKING:
    from peerclaims.engine.states import (
        EvidenceCounts,
        PopulationView,
        StatesReport,
        StateView,
    )

_STATUS = {"covered": "covered", "not_covered": "not covered", "unknown": "unknown"}


def _pack(view: StateView) -> str:
    if view.pack is None:
        return "no pack"
    reviewed = view.reviewed.isoformat() if view.reviewed else "not recorded"
    lines = [f"{view.pack} {view.version}", f"reviewed {reviewed}"]
    if view.supported_start and view.supported_end:
        lines.append(f"verified {view.supported_start} to {view.supported_end}")
    if view.benefit is not None:
        start = view.benefit.start.isoformat() if view.benefit.start else "unknown"
        lines.append(f"benefit from {start} ({view.benefit.evidence})")
    return "\n".join(lines)


def _populations(view: StateView) -> str:

    if not view.populations:
        return "not encoded" if view.pack is not None else "-"
    return "\n".join(_population(p) for p in view.populations)


def _population(view: PopulationView) -> str:
    """'youth (HA): covered (V), ages up to 20, by NY-YPA, NY-YPA-P'."""
    from peerclaims.engine.states import POPULATION_LABELS  # noqa: PLC0415 - see the docstring

    text = f"{POPULATION_LABELS[view.population]}: {_STATUS[view.status]} ({view.evidence})"
    low, high = view.min_age, view.max_age
    if low is not None and high is not None:
        text += f", ages {low} to {high}"
    elif low is not None:
        text += f", ages {low} and over"
    elif high is not None:
        text += f", ages up to {high}"
    if view.credentials:
        text += f", by {', '.join(view.credentials)}"
        if view.credentials_evidence is not None:
            text += f" ({view.credentials_evidence})"
    return text


def _rules(view: StateView) -> str:
    from peerclaims.engine.states import CHECK_KINDS  # noqa: PLC0415 - see the docstring

    if view.pack is None and not view.rules_by_category:
        return "none"
    lines = [f"{kind} {view.rules_by_kind[kind]}" for kind in CHECK_KINDS]
    others = {
        category: count
        for category, count in view.rules_by_category.items()
        if category not in {"eligibility", "credential", "coverage", "limit", "authorization"}
    }
    lines += [f"{category} {count}" for category, count in others.items()]
    return "\n".join(lines)


def evidence_text(counts: EvidenceCounts) -> str:
    """`V 3 S 2 I 0 U 1`, and the untagged facts when there are some."""
    text = f"V {counts.V} S {counts.S} I {counts.I} U {counts.U}"
    return text + (f"\n{counts.untagged} untagged" if counts.untagged else "")


def render_states(report: StatesReport, console: Console) -> None:
    """Print one row per jurisdiction and the federal rules every state gets."""
    table = Table(title=f"What peerclaims checks in each state (rules in force {report.on})")
    for column in (
        "State",
        "Pack",
        "Populations (evidence)",
        "Rules by kind",
        "Evidence",
        "What is not checked",
    ):
        table.add_column(column, overflow="fold")
    for view in report.states:
        table.add_row(
            f"{view.state}\n{view.name}",
            _pack(view),
            _populations(view),
            _rules(view),
            evidence_text(view.evidence) if view.pack is not None else "-",
            view.summary,
        )
    console.print(table)
    console.print(
        f"Every state also gets {report.federal_rules} federal rules that do not depend on a "
        f"state (federal pack {report.federal['version']}): X12 structure, claim balance, NPI "
        "check digit, ICD-10-CM codes, units."
    )


class StatesFormat(StrEnum):
    """What `states` writes."""

    table = "table"
    json = "json"


def states(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="USPS codes (PA, dc); every state and DC if none.", show_default=False),
    ] = None,
    output_format: Annotated[
        StatesFormat, typer.Option("--format", "-f", help="table or json.")
    ] = StatesFormat.table,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Count the rules in force on this date (YYYY-MM-DD); today."),
    ] = None,
) -> None:
    """Every state and DC: populations paid for, rules by kind, evidence, pack version."""
    from peerclaims.engine.cli_rules import rules_root  # noqa: PLC0415 - the CLI imports this module
    from peerclaims.engine.jurisdictions import state_names  # noqa: PLC0415
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415 - see the docstring
    from peerclaims.engine.states import states_report  # noqa: PLC0415

    day = date.today()
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise UsageError(f"--on {on!r}: not a date (YYYY-MM-DD)") from None
    unknown = [code for code in codes or [] if code.upper() not in state_names()]
    if unknown:
        raise UsageError(f"states {unknown[0]}: not a state or DC (use a USPS code such as PA)")
    report = states_report(load_packs(rules_root()), day, only=codes or None)
    if output_format is StatesFormat.json:
        typer.echo(report.model_dump_json(by_alias=True, indent=2))
    else:
        render_states(report, Console())
