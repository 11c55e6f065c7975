"""The parties and claims a 277CA acknowledges, read from the 837P they came from.

`engine/x12/ack277.py` writes the 277CA; this module gives it what to write about. Each input
transaction set that was read is a `Slot`; the claims of a result are placed in the slot holding
their CLM (`place_claims`) and walked once for their parties (`_Walk`: the submitter and receiver
of the header, the billing provider of 2010AA with its ``REF*EI`` tax id, the payer of 2010BB,
the subscriber of 2010BA, the patient of 2010CA, the claim's ``REF*D9`` and each line's
``REF*6R``). `group_sources` then groups them as the 277CA nests them: one
`InformationSource` per input transaction set and payer (2000A/2000B), one `Provider` per
billing provider (2000C), one `Acked` claim per 2000D. A claim no reading holds is still
grouped, under an information source named UNKNOWN.

Every value copied from the 837 is `clean`: printable ASCII, none of the 277CA's delimiters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from peerclaims.engine.result import ClaimResult
from peerclaims.engine.x12.ack999 import COMPONENT, ELEMENT, REPETITION, TERMINATOR
from peerclaims.engine.x12.extract import LINE_NUMBER_DIGITS
from peerclaims.engine.x12.numbers import whole_number
from peerclaims.engine.x12.reader import FileReading, TransactionReport
from peerclaims.engine.x12.scan import Group, Interchange, Scan, Transaction

UNKNOWN = "UNKNOWN"
"""The name and identifier of a party the input does not give."""
_DELIMITERS = frozenset((ELEMENT, COMPONENT, REPETITION, TERMINATOR))
_PAYER_QUALIFIERS = frozenset({"46", "FI", "PI", "XV"})
_PROVIDER_QUALIFIERS = frozenset({"FI", "SV", "XX"})


# --- what the 837 says about the parties ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """An NM1 name and identifier, cleaned of our delimiters."""

    kind: str = "2"
    last: str = ""
    first: str = ""
    middle: str = ""
    suffix: str = ""
    qualifier: str = ""
    ident: str = ""


@dataclass(slots=True)
class ClaimContext:
    """The parties above one CLM and the identifiers inside it."""

    billing: Party | None
    tax_id: str
    payer: Party | None
    subscriber: Party | None
    patient: Party | None
    trace: str = ""
    """REF*D9 of the claim (clearinghouse or transmission intermediary claim identifier)."""
    line_refs: dict[int, str] = field(default_factory=dict)
    """LX01 -> REF*6R line item control number."""


@dataclass(slots=True)
class Slot:
    """One input transaction set: where its claims sit and what its header says."""

    source: str
    scan: Scan
    interchange: Interchange
    group: Group
    transaction: Transaction
    submitter: Party | None = None
    receiver: Party | None = None
    batch: str = ""
    contexts: dict[int, ClaimContext] = field(default_factory=dict)
    claims: list[ClaimResult] = field(default_factory=list)
    read: bool = False

    def holds(self, claim: ClaimResult) -> bool:
        """True when the claim's CLM lies inside this transaction set of this file."""
        index = claim.position.segment - 1
        return claim.file == self.source and self.transaction.st <= index <= self._last

    @property
    def _last(self) -> int:
        return self.transaction.segments[-1]

    def context(self, claim: ClaimResult) -> ClaimContext | None:
        """The parties of a claim this slot holds (read from the segments on first use)."""
        if not self.read:
            _read_transaction(self)
        return self.contexts.get(claim.position.segment - 1)


def _party(parts: list[str]) -> Party:
    return Party(
        kind=clean(get(parts, 2)),
        last=clean(get(parts, 3)),
        first=clean(get(parts, 4)),
        middle=clean(get(parts, 5)),
        suffix=clean(get(parts, 7)),
        qualifier=clean(get(parts, 8)),
        ident=clean(get(parts, 9)),
    )


def _read_transaction(slot: Slot) -> None:
    """Walk one 837P transaction's segments for its parties, claims and line references."""
    _Walk(slot).run()
    slot.read = True


class _Walk:
    """The parties in force while one transaction's segments are walked in order."""

    _WANTED = frozenset({"BHT", "HL", "NM1", "REF", "CLM", "LX"})

    def __init__(self, slot: Slot) -> None:
        self.slot = slot
        self.level = ""
        self.billing: Party | None = None
        self.tax_id = ""
        self.payer: Party | None = None
        self.subscriber: Party | None = None
        self.patient: Party | None = None
        self.claim: ClaimContext | None = None
        self.line: int | None = None

    def run(self) -> None:
        """Read every segment of the transaction that names a party or an identifier."""
        s = self.slot.scan
        for index in self.slot.transaction.segments:
            seg_id = s.seg_id(index)
            if seg_id not in self._WANTED:
                continue
            parts = s.elements(index)
            if seg_id == "BHT":
                self.slot.batch = clean(get(parts, 3))
            elif seg_id == "HL":
                self._hl(get(parts, 3).strip())
            elif seg_id == "CLM":
                self.claim = ClaimContext(
                    self.billing, self.tax_id, self.payer, self.subscriber, self.patient
                )
                self.slot.contexts[index] = self.claim
                self.line = None
            elif self.claim is not None:
                self._inside_claim(self.claim, seg_id, parts)
            elif seg_id == "NM1":
                self._name(get(parts, 1).strip(), parts)
            elif seg_id == "REF" and self.level == "20" and get(parts, 1).strip() == "EI":
                self.tax_id = clean(get(parts, 2))

    def _hl(self, level: str) -> None:
        self.claim, self.line, self.level = None, None, level
        if level == "20":
            self.billing, self.tax_id = None, ""
        if level in ("20", "22"):
            self.payer, self.subscriber = None, None
        if level in ("20", "22", "23"):
            self.patient = None

    def _name(self, code: str, parts: list[str]) -> None:
        level = self.level
        if level == "" and code == "41":
            self.slot.submitter = _party(parts)
        elif level == "" and code == "40":
            self.slot.receiver = _party(parts)
        elif level == "20" and code == "85":
            self.billing = _party(parts)
        elif level == "22" and code == "IL":
            self.subscriber = _party(parts)
        elif level == "22" and code == "PR":
            self.payer = _party(parts)
        elif level == "23" and code == "QC":
            self.patient = _party(parts)

    def _inside_claim(self, claim: ClaimContext, seg_id: str, parts: list[str]) -> None:
        if seg_id == "LX":
            number = get(parts, 1).strip()
            found = whole_number(number, LINE_NUMBER_DIGITS)
            self.line = len(claim.line_refs) + 1 if found is None else found
        elif seg_id == "REF":
            qualifier, value = get(parts, 1).strip(), clean(get(parts, 2))
            if self.line is None and qualifier == "D9" and value:
                claim.trace = value
            elif self.line is not None and qualifier == "6R" and value:
                claim.line_refs[self.line] = value


# --- grouping the claims ---------------------------------------------------------------------


@dataclass(slots=True)
class Acked:
    claim: ClaimResult
    context: ClaimContext | None


@dataclass(slots=True)
class Provider:
    """One 2000C: a billing provider and its claims."""

    billing: Party
    tax_id: str
    claims: list[Acked] = field(default_factory=list)


@dataclass(slots=True)
class InformationSource:
    """One 2000A/2000B: a payer, the submitter, the input batch and its billing providers."""

    payer: Party
    submitter: Party
    batch: str
    trace: str
    date: str
    providers: list[Provider] = field(default_factory=list)

    @property
    def claims(self) -> list[ClaimResult]:
        """Every claim acknowledged under this information source."""
        return [acked.claim for p in self.providers for acked in p.claims]


def read_slots(readings: Sequence[FileReading]) -> list[Slot]:
    """One slot per input transaction set that was read (refused ones have no claims)."""
    slots: list[Slot] = []
    for reading in readings:
        for report in reading.transactions:
            if report.refused is None:
                slots.append(_slot(reading, report))
    return slots


def _slot(reading: FileReading, report: TransactionReport) -> Slot:
    return Slot(
        source=reading.source,
        scan=reading.scan,
        interchange=report.interchange,
        group=report.group,
        transaction=report.transaction,
    )


def place_claims(claims: Sequence[ClaimResult], slots: list[Slot]) -> list[ClaimResult]:
    """Put each claim in the slot holding it (in order); return the claims no slot holds."""
    orphans: list[ClaimResult] = []
    at = 0
    for claim in claims:
        found = next((k for k in range(at, len(slots)) if slots[k].holds(claim)), None)
        if found is None:
            found = next((k for k in range(at) if slots[k].holds(claim)), None)
        if found is None:
            orphans.append(claim)
            continue
        slots[found].claims.append(claim)
        at = max(at, found)
    return orphans


def group_sources(
    slots: list[Slot], orphans: list[ClaimResult], fallback: str
) -> list[InformationSource]:
    """The claims placed in `slots`, then the `orphans`, grouped as the 277CA nests them."""
    out: list[InformationSource] = []
    for slot in slots:
        if not slot.claims:
            continue
        date_text = input_date(slot.scan, slot.interchange, slot.group) or fallback
        controls = (slot.interchange.control, slot.group.control, slot.transaction.control)
        trace = "-".join(clean(value) or "0" for value in controls)
        current: InformationSource | None = None
        for claim in slot.claims:
            context = slot.context(claim)
            payer = _payer(context, slot, claim)
            if current is None or current.payer != payer:
                current = InformationSource(
                    payer=payer,
                    submitter=_submitter(slot),
                    batch=slot.batch or clean(slot.transaction.control) or "0",
                    trace=trace[:50],
                    date=date_text,
                )
                out.append(current)
            _add(current, claim, context)
    if orphans:
        lonely = InformationSource(
            payer=Party(last=UNKNOWN, qualifier="PI", ident=UNKNOWN),
            submitter=Party(last=UNKNOWN, qualifier="46", ident=UNKNOWN),
            batch="0",
            trace="0",
            date=fallback,
        )
        for claim in orphans:
            claim_payer = clean(claim.payer_id or "")
            if claim_payer and lonely.payer.ident == UNKNOWN and not lonely.providers:
                lonely.payer = Party(last=claim_payer, qualifier="PI", ident=claim_payer)
            _add(lonely, claim, None)
        out.append(lonely)
    return out


def _add(source: InformationSource, claim: ClaimResult, context: ClaimContext | None) -> None:
    billing = _billing(context, claim)
    tax_id = context.tax_id if context is not None else ""
    last = source.providers[-1] if source.providers else None
    if last is None or last.billing != billing or last.tax_id != tax_id:
        last = Provider(billing=billing, tax_id=tax_id)
        source.providers.append(last)
    last.claims.append(Acked(claim=claim, context=context))


def _payer(context: ClaimContext | None, slot: Slot, claim: ClaimResult) -> Party:
    party = (context.payer if context is not None else None) or slot.receiver
    name = party.last if party is not None else ""
    ident = party.ident if party is not None else ""
    qualifier = party.qualifier if party is not None else ""
    ident = ident or clean(claim.payer_id or "")
    if qualifier not in _PAYER_QUALIFIERS:
        qualifier = "PI"
    return Party(kind="2", last=name or ident or UNKNOWN, qualifier=qualifier, ident=ident)


def _submitter(slot: Slot) -> Party:
    party = slot.submitter
    if party is None:
        isa_sender = clean(get(slot.scan.elements(slot.interchange.isa), 6))
        return Party(last=isa_sender or UNKNOWN, qualifier="46", ident=isa_sender)
    return party


def _billing(context: ClaimContext | None, claim: ClaimResult) -> Party:
    party = context.billing if context is not None else None
    npi = clean(claim.billing_npi or "")
    if party is None:
        return Party(kind="2", last=UNKNOWN, qualifier="XX", ident=npi)
    if party.qualifier not in _PROVIDER_QUALIFIERS or not party.ident:
        tax_id = context.tax_id if context is not None else ""
        qualifier, ident = ("XX", npi) if npi or not tax_id else ("FI", tax_id)
        return Party(
            kind=party.kind,
            last=party.last,
            first=party.first,
            middle=party.middle,
            suffix=party.suffix,
            qualifier=qualifier,
            ident=ident,
        )
    return party


# --- values copied from the 837 ---------------------------------------------------------------


def input_date(s: Scan, isa: Interchange, gs: Group) -> str:
    """CCYYMMDD of an input group: its GS04, else 20 + its ISA09; '' if neither is usable."""
    found = digits(get(s.elements(gs.gs), 4), 8, 8)
    if found and real_date(found):
        return found
    short = digits(get(s.elements(isa.isa), 9), 6, 6)
    if short and real_date("20" + short):
        return "20" + short
    return ""


def real_date(text: str) -> bool:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return True


def cut(value: str, width: int) -> str:
    return value[:width].strip()


def digits(value: str, shortest: int, longest: int) -> str:
    value = value.strip()
    if value.isascii() and value.isdigit() and shortest <= len(value) <= longest:
        return value
    return ""


def clean(value: str) -> str:
    """A value copied into the 277CA: printable ASCII only, none of our delimiters, trimmed."""
    return "".join(ch for ch in value if " " <= ch <= "~" and ch not in _DELIMITERS).strip()


def get(parts: list[str], n: int) -> str:
    return parts[n] if n < len(parts) else ""
