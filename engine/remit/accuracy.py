"""How often the predictions matched the payer's answer: per line, per rule and per CARC.

Each matched service line falls in one cell:

- ``paid_as_predicted``: predicted accepted, the payer paid (in full or in part);
- ``denied_as_predicted``: predicted denied, the payer paid nothing (with which CARC);
- ``missed``: predicted accepted, the payer paid nothing: a denial the rules did not see;
- ``false_alarm``: predicted denied, the payer paid.

A line the payer paid nothing on is denied; its CARCs are its CAS reasons other than
patient responsibility (group PR) and the fee-schedule reduction (CARC 45), else the claim's.
A reversal (CLP02 = 22) takes back the payer's earlier answer on the same claim in the run: that
answer leaves the counts (`reversed`). Lines of an 835 claim with no prediction are `unmatched`.
Dollars: `billed` is the 837 charge of the lines in the cell, `paid` what the payer paid on them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from peerclaims.engine.remit.match import Matched, PredictedLine
from peerclaims.engine.remit.model import RemitClaim, RemitLine

CELLS = ("paid_as_predicted", "denied_as_predicted", "missed", "false_alarm")
NOT_DENIALS = frozenset({"45"})
"""CARCs that are not a denial of the service (45: charge exceeds the fee schedule)."""


@dataclass(slots=True)
class Cell:
    """Lines and dollars in one cell."""

    lines: int = 0
    billed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    def add(self, billed: Decimal, paid: Decimal) -> None:
        self.lines += 1
        self.billed += billed
        self.paid += paid

    def as_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "billed": f"{self.billed:.2f}", "paid": f"{self.paid:.2f}"}


@dataclass(frozen=True, slots=True)
class Missed:
    """A denial the rules did not predict: the pattern a draft rule is written for."""

    claim_id: str
    line: int | None
    carc: str
    rarcs: tuple[str, ...]
    state: str | None
    procedure: str | None
    modifiers: tuple[str, ...]
    billed: Decimal
    file: str
    position_line: int


@dataclass(slots=True)
class Accuracy:
    """The confusion counts of one run over 835s, with dollars, per rule and per CARC."""

    cells: dict[str, Cell] = field(default_factory=lambda: {c: Cell() for c in CELLS})
    by_rule: dict[str, dict[str, Cell]] = field(default_factory=dict)
    rule_carcs: dict[str, Counter[str]] = field(default_factory=dict)
    """Per rule: the CARCs the payer gave on the lines the rule predicted denied."""
    by_carc: dict[str, dict[str, Cell]] = field(default_factory=dict)
    missed: list[Missed] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    """Claim ids (CLP01) no prediction was found for."""
    reversed: int = 0
    claims: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON document of `remit --format json` (`accuracy`)."""
        return {
            "claims": self.claims,
            "reversed": self.reversed,
            "unmatched": sorted(set(self.unmatched)),
            "lines": {c: v.as_dict() for c, v in self.cells.items()},
            "rules": {
                rule: {
                    **{c: v.as_dict() for c, v in cells.items()},
                    "payer_carcs": dict(self.rule_carcs.get(rule, Counter())),
                }
                for rule, cells in sorted(self.by_rule.items())
            },
            "carcs": {
                carc: {c: v.as_dict() for c, v in cells.items()}
                for carc, cells in sorted(self.by_carc.items())
            },
            "missed": [
                {
                    "claim_id": m.claim_id,
                    "line": m.line,
                    "carc": m.carc,
                    "rarcs": list(m.rarcs),
                    "state": m.state,
                    "procedure": m.procedure,
                    "modifiers": list(m.modifiers),
                    "billed": f"{m.billed:.2f}",
                    "file": m.file,
                    "file_line": m.position_line,
                }
                for m in self.missed
            ],
        }


def denial_carcs(claim: RemitClaim, line: RemitLine | None) -> list[str]:
    """The CARCs of a denied line (or claim): CAS reasons other than PR and fee schedule."""

    def reasons(adjustments: list[Any]) -> list[str]:
        return [
            a.carc
            for a in adjustments
            if a.group != "PR" and a.carc not in NOT_DENIALS and a.amount != 0
        ]

    found = reasons(line.adjustments) if line is not None else []
    return list(dict.fromkeys(found or reasons(claim.adjustments))) or ["(none given)"]


def measure(matched: list[Matched]) -> Accuracy:
    """Count every matched line in its cell; a reversal takes back the claim's earlier answer."""
    acc = Accuracy()
    entries: list[tuple[str, list[tuple[str, Any]]]] = []
    for m in matched:
        if m.remit.reversal:
            before = len(entries)
            entries = [e for e in entries if e[0] != m.remit.claim_id]
            acc.reversed += 1 if len(entries) < before else 0
            continue
        if m.prediction is None:
            acc.unmatched.append(m.remit.claim_id)
            continue
        entries.append((m.remit.claim_id, _outcomes(m)))
    acc.claims = len(entries)
    for _claim, outcomes in entries:
        for kind, value in outcomes:
            _tally(acc, kind, value)
    return acc


def _outcomes(m: Matched) -> list[tuple[str, Any]]:
    """(cell, details) for each line pair of a matched claim."""
    remit, p = m.remit, m.prediction
    assert p is not None
    out: list[tuple[str, Any]] = []
    for line, predicted in m.pairs:
        if predicted is None:
            continue
        paid = line.paid if line is not None else remit.paid
        charge = predicted.charge
        if charge is None:  # a recorded prediction keeps no charge: the payer's copy of it
            charge = line.charge if line is not None else remit.charge
        denied = line.denied if line is not None else remit.denied
        carcs = denial_carcs(remit, line) if denied else []
        rarcs = tuple(dict.fromkeys((line.remarks if line is not None else []) + remit.remarks))
        if predicted.denied:
            cell = "denied_as_predicted" if denied else "false_alarm"
        else:
            cell = "missed" if denied else "paid_as_predicted"
        out.append((cell, (m, line, predicted, charge, paid, carcs, rarcs)))
    return out


def _tally(acc: Accuracy, cell: str, value: Any) -> None:
    m, line, predicted, charge, paid, carcs, rarcs = value
    assert isinstance(predicted, PredictedLine)
    acc.cells[cell].add(charge, paid)
    for hit in dict.fromkeys(h.rule_id for h in predicted.rules):
        cells = acc.by_rule.setdefault(hit, {c: Cell() for c in CELLS[1:4:2]})
        cells[cell].add(charge, paid)
        if cell == "denied_as_predicted":
            acc.rule_carcs.setdefault(hit, Counter()).update(carcs)
    for carc in carcs:
        cells = acc.by_carc.setdefault(carc, {c: Cell() for c in CELLS[1:3]})
        cells[cell].add(charge, paid)
    if cell == "missed":
        position = line.position if line is not None else m.remit.position
        acc.missed.append(
            Missed(
                claim_id=m.remit.claim_id,
                line=predicted.line,
                carc=carcs[0],
                rarcs=rarcs,
                state=m.prediction.state if m.prediction is not None else None,
                procedure=predicted.procedure,
                modifiers=predicted.modifiers,
                billed=charge,
                file=m.remit.file,
                position_line=position.line,
            )
        )


def csv_text(acc: Accuracy) -> str:
    """One row per (scope, key, cell): scope 'lines', 'rule' or 'carc'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scope", "key", "cell", "lines", "billed", "paid"])
    for cell, value in acc.cells.items():
        writer.writerow(
            ["lines", "", cell, value.lines, f"{value.billed:.2f}", f"{value.paid:.2f}"]
        )
    for scope, table in (("rule", acc.by_rule), ("carc", acc.by_carc)):
        for key, cells in sorted(table.items()):
            for cell, value in cells.items():
                row = [scope, key, cell, value.lines, f"{value.billed:.2f}", f"{value.paid:.2f}"]
                writer.writerow(row)
    for m in acc.missed:
        writer.writerow(
            ["missed", f"{m.claim_id} line {m.line}", m.carc, 1, f"{m.billed:.2f}", "0.00"]
        )
    return out.getvalue()
