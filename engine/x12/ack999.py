"""Write an ASC X12 999 implementation acknowledgment (005010X231A1) for the files read.

pyx12 can write a 999 itself, but not reproducibly (its dates are the clock's, its ISA13 is the
minute, its GS06 is random) and not completely (no loop id in IK3, one AK9 code `R` for any
rejected transaction). `render_999` writes ours from the `FileReading` values instead:

- one interchange per input interchange, sender and receiver swapped; one functional group
  (GS01 ``FA``, the functional id of 997/999 acknowledgments) and one ST 999 per input group;
  groups that are themselves acknowledgments (GS01 ``FA``) are not acknowledged;
- dates and times are the input's own ISA09/ISA10 and GS04/GS05, and control numbers are counters
  starting at 1 per call (ISA13, GS06, ST02), so the same readings always give the same bytes;
- AK2/IK5 per transaction set, IK3 per segment in error, IK4 per element in error, AK9 ``A``,
  ``P`` or ``R`` by how many transaction sets were accepted;
- the 999 is written with our own delimiters: ``*`` element, ``:`` component, ``^`` repetition,
  ``~`` segment terminator followed by a line break, whatever the input used.

IK303 (data element 447, AN 1-4) carries the X12 loop id, the first four characters of the guide's
loop id (``2010AA`` is loop ``2010`` of the 837 transaction set diagram): the full id would make the
999 invalid against its own guide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peerclaims.engine.x12.numbers import whole_number
from peerclaims.engine.x12.reader import ElementIssue, FileReading, SegmentIssue, TransactionReport
from peerclaims.engine.x12.scan import Group, Interchange, Scan

ACK_VERSION = "005010X231A1"
"""GS08 and ST03 of the 999."""
ACK_FUNCTIONAL_ID = "FA"
"""GS01 of 997 and 999 acknowledgments (maps.xml of pyx12 files the 999 under it)."""

ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
TERMINATOR = "~"
_DELIMITERS = frozenset((ELEMENT, COMPONENT, REPETITION, TERMINATOR))

IK304_CODES = frozenset(("1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"))
"""Segment syntax error codes the 999 allows."""
IK403_CODES = frozenset(
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"}
    | {"I6", "I9", "I10", "I11", "I12", "I13"}
)
"""Element syntax error codes the 999 allows."""
IK502_CODES = frozenset(
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15", "16", "17"}
    | {"18", "19", "23", "24", "25", "26", "27", "I5", "I6"}
)
"""Transaction set syntax error codes the 999 allows."""

SEGMENT_HAS_ELEMENT_ERRORS = "8"
"""IK304 for a segment whose pyx12 code is not a 999 code (SEG1, HL1, HL2, LX: all about the
values of its elements) or that has element errors only."""
SEGMENTS_IN_ERROR = "5"
"""IK502 "One or More Segments in Error"."""
NOT_SUPPORTED = "1"
"""IK502 "Transaction Set Not Supported", for a transaction peerclaims refused to read."""

_MAX_IK5_CODES = 5
_MAX_BAD_VALUE = 99
_ISA_ID_WIDTH = 15
_DIGITS = re.compile(r"[0-9]+")
_LOOP = re.compile(r"[0-9]{4}")


@dataclass(slots=True)
class _Counters:
    """Control numbers of one render: ISA13, GS06 and ST02, each counting from 1."""

    interchange: int = 0
    group: int = 0
    transaction: int = 0


def render_999(readings: Sequence[FileReading]) -> str:
    """The 999 acknowledging every interchange of `readings`, in order ('' if none is acked)."""
    counters = _Counters()
    out: list[str] = []
    for reading in readings:
        by_group: dict[int, list[TransactionReport]] = {}
        for report in reading.transactions:
            by_group.setdefault(id(report.group), []).append(report)
        for isa in reading.scan.interchanges:
            groups = [gs for gs in isa.groups if gs.functional_id != ACK_FUNCTIONAL_ID]
            if groups:
                segments = _interchange(reading.scan, isa, groups, by_group, counters)
                out.extend(_format(segment) for segment in segments)
    return "".join(out)


def _interchange(
    s: Scan,
    isa: Interchange,
    groups: list[Group],
    by_group: dict[int, list[TransactionReport]],
    counters: _Counters,
) -> list[list[str]]:
    counters.interchange += 1
    control = f"{counters.interchange:09d}"
    parts = s.elements(isa.isa)
    sender_qualifier, sender = _fixed(_get(parts, 7), 2), _fixed(_get(parts, 8), _ISA_ID_WIDTH)
    receiver_qualifier = _fixed(_get(parts, 5), 2)
    receiver = _fixed(_get(parts, 6), _ISA_ID_WIDTH)
    usage = _get(parts, 15).strip()
    date, time = _digits(_get(parts, 9), 6, 6, "000101"), _digits(_get(parts, 10), 4, 4, "0000")
    no_authorization = ["00", " " * 10]
    no_security = ["00", " " * 10]
    sender_id = [sender_qualifier, sender]
    receiver_id = [receiver_qualifier, receiver]
    # ISA11 repetition separator, ISA12 version, ISA13 control, ISA14 no TA1 wanted, ISA15 usage
    # mirrored from the input (a test file gets a test acknowledgment), ISA16 component separator.
    trailer = [REPETITION, "00501", control, "0", usage if usage in ("I", "P", "T") else "P"]
    isa_segment = ["ISA", *no_authorization, *no_security, *sender_id, *receiver_id, date, time]
    segments = [[*isa_segment, *trailer, COMPONENT]]
    for gs in groups:
        segments.extend(_group(s, isa, gs, by_group.get(id(gs), []), counters))
    segments.append(["IEA", str(len(groups)), control])
    return segments


def _group(
    s: Scan, isa: Interchange, gs: Group, reports: list[TransactionReport], counters: _Counters
) -> list[list[str]]:
    counters.group += 1
    counters.transaction += 1
    group_control = str(counters.group)
    st_control = f"{counters.transaction:04d}"
    isa_parts, parts = s.elements(isa.isa), s.elements(gs.gs)
    date = _digits(_get(parts, 4), 8, 8, "20" + _digits(_get(isa_parts, 9), 6, 6, "000101"))
    time = _digits(_get(parts, 5), 4, 8, _digits(_get(isa_parts, 10), 4, 4, "0000"))
    sender = _party(_get(parts, 3), _get(isa_parts, 8))
    receiver = _party(_get(parts, 2), _get(isa_parts, 6))
    body: list[list[str]] = [
        ["ST", "999", st_control, ACK_VERSION],
        ["AK1", _clean(gs.functional_id), _clean(gs.control), _clean(gs.version)],
    ]
    for report in reports:
        body.extend(_transaction(s, report))
    body.append(_ak9(s, gs, reports))
    body.append(["SE", str(len(body) + 1), st_control])
    header = ["GS", ACK_FUNCTIONAL_ID, sender, receiver, date, time, group_control]
    return [[*header, "X", ACK_VERSION], *body, ["GE", "1", group_control]]


def _transaction(s: Scan, report: TransactionReport) -> list[list[str]]:
    st = report.transaction
    version = _clean(_get(s.elements(st.st), 3)) or _clean(report.group.version)
    segments = [["AK2", _clean(st.set_id), _clean(st.control), version]]
    if report.refused is None:
        for issue in report.segments:
            segments.append(_ik3(issue))
            segments.extend(
                _ik4(element) for element in issue.elements if element.code in IK403_CODES
            )
    segments.append(["IK5", *ik5_codes(report)])
    return segments


def _ik3(issue: SegmentIssue) -> list[str]:
    return [
        "IK3",
        _clean(issue.seg_id),
        str(max(issue.position, 1)),
        loop_id(issue.loop),
        ik304_code(issue),
    ]


def loop_id(loop: str | None) -> str:
    """IK303: the X12 loop id of a guide loop (``2010AA`` -> ``2010``); '' outside any loop."""
    found = _LOOP.match(loop or "")
    return found.group(0) if found else ""


def _ik4(element: ElementIssue) -> list[str]:
    position = [str(element.position), _opt(element.component), _opt(element.repeat)]
    while position[-1] == "":
        position.pop()
    reference = element.reference if element.reference and element.reference.isdigit() else ""
    return ["IK4", COMPONENT.join(position), reference, element.code, bad_value(element.value)]


def _ak9(s: Scan, gs: Group, reports: list[TransactionReport]) -> list[str]:
    received = len(reports)
    accepted = sum(1 for r in reports if r.accepted and r.refused is None)
    included = _get(s.elements(gs.ge), 1).strip() if gs.ge is not None else ""
    number = whole_number(included, 6)
    shown = received if number is None else number
    return ["AK9", ak9_code(received, accepted), str(shown), str(received), str(accepted)]


def ik304_code(issue: SegmentIssue) -> str:
    """IK304 for a segment in error: its first 999 segment code, else 8 (element errors)."""
    return next((code for code in issue.codes if code in IK304_CODES), SEGMENT_HAS_ELEMENT_ERRORS)


def ik5_codes(report: TransactionReport) -> list[str]:
    """IK501 and the IK502-IK506 codes of one transaction set.

    Refused (not an 837P 005010X222A1): R 1. Rejected: R with the transaction's own 999 codes,
    plus 5 when segments are in error, and 5 alone when nothing names the cause (pyx12's silent
    envelope element error), since a rejection must carry a code.
    """
    if report.refused is not None:
        return ["R", NOT_SUPPORTED]
    if report.accepted:
        return ["A"]
    codes = _unique(code for code in report.codes if code in IK502_CODES)
    if (report.segments or not codes) and SEGMENTS_IN_ERROR not in codes:
        codes.append(SEGMENTS_IN_ERROR)
    return ["R", *codes[:_MAX_IK5_CODES]]


def ak9_code(received: int, accepted: int) -> str:
    """AK901: A when every transaction set was accepted, P when some were, R when none was."""
    if received and accepted == received:
        return "A"
    return "P" if accepted else "R"


def bad_value(value: str | None) -> str:
    """IK404: the bad value without delimiters or control characters, at most 99 characters."""
    if not value:
        return ""
    kept = "".join(ch for ch in value if " " <= ch <= "~" and ch not in _DELIMITERS)
    return kept.strip()[:_MAX_BAD_VALUE].strip()


def _format(elements: list[str]) -> str:
    while len(elements) > 1 and elements[-1] == "":
        elements.pop()
    return ELEMENT.join(elements) + TERMINATOR + "\n"


def _unique(codes: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for code in codes:
        if code not in seen:
            seen.append(code)
    return seen


def _get(parts: list[str], n: int) -> str:
    return parts[n] if n < len(parts) else ""


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    """A value copied into the 999: no delimiters of ours, no surrounding blanks."""
    return "".join(ch for ch in value if ch not in _DELIMITERS and ch >= " ").strip()


def _fixed(value: str, width: int) -> str:
    """A fixed-width ISA element copied from the input (padded or cut to `width`)."""
    return _clean(value)[:width].ljust(width)


def _digits(value: str, shortest: int, longest: int, fallback: str) -> str:
    """A date or time copied from the input when it is `shortest`-`longest` digits."""
    value = value.strip()
    if _DIGITS.fullmatch(value) and shortest <= len(value) <= longest:
        return value
    return fallback


def _party(value: str, isa_id: str) -> str:
    """GS02/GS03 (AN 2-15) from the input GS, or from its ISA id when that one is unusable."""
    for candidate in (_clean(value), _clean(isa_id)):
        if len(candidate) >= 2:
            return candidate[:_ISA_ID_WIDTH]
    return "NA"
