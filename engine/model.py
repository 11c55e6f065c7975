"""The claim model: one 837P claim (2300) with its parties and service lines (2400), as read.

Every value keeps where it came from (`Loc`: loop, segment, element, file position) in the
`locs` mapping of the object that holds it, keyed by field name, so a finding about any value can
name its X12 location. Values the guide requires may still be `None` here: a claim whose
structure is broken is read as far as it goes and reported with its `syntax`/`guide` findings.

Only what rules need is read: identifiers, dates, codes, amounts. Names and addresses of members
are never read into the model (less PHI to leak).

    loop tree read (837P 005010X222A1):
      2000A billing provider HL   PRV (taxonomy)  2010AA NM1*85 (NPI), REF*EI/SY (tax id)
      2000B subscriber HL  SBR (SBR09 filing indicator)
        2010BA NM1*IL (member id), DMG (birth date, gender)
        2010BB NM1*PR (payer id)
        2000C patient HL  2010CA DMG (patient birth date, gender)
          2300 CLM (id, total, POS, frequency)  REF*G1 (prior auth)  HI (diagnoses)
            2310B NM1*82 + PRV (rendering)   2310D NM1*DQ (supervising)
            2400 LX  SV1 (procedure, modifiers, charge, unit basis, units, POS, pointers)
                 DTP*472 (date or range)  REF*G1 (prior auth)
              2420A NM1*82 + PRV (line rendering)   2420D NM1*DQ (line supervising)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, SkipValidation


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value sits: loop, segment, element and its position in the file.

    A slotted dataclass, not a model: a claim holds a few dozen of these, and they are made by
    the reader itself, never parsed from user input.
    """

    loop: str
    segment: str
    element: str | None
    """Element position as the guide writes it after the segment id: '02', '01-2' (composite)."""
    ordinal: int
    """Segment ordinal in the file, ISA = 1."""
    line: int
    """Physical line of the file (1-based)."""
    byte: int

    def label(self, service_line: int | None = None) -> str:
        """'2400 SV1-01-2 (line 2)': loop, segment-element and the service line if any."""
        text = f"{self.loop} {self.segment}"
        if self.element:
            text += f"-{self.element}"
        if service_line is not None:
            text += f" (line {service_line})"
        return text


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """A value the reader refused or found impossible, where it sits and why (never the value).

    An out-of-range or unreadable value is left out of the model (None); a negative amount or
    unit count is kept as read. Each becomes an `error` finding of the X12 pack (scope `value`).
    """

    field: str
    """The model field: 'units', 'charge', 'total_charge', 'service_date', 'birth_date', ..."""
    code: str
    """The X12 pack's code of scope `value`: 'unreadable' or 'negative'."""
    reason: str
    """What is wrong, following the element's name: 'has 28 digits; ...'."""
    line: int | None
    """The service line number, for a value of a line."""
    loc: Loc


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    locs: SkipValidation[Mapping[str, Loc]] = {}
    """Field name -> where it was read. Not validated: the reader makes it (lazily, a `Loc`
    is only built when a finding asks for it), and a plain dict serves anyone else."""

    def loc(self, name: str) -> Loc | None:
        """The location of field `name`, if it was read from the file."""
        return self.locs.get(name)


class Provider(_Input):
    """A rendering or supervising provider (2310B/2420A, 2310D/2420D)."""

    npi: str | None = None
    taxonomy: str | None = None


class BillingProvider(_Input):
    """The billing provider (2000A/2010AA)."""

    npi: str | None = None
    taxonomy: str | None = None
    tax_id: str | None = None


class Member(_Input):
    """The subscriber or patient: identifier and demographics only (no names)."""

    member_id: str | None = None
    birth_date: date | None = None
    gender: str | None = None


class Diagnosis(_Input):
    """One HI code: qualifier (ABK principal, ABF other) and the code as written (no dot)."""

    qualifier: str
    code: str


class ServiceLine(_Input):
    """One 2400 service line."""

    number: int
    """LX01, or the line's position in the claim when LX01 is not a number."""
    procedure: str | None = None
    modifiers: tuple[str, ...] = ()
    charge: Decimal | None = None
    unit_basis: str | None = None
    units: Decimal | None = None
    place_of_service: str | None = None
    diagnosis_pointers: tuple[int, ...] = ()
    service_date: date | None = None
    service_date_end: date | None = None
    prior_authorizations: tuple[str, ...] = ()
    rendering: Provider | None = None
    supervising: Provider | None = None


class Claim(_Input):
    """One 2300 claim with the parties above it and its service lines."""

    claim_id: str
    total_charge: Decimal | None = None
    place_of_service: str | None = None
    frequency: str | None = None
    """CLM05-3: 1 original, 7 replacement of an earlier claim, 8 void of one."""
    original_claim: str | None = None
    """REF*F8: the payer's claim control number of the claim a 7 or 8 replaces or voids."""
    prior_authorization: str | None = None
    filing_indicator: str | None = None
    payer_id: str | None = None
    diagnoses: tuple[Diagnosis, ...] = ()
    subscriber: Member = Member()
    patient: Member | None = None
    billing: BillingProvider = BillingProvider()
    rendering: Provider | None = None
    supervising: Provider | None = None
    lines: tuple[ServiceLine, ...] = ()
    file: str
    transaction: str
    """ST02 of the transaction set holding the claim."""
    problems: SkipValidation[tuple[ValueProblem, ...]] = ()
    """Values out of range, unreadable or negative (made by the reader, so not validated)."""

    @property
    def member(self) -> Member:
        """The person served: the patient when a 2000C loop is present, else the subscriber."""
        if self.patient is None:
            return self.subscriber
        return Member(
            member_id=self.subscriber.member_id,
            birth_date=self.patient.birth_date or self.subscriber.birth_date,
            gender=self.patient.gender or self.subscriber.gender,
            locs={**self.subscriber.locs, **self.patient.locs},
        )
