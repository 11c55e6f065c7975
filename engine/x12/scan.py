"""The byte layer: turn a file's bytes into positioned segments and its ISA/GS/ST envelope tree.

Everything here happens before pyx12 sees a character. It refuses what is not single-byte X12
text (UTF-16, NUL bytes, no ISA, a malformed ISA) with an `InputError` naming the byte offset,
strips a UTF-8 byte order mark and leading white space, reads the delimiters from the fixed-width
ISA, splits the text into segments (keeping each one's byte offset, so physical lines can be
named later), and builds the envelope tree: interchanges (ISA/IEA) holding functional groups
(GS/GE) holding transaction sets (ST/SE). Envelope problems that do not stop reading
(a missing IEA, a count or control number that does not match, an empty segment ``~~``) are
returned as `EnvelopeIssue` values, never raised.
"""

from __future__ import annotations

import bisect
import zlib
from array import array
from dataclasses import dataclass, field
from itertools import accumulate

from peerclaims.engine import shown
from peerclaims.engine.errors import EncodingError, InputError, IsaError, NotX12Error

ISA_LENGTH = 106
"""The ISA segment is fixed width: 105 characters and its terminator."""

# Offsets of the 16 element separators in a fixed-width ISA (ISA01 starts at offset 4).
_ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
_ISA_SEPARATOR_OFFSETS: tuple[int, ...] = tuple(
    3 + sum(w + 1 for w in _ISA_WIDTHS[:i]) for i in range(len(_ISA_WIDTHS))
)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LEADING_WHITESPACE = b" \t\r\n\x0b\x0c"
_UTF16_PROBE = 212
"""Bytes looked at to tell UTF-16 text from binary: the first 106 characters (one ISA)."""


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The four delimiters an interchange declares in its ISA."""

    element: str
    sub_element: str
    segment: str
    repetition: str | None


@dataclass(frozen=True, slots=True)
class EnvelopeIssue:
    """A problem with the envelope or the segment stream; `segment` is a segment's index."""

    code: str
    message: str
    segment: int | None
    fix: str
    line: int | None = None
    """Physical line of the problem when it is not a segment's own (an empty segment)."""
    byte: int | None = None


@dataclass(slots=True)
class Transaction:
    """One ST/SE transaction set: its segments are the indexes `st` to `last` (SE if present)."""

    st: int
    se: int | None
    set_id: str
    control: str
    last: int = -1

    @property
    def segments(self) -> range:
        """Indexes of the transaction's segments, ST first."""
        return range(self.st, max(self.last, self.st) + 1)


@dataclass(slots=True)
class Group:
    """One GS/GE functional group."""

    gs: int
    ge: int | None
    functional_id: str
    version: str
    control: str
    transactions: list[Transaction] = field(default_factory=list)


@dataclass(slots=True)
class Interchange:
    """One ISA/IEA interchange."""

    isa: int
    iea: int | None
    control: str
    version: str
    groups: list[Group] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _LineTable:
    """The line breaks of a text among its segments: each segment's line without the text.

    Most files have no line break, or one (or CR LF) after every segment: then two numbers
    say it all. Otherwise each segment keeps the breaks since the previous one's first
    character (one byte a segment in most files) with running totals every `_LINE_STEP`.
    """

    first: int = 0
    """Line breaks up to and including segment 0's first character."""
    step: int = 0
    """Line breaks between consecutive segments, when the same for all (no `breaks`)."""
    breaks: array[int] | None = None
    marks: array[int] | None = None
    """Running totals of `breaks` at segments 0, `_LINE_STEP`, 2 * `_LINE_STEP`, ..."""

    def up_to(self, index: int) -> int:
        """Line breaks before segment `index`'s first character (and at it)."""
        if self.breaks is None or self.marks is None:
            return self.first + self.step * index
        mark = index // _LINE_STEP
        first = mark * _LINE_STEP
        return self.marks[mark] + sum(self.breaks[first + 1 : index + 1])


@dataclass(slots=True)
class Scan:
    """A scanned file: its segments with byte offsets and lines, delimiters and envelope tree.

    The text is held in chunks: one per transaction set (ST to its last segment) and one per
    stretch between them (envelopes). The transaction sets after the first wait compressed
    (zlib level 1: 18% of their size in the benchmark's synthetic file) until one of their
    segments is read. Once a transaction set has been read and its claims decided, `release`
    lets its chunk go. So a file of many transaction sets holds the text of about one at a
    time; its segments' positions (`line_of`, `byte_offset`) stay known.
    """

    source: str
    skipped: int
    """Bytes dropped before the ISA (byte order mark, leading white space)."""
    delimiters: Delimiters
    starts: array[int]
    """Offset in the file's text (after `skipped`) of each segment's first character."""
    lengths: array[int]
    """Length of each segment's text (without its terminator), in the narrowest array that
    holds the longest: one byte a segment in most files."""
    interchanges: list[Interchange]
    issues: list[EnvelopeIssue]
    leading_lines: int = 0
    """Line breaks dropped before the ISA, so physical lines stay those of the file."""
    _lines: _LineTable = field(default_factory=_LineTable)
    """Where the line breaks fall among the segments (`line_of` needs no text)."""
    _chunks: list[str | bytes | None] = field(default_factory=list)
    """The text, chunk by chunk: bytes while compressed, None once released."""
    _firsts: list[int] = field(default_factory=list)
    """The first segment of each chunk, ascending (chunk 0 starts at segment 0)."""
    _lo: int = 0
    _hi: int = 0
    _text: str = ""
    _base: int = 0
    """The chunk last used: its segments `_lo` to `_hi` - 1, its text and its offset."""

    def __len__(self) -> int:
        return len(self.starts)

    def _select(self, index: int) -> None:
        chunk = bisect.bisect_right(self._firsts, index) - 1
        if not 0 <= index < len(self.starts) or chunk < 0:
            raise IndexError(f"segment {index + 1} is not in {self.source}")
        text = self._chunks[chunk]
        if isinstance(text, bytes):
            text = self._chunks[chunk] = str(zlib.decompress(text), "latin-1")
        if text is None:
            raise ReleasedSegmentError(
                f"segment {index + 1} of {self.source} was read after its transaction set's "
                "text was released"
            )
        self._lo = self._firsts[chunk]
        self._hi = self._firsts[chunk + 1] if chunk + 1 < len(self._firsts) else len(self.starts)
        self._text = text
        self._base = self.starts[self._lo]

    def segment(self, index: int) -> str:
        """The text of segment `index`, without its terminator."""
        if not self._lo <= index < self._hi:
            self._select(index)
        start = self.starts[index] - self._base
        return self._text[start : start + self.lengths[index]]

    def seg_id(self, index: int) -> str:
        """The segment identifier (first element) of segment `index`."""
        if not self._lo <= index < self._hi:
            self._select(index)
        start = self.starts[index] - self._base
        end = start + self.lengths[index]
        cut = self._text.find(self.delimiters.element, start, end)
        return self._text[start : end if cut < 0 else cut]

    def elements(self, index: int) -> list[str]:
        """The elements of segment `index`, the identifier at position 0."""
        return self.segment(index).split(self.delimiters.element)

    def chunk_of(self, index: int) -> tuple[str, int, int]:
        """The chunk holding segment `index`: its text, that text's offset in the file's text,
        and the segment after its last."""
        if not self._lo <= index < self._hi:
            self._select(index)
        return self._text, self._base, self._hi

    def byte_offset(self, index: int) -> int:
        """Byte offset in the original file of segment `index`."""
        return self.skipped + self.starts[index]

    def line_of(self, index: int) -> int:
        """Physical line (1-based) of the original file on which segment `index` starts."""
        if not 0 <= index < len(self.starts):
            raise IndexError(f"segment {index + 1} is not in {self.source}")
        return self.leading_lines + self._lines.up_to(index) + 1

    def describe(self, index: int) -> str:
        """'line L (segment N, byte B)' for a segment, as error messages name positions."""
        return f"line {self.line_of(index)} (segment {index + 1}, byte {self.byte_offset(index)})"

    def text_size(self, segments: range) -> int:
        """Characters of text from the first of `segments` to the end of the last."""
        if not segments:
            return 0
        last = segments[-1]
        return self.starts[last] + self.lengths[last] - self.starts[segments.start]

    def release(self, segments: range) -> None:
        """Let go of the text of every chunk wholly inside `segments` (a transaction set's).

        Reading one of its segments afterwards raises `ReleasedSegmentError`; positions stay.
        """
        firsts = self._firsts
        chunk = bisect.bisect_left(firsts, segments.start)
        while chunk < len(firsts) and firsts[chunk] < segments.stop:
            end = firsts[chunk + 1] if chunk + 1 < len(firsts) else len(self.starts)
            if end <= segments.stop:
                self._chunks[chunk] = None
            chunk += 1
        self._lo = self._hi = 0
        self._text = ""

    def _cut(self, data: bytes) -> None:
        """Split the one chunk of the whole text into its transaction sets and what lies between.

        The chunks are decoded again from `data`, the bytes the text was decoded from (Latin-1:
        one character a byte), once the whole text is let go: the text and its chunks are never
        held at once. Every transaction set after the first of at least `_SQUEEZE_AT`
        characters is kept compressed until it is read.
        """
        assert len(self._chunks) == 1
        bounds = {0}
        sets: list[int] = []
        for isa in self.interchanges:
            for gs in isa.groups:
                for st in gs.transactions:
                    bounds.add(st.segments.start)
                    bounds.add(st.segments.stop)
                    sets.append(st.segments.start)
        waiting = set(sets[1:])
        firsts = sorted(b for b in bounds if b < len(self.starts))
        if len(firsts) == 1:
            return
        offsets = [self.starts[f] for f in firsts] + [len(data)]
        self._chunks = []
        self._lo = self._hi = 0
        self._text = ""
        view = memoryview(data)
        chunks: list[str | bytes | None] = []
        for k, first in enumerate(firsts):
            piece = view[offsets[k] : offsets[k + 1]]
            if first in waiting and len(piece) >= _SQUEEZE_AT:
                chunks.append(zlib.compress(piece, 1))
            else:
                chunks.append(str(piece, "latin-1"))
        self._chunks = chunks
        self._firsts = firsts


class ReleasedSegmentError(RuntimeError):
    """A segment was read after `Scan.release` let its text go (a peerclaims defect)."""


def _check_encoding(data: bytes, source: str) -> None:
    for bom in _UTF16_BOMS:
        if data.startswith(bom):
            raise EncodingError(
                source,
                0,
                "UTF-16 text (byte order mark at byte 0); X12 must be single-byte ASCII: "
                "re-save the file as ASCII",
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_utf16(data):
            raise EncodingError(
                source, nul, "UTF-16 text without a byte order mark; re-save the file as ASCII"
            )
        raise EncodingError(source, nul, "NUL byte: binary data, not X12 text")


def _looks_utf16(data: bytes) -> bool:
    """True when the start reads as ASCII text in UTF-16: NUL in every other byte, text between."""
    head = data[:_UTF16_PROBE]
    if len(head) < 8:
        return False
    for zeros, chars in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) == len(zeros) and all(32 <= c < 127 or c in (9, 10, 13) for c in chars):
            return True
    return False


_SHOWN_START = 3
"""Characters of a file's start a refusal echoes: a segment identifier's length, no data."""


def _read_isa(text: str, source: str, skipped: int) -> Delimiters:
    if not text.startswith("ISA"):
        start = shown.escape(text[:_SHOWN_START])  # more may be a member's name
        raise NotX12Error(
            source,
            skipped,
            f"no ISA interchange header: the file starts with '{start}' "
            "(an X12 file starts with 'ISA')",
        )
    if len(text) < ISA_LENGTH:
        raise IsaError(
            source,
            skipped + len(text),
            f"truncated ISA: the file ends after {len(text)} characters, "
            f"inside the {ISA_LENGTH}-character ISA header",
        )
    sep = text[3]
    if sep.isalnum() or sep in " \r\n":
        raise IsaError(source, skipped + 3, f"ISA element separator {sep!r} is not a delimiter")
    for number, offset in enumerate(_ISA_SEPARATOR_OFFSETS, start=1):
        if text[offset] != sep:
            width = _ISA_WIDTHS[number - 2] if number > 1 else 0
            previous = f"ISA{number - 1:02d}"
            found = text[: ISA_LENGTH + 20].split(sep)
            actual = len(found[number - 1]) if number - 1 < len(found) else 0
            raise IsaError(
                source,
                skipped + offset,
                f"malformed ISA: {previous} is {actual} characters where the fixed-width ISA "
                f"requires {width} (expected the element separator {sep!r} at ISA character "
                f"{offset + 1})",
            )
    terminator = text[ISA_LENGTH - 1]
    sub_element = text[ISA_LENGTH - 2]
    if terminator in (sep, sub_element) or terminator.isalnum() or terminator == " ":
        raise IsaError(
            source,
            skipped + ISA_LENGTH - 1,
            f"malformed ISA: character 106 {terminator!r} cannot be the segment terminator",
        )
    version = text[84:89]
    repetition = text[82] if version >= "00501" else None
    return Delimiters(
        element=sep, sub_element=sub_element, segment=terminator, repetition=repetition
    )


def _offsets(text: str) -> array[int]:
    """An empty array for offsets into `text`: 4 bytes an offset when they fit, else 8."""
    return array("I" if len(text) < 1 << 32 else "q")


def _narrowest(values: array[int]) -> array[int]:
    """`values` (not negative) in the narrowest unsigned array that holds them."""
    top = max(values, default=0)
    for code in "BHI":
        if top < 1 << (8 * array(code).itemsize):
            return values if code == values.typecode else array(code, values)
    return values


def _split(text: str, terminator: str) -> tuple[array[int], array[int], list[int], bool]:
    """Split into segments: their start offsets and lengths, empty-segment offsets, terminated.

    One piece at a time (`find`), not `str.split`: a list of every segment's text was the
    largest allocation of a whole read (about 3 times the file's size, at once). The lengths
    come back in the narrowest array that holds them.
    """
    starts = _offsets(text)
    lengths = _offsets(text)
    empties: list[int] = []
    find = text.find
    pos = 0
    while True:
        cut = find(terminator, pos)
        piece = text[pos:] if cut < 0 else text[pos:cut]
        stripped = piece.lstrip("\r\n \t")
        start = pos + len(piece) - len(stripped)
        pos += len(piece) + 1
        body = stripped.rstrip("\r\n")
        if cut < 0:
            if body.strip():
                starts.append(start)
                lengths.append(len(body))
                return starts, _narrowest(lengths), empties, False
            return starts, _narrowest(lengths), empties, True
        if not body:
            empties.append(start)
            continue
        starts.append(start)
        lengths.append(len(body))


def scan(data: bytes, source: str) -> Scan:
    """Check and split a file's bytes; raise `InputError` when it cannot be X12 at all.

    The error names the line as well as the byte of the problem.
    """
    try:
        return _scan(data, source)
    except InputError as exc:
        if exc.line is not None:
            raise
        line = data.count(b"\n", 0, exc.offset) + 1
        raise type(exc)(exc.source, exc.offset, exc.problem, line) from None


def _scan(data: bytes, source: str) -> Scan:
    if not data:
        raise NotX12Error(source, 0, "empty file")
    _check_encoding(data, source)
    skipped = 0
    if data.startswith(_UTF8_BOM):
        skipped = len(_UTF8_BOM)
    body = data[skipped:]
    stripped = body.lstrip(_LEADING_WHITESPACE)
    skipped += len(body) - len(stripped)
    if not stripped:
        raise NotX12Error(source, skipped, "the file holds only white space")
    text = stripped.decode("latin-1")
    delimiters = _read_isa(text, source, skipped)
    starts, lengths, empties, terminated = _split(text, delimiters.segment)
    result = Scan(
        source=source,
        skipped=skipped,
        delimiters=delimiters,
        starts=starts,
        lengths=lengths,
        interchanges=[],
        issues=[],
        leading_lines=data[:skipped].count(b"\n"),
        _lines=_line_table(text, starts),
        _chunks=[text],
        _firsts=[0],
    )
    for empty in empties:
        following = bisect.bisect_left(starts, empty)
        anchor = min(following, len(starts) - 1)
        line = result.leading_lines + _line_at(text, empty)
        result.issues.append(
            EnvelopeIssue(
                code="empty-segment",
                message=f"empty segment (two terminators {delimiters.segment!r} in a row) "
                f"at line {line}, byte {skipped + empty}",
                segment=anchor,
                fix="remove the extra segment terminator",
                line=line,
                byte=skipped + empty,
            )
        )
    if not terminated:
        last = len(starts) - 1
        result.issues.append(
            EnvelopeIssue(
                code="unterminated",
                message=f"the last segment {shown.segment_id(result.seg_id(last))} has no "
                f"segment terminator {delimiters.segment!r} at {result.describe(last)}",
                segment=last,
                fix=f"end the file with the segment terminator {delimiters.segment!r}",
            )
        )
    _build_envelopes(result)
    del text  # the scan holds the only reference left, which `_cut` lets go
    result._cut(stripped)
    return result


_SQUEEZE_AT = 1 << 16
"""Characters from which a waiting transaction set's text is kept compressed (smaller ones
cost more in zlib's own overhead and time than they save)."""

_LINE_STEP = 64
"""`Scan.line_of` keeps a running total of line breaks at one segment in this many."""


def _line_table(text: str, starts: array[int]) -> _LineTable:
    """The `_LineTable` of `text` split at `starts`."""
    if "\n" not in text:
        return _LineTable()
    count = text.count
    breaks = _offsets(text)
    previous = 0
    for start in starts:
        breaks.append(count("\n", previous, start + 1))
        previous = start + 1
    step = breaks[1] if len(breaks) > 1 else 0
    if breaks[1:].count(step) == len(breaks) - 1:
        return _LineTable(first=breaks[0], step=step)
    marks = array(breaks.typecode, accumulate(breaks))[::_LINE_STEP]
    return _LineTable(breaks=_narrowest(breaks), marks=marks)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _issue(scan_: Scan, code: str, index: int | None, message: str, fix: str) -> None:
    """Record an envelope issue; values of segment `index` in `message` withheld or cut short."""
    where = ""
    if index is not None:
        d = scan_.delimiters
        separators = [d.sub_element] + ([d.repetition] if d.repetition else [])
        message = shown.withhold_segment(message, scan_.elements(index), separators)
        where = f" at {scan_.describe(index)}"
    scan_.issues.append(EnvelopeIssue(code=code, message=message + where, segment=index, fix=fix))


def _element(parts: list[str], n: int) -> str:
    return parts[n].strip() if n < len(parts) else ""


def _build_envelopes(s: Scan) -> None:
    """Walk the segments once and build interchanges, groups and transactions."""
    builder = _EnvelopeBuilder(s)
    handlers = {
        "ISA": builder.isa_,
        "GS": builder.gs_,
        "ST": builder.st_,
        "SE": builder.se_,
        "GE": builder.ge_,
        "IEA": builder.iea_,
    }
    for index in range(len(s)):
        handler = handlers.get(s.seg_id(index), builder.other)
        handler(index)
    builder.finish()


class _EnvelopeBuilder:
    """The state of the envelope walk: the open interchange, group and transaction."""

    def __init__(self, s: Scan) -> None:
        self.s = s
        self.isa: Interchange | None = None
        self.gs: Group | None = None
        self.st: Transaction | None = None

    def _close_group(self, where: str = "") -> None:
        if self.gs is not None:
            _issue(
                self.s,
                "missing-ge",
                self.gs.gs,
                f"functional group has no GE trailer{where}",
                "add the GE trailer",
            )
            self.gs = None

    def isa_(self, index: int) -> None:
        self.st = None
        self._close_group()
        if self.isa is not None:
            _issue(
                self.s,
                "missing-iea",
                self.isa.isa,
                "interchange has no IEA trailer",
                "add the IEA trailer",
            )
        parts = self.s.elements(index)
        self.isa = Interchange(
            isa=index, iea=None, control=_element(parts, 13), version=_element(parts, 12)
        )
        self.s.interchanges.append(self.isa)

    def gs_(self, index: int) -> None:
        self.st = None
        self._close_group()
        if self.isa is None:
            _issue(
                self.s, "orphan-gs", index, "GS outside an interchange", "put the GS after an ISA"
            )
            return
        parts = self.s.elements(index)
        self.gs = Group(
            gs=index,
            ge=None,
            functional_id=_element(parts, 1),
            version=_element(parts, 8),
            control=_element(parts, 6),
        )
        self.isa.groups.append(self.gs)

    def st_(self, index: int) -> None:
        self.st = None
        if self.gs is None:
            _issue(
                self.s,
                "orphan-st",
                index,
                "ST outside a functional group",
                "put the transaction inside a GS/GE group",
            )
            return
        parts = self.s.elements(index)
        self.st = Transaction(
            st=index, se=None, set_id=_element(parts, 1), control=_element(parts, 2), last=index
        )
        self.gs.transactions.append(self.st)

    def se_(self, index: int) -> None:
        if self.st is None:
            _issue(self.s, "orphan-se", index, "SE without an ST", "remove the SE or add its ST")
            return
        self.st.se = index
        self.st.last = index
        self.st = None

    def ge_(self, index: int) -> None:
        self.st = None
        if self.gs is None:
            _issue(self.s, "orphan-ge", index, "GE without a GS", "remove the GE or add its GS")
            return
        self.gs.ge = index
        _check_ge(self.s, self.gs, index)
        self.gs = None

    def iea_(self, index: int) -> None:
        self.st = None
        self._close_group()
        if self.isa is None:
            _issue(self.s, "orphan-iea", index, "IEA without an ISA", "remove the IEA")
            return
        self.isa.iea = index
        _check_iea(self.s, self.isa, index)
        self.isa = None

    def other(self, index: int) -> None:
        if self.st is not None:
            self.st.last = index
            return
        _issue(
            self.s,
            "outside-transaction",
            index,
            f"segment {shown.segment_id(self.s.seg_id(index))} outside any ST/SE transaction set",
            "move the segment inside its transaction or remove it",
        )

    def finish(self) -> None:
        self._close_group(" before the end of the file")
        if self.isa is not None:
            last = self.s.seg_id(len(self.s) - 1)
            _issue(
                self.s,
                "missing-iea",
                self.isa.isa,
                f"interchange has no IEA trailer before the end of the file (last segment: "
                f"{shown.segment_id(last)})",
                "add the IEA trailer",
            )


_TRAILER_ELEMENTS = 2
"""GE and IEA each define two elements (a count and a control number)."""


def _check_elements(s: Scan, index: int, parts: list[str]) -> None:
    """A GE or IEA with more elements than its two: pyx12 never sees the real trailers (it is
    given synthetic ones), so they are counted here, as pyx12 counts ISA, GS, ST and SE's."""
    extra = len(parts) - 1 - _TRAILER_ELEMENTS
    if extra > 0:
        seg = parts[0]
        _issue(
            s,
            f"{seg.lower()}-elements",
            index,
            f"{seg} has {len(parts) - 1} elements; it defines {_TRAILER_ELEMENTS} "
            f"({seg}01 and {seg}02)",
            f"remove the {extra} element{'s' if extra > 1 else ''} after {seg}02",
        )


def _check_ge(s: Scan, gs: Group, index: int) -> None:
    parts = s.elements(index)
    _check_elements(s, index, parts)
    count, control = _element(parts, 1), _element(parts, 2)
    if count != str(len(gs.transactions)):
        _issue(
            s,
            "ge-count",
            index,
            f"GE01 says {count!r} transaction sets but the group holds {len(gs.transactions)}",
            f"set GE01 to {len(gs.transactions)}",
        )
    if control != gs.control:
        _issue(
            s,
            "ge-control",
            index,
            f"GE02 {control!r} does not match GS06 {gs.control!r}",
            f"set GE02 to {gs.control!r}",
        )


def _check_iea(s: Scan, isa: Interchange, index: int) -> None:
    parts = s.elements(index)
    _check_elements(s, index, parts)
    count, control = _element(parts, 1), _element(parts, 2)
    if count.lstrip("0") != str(len(isa.groups)).lstrip("0"):
        _issue(
            s,
            "iea-count",
            index,
            f"IEA01 says {count!r} functional groups but the interchange holds {len(isa.groups)}",
            f"set IEA01 to {len(isa.groups)}",
        )
    if control != isa.control:
        _issue(
            s,
            "iea-control",
            index,
            f"IEA02 {control!r} does not match ISA13 {isa.control!r}",
            f"set IEA02 to {isa.control!r}",
        )
