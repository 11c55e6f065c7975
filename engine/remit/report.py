"""One way through for the CLI and the API: read files are matched and measured, and the answer
document (`peerclaims.remit/1`) is built the same way for both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerclaims.engine.remit.accuracy import Accuracy, measure
from peerclaims.engine.remit.match import Matched, Prediction, match
from peerclaims.engine.remit.model import RemitFile

SCHEMA = "peerclaims.remit/1"


ACK_CELLS = (
    "accepted_as_predicted",
    "returned_as_predicted",
    "returned_not_predicted",
    "accepted_predicted_returned",
)
"""How a 277CA claim compares with the prediction: accepted into adjudication (A1/A2) or
returned, against whether peerclaims predicted a front-end error (`Prediction.returned`)."""


@dataclass(slots=True)
class Measured:
    """Files read, their claims matched to predictions, and the accuracy counted."""

    read: list[RemitFile]
    matched: list[Matched]
    accuracy: Accuracy
    acknowledged: dict[str, list[str]]
    """`ACK_CELLS` -> the 277CA claim ids in it (claims with no prediction: 'unmatched')."""


def measured(read: list[RemitFile], predictions: list[Prediction]) -> Measured:
    """Match every 835 claim of `read` to `predictions` and count the accuracy; compare every
    277CA claim (by patient control number) with the front-end outcome predicted."""
    matched = match([c for f in read for c in f.claims], predictions)
    by_id = {p.claim_id: p for p in predictions}
    acknowledged: dict[str, list[str]] = {cell: [] for cell in (*ACK_CELLS, "unmatched")}
    for ack in (a for f in read for a in f.acks):
        p = by_id.get(ack.claim_id)
        if p is None:
            cell = "unmatched"
        elif ack.accepted:
            cell = "accepted_predicted_returned" if p.returned else "accepted_as_predicted"
        else:
            cell = "returned_as_predicted" if p.returned else "returned_not_predicted"
        acknowledged[cell].append(ack.claim_id)
    return Measured(
        read=read, matched=matched, accuracy=measure(matched), acknowledged=acknowledged
    )


def document(done: Measured, recorded: dict[str, int] | None) -> dict[str, Any]:
    """The JSON answer: per file what was read (277CA claims with their statuses), the accuracy,
    and what recording changed in the history (None when not asked)."""
    return {
        "schema": SCHEMA,
        "files": [
            {
                "file": f.source,
                "transactions": f.transactions,
                "refused": f.refused,
                "claims_835": len(f.claims),
                "claims_277ca": len(f.acks),
                "acknowledgments": [
                    {
                        "claim_id": a.claim_id,
                        "accepted": a.accepted,
                        "statuses": list(a.statuses),
                        "file_line": a.position.line,
                    }
                    for a in f.acks
                ],
                "problems": [p.message for p in f.problems],
            }
            for f in done.read
        ],
        "accuracy": done.accuracy.as_dict(),
        "acknowledgments": done.acknowledged,
        "recorded": recorded,
    }
