"""The scanner's segment table: each segment's text and the physical line it starts on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerclaims.engine.x12.scan import ReleasedSegmentError, scan

ISA = (
    "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       "
    "*260330*0930*^*00501*000000001*0*T*:~"
)
BREAKS = st.sampled_from(["", "\n", "\r\n", "\n\n", "\r\n\r\n\n", " \n\t"])
BODIES = st.one_of(
    st.text(alphabet="ABC123*: ", min_size=1, max_size=40),
    st.integers(min_value=250, max_value=70_000).map(lambda n: "NTE*" + "X" * n),
)


def _naive_line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@settings(max_examples=60, deadline=None)
@given(
    lead=st.sampled_from(["", "\n", "\r\n\n", "\ufeff", "\ufeff\n \n"]),
    segments=st.lists(st.tuples(BREAKS, BODIES), min_size=1, max_size=300),
)
def test_segments_and_lines_are_those_of_the_file(
    lead: str, segments: list[tuple[str, str]]
) -> None:
    """Every segment's text is exactly what lies between its terminators (white space around
    it dropped), and `line_of` is its physical line however many lines the file has."""
    bodies: list[str] = []
    parts = [lead, ISA]
    for gap, raw in segments:
        body = raw.strip() or "X"
        parts.append(gap)
        parts.append(body + "~")
        bodies.append(body)
    text = "".join(parts)
    s = scan(text.encode("utf-8"), "prop.837")
    assert [s.segment(i) for i in range(len(s))] == [ISA[:-1], *bodies]
    decoded = text.encode("utf-8").decode("latin-1")
    for index in range(len(s)):
        start = s.byte_offset(index)
        assert s.line_of(index) == _naive_line(decoded, start), index


def test_lengths_widen_for_long_segments() -> None:
    """One segment of 256 characters or more widens the lengths to two bytes; of 65,536 to four."""
    short = scan((ISA + "NTE*" + "X" * 200 + "~").encode(), "a.837")
    medium = scan((ISA + "NTE*" + "X" * 300 + "~").encode(), "b.837")
    long = scan((ISA + "NTE*" + "X" * 70_000 + "~").encode(), "c.837")
    assert [x.lengths.itemsize for x in (short, medium, long)] == [1, 2, 4]
    assert long.segment(1) == "NTE*" + "X" * 70_000


def _two_transactions(gap: str) -> str:
    st = "ST*837*{n}*005010X222A1~{g}BHT*0019*00*1*20260330*0930*CH~{g}SE*3*{n}~{g}"
    body = st.format(n="0001", g=gap) + st.format(n="0002", g=gap)
    return (
        ISA
        + gap
        + "GS*HC*S*R*20260330*0930*1*X*005010X222A1~"
        + gap
        + body
        + "GE*2*1~"
        + gap
        + "IEA*1*000000001~"
        + gap
    )


@settings(max_examples=20, deadline=None)
@given(gap=BREAKS)
def test_a_released_transaction_keeps_its_positions_not_its_text(gap: str) -> None:
    """`release` lets a transaction set's text go: its segments then refuse to be read, while
    every segment keeps its line and byte, and the envelopes around it stay readable."""
    text = _two_transactions(gap)
    s = scan(text.encode(), "two.837")
    first, second = s.interchanges[0].groups[0].transactions
    lines = [s.line_of(i) for i in range(len(s))]
    assert lines == [_naive_line(text, s.byte_offset(i)) for i in range(len(s))]
    s.release(first.segments)
    assert [s.line_of(i) for i in range(len(s))] == lines
    for index in first.segments:
        with pytest.raises(ReleasedSegmentError, match=f"segment {index + 1} of two.837"):
            s.segment(index)
    assert s.seg_id(first.st - 1) == "GS"
    assert [s.seg_id(i) for i in second.segments] == ["ST", "BHT", "SE"]
    assert s.seg_id(len(s) - 1) == "IEA"


def test_a_file_is_cut_at_its_transaction_sets() -> None:
    """The text is held in chunks that start at each ST and after each SE, so releasing one
    transaction set drops exactly its text."""
    s = scan(_two_transactions("\n").encode(), "two.837")
    first, second = s.interchanges[0].groups[0].transactions
    assert s._firsts == [0, first.st, second.st, second.segments.stop]
    s.release(second.segments)
    assert [c is None for c in s._chunks] == [False, False, True, False]


def test_a_break_after_every_segment_is_two_numbers_not_a_table() -> None:
    """One line break (or CR LF) after each segment keeps no per-segment table; a file with
    irregular breaks keeps one, and both name every segment's line."""
    regular = _two_transactions("\r\n")
    irregular = regular.replace("BHT", "\n\nBHT", 1)
    for text, table in ((regular, False), (irregular, True)):
        s = scan(text.encode(), "lines.837")
        assert (s._lines.breaks is not None) is table
        assert [s.line_of(i) for i in range(len(s))] == [
            _naive_line(text, s.byte_offset(i)) for i in range(len(s))
        ]
