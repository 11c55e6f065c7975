"""The scanner's segment table: each segment's text and the physical line it starts on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peerclaims.engine.x12.scan import scan

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
