"""Impact of a rule change: the same claims judged under two versions of the rule packs.

`peerclaims impact --claims ... --before REF --after REF`: a REF is a rules folder (holding
`federal/` and `states/`) or a git revision of the repository's `rules/`. Each file is read once;
each claim is judged by both packs (each with its own run history, in input order), and the
report lists the claims and lines whose status changes, per rule the claims newly hit or
released, billed and expected-payment totals before and after, and the changelog between the
two packs (engine/changelog.py). The report (`peerclaims.impact/1`) is deterministic.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from peerclaims.engine import shown
from peerclaims.engine.changelog import ChangeEntry, diff_packs
from peerclaims.engine.check import Source, _load, judge
from peerclaims.engine.checks.context import RunHistory
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.checks.setup import load_reference
from peerclaims.engine.cluster import Order, PartDone, Read, group_modifiers, run_batch
from peerclaims.engine.cluster_tasks import held_for_run
from peerclaims.engine.errors import InputError, UsageError
from peerclaims.engine.findings import Finding, Position
from peerclaims.engine.model import Claim
from peerclaims.engine.packs.pack import Pack, load_packs
from peerclaims.engine.result import ClaimResult, money
from peerclaims.engine.x12.reader import FileReader, collector_paused

if TYPE_CHECKING:
    from distributed import Client

Engines = tuple[RulesEngine, RulesEngine]

Status = Literal["accepted", "rejected"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackSide(_Out):
    """One side of the comparison: the REF as given and the packs it holds."""

    ref: str
    packs: dict[str, str]
    """Pack id -> version (sha256 prefix)."""


class LineChange(_Out):
    """A service line whose status or expected payment differs."""

    line: int
    before: Status
    after: Status
    expected_before: str | None
    expected_after: str | None


class ClaimChange(_Out):
    """A claim whose status, findings or expected payment differ between the two packs."""

    claim_id: str
    file: str
    line: int
    """The claim's CLM segment line in its file."""
    state: str | None
    before: Status
    after: Status
    rules_hit: list[str]
    """Error rules that find the claim only after the change."""
    rules_released: list[str]
    """Error rules that find the claim only before the change."""
    billed: str | None
    expected_before: str | None
    expected_after: str | None
    lines: list[LineChange]


class RuleImpact(_Out):
    """Per rule: claims it newly rejects (hit) and claims it no longer rejects (released)."""

    rule_id: str
    hit: int
    released: int


class ImpactSummary(_Out):
    """Counts and money over every claim checked."""

    claims: int
    changed: int
    accepted_to_rejected: int
    rejected_to_accepted: int
    lines_changed: int
    billed: str
    expected_before: str
    expected_after: str
    expected_difference: str
    """`expected_after` minus `expected_before`: of the known payments only."""
    unknown_before: int = 0
    """Claims with no known expected payment (no rate known) under the old packs: `expected_before`
    adds nothing for them."""
    unknown_after: int = 0
    """The same under the new packs."""
    at_risk_before: str = "0.00"
    """Sum of the amounts billed on the claims the old packs reject."""
    at_risk_after: str = "0.00"
    """The same under the new packs."""

    def expected_text(self, side: Literal["before", "after"]) -> str:
        """One side's expected payment in words: "59.40, plus 3 claims with no known rate", or
        "unknown" when no claim's payment is known (never a 0.00 that is not one)."""
        total, unknown = (
            (self.expected_before, self.unknown_before)
            if side == "before"
            else (self.expected_after, self.unknown_after)
        )
        if unknown and unknown == self.claims:
            return "unknown (no claim has a known rate)"
        if unknown:
            plural = "claim" if unknown == 1 else "claims"
            return f"{total}, plus {unknown} {plural} with no known rate"
        return total


class ImpactReport(_Out):
    """The impact document (`peerclaims.impact/1`)."""

    schema_: Literal["peerclaims.impact/1"] = Field(default="peerclaims.impact/1", alias="schema")
    before: PackSide
    after: PackSide
    summary: ImpactSummary
    rules: list[RuleImpact]
    claims: list[ClaimChange]
    changelog: list[ChangeEntry]
    errors: list[str]

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def to_json(self) -> str:
        """Stable JSON text, two-space indent, trailing newline."""
        return self.model_dump_json(by_alias=True, indent=2) + "\n"


REF_MAX_CHARS = 256
"""The longest REF taken: a folder path or a git revision (git's own ref names stay under it)."""
_REVISION = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._/+-]*)(?:[~^][0-9]{0,4})*")
"""A revision as `impact` and `rules diff` take it: a branch, tag or commit name (git
check-ref-format's characters), then any `~N` / `^N` steps back (`HEAD~1`, `v2^`)."""


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system, say: no folder
        return False


def check_revision(ref: str) -> None:
    """Refuse a REF that cannot be a git revision (git check-ref-format's rules), before git."""
    match = _REVISION.fullmatch(ref)
    name = match["name"] if match else ""
    parts = name.split("/")
    if (
        match is None
        or ".." in name
        or name.endswith((".", "/"))
        or any(not part or part.startswith(".") or part.endswith(".lock") for part in parts)
    ):
        raise UsageError(
            f"{shown.value(ref)}: neither a rules folder nor a git revision (a branch, tag or "
            "commit of letters, digits and . _ / + -, then ~N or ^N, e.g. HEAD~1)"
        )


def resolve_ref(ref: str, workdir: Path) -> Path:
    """A rules folder for REF: the folder itself, or `rules/` of a git revision, extracted.

    REF is checked for length and form (`check_revision`) before it reaches git.
    """
    if len(ref) > REF_MAX_CHARS:
        raise UsageError(
            f"{shown.value(ref)}: {len(ref):,} characters, longer than a rules folder or git "
            f"revision may be ({REF_MAX_CHARS})"
        )
    path = Path(ref)
    if _is_dir(path):
        if not (path / "federal").is_dir():
            raise UsageError(f"{shown.value(ref)}: not a rules folder (no federal/ pack inside)")
        return path
    check_revision(ref)
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],  # noqa: S607 - git from PATH, fixed arguments
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(
            f"{shown.value(ref)}: not a rules folder, and git cannot be run to read it as a "
            f"revision ({type(exc).__name__})"
        ) from None
    if found.returncode != 0:
        raise UsageError(
            f"{shown.value(ref)}: not a rules folder, and the current folder is not inside a git "
            "checkout of peerclaims to read it as a revision of rules/ (run from the checkout, "
            "or give two rules folders)"
        )
    top = found.stdout.decode(errors="replace").strip()
    try:
        archive = subprocess.run(  # noqa: S603 - no shell; the revision cannot be an option
            ["git", "-C", top, "archive", "--format=tar", ref, "rules"],  # noqa: S607
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        text = detail.decode(errors="replace").strip().splitlines()
        reason = text[0] if text else type(exc).__name__
        raise UsageError(
            f"{shown.value(ref)}: neither a rules folder nor a git revision of rules/ ({reason})"
        ) from None
    target = workdir / f"rules-{len(list(workdir.iterdir()))}"
    target.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "rules"


def _side(ref: str, packs: dict[str, Pack]) -> PackSide:
    return PackSide(ref=ref, packs={p.id: f"{p.version} ({p.sha256[:12]})" for p in packs.values()})


def _errors(claim: ClaimResult) -> set[str]:
    return {f.rule_id for f in claim.findings if f.severity == "error"}


def _money_sum(values: Sequence[str | None]) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


ImpactRow = tuple[str | None, str | None, str | None, str, str, "ClaimChange | None"]
"""What the report keeps of one claim: billed, expected before and after, status before and
after, and its change (None when unchanged)."""


def impact_row(
    claim: Claim, findings: Sequence[Finding], position: Position, engines: Engines
) -> ImpactRow:
    """Judge one claim under both packs (each engine's history in input order)."""
    old = judge(claim, findings, position, engines[0])
    new = judge(claim, findings, position, engines[1])
    change = _compare(old, new)
    return (old.billed, old.expected_payment, new.expected_payment, old.status, new.status, change)


@dataclass(slots=True)
class _Tally:
    """The report's sums, claim by claim in input order."""

    changes: list[ClaimChange] = field(default_factory=list)
    hit: dict[str, int] = field(default_factory=dict)
    released: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(
        default_factory=lambda: {"claims": 0, "a2r": 0, "r2a": 0, "lines": 0}
    )
    billed: list[str | None] = field(default_factory=list)
    paid_before: list[str | None] = field(default_factory=list)
    paid_after: list[str | None] = field(default_factory=list)
    risk_before: list[str | None] = field(default_factory=list)
    risk_after: list[str | None] = field(default_factory=list)

    def add(self, row: ImpactRow) -> None:
        billed, paid_before, paid_after, before, after, change = row
        self.totals["claims"] += 1
        self.billed.append(billed)
        self.paid_before.append(paid_before)
        self.paid_after.append(paid_after)
        self.risk_before.append(billed if before == "rejected" else None)
        self.risk_after.append(billed if after == "rejected" else None)
        if change is not None:
            self.changes.append(change)
            self.totals["lines"] += len(change.lines)
            self.totals["a2r"] += change.before == "accepted" and change.after == "rejected"
            self.totals["r2a"] += change.before == "rejected" and change.after == "accepted"
            for rule_id in change.rules_hit:
                self.hit[rule_id] = self.hit.get(rule_id, 0) + 1
            for rule_id in change.rules_released:
                self.released[rule_id] = self.released.get(rule_id, 0) + 1


def _engines(
    before: Path, after: Path, reference_dir: Path | None
) -> tuple[dict[str, Pack], dict[str, Pack], Engines]:
    before_packs = load_packs(before)
    after_packs = load_packs(after)
    reference = load_reference(after_packs, reference_dir)
    engines = (RulesEngine(before_packs, reference), RulesEngine(after_packs, reference))
    return before_packs, after_packs, engines


@dataclass(frozen=True, slots=True)
class ImpactJudge:
    """`impact`'s judging on a cluster worker: each claim under both packs (engine/cluster.py).

    The rules folders and the reference folder (or the store) must be the same on every node."""

    before: str
    after: str
    reference: str | None
    token: str

    def __call__(self, todo: list[tuple[Order, Read]]) -> PartDone:
        """Judge the partition's claims in order, on histories of the partition's own."""
        reference = Path(self.reference) if self.reference is not None else None

        def build() -> Engines:
            return _engines(Path(self.before), Path(self.after), reference)[2]

        def refresh(kept: Engines) -> None:
            if reference is None:  # the store: its data may have changed since the last run
                data = load_reference(kept[1].packs, None)
                for engine in kept:
                    engine.reference = data

        key = (self.before, self.after, self.reference)
        folders = (self.before, self.after, self.reference)
        engines: Engines = held_for_run("impact", key, self.token, folders, build, refresh)
        for engine in engines:
            engine.history = RunHistory(engine.reference)
        return PartDone([(order, impact_row(*read, engines)) for order, read in todo])


def run_impact(
    sources: Sequence[Source],
    before: str,
    after: str,
    reference_dir: Path | None,
    *,
    progress: Callable[[int], None] | None = None,
    client: Client | None = None,
) -> ImpactReport:
    """Judge every claim of `sources` under the `before` and `after` packs; the report.

    With a Dask `client`, the batch is read and judged on its cluster (the same report)."""
    tally = _Tally()
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="peerclaims-impact-") as work:
        before_dir = resolve_ref(before, Path(work))
        after_dir = resolve_ref(after, Path(work))
        if client is None:
            before_packs, after_packs, engines = _engines(before_dir, after_dir, reference_dir)
        else:  # the workers build the engines: the report needs the packs only
            before_packs, after_packs = load_packs(before_dir), load_packs(after_dir)
        if client is not None:
            judging = ImpactJudge(
                str(before_dir.resolve()),
                str(after_dir.resolve()),
                str(reference_dir.resolve()) if reference_dir is not None else None,
                uuid.uuid4().hex,
            )
            group = group_modifiers([*before_packs.values(), *after_packs.values()])

            def take(index: int, row: ImpactRow) -> None:  # each claim's row, in input order
                del index
                tally.add(row)
                if progress is not None:
                    progress(1)

            batch = run_batch(sources, client, judging, group=group, emit=take)
            errors = [p.message for p in batch.errors]
    if client is None:
        errors = _impact_here(sources, engines, tally, progress)
    return _report(before, after, before_packs, after_packs, tally, errors)


def _impact_here(
    sources: Sequence[Source],
    engines: Engines,
    tally: _Tally,
    progress: Callable[[int], None] | None,
) -> list[str]:
    """Read and judge every claim in this process; the files' problems."""
    errors: list[str] = []
    for source in sources:
        try:
            reader = FileReader(_load(source), source.name)
        except InputError as exc:
            errors.append(str(exc))
            continue
        for report in reader.transactions():
            with collector_paused():
                for reading in report.claims:
                    tally.add(
                        impact_row(reading.claim, reading.findings, reading.position, engines)
                    )
                    if progress is not None:
                        progress(1)
            report.claims = []
        errors.extend(p.message for p in reader.problems)
    return errors


def _report(
    before: str,
    after: str,
    before_packs: dict[str, Pack],
    after_packs: dict[str, Pack],
    tally: _Tally,
    errors: list[str],
) -> ImpactReport:
    expected_before = _money_sum(tally.paid_before)
    expected_after = _money_sum(tally.paid_after)
    totals = tally.totals
    hit = tally.hit
    released = tally.released
    return ImpactReport(
        before=_side(before, before_packs),
        after=_side(after, after_packs),
        summary=ImpactSummary(
            claims=totals["claims"],
            changed=len(tally.changes),
            accepted_to_rejected=totals["a2r"],
            rejected_to_accepted=totals["r2a"],
            lines_changed=totals["lines"],
            billed=money(_money_sum(tally.billed)) or "0.00",
            expected_before=money(expected_before) or "0.00",
            expected_after=money(expected_after) or "0.00",
            expected_difference=money(expected_after - expected_before) or "0.00",
            unknown_before=tally.paid_before.count(None),
            unknown_after=tally.paid_after.count(None),
            at_risk_before=money(_money_sum(tally.risk_before)) or "0.00",
            at_risk_after=money(_money_sum(tally.risk_after)) or "0.00",
        ),
        rules=[
            RuleImpact(rule_id=r, hit=hit.get(r, 0), released=released.get(r, 0))
            for r in sorted(set(hit) | set(released))
        ],
        claims=tally.changes,
        changelog=diff_packs(before_packs, after_packs),
        errors=errors,
    )


def _compare(old: ClaimResult, new: ClaimResult) -> ClaimChange | None:
    """The change of one claim, or None when status, error rules and payments are the same."""
    lines = [
        LineChange(
            line=a.line,
            before=a.status,
            after=b.status,
            expected_before=a.expected_payment,
            expected_after=b.expected_payment,
        )
        for a, b in zip(old.lines, new.lines, strict=True)
        if a.status != b.status or a.expected_payment != b.expected_payment
    ]
    gained = sorted(_errors(new) - _errors(old))
    lost = sorted(_errors(old) - _errors(new))
    if old.status == new.status and not lines and not gained and not lost:
        return None
    return ClaimChange(
        claim_id=old.claim_id,
        file=old.file,
        line=old.position.line,
        state=new.state,
        before=old.status,
        after=new.status,
        rules_hit=gained,
        rules_released=lost,
        billed=old.billed,
        expected_before=old.expected_payment,
        expected_after=new.expected_payment,
        lines=lines,
    )


def impact_csv(report: ImpactReport) -> str:
    """One row per changed claim (the spreadsheet view)."""
    import csv  # noqa: PLC0415 - only this format

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "claim_id",
            "file",
            "line",
            "state",
            "before",
            "after",
            "rules_hit",
            "rules_released",
            "billed",
            "expected_before",
            "expected_after",
            "lines_changed",
        ]
    )
    for c in report.claims:
        writer.writerow(
            [
                c.claim_id,
                c.file,
                c.line,
                c.state or "",
                c.before,
                c.after,
                " ".join(c.rules_hit),
                " ".join(c.rules_released),
                c.billed or "",
                c.expected_before or "",
                c.expected_after or "",
                " ".join(str(line.line) for line in c.lines),
            ]
        )
    return out.getvalue()
