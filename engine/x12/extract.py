"""Build claims from the segments of one 837P transaction, as the validator walks them.

`ClaimBuilder.feed` is called once per segment, in order, with the loop the validator matched
(`None` when the segment was not recognised); it records which claim or hierarchical level owns
every segment, so an error on any segment can be charged to the right claim and line. The
elements are read from the scanner's own split of the segment, never from pyx12 objects.

No value is read during the walk: the builder logs two small codes per segment (the loop and
the segment id), and a claim's values are read from its segments when its model is asked for
(`claim`), by replaying that log. A transaction of thousands of claims so holds a few bytes per
segment until its SE, not a draft per claim.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from peerclaims.engine.model import Claim, Loc, ValueProblem
from peerclaims.engine.x12.numbers import (
    AMOUNT_DIGITS,
    UNIT_DIGITS,
    UnreadableError,
    calendar_date,
    decimal_number,
    whole_number,
)
from peerclaims.engine.x12.scan import Scan

_READ = frozenset({"PRV", "NM1", "REF", "SBR", "DMG", "HI", "SV1", "DTP"})
"""The segments the claim model takes values from; every other segment is only tracked."""
_TRAILERS = frozenset({"SE", "GE", "IEA", "ST", "GS", "ISA"})
_NONE = -1
LINE_NUMBER_DIGITS = 9
"""The longest LX01 taken as the line's number (the guide allows 6; pyx12 reports longer
ones): 9 digits fit the 4-byte arrays the builder keeps per segment. A longer one, or one
that is not a number, is named by the line's position in its claim."""
_MAX_MODIFIERS = 4
_MAX_POINTERS = 4


def _get(parts: list[str], n: int) -> str:
    return parts[n] if n < len(parts) else ""


_Spec = int
"""Where a value was read, packed into one int until a `Loc` is needed: the segment index times
`_SPEC_CODES` plus the code of its (loop, segment, element) in the builder's table. A claim holds
a few dozen of these while its transaction is walked, so they must be small."""
_SPEC_CODES = 256


class _LazyLocs(Mapping[str, Loc]):
    """Field name -> `Loc`, each made when first asked for from the reader's packed spec.

    Most claims never need a location (only findings do), so building ~30 of them per claim
    up front was two thirds of the cost of making a claim model.
    """

    __slots__ = ("_made", "_resolve", "_specs")

    def __init__(self, specs: dict[str, _Spec], resolve: Callable[[_Spec], Loc]) -> None:
        self._specs = specs
        self._resolve = resolve
        self._made: dict[str, Loc] = {}

    def __getitem__(self, name: str) -> Loc:
        made = self._made.get(name)
        if made is None:
            made = self._resolve(self._specs[name])
            self._made[name] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"_LazyLocs({sorted(self._specs)})"

    def __reduce__(self) -> tuple[type[dict[str, Loc]], tuple[dict[str, Loc]]]:
        """Pickled as the plain dict of every location: a pickled claim needs no extractor."""
        return dict, ({name: self[name] for name in self._specs},)


class _Draft:
    """Mutable values of an object under construction, with their locations.

    Plain slotted classes (not dataclasses with factories) here: several are made per claim
    on the hot path of the walk.
    """

    __slots__ = ("locs", "problems", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.locs: dict[str, _Spec] = {}
        self.problems: list[tuple[str, str, str, _Spec]] | None = None
        """(field, X12 pack code, reason, location) of each value refused or negative."""

    def refuse(self, name: str, code: str, reason: str, loc: _Spec) -> None:
        if self.problems is None:
            self.problems = []
        self.problems.append((name, code, reason, loc))

    def number(self, name: str, text: str, digits: int, loc: _Spec) -> None:
        """Put an amount or unit count: a negative one is kept and flagged, a bad one refused."""
        try:
            value = decimal_number(text, digits)
        except UnreadableError as error:
            self.refuse(name, "unreadable", str(error), loc)
            return
        if value is not None and value < 0:
            self.refuse(name, "negative", "is negative", loc)
        self.put(name, value, loc)

    def day(self, name: str, text: str, loc: _Spec) -> None:
        """Put a date (CCYYMMDD, 1900-2099); refuse any other text."""
        try:
            self.put(name, calendar_date(text), loc)
        except UnreadableError as error:
            self.refuse(name, "unreadable", str(error), loc)

    def put(self, name: str, value: object, loc: _Spec) -> None:
        if value is None or value == "" or value == ():  # noqa: PLR1714 - value may be unhashable
            return
        self.values[name] = value
        self.locs[name] = loc


class _LineDraft:
    __slots__ = ("auths", "line", "number", "rendering", "supervising")

    def __init__(self, number: int) -> None:
        self.number = number
        self.line = _Draft()
        self.rendering: _Draft | None = None
        self.supervising: _Draft | None = None
        self.auths: list[str] = []


@dataclass(frozen=True, slots=True)
class _Context:
    """The parties above a claim (2000A/2000B/2000C), as they stood when the claim began."""

    billing: _Draft
    subscriber: _Draft
    patient: _Draft | None
    payer: _Draft
    filing: _Draft


class _ClaimDraft:
    __slots__ = (
        "claim",
        "claim_id",
        "context",
        "diagnoses",
        "lines",
        "rendering",
        "supervising",
    )

    def __init__(self, claim_id: str, context: _Context) -> None:
        self.claim_id = claim_id
        self.context = context
        self.claim = _Draft()
        self.rendering: _Draft | None = None
        self.supervising: _Draft | None = None
        self.diagnoses: list[tuple[str, str, _Spec]] = []
        self.lines: list[_LineDraft] = []


@dataclass(frozen=True, slots=True)
class Owner:
    """Who a segment belongs to: a claim (and line), or a hierarchical level, or the header."""

    claim: int | None
    """Index of the claim in its transaction (`ClaimBuilder.claim`), inside a 2300."""
    line: int | None
    """Service line number (LX01) when the segment is inside a 2400."""
    hl: int | None
    """Segment index of the HL that holds the segment, outside any claim."""


_LOGGED: tuple[str, ...] = tuple(sorted(_READ | _TRAILERS | {"HL", "CLM", "LX"}))
"""The segment ids `_Extractor.feed` acts on: the only ones a builder's log tells apart."""
_NOT_FED = 0
_OTHER = 1
_SEG_CODE: dict[str, int] = {seg_id: code for code, seg_id in enumerate(_LOGGED, start=2)}
_SEG_OF_CODE: tuple[str, ...] = ("", "", *_LOGGED)
_MAX_LOOP_CODES = 65536
_HL_LEVELS = ("2000A", "2000B", "2000C")


@dataclass(slots=True)
class ClaimBuilder:
    """Follows the claims of one transaction set from a stream of (segment, loop) pairs.

    While pyx12 walks the transaction, `feed` keeps what the reader needs to charge errors
    (who owns each segment, each claim's first segment and HLs) and a log of two small codes per
    segment: the loop matched and the segment id. No value is read then. A claim's values are
    read when its model is asked for (`claim`), by an `_Extractor` replaying the log in file
    order and keeping only the current parties and claim; claims are asked for in order, so
    the replay goes once through the transaction. Memory per transaction is a few bytes per
    segment, whatever its number of claims, rather than every claim's draft until SE.

    The replay is exact because a party's values are final once a claim under it begins: pyx12
    walks its map forward only, so a segment of 2000A/2000B/2000C or their 2010 loops cannot
    be matched again after a 2300 without a new HL, which starts a new party.
    """

    scan: Scan
    transaction: str
    base: int
    """Segment index of the transaction's ST: owners are kept by offset from it."""
    last_fed: int | None = None
    _loops: array[int] = field(default_factory=lambda: array("H"))
    """Per segment from ST: code of the loop the validator matched (0: none or not fed)."""
    _segs: array[int] = field(default_factory=lambda: array("B"))
    """Per segment from ST: `_SEG_CODE` of its id (`_NOT_FED`, `_OTHER` for ids not acted on)."""
    _loop_codes: dict[str | None, int] = field(default_factory=lambda: {None: 0})
    _loop_ids: list[str | None] = field(default_factory=lambda: [None])
    _head_loops: dict[int, str | None] = field(default_factory=dict)
    """Loops of the ISA and GS fed before the ST (they sit outside the transaction)."""
    _starts: array[int] = field(default_factory=lambda: array("i"))
    """Segment index of each claim's CLM."""
    _claim_hls: list[tuple[int, ...]] = field(default_factory=list)
    _at: array[int] = field(default_factory=lambda: array("i"))
    """Segment indexes where ownership changes (HL, CLM, LX, trailers), ascending."""
    _claim_of: array[int] = field(default_factory=lambda: array("i"))
    _line_of: array[int] = field(default_factory=lambda: array("i"))
    _hl_of: array[int] = field(default_factory=lambda: array("i"))
    _hl_stack: dict[str, int] = field(default_factory=dict)
    _hls: tuple[int, ...] | None = None
    """The HLs above a claim starting now (None: to be made again, an HL came)."""
    _open: bool = False
    """Whether a claim is open (a CLM came and no HL or trailer since)."""
    _lines: int = 0
    """Service lines of the open claim so far."""
    _replay: _Extractor | None = None

    @property
    def count(self) -> int:
        """How many claims (2300 CLM) were fed."""
        return len(self._starts)

    def start_of(self, k: int) -> int:
        """Segment index of claim `k`'s CLM."""
        return self._starts[k]

    def hls_of(self, k: int) -> tuple[int, ...]:
        """Segment indexes of the HLs above claim `k` (billing, subscriber, patient)."""
        return self._claim_hls[k]

    def loop_at(self, index: int) -> str | None:
        """The loop the validator matched segment `index` to (None: not recognised, not fed)."""
        at = index - self.base
        if at < 0:
            return self._head_loops.get(index)
        if at >= len(self._loops):
            return None
        return self._loop_ids[self._loops[at]]

    def feed(self, index: int, loop: str | None, seg_id: str) -> None:
        """Take segment `index`, matched to `loop` by the validator (None: not recognised)."""
        self.last_fed = index
        self._log(index, loop, seg_id)
        if seg_id == "HL":
            self._open = False
            self._boundary(index, _NONE, _NONE, index)
            if loop is not None:
                self._start_hl(index, loop)
        elif seg_id == "CLM" and loop == "2300":
            if self._hls is None:
                stack = self._hl_stack
                self._hls = tuple(stack[k] for k in _HL_LEVELS if k in stack)
            self._starts.append(index)
            self._claim_hls.append(self._hls)
            self._open = True
            self._lines = 0
            self._boundary(index, len(self._starts) - 1, _NONE, _NONE)
        elif seg_id == "LX" and loop == "2400" and self._open:
            self._lines += 1
            number = _line_number(self.scan, index, self._lines)
            self._boundary(index, len(self._starts) - 1, number, _NONE)
        elif seg_id in _TRAILERS:
            self._open = False
            self._boundary(index, _NONE, _NONE, _NONE)

    def _log(self, index: int, loop: str | None, seg_id: str) -> None:
        at = index - self.base
        if at < 0:
            self._head_loops[index] = loop
            return
        code = self._loop_codes.get(loop)
        if code is None:
            code = len(self._loop_ids)
            if code >= _MAX_LOOP_CODES:
                raise ValueError(f"more than {_MAX_LOOP_CODES} distinct loops")
            self._loop_codes[loop] = code
            self._loop_ids.append(loop)
        seg = _SEG_CODE.get(seg_id, _OTHER)
        size = len(self._segs)
        if at < size:
            self._loops[at] = code
            self._segs[at] = seg
            return
        if at > size:
            self._loops.extend(bytes(2 * (at - size)))
            self._segs.extend(bytes(at - size))
        self._loops.append(code)
        self._segs.append(seg)

    def _boundary(self, index: int, claim: int, line: int, hl: int) -> None:
        """From segment `index` on, segments belong to this claim/line, or to this HL."""
        self._at.append(index)
        self._claim_of.append(claim)
        self._line_of.append(line)
        self._hl_of.append(hl)

    def owner(self, index: int) -> Owner | None:
        """Who owns segment `index`; None when the validator never reached it."""
        if self.last_fed is None or not self.base <= index <= self.last_fed:
            return None
        k = bisect.bisect_right(self._at, index) - 1
        if k < 0:
            return Owner(claim=None, line=None, hl=None)
        claim, line, hl = self._claim_of[k], self._line_of[k], self._hl_of[k]
        return Owner(
            claim=None if claim == _NONE else claim,
            line=None if line == _NONE else line,
            hl=None if hl == _NONE else hl,
        )

    def _start_hl(self, index: int, loop: str) -> None:
        self._hl_stack[loop] = index
        self._hls = None
        if loop == "2000A":
            self._hl_stack.pop("2000B", None)
            self._hl_stack.pop("2000C", None)
        elif loop == "2000B":
            self._hl_stack.pop("2000C", None)

    def claim(self, k: int) -> Claim:
        """Claim `k` of the transaction, read from the log (each call builds it anew).

        Asked in order, each claim costs its own segments; asking for an earlier claim than the
        last replays the transaction from its start.
        """
        if not 0 <= k < len(self._starts):
            raise IndexError(f"claim {k} of {len(self._starts)}")
        replay = self._replay
        if replay is None or replay.closed > k + 1:
            replay = self._replay = _Extractor(self.scan, self.transaction)
        loops, segs, loop_ids, base = self._loops, self._segs, self._loop_ids, self.base
        size = len(segs)
        while replay.closed <= k:
            at = replay.next
            if at >= size:
                replay.finish()
                break
            replay.next = at + 1
            seg = segs[at]
            if seg > _OTHER:
                replay.feed(base + at, loop_ids[loops[at]], _SEG_OF_CODE[seg])
        draft = replay.done
        if replay.closed != k + 1 or draft is None:
            raise RuntimeError(f"claim {k} of transaction {self.transaction} not replayed")
        return replay.build(draft)


def _line_number(scan: Scan, index: int, position: int) -> int:
    """LX01 of segment `index`, or the line's `position` in its claim when it is no number
    (or one of more than `LINE_NUMBER_DIGITS` digits)."""
    number = whole_number(_get(scan.elements(index), 1), LINE_NUMBER_DIGITS)
    return position if number is None else number


class _Extractor:
    """Reads the values of one transaction's claims from its segments, fed in file order.

    It keeps the current parties (billing provider, subscriber, patient, payer) and the open
    claim only: `done` is the draft of the last claim that closed, `closed` how many have, and
    `next` the builder's log position to feed next.
    """

    __slots__ = (
        "_billing",
        "_claim",
        "_codes",
        "_filing",
        "_line",
        "_patient",
        "_payer",
        "_subscriber",
        "_triples",
        "closed",
        "done",
        "next",
        "scan",
        "transaction",
    )

    def __init__(self, scan: Scan, transaction: str) -> None:
        self.scan = scan
        self.transaction = transaction
        self.next = 0
        self.closed = 0
        self.done: _ClaimDraft | None = None
        self._codes: dict[tuple[str, str, str | None], int] = {}
        self._triples: list[tuple[str, str, str | None]] = []
        self._billing = _Draft()
        self._subscriber = _Draft()
        self._patient: _Draft | None = None
        self._payer = _Draft()
        self._filing = _Draft()
        self._claim: _ClaimDraft | None = None
        self._line: _LineDraft | None = None

    def _loc(self, index: int, loop: str, seg_id: str, element: str | None) -> _Spec:
        key = (loop, seg_id, element)
        code = self._codes.get(key)
        if code is None:
            code = len(self._triples)
            if code >= _SPEC_CODES:
                raise ValueError(f"more than {_SPEC_CODES} distinct value locations")
            self._codes[key] = code
            self._triples.append(key)
        return index * _SPEC_CODES + code

    def _locs(self, specs: dict[str, _Spec]) -> Mapping[str, Loc]:
        return _LazyLocs(specs, self._resolve)

    def _resolve(self, spec: _Spec) -> Loc:
        index, code = divmod(spec, _SPEC_CODES)
        loop, seg, element = self._triples[code]
        s = self.scan
        return Loc(
            loop=loop,
            segment=seg,
            element=element,
            ordinal=index + 1,
            line=s.line_of(index),
            byte=s.byte_offset(index),
        )

    def feed(self, index: int, loop: str | None, seg_id: str) -> None:
        """Take segment `index`, matched to `loop` by the validator (None: not recognised)."""
        if seg_id in _READ:
            if loop is not None:
                self._read(index, loop, seg_id)
        elif seg_id == "HL":
            self._close_claim()
            if loop is not None:
                self._start_hl(loop)
        elif seg_id == "CLM" and loop == "2300":
            self._close_claim()
            self._start_claim(index)
        elif seg_id == "LX" and loop == "2400" and self._claim is not None:
            self._start_line(index)
        elif seg_id in _TRAILERS:
            self._close_claim()

    def finish(self) -> None:
        """The log is over: close the open claim (pyx12 stopped before the SE)."""
        self._close_claim()

    def _start_hl(self, loop: str) -> None:
        if loop == "2000A":
            self._billing = _Draft()
        elif loop == "2000B":
            self._subscriber = _Draft()
            self._payer = _Draft()
            self._filing = _Draft()
            self._patient = None
        elif loop == "2000C":
            self._patient = _Draft()

    def _start_claim(self, index: int) -> None:
        parts = self.scan.elements(index)
        claim_id = _get(parts, 1)
        context = _Context(
            billing=self._billing,
            subscriber=self._subscriber,
            patient=self._patient,
            payer=self._payer,
            filing=self._filing,
        )
        draft = _ClaimDraft(claim_id=claim_id, context=context)
        self._claim = draft
        self._line = None
        d = draft.claim
        d.locs["claim_id"] = self._loc(index, "2300", "CLM", "01")
        d.number(
            "total_charge", _get(parts, 2), AMOUNT_DIGITS, self._loc(index, "2300", "CLM", "02")
        )
        composite = _get(parts, 5).split(self.scan.delimiters.sub_element)
        d.put("place_of_service", _get(composite, 0), self._loc(index, "2300", "CLM", "05-1"))
        d.put("frequency", _get(composite, 2), self._loc(index, "2300", "CLM", "05-3"))

    def _start_line(self, index: int) -> None:
        assert self._claim is not None
        number = _line_number(self.scan, index, len(self._claim.lines) + 1)
        line = _LineDraft(number=number)
        self._claim.lines.append(line)
        self._line = line

    def _close_claim(self) -> None:
        if self._claim is not None:
            self.done = self._claim
            self.closed += 1
        self._claim = None
        self._line = None

    def _read(self, index: int, loop: str, seg_id: str) -> None:
        if seg_id not in _READ:
            return
        parts = self.scan.elements(index)
        if loop in ("2000A", "2010AA"):
            self._read_billing(index, loop, seg_id, parts)
        elif loop in ("2000B", "2010BA", "2010BB"):
            self._read_subscriber(index, loop, seg_id, parts)
        elif loop in ("2000C", "2010CA"):
            if self._patient is not None and seg_id == "DMG":
                self._read_dmg(self._patient, index, loop, parts)
        elif self._claim is not None:
            self._read_claim(index, loop, seg_id, parts)

    def _read_billing(self, index: int, loop: str, seg_id: str, parts: list[str]) -> None:
        d = self._billing
        if seg_id == "PRV":
            d.put("taxonomy", _get(parts, 3), self._loc(index, loop, "PRV", "03"))
        elif seg_id == "NM1" and _get(parts, 1) == "85":
            d.put("npi", _get(parts, 9), self._loc(index, loop, "NM1", "09"))
        elif seg_id == "REF" and _get(parts, 1) in ("EI", "SY"):
            d.put("tax_id", _get(parts, 2), self._loc(index, loop, "REF", "02"))

    def _read_subscriber(self, index: int, loop: str, seg_id: str, parts: list[str]) -> None:
        if seg_id == "SBR":
            self._filing.put(
                "filing_indicator", _get(parts, 9), self._loc(index, loop, "SBR", "09")
            )
        elif seg_id == "NM1" and loop == "2010BA":
            self._subscriber.put("member_id", _get(parts, 9), self._loc(index, loop, "NM1", "09"))
        elif seg_id == "NM1" and loop == "2010BB":
            self._payer.put("payer_id", _get(parts, 9), self._loc(index, loop, "NM1", "09"))
        elif seg_id == "DMG" and loop == "2010BA":
            self._read_dmg(self._subscriber, index, loop, parts)

    def _read_dmg(self, d: _Draft, index: int, loop: str, parts: list[str]) -> None:
        d.day("birth_date", _get(parts, 2), self._loc(index, loop, "DMG", "02"))
        d.put("gender", _get(parts, 3), self._loc(index, loop, "DMG", "03"))

    def _read_provider(
        self, index: int, loop: str, seg_id: str, parts: list[str], current: _Draft | None
    ) -> _Draft | None:
        if seg_id == "NM1":
            current = _Draft()
            current.put("npi", _get(parts, 9), self._loc(index, loop, "NM1", "09"))
        elif seg_id == "PRV" and current is not None:
            current.put("taxonomy", _get(parts, 3), self._loc(index, loop, "PRV", "03"))
        return current

    def _read_claim(self, index: int, loop: str, seg_id: str, parts: list[str]) -> None:
        claim = self._claim
        assert claim is not None
        if loop == "2300":
            if seg_id == "REF" and _get(parts, 1) == "G1":
                claim.claim.put(
                    "prior_authorization", _get(parts, 2), self._loc(index, loop, "REF", "02")
                )
            elif seg_id == "REF" and _get(parts, 1) == "F8":
                claim.claim.put(
                    "original_claim", _get(parts, 2), self._loc(index, loop, "REF", "02")
                )
            elif seg_id == "HI":
                self._read_hi(index, parts)
        elif loop == "2310B":
            claim.rendering = self._read_provider(index, loop, seg_id, parts, claim.rendering)
        elif loop == "2310D":
            claim.supervising = self._read_provider(index, loop, seg_id, parts, claim.supervising)
        elif self._line is not None:
            self._read_line(index, loop, seg_id, parts)

    def _read_hi(self, index: int, parts: list[str]) -> None:
        assert self._claim is not None
        sub = self.scan.delimiters.sub_element
        for position in range(1, len(parts)):
            composite = parts[position].split(sub)
            if len(composite) < 2 or not composite[1]:
                continue
            loc = self._loc(index, "2300", "HI", f"{position:02d}-2")
            self._claim.diagnoses.append((composite[0], composite[1], loc))

    def _read_line(self, index: int, loop: str, seg_id: str, parts: list[str]) -> None:
        line = self._line
        assert line is not None
        d = line.line
        if loop == "2400" and seg_id == "SV1":
            self._read_sv1(index, parts, d)
        elif loop == "2400" and seg_id == "DTP" and _get(parts, 1) == "472":
            loc = self._loc(index, loop, "DTP", "03")
            text = _get(parts, 3)
            if _get(parts, 2) == "RD8" and "-" in text:
                first, _, last = text.partition("-")
                d.day("service_date", first, loc)
                d.day("service_date_end", last, loc)
                start, end = d.values.get("service_date"), d.values.get("service_date_end")
                if start is not None and end is not None and end < start:
                    del d.values["service_date_end"], d.locs["service_date_end"]
                    d.refuse("service_date_end", "unreadable", "is before the first date", loc)
            else:
                d.day("service_date", text, loc)
        elif loop == "2400" and seg_id == "REF" and _get(parts, 1) == "G1":
            line.auths.append(_get(parts, 2))
            d.locs.setdefault("prior_authorizations", self._loc(index, loop, "REF", "02"))
        elif loop == "2420A":
            line.rendering = self._read_provider(index, loop, seg_id, parts, line.rendering)
        elif loop == "2420D":
            line.supervising = self._read_provider(index, loop, seg_id, parts, line.supervising)

    def _read_sv1(self, index: int, parts: list[str], d: _Draft) -> None:
        sub = self.scan.delimiters.sub_element
        composite = _get(parts, 1).split(sub)
        d.put("procedure", _get(composite, 1), self._loc(index, "2400", "SV1", "01-2"))
        modifiers = tuple(m for m in composite[2 : 2 + _MAX_MODIFIERS] if m)
        d.put("modifiers", modifiers, self._loc(index, "2400", "SV1", "01-3"))
        d.number("charge", _get(parts, 2), AMOUNT_DIGITS, self._loc(index, "2400", "SV1", "02"))
        d.put("unit_basis", _get(parts, 3), self._loc(index, "2400", "SV1", "03"))
        d.number("units", _get(parts, 4), UNIT_DIGITS, self._loc(index, "2400", "SV1", "04"))
        d.put("place_of_service", _get(parts, 5), self._loc(index, "2400", "SV1", "05"))
        pointers = tuple(
            n
            for n in (
                whole_number(p, LINE_NUMBER_DIGITS)
                for p in _get(parts, 7).split(sub)[:_MAX_POINTERS]
            )
            if n is not None
        )
        d.put("diagnosis_pointers", pointers, self._loc(index, "2400", "SV1", "07"))

    def build(self, draft: _ClaimDraft) -> Claim:
        """The claim model of `draft` (each call builds it anew).

        The whole tree is handed to pydantic as one nested mapping: validated in its core in one
        call, which is faster than building each part in Python (16 µs against 30 µs a claim).
        """
        c = draft.claim
        context = draft.context
        data: dict[str, Any] = {
            **c.values,
            "claim_id": draft.claim_id,
            "diagnoses": [
                {"qualifier": q, "code": code, "locs": self._locs({"code": spec})}
                for q, code, spec in draft.diagnoses
            ],
            "rendering": self._part(draft.rendering),
            "supervising": self._part(draft.supervising),
            "lines": [
                {
                    **ld.line.values,
                    "number": ld.number,
                    "prior_authorizations": tuple(ld.auths),
                    "rendering": self._part(ld.rendering),
                    "supervising": self._part(ld.supervising),
                    "locs": self._locs(ld.line.locs),
                }
                for ld in draft.lines
            ],
            "file": self.scan.source,
            "transaction": self.transaction,
            "subscriber": self._part(context.subscriber),
            "patient": self._part(context.patient),
            "billing": self._part(context.billing),
            "payer_id": context.payer.values.get("payer_id"),
            "filing_indicator": context.filing.values.get("filing_indicator"),
            "locs": self._locs({**c.locs, **context.payer.locs, **context.filing.locs}),
            "problems": self._problems(draft),
        }
        return Claim.model_validate(data)

    def _problems(self, draft: _ClaimDraft) -> tuple[ValueProblem, ...]:
        """The values of the claim, its member and its lines that were refused or negative."""
        context = draft.context
        found = [
            ValueProblem(name, code, reason, line, self._resolve(spec))
            for d, line in (
                (context.subscriber, None),
                (context.patient, None),
                (draft.claim, None),
                *((ld.line, ld.number) for ld in draft.lines),
            )
            if d is not None and d.problems
            for name, code, reason, spec in d.problems
        ]
        return tuple(found)

    def _part(self, d: _Draft | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {**d.values, "locs": self._locs(d.locs)}
