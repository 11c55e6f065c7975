"""A large seeded batch whose history keys cross files, for the cluster equivalence tests.

`write_batch(folder, claims)` writes `bench.synth` claims spread evenly over every payer of
`bench.synth.PAYERS` (every state pack runs), made as one interchange per payer of transaction
sets of `per_set` claims and cut into files of `sets_per_file` sets each: a payer's billing
organizations and rendering peers run through all its files, so group lines (HQ) of one peer on
one day sit in several files and join them in one partition. One more file, `resent.837`, repeats
a transaction set of two payers (duplicates of claims in other files: member keys across files),
with a few claims of each made replacements (CLM05-3 7) and voids (8). The reference data is
`bench.reference_for`'s for those claims, plus a `history.yaml`: every 50th claim's first line
already paid (a duplicate of history) and, 25 claims later, a large earlier line of the same
member and service (a limit counts it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import reference_for as rf
from bench import synth
from bench.run import SEED
from peerclaims.engine.checks.context import rendering
from peerclaims.engine.cluster import group_modifiers
from peerclaims.engine.model import Claim
from peerclaims.engine.packs.pack import load_packs
from peerclaims.engine.reference.models import HistoryLine
from tests.conftest import REPO

HISTORY_EVERY = 50
"""Every this many claims, one line of history (a duplicate, or an earlier large line)."""
EARLIER_UNITS = 60
EARLIER_DAYS = 30
CHANGED = 6
"""Claims of each resent transaction set made replacements and voids."""


@dataclass(frozen=True, slots=True)
class Batch:
    """The files (in the order to check them), the reference folder, and what crosses files."""

    files: list[Path]
    reference: Path
    claims: int
    group_keys_across_files: int
    """(rendering peer, day) keys of group lines found in more than one file."""
    members_across_files: int


def _split(text: str) -> tuple[list[str], list[list[str]]]:
    """An interchange's ISA and GS, and its transaction sets (segments, no terminators)."""
    segments = text.rstrip("~\n").split("~\n")
    head = segments[:2]
    sets: list[list[str]] = []
    for segment in segments[2:-2]:
        if segment.startswith("ST*"):
            sets.append([])
        sets[-1].append(segment)
    return head, sets


def _file(path: Path, head: list[str], sets: list[list[str]]) -> Path:
    control = head[1].split("*")[6]
    segments = [*head, *(s for one in sets for s in one), f"GE*{len(sets)}*{control}"]
    segments.append(f"IEA*1*{int(control):09d}")
    path.write_text("~\n".join(segments) + "~\n", encoding="ascii", newline="")
    return path


def _resent(sets: list[list[str]]) -> list[list[str]]:
    """Copies of transaction sets: in each, of the first `CHANGED` claims every other one a
    replacement (CLM05-3 7), the others voids (8)."""
    out = []
    for one in sets:
        claims = [i for i, s in enumerate(one) if s.startswith("CLM*")]
        copy = list(one)
        for number, index in enumerate(claims[:CHANGED]):
            frequency = "8" if number % 2 else "7"
            assert copy[index].count(":B:1*") == 1, copy[index]
            copy[index] = copy[index].replace(":B:1*", f":B:{frequency}*")
        out.append(copy)
    return out


def write_batch(folder: Path, claims: int, *, per_set: int = 250, sets_per_file: int = 2) -> Batch:
    """Write the batch (`claims` in all, `resent.837` included) in `folder`/claims, and its
    reference data in `folder`/reference."""
    claims_dir = folder / "claims"
    claims_dir.mkdir(parents=True)
    payers = synth.PAYER_IDS
    per, extra = divmod(claims - 2 * per_set, len(payers))
    files: list[Path] = []
    resend: list[list[str]] = []
    resent_head: list[str] = []
    for index, payer in enumerate(payers):
        count = per + (index < extra)
        text = synth.generate(count, SEED + index, claims_per_st=per_set, payer_ids=(payer,))
        head, sets = _split(text)
        for first in range(0, len(sets), sets_per_file):
            name = f"big-{payer.lower()}-{first // sets_per_file + 1:02d}.837"
            files.append(_file(claims_dir / name, head, sets[first : first + sets_per_file]))
        if index < 2:  # the first set of the first two payers
            resend.append(sets[0])
            resent_head = resent_head or head
    files.append(_file(claims_dir / "resent.837", resent_head, _resent(resend)))
    return _with_reference(folder, files)


def _with_reference(folder: Path, files: list[Path]) -> Batch:
    packs = load_packs(REPO / "rules")
    group = group_modifiers(packs.values())
    builder = rf.ReferenceBuilder(packs)
    history: list[HistoryLine] = []
    peer_days: dict[tuple[str, dt.date], set[Path]] = {}
    members: dict[str, set[Path]] = {}
    for path in files:
        for claim in rf.read_claims(path):
            builder.add(claim)
            member = claim.member.member_id or ""
            members.setdefault(member, set()).add(path)
            for line in claim.lines:
                if line.service_date is not None and group.intersection(line.modifiers):
                    key = (rendering(claim, line)[0], line.service_date)
                    peer_days.setdefault(key, set()).add(path)
            if builder.claims % HISTORY_EVERY in {0, HISTORY_EVERY // 2}:
                history.append(_history_line(claim, builder.claims % HISTORY_EVERY == 0))
    reference = rf.write_dir(builder.build(), folder / "reference")
    records = [h.model_dump(mode="json", exclude_none=True) for h in history]
    text = yaml.safe_dump(records, sort_keys=False, default_flow_style=None, width=100)
    (reference / "history.yaml").write_text(text, encoding="utf-8")
    return Batch(
        files=files,
        reference=reference,
        claims=builder.claims,
        group_keys_across_files=sum(len(where) > 1 for where in peer_days.values()),
        members_across_files=sum(len(where) > 1 for where in members.values()),
    )


def _history_line(claim: Claim, same: bool) -> HistoryLine:
    """The claim's first line as already paid (`same`), else a large line a month earlier."""
    line = claim.lines[0]
    assert line.service_date is not None and line.units is not None and line.procedure
    npi = rendering(claim, line)[0]
    return HistoryLine(
        member_id=claim.member.member_id or "",
        provider_npi=claim.billing.npi or "",
        procedure=line.procedure,
        modifiers=tuple(line.modifiers),
        service_date=line.service_date - dt.timedelta(days=0 if same else EARLIER_DAYS),
        units=line.units if same else EARLIER_UNITS,
        rendering_npi=npi,
    )
