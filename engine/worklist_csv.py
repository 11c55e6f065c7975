"""`check --format csv`: the worklist a clerk opens in a spreadsheet, one row per finding.

The header is stable (`HEADER`; columns may be added at the end, never renamed or reordered).
Quoting is RFC 4180 (a field with a comma, quote or line break is quoted, quotes doubled; lines end
in CRLF). A cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe, so a claim id such as `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import Final, TextIO

from peerclaims.engine.findings import Finding
from peerclaims.engine.result import ClaimResult, LineResult, Result

HEADER: Final = (
    "claim",
    "patient_control_number",
    "member",
    "date",
    "service_line",
    "procedure",
    "rule",
    "severity",
    "what_is_wrong",
    "what_to_do",
    "for_the_administrator",
    "where",
    "carc",
    "carc_meaning",
    "rarc",
    "rarc_meaning",
    "amount",
    "claim_status",
    "file",
    "file_line",
)
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading apostrophe before a formula start."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def finding_row(claim: ClaimResult, finding: Finding) -> list[str]:
    """One finding's row, in `HEADER` order (all cells text, empty for none)."""
    line: LineResult | None = None
    if finding.line is not None:
        line = next((each for each in claim.lines if each.line == finding.line), None)
    day = line.service_date if line is not None else _first_date(claim)
    amount = line.charge if line is not None else claim.billed
    position = finding.position or claim.position
    cells = [
        claim.claim_id,
        claim.claim_id,  # CLM01 is the patient control number
        claim.member_id or "",
        day.isoformat() if day else "",
        str(finding.line) if finding.line is not None else "",
        (line.procedure or "") if line is not None else "",
        finding.rule_id,
        finding.severity,
        finding.message,
        finding.fix,
        finding.admin_fix or "",
        finding.where or finding.location,
        finding.carc or "",
        finding.carc_text or "",
        finding.rarc or "",
        finding.rarc_text or "",
        amount or "",
        claim.status,
        claim.file,
        str(position.line),
    ]
    return [safe(cell) for cell in cells]


def _first_date(claim: ClaimResult) -> date | None:
    dates = [line.service_date for line in claim.lines if line.service_date is not None]
    return min(dates) if dates else None


def write_csv(result: Result, out: TextIO) -> None:
    """Write the header and one row per finding, claims in input order."""
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(HEADER)
    for claim in result.claims:
        for finding in claim.findings:
            writer.writerow(finding_row(claim, finding))
