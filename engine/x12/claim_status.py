"""What a payer's front end says of each claim in a 277CA: accepted into adjudication or
returned, and with which claim status composites (category 507, status 508, entity 98).

`engine/x12/ack277.py` writes the 277CA from these decisions.

What a front end rejects
------------------------

A 277CA says whether the payer's front end accepted a claim into adjudication, nothing more.
Only a finding a front end checks rejects the claim here: an error whose ``front_end`` is true,
that is a finding of category syntax, guide, balancing or code-set (SNIP 1-5 of product.md), or
of a rule whose file says ``acknowledgment: front-end`` (the identification rules: payer not on
file FED-ELIG-0001, member not on file FED-ELIG-0003, rendering provider not on file
FED-CRED-0001). A claim whose errors are all
adjudication denials (a cap, a duplicate, a plan of care, a credential, coverage) is acknowledged
``A2:20`` like a clean one: the payer denies those lines later, in its 835, and the JSON result
keeps the predicted denials line by line. Only the lines with front-end errors get a 2220D (every
line when a claim-level front-end error returns the whole claim); the counts and amounts of
2000B/2000C (QTY/AMT accepted and rejected) follow the same decision.

Status mapping (I: inferred, chosen here; code lists 507 and 508 as in shared/domain
peer-support-medicaid.md §4.4 and pyx12 4.0.0's codes.xml; denial scenarios as in §4.6)
---------------------------------------------------------------------------------------------

The wording of the 508 status codes below was read from a republished list (S), not from WPC;
every code is in pyx12's ``claim_status`` list (tests/test_ack277.py renders each one).

An accepted claim gets ``A2:20`` (acknowledgement / acceptance into adjudication: accepted for
processing), action ``WQ``; when it was not fully checked, STC12 says why. A rejected claim gets
action ``U`` and one composite per distinct status of its front-end errors, at most three, in
the order a front end checks (syntax and guide, balancing, code sets, identification), then in
finding order (claim-level first). Each finding maps as follows, first rule that applies (the
adjudication rows are kept for `finding_status`, which maps any finding):

1. category ``syntax`` or ``guide`` (SNIP 1-2, the 999 names the segment): ``A3:481`` returned
   as unprocessable: claim/submission format is invalid;
2. a front-end credential finding (the rendering provider is not on file): ``A7:562:82``
   entity's NPI;
3. CARC and RARC together (CARC 16 needs its remark): M53 ``A7:476`` units of service, M76
   ``A7:255`` diagnosis code, N379 ``A7:400`` claim out of balance, N297 ``A7:562:DQ``
   supervising physician's NPI, N65 ``A3:499:85`` no rate on file for the billing provider,
   MA130 ``A3:481``;
4. CARC alone. Invalid information on the claim, category ``A7``: 4 and 182 ``453`` procedure
   modifier; 5 and 58 ``249`` place of service; 6 ``475`` procedure code not valid for the
   patient's age; 8 ``145:82`` rendering provider's taxonomy; 11 and 167 ``255`` diagnosis; 15 and
   284 ``84`` service not authorized (the authorization given does not cover it); 96 and 181 ``454``
   procedure code; 206-208 ``562:85`` NPI. A fact outside the claim, returned as unprocessable,
   category ``A3``: 18 ``54`` duplicate; 26, 27, 177 and 204 ``88:QC`` not eligible on the dates
   of service; 31 ``33`` subscriber id not found; 109 ``116`` submitted to the wrong payer; 119, 151
   and 222 ``258`` days/units; B7 and 185 ``142:82`` rendering provider's certification; 170, 171
   and 299 ``25:85`` billing provider not approved; 197 and 272 ``84`` service not authorized;
   198 ``674`` authorization exceeded; 242 ``96:85`` no agreement with the billing provider;
5. category alone: balancing ``A7:400``; code-set and coverage ``A7:454``; eligibility
   ``A3:88:QC``; authorization ``A3:84``; credential ``A3:142:82``; supervision ``A7:562:DQ``;
   limit ``A3:258``; duplicate ``A3:54``; contract ``A3:96:85``; pricing ``A3:499:85``.

Status codes that require an entity (19, 25, 88, 96, 142, 145, 499, 562) take it from the loop the
finding points at when that loop names a party (2010AA ``85`` billing, 2310B/2420A ``82``
rendering, 2310D/2420D ``DQ`` supervising, 2010BA ``IL`` subscriber, 2010CA ``QC`` patient), else
the entity above. Codes that need none carry none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peerclaims.engine.findings import Finding
from peerclaims.engine.result import ClaimResult, LineResult
from peerclaims.engine.x12.ack999 import COMPONENT

MAX_COMPOSITES = 3
"""STC01, STC10 and STC11."""


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """One health care claim status composite: category (507), status (508), entity (98)."""

    category: str
    status: str
    entity: str = ""

    def composite(self) -> str:
        """The composite as written: ``A7:453`` or ``A3:88:IL``."""
        parts = [self.category, self.status, self.entity]
        while parts[-1] == "":
            parts.pop()
        return COMPONENT.join(parts)


ACCEPTED = ClaimStatus("A2", "20")
"""Acknowledgement/acceptance into adjudication: accepted for processing."""
RECEIVED = ClaimStatus("A1", "19", "PR")
"""Acknowledgement/receipt: entity (the payer) acknowledges receipt (2200B and 2200C)."""
UNPROCESSABLE = ClaimStatus("A3", "481")
"""Returned as unprocessable: claim/submission format is invalid (SNIP 1-2 findings)."""
_PROVIDER_NOT_ON_FILE = ClaimStatus("A7", "562", "82")
"""Invalid information: entity's National Provider Identifier (a rendering NPI not on file)."""

_BY_CARC_RARC: dict[tuple[str, str], ClaimStatus] = {
    ("16", "M53"): ClaimStatus("A7", "476"),
    ("16", "M76"): ClaimStatus("A7", "255"),
    ("16", "N379"): ClaimStatus("A7", "400"),
    ("16", "N297"): ClaimStatus("A7", "562", "DQ"),
    ("16", "N65"): ClaimStatus("A3", "499", "85"),
    ("16", "MA130"): UNPROCESSABLE,
}


def _carcs(status: ClaimStatus, *carcs: str) -> dict[str, ClaimStatus]:
    return dict.fromkeys(carcs, status)


_BY_CARC: dict[str, ClaimStatus] = {
    **_carcs(ClaimStatus("A7", "453"), "4", "182"),
    **_carcs(ClaimStatus("A7", "249"), "5", "58"),
    **_carcs(ClaimStatus("A7", "475"), "6"),
    **_carcs(ClaimStatus("A7", "145", "82"), "8"),
    **_carcs(ClaimStatus("A7", "255"), "11", "167"),
    **_carcs(ClaimStatus("A7", "84"), "15", "284"),
    **_carcs(ClaimStatus("A7", "454"), "96", "181"),
    **_carcs(ClaimStatus("A7", "562", "85"), "206", "207", "208"),
    **_carcs(ClaimStatus("A3", "54"), "18"),
    **_carcs(ClaimStatus("A3", "88", "QC"), "26", "27", "177", "204"),
    **_carcs(ClaimStatus("A3", "33"), "31"),
    **_carcs(ClaimStatus("A3", "116"), "109"),
    **_carcs(ClaimStatus("A3", "258"), "119", "151", "222"),
    **_carcs(ClaimStatus("A3", "142", "82"), "B7", "185"),
    **_carcs(ClaimStatus("A3", "25", "85"), "170", "171", "299"),
    **_carcs(ClaimStatus("A3", "84"), "197", "272"),
    **_carcs(ClaimStatus("A3", "674"), "198"),
    **_carcs(ClaimStatus("A3", "96", "85"), "242"),
}

_BY_CATEGORY: dict[str, ClaimStatus] = {
    "syntax": UNPROCESSABLE,
    "guide": UNPROCESSABLE,
    "balancing": ClaimStatus("A7", "400"),
    "code-set": ClaimStatus("A7", "454"),
    "coverage": ClaimStatus("A7", "454"),
    "eligibility": ClaimStatus("A3", "88", "QC"),
    "authorization": ClaimStatus("A3", "84"),
    "credential": ClaimStatus("A3", "142", "82"),
    "supervision": ClaimStatus("A7", "562", "DQ"),
    "limit": ClaimStatus("A3", "258"),
    "duplicate": ClaimStatus("A3", "54"),
    "contract": ClaimStatus("A3", "96", "85"),
    "pricing": ClaimStatus("A3", "499", "85"),
}

_NEEDS_ENTITY = frozenset({"19", "25", "88", "96", "142", "145", "499", "562"})
"""Status codes whose 508 usage note requires an entity identifier."""
_LOOP_ENTITY = {
    "2010AA": "85",
    "2310B": "82",
    "2420A": "82",
    "2310D": "DQ",
    "2420D": "DQ",
    "2010BA": "IL",
    "2010CA": "QC",
}
"""837P loops that name one party, and that party's entity identifier code."""


def finding_status(finding: Finding) -> ClaimStatus:
    """The status composite one finding maps to (see the module docstring for the table)."""
    if finding.category in ("syntax", "guide"):
        return UNPROCESSABLE
    carc, rarc = (finding.carc or "").strip(), (finding.rarc or "").strip()
    chosen: ClaimStatus | None = None
    if finding.front_end and finding.category == "credential":
        chosen = _PROVIDER_NOT_ON_FILE
    chosen = chosen or _BY_CARC_RARC.get((carc, rarc)) or _BY_CARC.get(carc)
    if chosen is None:
        chosen = _BY_CATEGORY.get(finding.category, UNPROCESSABLE)
    if chosen.status in _NEEDS_ENTITY:
        loop = finding.location.split(" ", 1)[0]
        entity = _LOOP_ENTITY.get(loop)
        if entity is not None and entity != chosen.entity:
            return ClaimStatus(chosen.category, chosen.status, entity)
    return chosen


def front_end_error(finding: Finding) -> bool:
    """Whether a payer's front end rejects the claim on this finding (an error it checks)."""
    return finding.severity == "error" and finding.front_end


def acknowledged(claim: ClaimResult) -> bool:
    """Whether the front end accepts the claim into adjudication: no front-end error.

    A claim whose errors are all adjudication denials (a cap, a duplicate, a plan of care, a
    credential, coverage) is accepted here: the payer denies it later, in the 835, and the JSON
    result predicts those denials line by line.
    """
    return not any(front_end_error(finding) for finding in claim.findings)


_STAGE = {"syntax": 0, "guide": 0, "balancing": 1, "code-set": 2}
"""The order a front end checks in (SNIP 1-2, 3, 5); identification comes last."""


def statuses(findings: Iterable[Finding]) -> list[ClaimStatus]:
    """The distinct statuses of the front-end error findings, at most three: in the order a
    front end checks (structure, balancing, code sets, identification), then finding order."""
    found: list[ClaimStatus] = []
    ranked = sorted(
        (f for f in findings if front_end_error(f)), key=lambda f: _STAGE.get(f.category, 3)
    )
    for finding in ranked:
        status = finding_status(finding)
        if status not in found:
            found.append(status)
            if len(found) == MAX_COMPOSITES:
                break
    return found


def claim_statuses(claim: ClaimResult) -> list[ClaimStatus]:
    """The 2200D STC composites of a claim: ``A2:20`` if the front end accepts it, else its
    front-end findings' statuses."""
    if acknowledged(claim):
        return [ACCEPTED]
    return statuses(claim.findings) or [UNPROCESSABLE]


def returned_lines(claim: ClaimResult) -> list[LineResult]:
    """The lines a front-end rejection lists (2220D): every line when a claim-level front-end
    error returns the whole claim, else the lines with front-end errors of their own."""
    if acknowledged(claim):
        return []
    if any(front_end_error(f) and f.line is None for f in claim.findings):
        return list(claim.lines)
    numbers = {f.line for f in claim.findings if front_end_error(f)}
    return [line for line in claim.lines if line.line in numbers]


def line_statuses(claim: ClaimResult, line: LineResult) -> list[ClaimStatus]:
    """The 2220D STC composites of a returned line: its own front-end findings', else the
    claim's."""
    own = statuses(f for f in claim.findings if f.line == line.line)
    if own:
        return own
    return statuses(f for f in claim.findings if f.line is None) or claim_statuses(claim)
