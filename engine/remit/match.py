"""Pair each 835 claim with the prediction it answers, and each of its lines with a predicted line.

Predictions come from a result document (`peerclaims check --format json`, given with
`--result`: every claim, accepted or rejected, with the rules that fired) or from the store
(`check --record` keeps the prediction of every line it judged, accepted or rejected, with the
same rules: predicted.py; a claim recorded before it did is read from its accepted history lines,
always "accept"). A claim is matched by its patient control number (CLP01 = CLM01); when several
predictions share it (an original and its replacement) or none does, by member, first date of
service and billed amount. A line is matched by procedure, modifiers, date and charge, then by
its REF*6R line item control number (= the 837 line number), then by order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from peerclaims.engine.errors import UsageError
from peerclaims.engine.remit.model import RemitClaim, RemitLine
from peerclaims.engine.result import ClaimResult, Result


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that predicted the denial of a line: id, its CARC and RARC."""

    rule_id: str
    carc: str | None
    rarc: str | None


@dataclass(frozen=True, slots=True)
class PredictedLine:
    """One line as peerclaims judged it."""

    line: int
    procedure: str | None
    modifiers: tuple[str, ...]
    charge: Decimal | None
    service_date: date | None
    denied: bool
    rules: tuple[RuleHit, ...] = ()
    units: Decimal | None = None
    rendering_npi: str | None = None


@dataclass(slots=True)
class Prediction:
    """One claim as peerclaims judged it (a result document's claim or a recorded claim)."""

    claim_id: str
    member_id: str | None
    billed: Decimal | None
    state: str | None
    billing_npi: str | None
    lines: list[PredictedLine]
    origin: str
    """'result' (a result document), 'store' (the predictions `check --record` kept) or
    'history' (the accepted lines of a recording made before predictions were kept)."""
    recording_id: str | None = None
    source: str | None = None
    returned: bool = False
    """Whether peerclaims predicted the payer's front end returns the claim (a front-end error:
    its 277CA would not accept it into adjudication)."""

    @property
    def start(self) -> date | None:
        """The first date of service of its lines."""
        dates = [ln.service_date for ln in self.lines if ln.service_date is not None]
        return min(dates) if dates else None


@dataclass(slots=True)
class Matched:
    """An 835 claim, the prediction it answers (None: not found), and its line pairs."""

    remit: RemitClaim
    prediction: Prediction | None
    how: str
    pairs: list[tuple[RemitLine | None, PredictedLine | None]] = field(default_factory=list)
    """(835 line, predicted line); a claim with no SVC is one pair (None, ...) per predicted
    line, or (None, None) when nothing was predicted either."""


def _money(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def prediction_of(claim: ClaimResult) -> Prediction:
    """A result document's claim as a prediction."""
    errors = [f for f in claim.findings if f.severity == "error"]
    lines = []
    for ln in claim.lines:
        hits = tuple(
            RuleHit(f.rule_id, f.carc, f.rarc) for f in errors if f.line in (None, ln.line)
        )
        denied = ln.status == "rejected"
        if denied and not hits:
            hits = tuple(RuleHit(f.rule_id, f.carc, f.rarc) for f in errors)
        lines.append(
            PredictedLine(
                line=ln.line,
                procedure=ln.procedure,
                modifiers=tuple(ln.modifiers),
                charge=_money(ln.charge),
                service_date=ln.service_date,
                denied=denied,
                rules=hits if denied else (),
                units=_money(ln.units),
                rendering_npi=ln.rendering_npi,
            )
        )
    return Prediction(
        claim_id=claim.claim_id,
        member_id=claim.member_id,
        billed=_money(claim.billed),
        state=claim.state,
        billing_npi=claim.billing_npi,
        lines=lines,
        origin="result",
        source=claim.file,
        returned=any(f.front_end for f in errors),
    )


def load_result(path: Path) -> list[Prediction]:
    """The predictions of a result document; a file that is not one is a one-line `UsageError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--result {path}: cannot read it ({exc.strerror})") from exc
    try:
        return predictions_in(text)
    except NotAResultError as exc:
        raise UsageError(
            f"--result {path}: not a peerclaims.result/1 document ({exc.where}: {exc.msg}); "
            "give the JSON that `peerclaims check --format json` wrote"
        ) from exc


class NotAResultError(ValueError):
    """A document that is not a result (`peerclaims.result/1`): where (a field path, or
    '(top)') and pydantic's message of the first problem."""

    def __init__(self, where: str, msg: str) -> None:
        super().__init__(f"{where}: {msg}")
        self.where = where
        self.msg = msg


def predictions_in(document: str | bytes) -> list[Prediction]:
    """The predictions of a result document's claims (the CLI's `--result`, the page's upload);
    a document that is not a result raises `NotAResultError`."""
    try:
        result = Result.model_validate_json(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "(top)"
        raise NotAResultError(where, str(first.get("msg"))) from None
    return [prediction_of(c) for c in result.claims]


def _score(remit: RemitClaim, p: Prediction) -> int:
    score = 0
    if remit.member_id and p.member_id and remit.member_id == p.member_id:
        score += 4
    if remit.start is not None and remit.start == p.start:
        score += 2
    if p.billed is not None and p.billed == remit.charge:
        score += 1
    return score


def match(remits: list[RemitClaim], predictions: list[Prediction]) -> list[Matched]:
    """Each 835 claim with its prediction (or None) and line pairs, in 835 order."""
    by_id: dict[str, list[Prediction]] = defaultdict(list)
    by_member: dict[tuple[str | None, date | None, Decimal | None], list[Prediction]] = defaultdict(
        list
    )
    for p in predictions:
        by_id[p.claim_id].append(p)
        by_member[(p.member_id, p.start, p.billed)].append(p)
    out: list[Matched] = []
    for remit in remits:
        found = by_id.get(remit.claim_id, [])
        how = "patient control number (CLP01 = CLM01)"
        if not found:
            found = by_member.get((remit.member_id, remit.start, remit.charge), [])
            how = "member, first date of service and billed amount"
        if not found:
            out.append(Matched(remit, None, "not found", _pairs(remit, None)))
            continue
        best = max(found, key=lambda p: (_score(remit, p), predictions.index(p)))
        if len(found) > 1:
            how += " (of several, by member, dates and amount)"
        out.append(Matched(remit, best, how, _pairs(remit, best)))
    return out


def _same(r: RemitLine, p: PredictedLine) -> bool:
    return (
        r.procedure == p.procedure
        and sorted(r.modifiers) == sorted(p.modifiers)
        and (r.service_date is None or r.service_date == p.service_date)
        and (p.charge is None or r.charge == p.charge)
    )


def _pairs(
    remit: RemitClaim, p: Prediction | None
) -> list[tuple[RemitLine | None, PredictedLine | None]]:
    if not remit.lines:
        if p is None or not p.lines:
            return [(None, None)]
        return [(None, ln) for ln in p.lines]
    left = list(p.lines) if p is not None else []
    pairs: list[tuple[RemitLine | None, PredictedLine | None]] = []
    for order, line in enumerate(remit.lines):
        chosen = next((x for x in left if _same(line, x)), None)
        if chosen is None and line.control is not None:
            chosen = next((x for x in left if str(x.line) == line.control), None)
        if chosen is None and left and order < len(remit.lines):
            chosen = next((x for x in left if x.procedure == line.procedure), None)
        if chosen is not None:
            left.remove(chosen)
        pairs.append((line, chosen))
    return pairs
