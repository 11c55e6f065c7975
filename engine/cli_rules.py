"""`peerclaims rules list|show|test|changelog|diff`: the rule packs, their rules and scenarios.

The group is registered by engine/cli.py; the packs are imported when a command runs.
`rules_root()` is where the packs are, for every command and the service.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from peerclaims.engine.errors import UsageError
from peerclaims.engine.table import render_changes

if TYPE_CHECKING:
    from peerclaims.engine.checks.spec import Rule


def rules_root() -> Path:
    """The rule packs shipped with peerclaims (the `peerclaims.rules` package data folder).

    `PEERCLAIMS_RULES_DIR` names another folder (a draft of a rule change, say). An editable
    install links the package's files to the checkout's: the folder is found by following
    `federal/pack.yaml`'s link, so a pack file added to the checkout is seen at once.
    """
    chosen = os.environ.get("PEERCLAIMS_RULES_DIR", "").strip()
    if chosen:
        return Path(chosen)
    package = importlib.import_module("peerclaims.rules")
    folder = Path(next(iter(package.__path__)))
    manifest = folder / "federal" / "pack.yaml"
    if manifest.is_symlink():
        return manifest.resolve().parents[1]
    return folder


rules_app = typer.Typer(
    help="The rule packs: list, show and test their rules.", no_args_is_help=True
)


def _loaded_rules() -> list[tuple[str, Rule]]:
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415 - only these commands

    packs = load_packs(rules_root())
    return [(pack.id, rule) for pack in packs.values() for rule in pack.rules]


@rules_app.command("list")
def rules_list(
    state: Annotated[
        str | None, typer.Option("--state", help="Only the federal rules and this state's.")
    ] = None,
) -> None:
    """List every rule: id, pack, category, severity, dates, title."""
    table = Table(title="peerclaims rules", show_lines=False, box=box.SIMPLE_HEAD)
    for column in ("Rule", "Pack", "Severity, category", "In force"):
        table.add_column(column, overflow="fold")
    table.add_column("Title", overflow="fold", ratio=1, min_width=20)
    wanted = {"federal", state.lower()} if state else None
    for pack_id, rule in _loaded_rules():
        if wanted is not None and pack_id not in wanted:
            continue
        dates = rule.start.isoformat() + (f"\nto {rule.end.isoformat()}" if rule.end else "")
        table.add_row(rule.id, pack_id, f"{rule.severity}\n{rule.category}", dates, rule.title)
    Console().print(table)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. NJ-LIM-0001.")],
) -> None:
    """Show one rule: what it checks, its citation, dates, codes, and the parameters it reads."""
    from peerclaims.engine.checks.kinds import bind  # noqa: PLC0415 - only this command
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415

    packs = load_packs(rules_root())
    for pack in packs.values():
        for rule in pack.rules:
            if rule.id != rule_id.upper():
                continue
            lines = [
                f"{rule.id}  {rule.title}",
                f"pack: {pack.id} {pack.version}   category: {rule.category}   "
                f"severity: {rule.severity}",
                f"in force: {rule.start} to {rule.end or 'open'}",
                f"check: {rule.kind} { {k: v for k, v in rule.check.items() if k != 'kind'} }",
                f"applies to: {rule.applies_to.model_dump(exclude_none=True) or 'every line'}",
                f"CARC {rule.carc or '-'}   RARC {rule.rarc or '-'}",
                f"citation: {rule.citation}",
                f"message: {rule.message}",
                f"fix: {rule.fix}",
            ]
            if rule.admin_fix:
                lines.append(f"for the administrator: {rule.admin_fix}")
            if rule.note:
                lines.append(f"note: {rule.note}")
            check = bind(rule)
            names = check.kind.parameters(check.options) + rule.applies_to.parameters()
            for name in names:
                lines.append(f"parameter {name}:")
                real = (
                    [name]
                    if not name.startswith("{state}")
                    else [f"{p.id}{name[len('{state}') :]}" for p in packs.values() if p.state]
                )
                for resolved in real:
                    owner = packs.get(resolved.split(".", 1)[0])
                    if owner is None or resolved not in owner.parameters:
                        continue
                    for entry in owner.parameters.get(resolved).entries:
                        value = entry.value
                        shown = ", ".join(value) if isinstance(value, tuple) else value
                        lines.append(f"  {resolved} from {entry.start}: {shown}")
            typer.echo("\n".join(lines))
            return
    raise UsageError(f"rules show: no rule {rule_id} in the loaded packs")


@rules_app.command("test")
def rules_test(
    state: Annotated[
        str | None, typer.Argument(help="A pack: CT, TX, ..., or federal; all packs if omitted.")
    ] = None,
    features: Annotated[
        Path | None,
        typer.Option(
            "--features", help="Features folder (default: ./features, else the shipped one)."
        ),
    ] = None,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Only this rule's scenarios (FED-COV-0005).")
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Only scenarios whose name holds this text.")
    ] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    cucumber_json: Annotated[
        Path | None, typer.Option("--cucumber-json", help="Write Cucumber JSON here.")
    ] = None,
) -> None:
    """Run a pack's Gherkin scenarios and print which rules they show firing and not firing."""
    from peerclaims.engine.checks.features import run_features  # noqa: PLC0415 - needs pytest
    from peerclaims.engine.checks.features_found import shipped_features  # noqa: PLC0415

    if features is None:
        features = Path("features") if Path("features").is_dir() else shipped_features()
    if not features.is_dir():
        raise UsageError(f"{features}: not a features folder")
    rules = rules_root()
    pack = state.lower() if state else None
    report = run_features(features, pack, junit, cucumber_json, rules, rule=rule, scenario=scenario)
    table = Table(title=f"peerclaims rules test {state or 'all packs'}")
    for column in ("Rule", "Pack", "Fires", "Stays quiet", "Result"):
        table.add_column(column, overflow="fold")

    def cell(runs: tuple[Any, ...]) -> str:
        if not runs:
            return "-"
        failed = sum(1 for run in runs if run.outcome != "passed")
        return f"{len(runs)} scenario(s)" + (f", {failed} FAILED" if failed else "")

    for covered in report.rules:
        verdict = "ok" if covered.passed else ("FAILED" if covered.complete else "incomplete")
        table.add_row(
            covered.rule_id, covered.pack, cell(covered.firing), cell(covered.not_firing), verdict
        )
    console = Console(width=160)
    console.print(table)
    for rule_id in report.uncovered:
        console.print(f"no scenario: {rule_id}")
    for problem in report.problems:
        console.print(f"problem: {problem}")
    for run in report.scenarios:
        if run.outcome == "failed":
            row = f" [{run.example}]" if run.example else ""
            why = run.failure or "failed before its first step"
            console.print(
                f"FAILED {run.feature}: {run.name}{row}: {why}",
                markup=False,
                highlight=False,
                soft_wrap=True,  # one line per scenario, whole (a terminal wraps it)
            )
    for name, folder in (("rules", rules), ("features", features), ("steps", report.steps)):
        console.print(f"{name} folder: {folder}", markup=False, highlight=False, soft_wrap=True)
    if not report.scenarios:
        console.print("no scenario matched", markup=False)
    passed = sum(1 for run in report.scenarios if run.outcome == "passed")
    console.print(
        f"{len(report.scenarios)} scenarios: {passed} passed, "
        f"{len(report.scenarios) - passed} not passed; "
        f"{sum(1 for r in report.rules if r.passed)} of {len(report.rules)} rules shown both ways"
    )
    raise typer.Exit(0 if report.ok else 1)


@rules_app.command("changelog")
def rules_changelog(
    pack: Annotated[
        str | None, typer.Argument(help="A pack (CT, ..., federal); all if omitted.")
    ] = None,
) -> None:
    """What took effect on which date in the packs, with the value replaced and the citation."""
    from peerclaims.engine.changelog import pack_changelog  # noqa: PLC0415
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415

    entries = pack_changelog(load_packs(rules_root()), pack.lower() if pack else None)
    typer.echo(render_changes(entries, f"changelog {pack or 'all packs'}"), nl=False)


@rules_app.command("diff")
def rules_diff(
    before: Annotated[str, typer.Argument(help="Rules folder or git revision (e.g. HEAD~1).")],
    after: Annotated[str, typer.Argument(help="Rules folder or git revision.")] = "rules",
) -> None:
    """What differs between two versions of the rule packs: dated values and rules."""
    import tempfile as temp  # noqa: PLC0415

    from peerclaims.engine.changelog import diff_packs  # noqa: PLC0415
    from peerclaims.engine.impact import resolve_ref  # noqa: PLC0415
    from peerclaims.engine.packs.pack import load_packs  # noqa: PLC0415

    with temp.TemporaryDirectory(prefix="peerclaims-diff-") as work:
        old = load_packs(resolve_ref(before, Path(work)))
        new = load_packs(resolve_ref(after, Path(work)))
    typer.echo(render_changes(diff_packs(old, new), f"rules diff {before} {after}"), nl=False)
