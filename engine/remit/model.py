"""What an 835 or a 277CA says, claim by claim and line by line, as read (`read.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peerclaims.engine.findings import Position, Problem

REVERSAL = "22"
"""CLP02 claim status: reversal of a previous payment."""
DENIED = "4"
"""CLP02 claim status: denied."""
FEE_SCHEDULE = frozenset({"45"})
"""CARCs that lower a paid line to the fee schedule: not a denial of the service."""


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One CAS adjustment: group (CO, PR, OA, PI, CR), reason (CARC) and amount."""

    group: str
    carc: str
    amount: Decimal


@dataclass(slots=True)
class RemitLine:
    """One service line of an 835 claim (loop 2110, SVC)."""

    procedure: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal | None
    service_date: date | None
    position: Position
    control: str | None = None
    """REF*6R line item control number, when the payer returned it."""
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """LQ*HE remittance advice remark codes (RARC)."""

    @property
    def denied(self) -> bool:
        """Nothing paid on a line that charged something."""
        return self.paid <= 0 < self.charge


@dataclass(slots=True)
class RemitClaim:
    """One 835 claim (loop 2100, CLP)."""

    claim_id: str
    status: str
    charge: Decimal
    paid: Decimal
    payer_claim_id: str | None
    position: Position
    file: str
    member_id: str | None = None
    payer: str | None = None
    payer_id: str | None = None
    """N1*PR N104 (qualifier XV) or REF*2U of the 1000A payer, when sent."""
    payee_npi: str | None = None
    """N1*PE N104 when N103 is XX: the billing provider paid."""
    start: date | None = None
    end: date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """MIA/MOA remark codes (RARC) at claim level."""
    lines: list[RemitLine] = field(default_factory=list)

    @property
    def reversal(self) -> bool:
        """CLP02 = 22: this claim takes back an earlier payment."""
        return self.status == REVERSAL

    @property
    def denied(self) -> bool:
        """The whole claim denied: CLP02 = 4, or nothing paid on a charge."""
        return not self.reversal and (self.status == DENIED or self.paid <= 0 < self.charge)


@dataclass(frozen=True, slots=True)
class ClaimAck:
    """One claim of a 277CA (loop 2200D): accepted into adjudication or returned."""

    claim_id: str
    statuses: tuple[str, ...]
    """STC01/STC10/STC11 composites as sent ('A7:562:85')."""
    billed: Decimal | None
    payer_claim_id: str | None
    position: Position
    file: str
    payer_id: str | None = None
    """2100A NM1*PR NM109: the payer sending the acknowledgment."""
    provider_npi: str | None = None
    """2100C NM1*85 NM109 (qualifier XX): the billing provider."""

    @property
    def accepted(self) -> bool:
        """Categories A1/A2 (acknowledged, accepted into adjudication) and nothing else."""
        return bool(self.statuses) and all(s.split(":")[0] in {"A1", "A2"} for s in self.statuses)


@dataclass(slots=True)
class RemitFile:
    """Everything read from one file: 835 claims, 277CA claims, and the problems met."""

    source: str
    claims: list[RemitClaim] = field(default_factory=list)
    acks: list[ClaimAck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    transactions: int = 0
    """Transaction sets read (835 or 277CA); refused ones are problems."""
    refused: int = 0
