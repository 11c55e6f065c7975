"""One way through for the CLI and the API: read files are matched and measured, and the answer
document (`peerclaims.remit/1`) is built the same way for both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerclaims.engine.remit.accuracy import Accuracy, measure
from peerclaims.engine.remit.match import Matched, Prediction, match
from peerclaims.engine.remit.model import RemitFile

SCHEMA = "peerclaims.remit/1"


@dataclass(slots=True)
class Measured:
    """Files read, their claims matched to predictions, and the accuracy counted."""

    read: list[RemitFile]
    matched: list[Matched]
    accuracy: Accuracy


def measured(read: list[RemitFile], predictions: list[Prediction]) -> Measured:
    """Match every 835 claim of `read` to `predictions` and count the accuracy."""
    matched = match([c for f in read for c in f.claims], predictions)
    return Measured(read=read, matched=matched, accuracy=measure(matched))


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
        "recorded": recorded,
    }
