"""Predictions as `check --record` keeps them (table `predictions`, migration 0008) and back.

Every line judged, accepted or rejected, becomes one row: the claim's ids, the line's service,
its predicted status, the rules that rejected it (with CARC and RARC) and the front-end verdict.
`PredictingSink` takes the rows from each decided claim on its way to the run's sink, so every
output format and the Dask cluster (which sends decided claims to the sink) keep them alike.
The rows are stored with the history lines in one transaction (`Store.record`); `remit` reads
them back as `Prediction`s (`history.recorded_predictions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from peerclaims.engine.remit.match import PredictedLine, Prediction, RuleHit, prediction_of
from peerclaims.engine.result import ClaimResult

if TYPE_CHECKING:
    from peerclaims.engine.check import ClaimSink

Row = dict[str, Any]
"""A `predictions` row without the recording's id, time and source."""


def prediction_rows(claim: ClaimResult) -> list[Row]:
    """One row per line of a decided claim."""
    p = prediction_of(claim)
    return [
        {
            "claim_id": p.claim_id,
            "member_id": p.member_id,
            "billing_npi": p.billing_npi,
            "billed": p.billed,
            "state": p.state,
            "line_number": ln.line,
            "procedure": ln.procedure,
            "modifiers": ",".join(ln.modifiers),  # as billed (matching sorts them)
            "service_date": ln.service_date,
            "units": ln.units,
            "charge": ln.charge,
            "rendering_npi": ln.rendering_npi,
            "status": "rejected" if ln.denied else "accepted",
            "rules": [{"rule": h.rule_id, "carc": h.carc, "rarc": h.rarc} for h in ln.rules],
            "front_end": p.returned,
        }
        for ln in p.lines
    ]


@dataclass(slots=True)
class PredictingSink:
    """Passes each decided claim on to `inner`, keeping its prediction rows in `rows`."""

    inner: ClaimSink
    rows: list[Row] = field(default_factory=list)

    def add(self, claim: ClaimResult) -> None:
        """Keep the claim's rows, then hand it on."""
        self.rows.extend(prediction_rows(claim))
        self.inner.add(claim)


def _money(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def predictions_of(rows: Iterable[Any]) -> list[Prediction]:
    """Stored rows (`PredictionRow`s, ordered by recording, claim and line) as predictions: one
    per claim of each recording (a claim recorded twice is two predictions; matching picks)."""
    grouped: dict[tuple[str, str, str | None], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row.recording_id, row.claim_id, row.billing_npi), []).append(row)
    out = []
    for (recording_id, claim_id, billing_npi), lines in grouped.items():
        first = lines[0]
        out.append(
            Prediction(
                claim_id=claim_id,
                member_id=first.member_id,
                billed=_money(first.billed),
                state=first.state,
                billing_npi=billing_npi,
                lines=[
                    PredictedLine(
                        line=row.line_number,
                        procedure=row.procedure,
                        modifiers=tuple(m for m in row.modifiers.split(",") if m),
                        charge=_money(row.charge),
                        service_date=row.service_date,
                        denied=row.status == "rejected",
                        rules=tuple(
                            RuleHit(h["rule"], h.get("carc"), h.get("rarc")) for h in row.rules
                        ),
                        units=_money(row.units),
                        rendering_npi=row.rendering_npi,
                    )
                    for row in lines
                ],
                origin="store",
                recording_id=recording_id,
                source=first.source,
                returned=first.front_end,
            )
        )
    return out
