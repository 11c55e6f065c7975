"""The 999 implementation acknowledgment written by `render_999`, on real X12 files."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerclaims.engine.x12.ack999 import (
    ACK_VERSION,
    bad_value,
    ik304_code,
    loop_id,
    render_999,
)
from peerclaims.engine.x12.reader import (
    FileReading,
    SegmentIssue,
    read_bytes,
    validate_document,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "x12"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"X12 corpus not found at {CORPUS} (shared/corpus/x12 next to repo)"
)

CLEAN = "badx12/X222-ambulance.edi"
SEGMENT_ERRORS = "imsweb-x12-parser/x12_segment_errors.txt"
MULTIPLE_GS = "imsweb-x12-parser/x12_multiple_gs.txt"
MULTIPLE_ISA = "imsweb-x12-parser/x12_multiple_isa.txt"
REFUSED = "linuxforhealth-x12/demo.837"
MIXED = "pyx12/mult_isa.txt"
OTHER_SEPARATORS = "imsweb-x12-parser/x12_valid_different_separators.txt"


def read(rel: str) -> FileReading:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"corpus file {rel} not found under {CORPUS}")
    return read_bytes(path.read_bytes(), rel)


def segments(text: str) -> list[list[str]]:
    """The 999 split into segments and elements (it always uses '*' and '~' + newline)."""
    assert text.endswith("~\n")
    return [line.split("*") for line in text[:-2].split("~\n")]


def only(text: str, seg_id: str) -> list[list[str]]:
    return [seg for seg in segments(text) if seg[0] == seg_id]


def render_valid(readings: list[FileReading]) -> str:
    """Render, then check pyx12's 999 map and our own envelope counts accept the result."""
    text = render_999(readings)
    check = validate_document(text)
    assert check.valid, "pyx12 rejects the 999:\n" + "\n".join(check.errors) + "\n" + text
    assert_counts(text)
    return text


def assert_counts(text: str) -> None:
    """SE01 counts ST..SE, GE01 the STs and IEA01 the GSs; trailers repeat their controls."""
    st_start = gs_count = st_count = 0
    isa_control = gs_control = st_control = ""
    for index, seg in enumerate(segments(text)):
        if seg[0] == "ISA":
            isa_control, gs_count = seg[13], 0
        elif seg[0] == "GS":
            gs_control, gs_count, st_count = seg[6], gs_count + 1, 0
        elif seg[0] == "ST":
            st_start, st_control, st_count = index, seg[2], st_count + 1
        elif seg[0] == "SE":
            assert seg[1:] == [str(index - st_start + 1), st_control], seg
        elif seg[0] == "GE":
            assert seg[1:] == [str(st_count), gs_control], seg
        elif seg[0] == "IEA":
            assert seg[1:] == [str(gs_count), isa_control], seg


def spliced(rejected: str, accepted: str) -> FileReading:
    """One group holding the rejected transaction of one real file, then the accepted of another."""
    parts = {}
    for rel in (rejected, accepted):
        path = CORPUS / rel
        if not path.is_file():
            pytest.skip(f"corpus file {rel} not found under {CORPUS}")
        segs = [s.strip() for s in path.read_text(encoding="latin-1").split("~") if s.strip()]
        st = next(i for i, s in enumerate(segs) if s.startswith("ST*"))
        se = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
        parts[rel] = (segs[:2], segs[st : se + 1])
    envelope, first = parts[rejected]
    second = parts[accepted][1]
    isa_control = envelope[0].split("*")[13]
    gs_control = envelope[1].split("*")[6]
    body = [*envelope, *first, *second, f"GE*2*{gs_control}", f"IEA*1*{isa_control}"]
    return read_bytes(("~\n".join(body) + "~\n").encode("latin-1"), "spliced")


def clean_files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "badx12").glob("X222-*.edi"))


@pytest.mark.parametrize("rel", clean_files())
def test_x222_examples_ack_what_the_reading_says(rel: str) -> None:
    """Each guide example gets a valid 999 whose IK5 and AK9 follow its transaction's verdict."""
    reading = read(rel)
    text = render_valid([reading])
    [report] = reading.transactions
    ik5 = only(text, "IK5")
    assert len(ik5) == 1
    if report.accepted:
        assert ik5 == [["IK5", "A"]]
        assert only(text, "AK9") == [["AK9", "A", "1", "1", "1"]]
        assert not only(text, "IK3")
    else:
        assert ik5[0][:2] == ["IK5", "R"]
        assert only(text, "AK9") == [["AK9", "R", "1", "1", "0"]]
        assert len(only(text, "IK3")) == len(report.segments) > 0


def test_clean_file_is_accepted_with_swapped_envelope() -> None:
    """A clean 837P is accepted, and the 999's envelope swaps the input's parties and keeps its
    dates."""
    reading = read(CLEAN)
    text = render_valid([reading])
    isa = only(text, "ISA")[0]
    source = reading.scan.elements(reading.scan.interchanges[0].isa)
    assert isa[5:9] == [source[7], source[8], source[5], source[6]]
    assert isa[9:11] == source[9:11]
    assert isa[11:] == ["^", "00501", "000000001", "0", source[15], ":"]
    gs = only(text, "GS")[0]
    group = reading.scan.elements(reading.scan.interchanges[0].groups[0].gs)
    assert gs == ["GS", "FA", group[3], group[2], group[4], group[5], "1", "X", ACK_VERSION]
    assert only(text, "ST") == [["ST", "999", "0001", ACK_VERSION]]
    assert only(text, "AK1") == [["AK1", "HC", group[6], "005010X222A1"]]
    st = reading.transactions[0].transaction
    assert only(text, "AK2") == [["AK2", "837", st.control, "005010X222A1"]]
    assert only(text, "IK5") == [["IK5", "A"]]
    assert only(text, "AK9") == [["AK9", "A", "1", "1", "1"]]


def test_segment_errors_name_segment_position_and_loop() -> None:
    """x12_segment_errors is rejected with one IK3 per bad segment (N3, REF, HI) in its loop."""
    reading = read(SEGMENT_ERRORS)
    [report] = reading.transactions
    assert [(s.seg_id, s.loop) for s in report.segments] == [
        ("N3", "2010AA"),
        ("REF", "2010AA"),
        ("HI", "2300"),
    ]
    text = render_valid([reading])
    # IK303 is data element 447 (AN 1-4): the X12 loop 2010 of the guide's loop 2010AA.
    assert only(text, "IK3") == [
        ["IK3", "N3", "8", "2010", "3"],
        ["IK3", "REF", "10", "2010", "5"],
        ["IK3", "HI", "20", "2300", "3"],
    ]
    assert only(text, "IK5") == [["IK5", "R", "4", "5"]]
    assert only(text, "AK9") == [["AK9", "R", "1", "1", "0"]]


def test_element_errors_become_ik4_under_their_segment() -> None:
    """Element errors follow their IK3 as IK4 (position:component, reference, code, bad value)."""
    reading = read(MULTIPLE_GS)
    text = render_valid([reading])
    segs = segments(text)
    hi = segs.index(["IK3", "HI", "21", "2300", "8"])
    assert segs[hi + 1 : hi + 4] == [
        ["IK4", "1:2", "1271", "1"],
        ["IK4", "2:1", "1270", "5", "8901"],
        ["IK4", "2:1", "1270", "7", "8901"],
    ]
    # pyx12's own HL numbering codes (HL1, HL2) are not 999 codes: the HL is reported as 8.
    assert ["IK3", "HL", "25", "2000", "8"] in segs
    assert ["IK3", "LX", "31", "2400", "8"] in segs
    ik4_count = sum(len(i.elements) for r in reading.transactions for i in r.segments)
    assert len(only(text, "IK4")) == ik4_count


def test_each_input_group_gets_its_own_st_999() -> None:
    """Three input groups give three GS/ST 999 pairs, numbered 1-3, in one interchange."""
    reading = read(MULTIPLE_GS)
    text = render_valid([reading])
    assert len(only(text, "ISA")) == 1
    assert [g[6] for g in only(text, "GS")] == ["1", "2", "3"]
    assert [s[2] for s in only(text, "ST")] == ["0001", "0002", "0003"]
    assert only(text, "IEA") == [["IEA", "3", "000000001"]]
    assert only(text, "AK9") == [["AK9", "R", "1", "1", "0"]] * 3


def test_each_input_interchange_gets_its_own_999_interchange() -> None:
    """Two input interchanges give two 999 interchanges with ISA13 1 and 2."""
    reading = read(MULTIPLE_ISA)
    text = render_valid([reading])
    assert [isa[13] for isa in only(text, "ISA")] == ["000000001", "000000002"]
    assert only(text, "IEA") == [["IEA", "1", "000000001"], ["IEA", "1", "000000002"]]


def test_refused_transaction_is_not_supported() -> None:
    """An 837 labelled 005010X222A2, which peerclaims refuses, gets IK5*R*1 and no IK3."""
    reading = read(REFUSED)
    [report] = reading.transactions
    assert report.refused is not None
    text = render_valid([reading])
    assert only(text, "AK2") == [["AK2", "837", "0021", "005010X222A2"]]
    assert only(text, "IK5") == [["IK5", "R", "1"]]
    assert not only(text, "IK3")
    assert only(text, "AK9") == [["AK9", "R", "1", "1", "0"]]


def test_mixed_file_of_other_transactions() -> None:
    """pyx12's mult_isa.txt (278, 837 and 835 groups, 4010) is acked group by group, all refused."""
    reading = read(MIXED)
    text = render_valid([reading])
    groups = [g for isa in reading.scan.interchanges for g in isa.groups]
    assert len(only(text, "ISA")) == len(reading.scan.interchanges) == 2
    assert [a[1:] for a in only(text, "AK1")] == [
        [g.functional_id, g.control, g.version] for g in groups
    ]
    assert [a[1:] for a in only(text, "AK9")] == [
        ["R", str(len(g.transactions)), str(len(g.transactions)), "0"] for g in groups
    ]
    assert only(text, "IK5") == [["IK5", "R", "1"]] * len(reading.transactions)
    assert [a[1] for a in only(text, "AK2")] == [r.transaction.set_id for r in reading.transactions]


def test_partly_accepted_group_is_p() -> None:
    """A group holding a rejected and an accepted transaction gets AK9*P*2*2*1."""
    reading = spliced(SEGMENT_ERRORS, CLEAN)
    assert [r.accepted for r in reading.transactions] == [False, True]
    text = render_valid([reading])
    assert [i[1] for i in only(text, "IK5")] == ["R", "A"]
    assert only(text, "AK9") == [["AK9", "P", "2", "2", "1"]]


def test_render_is_deterministic() -> None:
    """The same files read twice render to byte-identical 999s."""
    rels = [CLEAN, SEGMENT_ERRORS, MULTIPLE_GS, MULTIPLE_ISA, REFUSED, MIXED]
    first = render_999([read(rel) for rel in rels])
    second = render_999([read(rel) for rel in rels])
    assert first == second
    assert first.encode("ascii") == second.encode("ascii")


def test_several_files_number_interchanges_in_sequence() -> None:
    """Rendering several files numbers ISA13, GS06 and ST02 across them from 1."""
    text = render_valid([read(CLEAN), read(MULTIPLE_ISA), read(REFUSED)])
    assert [isa[13] for isa in only(text, "ISA")] == [f"{n:09d}" for n in range(1, 5)]
    assert [g[6] for g in only(text, "GS")] == ["1", "2", "3", "4"]
    assert [s[2] for s in only(text, "ST")] == ["0001", "0002", "0003", "0004"]


def test_output_uses_its_own_delimiters() -> None:
    """A file written with '~' elements and '_' terminators is acked with '*', ':', '^' and '~'."""
    reading = read(OTHER_SEPARATORS)
    assert reading.scan.delimiters.element != "*"
    text = render_valid([reading])
    isa = text.splitlines()[0]
    assert len(isa) == 106
    assert isa[3] == "*"
    assert isa[-3:] == "*:~"
    assert isa.split("*")[11] == "^"
    assert all(line.endswith("~") for line in text.splitlines())


def test_acknowledgments_are_not_acknowledged() -> None:
    """A 999 read back in (GS01 FA) gives no 999 of its own."""
    text = render_valid([read(CLEAN)])
    reading = read_bytes(text.encode("ascii"), "ack.999")
    assert [g.functional_id for i in reading.scan.interchanges for g in i.groups] == ["FA"]
    assert render_999([reading]) == ""


def test_no_readings_render_nothing() -> None:
    """An empty list of readings renders an empty string."""
    assert render_999([]) == ""


def test_bad_value_copy_drops_delimiters_and_is_at_most_99() -> None:
    """IK404 keeps no delimiter or control character and at most 99 characters."""
    assert bad_value("A*B:C^D~E\r\nF") == "ABCDEF"
    assert bad_value("X" * 150) == "X" * 99
    assert bad_value(None) == ""


def test_ik304_maps_pyx12_codes() -> None:
    """IK304 is the first 999 segment code, and 8 for pyx12's own HL1/HL2/LX/SEG1 codes."""

    def issue(*codes: str) -> SegmentIssue:
        return SegmentIssue(seg_id="HL", position=3, loop="2000B", codes=codes, elements=())

    assert ik304_code(issue("3")) == "3"
    assert ik304_code(issue("HL1", "HL2")) == "8"
    assert ik304_code(issue("SEG1", "5")) == "5"
    assert ik304_code(issue("I4")) == "I4"
    assert ik304_code(issue()) == "8"


def test_loop_id_is_the_x12_loop() -> None:
    """IK303 is the four-character X12 loop id, empty outside a numbered loop."""
    assert loop_id("2010AA") == "2010"
    assert loop_id("2300") == "2300"
    assert loop_id("1000A") == "1000"
    assert loop_id("HEADER") == ""
    assert loop_id(None) == ""
