"""Input text in messages is escaped, cut short and, from PHI-bearing segments, withheld."""

from __future__ import annotations

from peerclaims.engine import shown
from peerclaims.engine.errors import DataError, UsageError


def test_control_characters_are_escaped() -> None:
    """ESC, BEL, CR, LF, tab, DEL and non-printable unicode come out as escapes, on one line."""
    text = "a\x1b]0;owned\x07b\r\nc\td\x7fe\u202ef\u200bg\U000e0001"
    assert shown.escape(text) == (
        "a\\x1b]0;owned\\x07b\\r\\nc\\td\\x7fe\\u202ef\\u200bg\\U000e0001"
    )


def test_printable_text_is_left_alone_and_escaping_twice_changes_nothing() -> None:
    """Letters, accents, punctuation and a backslash are kept; escape(escape(x)) == escape(x)."""
    text = "Name: Zoë O'Brien \\ 100% (NM103)"
    assert shown.escape(text) == text
    once = shown.escape("\x1b[2J")
    assert shown.escape(once) == once == "\\x1b[2J"


def test_a_long_value_is_cut_with_an_ellipsis() -> None:
    """An echoed value keeps at most 40 characters, the last an ellipsis; a short one is kept."""
    assert shown.value("X" * 500) == "X" * 39 + "…"
    assert shown.value("0001") == "0001"
    assert len(shown.value("\x1b" * 100)) == 40


def test_a_message_line_is_bounded() -> None:
    """A whole message is cut to LINE_CHARS and never holds a line break."""
    text = shown.line("bad\n" * 10_000)
    assert len(text) == shown.LINE_CHARS
    assert "\n" not in text and text.endswith("…")


def test_values_of_a_member_segment_are_withheld() -> None:
    """An NM1's name and id in a message become [withheld]; its qualifiers stay."""
    elements = ["NM1", "IL", "1", "WINTHORPE", "BLAIR", "", "", "", "MI", "CT21947836"]
    text = 'too long: len("WINTHORPE") for IL; id CT21947836'
    assert shown.withhold_segment(text, elements, [":"]) == (
        'too long: len("[withheld]") for IL; id [withheld]'
    )


def test_values_of_diagnosis_components_are_withheld() -> None:
    """A code inside an HI composite (ABK:F4312) is withheld as well as the whole element."""
    elements = ["HI", "ABK:F4312", "ABF:F1520"]
    text = "invalid code (F1520) in HI01 (ABK:F4312)"
    assert shown.withhold_segment(text, elements, [":", "^"]) == (
        "invalid code ([withheld]) in HI01 ([withheld])"
    )


def test_values_of_an_envelope_segment_are_escaped_and_cut() -> None:
    """SE02 is no PHI: echoed, but escaped and cut to 40 characters."""
    control = "00\x1b]0;owned\x07" + "9" * 60
    text = f"SE id={control} does not match ST id=0001"
    got = shown.withhold_segment(text, ["SE", "30", control], [":"])
    assert got == "SE id=00\\x1b]0;owned\\x07" + "9" * 21 + "… does not match ST id=0001"


def test_a_segment_whose_identifier_is_data_is_withheld() -> None:
    """A name where the segment id should be (segments run together) is never echoed."""
    elements = ["WINTHORPEN3", "2815 PARK ST"]
    text = 'Segment identifier "WINTHORPEN3" is invalid'
    assert shown.withhold_segment(text, elements, [":"]) == (
        'Segment identifier "[withheld]" is invalid'
    )


def test_a_segment_identifier_is_quoted_when_it_is_one_and_withheld_when_data() -> None:
    """'NM1' and 'SE' are named; a name or a number where the identifier should be is not."""
    assert shown.segment_id("NM1") == "'NM1'"
    assert shown.segment_name("SE") == "SE"
    assert shown.segment_id("WINTHORPE") == shown.WITHHELD
    assert shown.segment_name("19641012") == shown.WITHHELD
    assert shown.segment_name("N\x1b") == shown.WITHHELD


def test_every_error_message_is_one_escaped_line() -> None:
    """A PeerclaimsError built from input text holding controls is one line, escaped."""
    error = DataError("ref\x1b]0;owned\x07/members.yaml", "line 2\nbroken")
    assert str(error) == "ref\\x1b]0;owned\\x07/members.yaml: line 2\\nbroken"
    assert len(str(UsageError("x " * 10_000))) == shown.LINE_CHARS
    assert len(str(UsageError("x" * 10_000))) == shown.VALUE_CHARS  # one run: an echoed value


def test_a_very_long_value_in_a_line_is_cut_so_the_position_at_its_end_survives() -> None:
    """A control number of 4,400 digits quoted by pyx12 is cut to a value's length, so the line
    still ends with its position (the fuzz run found 23 lines that had lost it); a file path
    with no space stays whole."""
    said = shown.line(
        "f.837: ST02 and SE02 control numbers differ: SE id=0711 does not match ST id="
        + "9" * 4400
        + " line 3 (segment 3, byte 100)"
    )
    assert said.endswith("line 3 (segment 3, byte 100)")
    assert len(said) < 200
    huge = shown.line("837P transaction ST*837*" + "X" * 100_000 + ": bad, line 3 (segment 3)")
    assert huge.endswith("line 3 (segment 3)")
    path = "/tmp/" + "deep/" * 20 + "claims.837: line 1, byte 0: no ISA"
    assert shown.line(path) == path
