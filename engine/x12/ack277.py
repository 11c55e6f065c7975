"""Write an ASC X12 277CA claim acknowledgment (005010X214) for every claim of a result.

`render_277ca` answers the claims of a `Result` the way a payer's front end would, claim by claim,
from the decisions and the `FileReading` values the claims were read from (their envelopes and
segments, for the parties' names and identifiers):

- one interchange, one functional group (GS01 ``HN``) and one ST 277 for the whole result; sender
  and receiver swapped from the first acknowledged input interchange (ISA05-08) and group
  (GS02/GS03); ISA09/ISA10, GS04/GS05 and BHT04/BHT05 are that input's own dates and times,
  BHT03 is its ISA13-GS06, and the control numbers are 1 (ISA13, GS06, ST02), so the same input
  always gives the same bytes;
- per input transaction set and payer (2010BB ``NM1*PR``, else the 1000B receiver): a 2000A
  information source (the payer; 2200A ``TRN*1`` = input ISA13-GS06-ST02, receipt and process
  dates = the input's GS04), its 2000B information receiver (the 1000A submitter; 2200B
  ``TRN*2`` = the 837's BHT03, ``STC*A1:19:PR`` "received", counts and amounts accepted and
  rejected), then one 2000C per billing provider (2010AA ``NM1*85``; 2200C ``TRN*1*0``, the same
  receipt status, ``REF*TJ`` with its 2010AA ``REF*EI`` tax id, counts and amounts) and one
  2000D per claim;
- per claim (2000D/2200D): the patient (2010CA, else the subscriber 2010BA, ``MI`` = member id),
  ``TRN*2`` with CLM01, one ``STC`` with up to three status composites (STC01, STC10, STC11),
  STC04 = the claim's billed amount (CLM02), STC12 = the rule ids of its front-end errors,
  ``REF*D9`` when the 837 carried one, ``DTP*472`` spanning the lines' dates of service;
- per line a front-end rejection returns (2220D): ``SVC`` (``HC``, procedure, modifiers, charge,
  units), its own ``STC`` (from the line's front-end errors, else the claim's), ``REF*FJ`` when the
  837 line had a ``REF*6R`` line item control number, ``DTP*472``;
- written with the 999's delimiters: ``*`` element, ``:`` component, ``^`` repetition, ``~`` and a
  line break after every segment.

peerclaims is not the payer: no ``REF*1K`` payer claim control number is invented. When no line
has a date of service, the claim's ``DTP*472`` falls back to the input's GS04 date.

The parties and claims come from `engine/x12/ack277_parties.py` (the 837's segments, grouped).
Whether the front end accepts a claim, and the status composites it gets, are decided in
`engine/x12/claim_status.py` from the tables of `rules/x12/claim_status.yaml` (a claim is
returned only for front-end errors: structure, guide, balancing, code sets, a payer, member or
provider not on file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from peerclaims.engine.result import ClaimResult, LineResult, Result
from peerclaims.engine.x12.ack277_parties import (
    UNKNOWN,
    Acked,
    ClaimContext,
    InformationSource,
    Party,
    Provider,
    Slot,
    clean,
    cut,
    digits,
    get,
    group_sources,
    input_date,
    place_claims,
    read_slots,
)
from peerclaims.engine.x12.ack999 import COMPONENT, ELEMENT, REPETITION, TERMINATOR
from peerclaims.engine.x12.claim_status import (
    acknowledged,
    claim_statuses,
    front_end_error,
    line_statuses,
    returned_lines,
    status_tables,
)
from peerclaims.engine.x12.reader import FileReading

ACK_VERSION = "005010X214"
"""GS08 and ST03 of the 277CA."""
ACK_FUNCTIONAL_ID = "HN"
"""GS01 of a 277 (health care claim status notification)."""

_ISA_ID_WIDTH = 15
_ISA_QUALIFIERS = frozenset({"01", "14", "20", "27", "28", "29", "30", "33", "ZZ"})
"""ISA05/ISA07 codes the 277 map allows."""
_MAX_MESSAGE = 264
_MAX_MODIFIERS = 4
_FALLBACK_DATE = "19700101"
"""Dates when neither the input nor the result gives one (a result read from nothing)."""


@dataclass(frozen=True, slots=True)
class _Envelope:
    sender_qualifier: str
    sender: str
    receiver_qualifier: str
    receiver: str
    usage: str
    isa_date: str
    isa_time: str
    gs_sender: str
    gs_receiver: str
    date: str
    time: str
    reference: str


# --- writing ---------------------------------------------------------------------------------


def render_277ca(result: Result, readings: Sequence[FileReading]) -> str:
    """The 277CA acknowledging every claim of `result` ('' when it has no claims).

    `readings` are the files the claims were read from (``check_sources(keep_readings=True)``):
    they give the envelope, the parties' names and identifiers and the input dates. A claim no
    reading holds is still acknowledged, under an information source named UNKNOWN.
    """
    if not result.claims:
        return ""
    slots = read_slots(readings)
    orphans = place_claims(result.claims, slots)
    fallback = _fallback_date(result)
    sources = group_sources(slots, orphans, fallback)
    first = next((slot for slot in slots if slot.claims), slots[0] if slots else None)
    envelope = _envelope(first, fallback)
    body: list[list[str]] = [
        ["ST", "277", "0001", ACK_VERSION],
        ["BHT", "0085", "08", envelope.reference, envelope.date, envelope.time, "TH"],
    ]
    hl = 0
    for source in sources:
        hl += 1
        body.extend(_information_source(source, hl))
        receiver_hl = hl + 1
        hl += 1
        body.extend(_information_receiver(source, receiver_hl))
        for provider in source.providers:
            hl += 1
            provider_hl = hl
            body.extend(_billing_provider(provider, provider_hl, receiver_hl))
            for acked in provider.claims:
                hl += 1
                body.extend(_patient(acked, hl, provider_hl, source.date))
    body.append(["SE", str(len(body) + 1), "0001"])
    control = "000000001"
    isa = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        envelope.sender_qualifier,
        envelope.sender,
        envelope.receiver_qualifier,
        envelope.receiver,
        envelope.isa_date,
        envelope.isa_time,
        REPETITION,
        "00501",
        control,
        "0",
        envelope.usage,
        COMPONENT,
    ]
    gs = ["GS", ACK_FUNCTIONAL_ID, envelope.gs_sender, envelope.gs_receiver, envelope.date]
    gs += [envelope.time, "1", "X", ACK_VERSION]
    segments = [isa, gs, *body, ["GE", "1", "1"], ["IEA", "1", control]]
    return "".join(_format(segment) for segment in segments)


def _information_source(source: InformationSource, hl: int) -> list[list[str]]:
    payer = source.payer
    return [
        ["HL", str(hl), "", "20", "1"],
        ["NM1", "PR", "2", _name(payer.last, 60), "", "", "", "", payer.qualifier, _ident(payer)],
        ["TRN", "1", source.trace or "0"],
        ["DTP", "050", "D8", source.date],
        ["DTP", "009", "D8", source.date],
    ]


def _information_receiver(source: InformationSource, hl: int) -> list[list[str]]:
    sub = source.submitter
    kind = sub.kind if sub.kind in ("1", "2") else "2"
    person = kind == "1"
    claims = source.claims
    first, middle = (cut(sub.first, 35), cut(sub.middle, 25)) if person else ("", "")
    name = [_name(sub.last, 60), first, middle]
    segments = [
        ["HL", str(hl), str(hl - 1), "21", "1"],
        ["NM1", "41", kind, *name, "", "", "46", _ident(sub)],
        ["TRN", "2", cut(source.batch, 50) or "0"],
        ["STC", _received(), source.date, "WQ", _amount(_total(claims))],
    ]
    segments.extend(_counts(claims, ("90", "AA")))
    return segments


def _billing_provider(provider: Provider, hl: int, parent: int) -> list[list[str]]:
    party = provider.billing
    kind = party.kind if party.kind in ("1", "2") else "2"
    person = kind == "1"
    names = [
        cut(party.first, 35) if person else "",
        cut(party.middle, 25) if person else "",
        "",
        cut(party.suffix, 10) if person else "",
    ]
    claims = [acked.claim for acked in provider.claims]
    segments = [
        ["HL", str(hl), str(parent), "19", "1"],
        ["NM1", "85", kind, _name(party.last, 60), *names, party.qualifier, _ident(party)],
        ["TRN", "1", "0"],
        ["STC", _received(), "", "WQ", _amount(_total(claims))],
    ]
    if provider.tax_id and party.qualifier != "FI":
        segments.append(["REF", "TJ", cut(provider.tax_id, 50)])
    segments.extend(_counts(claims, ("QA", "QC")))
    return segments


def _patient(acked: Acked, hl: int, parent: int, when: str) -> list[list[str]]:
    claim, context = acked.claim, acked.context
    person = None
    if context is not None:
        person = context.patient or context.subscriber
    member = clean(claim.member_id or "") or (
        context.subscriber.ident if context is not None and context.subscriber else ""
    )
    last = person.last if person is not None else ""
    names = ["", "", "", ""]
    if person is not None:
        names = [cut(person.first, 35), cut(person.middle, 25), "", cut(person.suffix, 10)]
    found = claim_statuses(claim)
    accepted = acknowledged(claim)
    stc = ["STC", found[0].composite(), when, "WQ" if accepted else "U", _amount(claim.billed)]
    if len(found) > 1 or not accepted or not claim.fully_checked:
        extra = [status.composite() for status in found[1:]]
        stc += ["", "", "", "", "", *extra, *[""] * (2 - len(extra))]
        stc.append(_message(claim))
    segments = [
        ["HL", str(hl), str(parent), "PT"],
        ["NM1", "QC", "1", _name(last, 60), *names, "MI", _ident_value(member)],
        ["TRN", "2", cut(clean(claim.claim_id), 50) or UNKNOWN],
        stc,
    ]
    if context is not None and context.trace:
        segments.append(["REF", "D9", cut(context.trace, 50)])
    segments.append(["DTP", "472", *_period(claim.lines, when)])
    for line in returned_lines(claim):
        segments.extend(_service_line(claim, line, context, when))
    return segments


def _service_line(
    claim: ClaimResult, line: LineResult, context: ClaimContext | None, when: str
) -> list[list[str]]:
    procedure = cut(clean(line.procedure or ""), 48)
    if not procedure:
        return []
    modifiers = [m for m in (clean(m) for m in line.modifiers) if len(m) == 2]
    service = COMPONENT.join(["HC", procedure, *modifiers[:_MAX_MODIFIERS]])
    units = _amount(line.units) if line.units is not None else ""
    found = line_statuses(claim, line)
    stc = ["STC", found[0].composite(), when, "U"]
    if len(found) > 1:
        stc += ["", "", "", "", "", "", *[status.composite() for status in found[1:]]]
    segments = [["SVC", service, _amount(line.charge), "", "", "", "", units], stc]
    reference = context.line_refs.get(line.line) if context is not None else None
    if reference:
        segments.append(["REF", "FJ", cut(reference, 50)])
    start = line.service_date
    if start is not None:
        end = line.service_date_end or start
        segments.append(["DTP", "472", *_dates(start, end)])
    return segments


def _received() -> str:
    """2200B and 2200C: the payer acknowledges receipt (the status tables' `received`)."""
    return status_tables().received.status.composite()


def _counts(claims: list[ClaimResult], qualifiers: tuple[str, str]) -> list[list[str]]:
    """QTY accepted/rejected counts and AMT accepted/rejected amounts, when not zero."""
    accepted = [c for c in claims if acknowledged(c)]
    rejected = [c for c in claims if not acknowledged(c)]
    segments: list[list[str]] = []
    if accepted:
        segments.append(["QTY", qualifiers[0], str(len(accepted))])
    if rejected:
        segments.append(["QTY", qualifiers[1], str(len(rejected))])
    if accepted:
        segments.append(["AMT", "YU", _amount(_total(accepted))])
    if rejected:
        segments.append(["AMT", "YY", _amount(_total(rejected))])
    return segments


def _message(claim: ClaimResult) -> str:
    """STC12: the rule ids of the claim's front-end error findings, as many as fit; for a claim
    accepted into adjudication but not fully checked, 'NOT FULLY CHECKED -' and why (no ':',
    the component separator), cut to fit."""
    ids: list[str] = []
    for finding in claim.findings:
        rule = clean(finding.rule_id)
        if front_end_error(finding) and rule and rule not in ids:
            ids.append(rule)
    text = ""
    for rule in ids:
        candidate = f"{text} {rule}".strip()
        if len(candidate) > _MAX_MESSAGE:
            break
        text = candidate
    if not claim.fully_checked and acknowledged(claim):
        reasons = "; ".join(
            dict.fromkeys(clean(item.reason.replace(COMPONENT, " -")) for item in claim.not_checked)
        )
        text = cut(clean(f"{text} NOT FULLY CHECKED - {reasons}"), _MAX_MESSAGE)
    return text


def _period(lines: list[LineResult], when: str) -> list[str]:
    starts = [line.service_date for line in lines if line.service_date is not None]
    ends = [line.service_date_end or line.service_date for line in lines if line.service_date]
    if not starts:
        return ["D8", when]
    return _dates(min(starts), max(d for d in ends if d is not None))


def _dates(start: date, end: date) -> list[str]:
    if end <= start:
        return ["D8", start.strftime("%Y%m%d")]
    return ["RD8", f"{start.strftime('%Y%m%d')}-{end.strftime('%Y%m%d')}"]


def _total(claims: Iterable[ClaimResult]) -> str:
    total = Decimal("0")
    for claim in claims:
        total += _decimal(claim.billed)
    return str(total)


def _amount(value: str | None) -> str:
    """An X12 R value: no exponent, no trailing zeros after the point ('160.00' -> '160')."""
    number = _decimal(value)
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _decimal(value: str | None) -> Decimal:
    if value is None:
        return Decimal("0")
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return Decimal("0")
    return number if number.is_finite() else Decimal("0")


def _envelope(slot: Slot | None, fallback: str) -> _Envelope:
    if slot is None:
        ours = "PEERCLAIMS".ljust(_ISA_ID_WIDTH)
        return _Envelope(
            sender_qualifier="ZZ",
            sender=ours,
            receiver_qualifier="ZZ",
            receiver=ours,
            usage="P",
            isa_date=fallback[2:],
            isa_time="0000",
            gs_sender="PEERCLAIMS",
            gs_receiver="PEERCLAIMS",
            date=fallback,
            time="0000",
            reference="0",
        )
    s, isa, gs = slot.scan, slot.interchange, slot.group
    isa_parts, gs_parts = s.elements(isa.isa), s.elements(gs.gs)
    usage = get(isa_parts, 15).strip()
    day = input_date(s, isa, gs) or fallback
    isa_date = digits(get(isa_parts, 9), 6, 6) or day[2:]
    isa_time = digits(get(isa_parts, 10), 4, 4) or "0000"
    sender_id, receiver_id = clean(get(isa_parts, 8)), clean(get(isa_parts, 6))
    reference = "-".join(clean(v) or "0" for v in (isa.control, gs.control))
    return _Envelope(
        sender_qualifier=_qualifier(get(isa_parts, 7)),
        sender=(sender_id or "PEERCLAIMS")[:_ISA_ID_WIDTH].ljust(_ISA_ID_WIDTH),
        receiver_qualifier=_qualifier(get(isa_parts, 5)),
        receiver=(receiver_id or "PEERCLAIMS")[:_ISA_ID_WIDTH].ljust(_ISA_ID_WIDTH),
        usage=usage if usage in ("P", "T") else "P",
        isa_date=isa_date,
        isa_time=isa_time,
        gs_sender=_gs_party(get(gs_parts, 3), sender_id),
        gs_receiver=_gs_party(get(gs_parts, 2), receiver_id),
        date=day,
        time=digits(get(gs_parts, 5), 4, 8) or isa_time,
        reference=reference[:50],
    )


def _fallback_date(result: Result) -> str:
    """The latest date of service of the result, for claims no input date covers."""
    dates = [
        line.service_date_end or line.service_date
        for claim in result.claims
        for line in claim.lines
        if line.service_date is not None
    ]
    known = [d for d in dates if d is not None]
    return max(known).strftime("%Y%m%d") if known else _FALLBACK_DATE


def _qualifier(value: str) -> str:
    value = value.strip()
    return value if value in _ISA_QUALIFIERS else "ZZ"


def _gs_party(value: str, isa_id: str) -> str:
    """GS02/GS03 (AN 2-15) from the input GS, else its ISA id, else PEERCLAIMS."""
    for candidate in (clean(value), isa_id):
        if len(candidate) >= 2:
            return candidate[:_ISA_ID_WIDTH]
    return "PEERCLAIMS"


def _name(value: str, width: int) -> str:
    return cut(value, width) or UNKNOWN


def _ident(party: Party) -> str:
    return _ident_value(party.ident)


def _ident_value(value: str) -> str:
    """NM109 (AN 2-80)."""
    value = cut(value, 80)
    return value if len(value) >= 2 else UNKNOWN


def _format(elements: list[str]) -> str:
    while len(elements) > 1 and elements[-1] == "":
        elements.pop()
    return ELEMENT.join(elements) + TERMINATOR + "\n"
