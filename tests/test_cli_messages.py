"""What `peerclaims check` writes on stderr about hostile input: one escaped line per problem.

The CLI runs in a subprocess, as users run it; stderr is read as bytes, so a raw control
character or a line break inside a message shows as what it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

ONE_CLAIM = FIXTURES / "clean" / "one-claim.837"
_RAW_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")
_POSITION = re.compile(r"line \d+(,| \(segment \d+,) byte \d+")


def _stderr_lines(stderr: bytes) -> list[str]:
    assert stderr.endswith(b"\n") or not stderr
    assert not _RAW_CONTROL.search(stderr), stderr
    return stderr.decode("utf-8").splitlines()


def _with_se02(tmp_path: Path, control: str) -> Path:
    data = ONE_CLAIM.read_text().replace("SE*30*0001~", f"SE*30*{control}~")
    path = tmp_path / "se02.837"
    path.write_bytes(data.encode("utf-8"))
    return path


def test_terminal_control_sequences_in_se02_are_escaped_on_stderr(tmp_path: Path) -> None:
    """An SE02 that would retitle and clear the terminal is shown as \\x1b escapes, one line."""
    path = _with_se02(tmp_path, "00\x1b]0;owned\x07\x1b[2J01")
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    assert done.returncode == 1
    lines = _stderr_lines(done.stderr)
    se02 = [text for text in lines if "SE02" in text]
    assert len(se02) == 1
    assert "00\\x1b]0;owned\\x07\\x1b[2J01" in se02[0]


def test_line_breaks_and_unicode_controls_in_se02_stay_on_one_line(tmp_path: Path) -> None:
    """CR, LF and a right-to-left override in SE02 are escaped: each problem is one line."""
    path = _with_se02(tmp_path, "00\r\nFAKE: all claims accepted\u202e01")
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    lines = _stderr_lines(done.stderr)
    assert all(text.startswith("peerclaims: ") for text in lines), lines
    assert any("00\\r\\nFAKE: all claims acceptedâ\\x80®01 " in text for text in lines), lines
    assert "\u202e" not in done.stderr.decode()  # X12 is read as latin-1: its C1 byte escaped


def test_a_long_se02_is_cut_short_on_stderr(tmp_path: Path) -> None:
    """A 5,000-character SE02 is echoed as its first 39 characters and an ellipsis."""
    path = _with_se02(tmp_path, "7" * 5000)
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    lines = _stderr_lines(done.stderr)
    assert lines and all(len(text) < 800 for text in lines)
    assert any("SE id=" + "7" * 39 + "…" in text for text in lines)
    assert "7" * 41 not in done.stderr.decode()


@pytest.mark.parametrize(
    ("content", "position"),
    [
        (b"", "line 1, byte 0"),
        (b"\n\n   \n", "line 4, byte 6"),
        (b"\n\nNM1*IL*1*DOE*JOHN****MI*123456789~", "line 3, byte 2"),
        (b"ISA*00*", "line 1, byte 7"),
        (b"\xff\xfeI\x00S\x00A\x00", "line 1, byte 0"),
    ],
    ids=["empty", "blank-lines", "no-isa", "truncated-isa", "utf16"],
)
def test_a_refused_file_is_one_line_naming_file_line_and_byte(
    tmp_path: Path, content: bytes, position: str
) -> None:
    """Every refusal is exactly one stderr line: the file, then its line and byte."""
    path = tmp_path / "in.837"
    path.write_bytes(content)
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    assert done.returncode == 2
    lines = _stderr_lines(done.stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"peerclaims: {path}: {position}: "), lines[0]


def test_a_missing_segment_outside_any_claim_names_its_line_and_byte(tmp_path: Path) -> None:
    """pyx12's 'mandatory segment missing' in the header (no claim to hold it) names where."""
    path = tmp_path / "no-per.837"
    path.write_bytes(ONE_CLAIM.read_bytes().replace(b"PER*IC*EDI DESK*TE*8605550100~\n", b""))
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    lines = _stderr_lines(done.stderr)
    missing = [text for text in lines if "(PER) missing" in text]
    assert missing == [
        f'peerclaims: {path}: Required segment missing: Mandatory segment "Submitter EDI Contact '
        'Information" (PER) missing at 1000A PER (transaction ST*837*0001), line 6 (segment 6, '
        "byte 298)"
    ]
    for text in lines:
        assert _POSITION.search(text), text


def test_every_problem_line_names_a_position(tmp_path: Path) -> None:
    """Problems about a damaged file (no terminators past the ISA) each name line and byte."""
    data = ONE_CLAIM.read_bytes()
    path = tmp_path / "unterminated.837"
    path.write_bytes(data[:106] + data[106:].replace(b"~", b""))
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    lines = _stderr_lines(done.stderr)
    assert lines
    for text in lines:
        assert text.startswith(f"peerclaims: {path}: ") and _POSITION.search(text), text


def test_the_table_shows_control_sequences_of_a_claim_escaped(tmp_path: Path) -> None:
    """The table (stdout) shows a claim id and a name holding escape sequences as \\x1b."""
    data = ONE_CLAIM.read_text()
    data = data.replace("CLM*RJX-000001*", "CLM*RJX\x1b]0;owned\x07-000001*")
    data = data.replace("NM1*82*1*UPSHAW", "NM1*82*1*UP\x1b[2JSHAW")
    path = tmp_path / "claim.837"
    path.write_text(data)
    done = run_cli("check", "--syntax-only", path)
    assert done.returncode == 1
    assert b"\x1b]0;owned" not in done.stdout and b"\x1b[2J" not in done.stdout
    assert b"\x07" not in done.stdout
    assert "RJX\\x1b]0;owned\\x07" in done.stdout.decode()


def test_a_file_name_with_control_characters_is_escaped_in_a_refusal(tmp_path: Path) -> None:
    """A refused file whose name holds an escape sequence is named escaped, on one line."""
    path = tmp_path / "bad\x1b]0;owned\x07name.837"
    path.write_bytes(b"not x12")
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    assert done.returncode == 2
    lines = _stderr_lines(done.stderr)
    assert lines == [
        f"peerclaims: {tmp_path}/bad\\x1b]0;owned\\x07name.837: line 1, byte 0: no ISA "
        "interchange header: the file starts with 'not' (an X12 file starts with 'ISA')"
    ]


def test_a_finding_quotes_a_long_or_controlled_value_escaped_and_cut(tmp_path: Path) -> None:
    """In the JSON result too, a finding echoes an input value escaped and cut to 40 characters."""
    data = ONE_CLAIM.read_text()
    data = data.replace("NM1*82*1*UPSHAW", "NM1*82*1*UP\x1b[2J" + "S" * 300)
    path = tmp_path / "claim.837"
    path.write_text(data)
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    result = json.loads(done.stdout)
    messages = [f["message"] for c in result["claims"] for f in c["findings"]]
    assert messages
    assert not any("\x1b" in m or "S" * 40 in m for m in messages), messages
    assert any("UP\\x1b[2J" + "S" * 30 + "…" in m for m in messages), messages
