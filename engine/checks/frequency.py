"""Claim frequency (CLM05-3): a replacement (7) or void (8) must name a claim peerclaims knows.

`engine/check.py` takes the original's lines out of the run history before a 7 or 8 is judged
(`RunHistory.withdraw`: the earlier claim of the run or the recorded claim with the same patient
control number, or the paid claim whose payer claim control number REF*F8 names, same billing
provider). This kind then fails when nothing was taken out: the original is unknown here, so
the claim may duplicate it, and a void undoes nothing.
"""

from __future__ import annotations

from typing import Any

from peerclaims.engine.checks.context import ClaimView
from peerclaims.engine.checks.kind import PASSED, Kind, Outcome

REPLACES = {"7": "replacement", "8": "void"}
"""CLM05-3 frequency codes that name an earlier claim."""


class OriginalClaimKnown(Kind):
    """A replacement or void whose original's lines were found (run or recorded history)."""

    name = "original_claim_known"
    scope = "claim"
    offers = frozenset({"frequency", "original"})

    def claim(self, options: Any, view: ClaimView) -> Outcome | None:
        claim = view.claim
        kind = REPLACES.get(claim.frequency or "")
        if kind is None:
            return PASSED
        if view.history.withdrawn.get((claim.claim_id, view.billing_npi), 0):
            return PASSED
        original = (
            f"payer claim {claim.original_claim} (REF*F8) nor claim {claim.claim_id}"
            if claim.original_claim
            else f"claim {claim.claim_id}"
        )
        return Outcome(
            True,
            lambda: (
                {"frequency": f"{kind} (CLM05-3 {claim.frequency})", "original": original},
                claim.loc("frequency"),
                "2300 CLM-05-3",
            ),
        )
