"""Bad inputs through the real command line: one line per error naming the file, right exit code.

Exit codes (engine/cli.py): 0 every claim accepted, 1 a claim rejected or an input problem
reported, 2 an input that could not be read at all (or a usage error). No traceback, ever.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, run_cli

SCHEMA = "peerclaims.result/1"
ONE_CLAIM = FIXTURES / "clean" / "one-claim.837"
THREE_CLAIMS = FIXTURES / "clean" / "three-claims.837"


@dataclass(frozen=True)
class BadInput:
    """A bad input: how to make it in a folder, the exit code alone, a stderr fragment."""

    make: Callable[[Path], Path]
    exit_code: int
    stderr: str


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _directory(folder: Path) -> Path:
    path = folder / "a-directory.837"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "does-not-exist.837"


def _one_claim_text() -> str:
    return ONE_CLAIM.read_text(encoding="ascii")


def _without_iea() -> bytes:
    lines = ONE_CLAIM.read_bytes().splitlines(keepends=True)
    assert lines[-1].startswith(b"IEA*")
    return b"".join(lines[:-1])


def _with_empty_segment() -> bytes:
    """three-claims with `~~` after the HI of its second claim (BCC-000002)."""
    data = THREE_CLAIMS.read_bytes()
    hi = b"HI*ABK:F4310*ABF:F320~"
    assert data.count(hi) == 1
    return data.replace(hi, hi + b"~")


BAD_INPUTS: dict[str, BadInput] = {
    "empty": BadInput(_write("empty.837", b""), 2, "empty file"),
    "binary-with-nul": BadInput(
        _write("binary.837", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        2,
        "NUL byte",
    ),
    "utf16-with-bom": BadInput(
        _write("utf16-bom.837", _one_claim_text().encode("utf-16")), 2, "UTF-16"
    ),
    "utf16le-without-bom": BadInput(
        _write("utf16le.837", _one_claim_text().encode("utf-16-le")), 2, "without a byte order"
    ),
    "utf16be-without-bom": BadInput(
        _write("utf16be.837", _one_claim_text().encode("utf-16-be")), 2, "without a byte order"
    ),
    "truncated-isa": BadInput(
        _write("truncated.837", ONE_CLAIM.read_bytes()[:60]), 2, "truncated ISA"
    ),
    "only-whitespace": BadInput(_write("blank.837", b"  \r\n\t\n \n"), 2, "white space"),
    "directory": BadInput(_directory, 2, "cannot read the file"),
    "missing-file": BadInput(_missing, 2, "cannot read the file"),
    "no-iea": BadInput(_write("no-iea.837", _without_iea()), 1, "no IEA"),
    "empty-segment": BadInput(_write("empty-segment.837", _with_empty_segment()), 1, ""),
}


def _assert_error_lines(stderr: bytes, *names: str) -> list[str]:
    """No traceback; every stderr line is a peerclaims error naming one of `names`."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    for line in lines:
        assert line.startswith("peerclaims: "), line
        assert any(name in line for name in names), line
    return lines


def _document(stdout: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(stdout)
    assert document["schema"] == SCHEMA
    return document


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_alone_gives_its_exit_code_and_one_line_errors(case: str, tmp_path: Path) -> None:
    """A bad input alone exits 1 or 2 as documented, each stderr line naming the file."""
    bad = BAD_INPUTS[case]
    path = bad.make(tmp_path)
    done = run_cli("check", "--syntax-only", path, "--format", "json")
    assert done.returncode == bad.exit_code, done.stderr
    lines = _assert_error_lines(done.stderr, str(path))
    assert bad.stderr in done.stderr.decode(), done.stderr
    if bad.exit_code == 2:
        assert len(lines) == 1, lines
    else:
        document = _document(done.stdout)
        assert document["summary"]["claims"] >= 1


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_does_not_stop_the_rest_of_the_batch(case: str, tmp_path: Path) -> None:
    """Beside a clean file a bad input still gives valid JSON with the clean file's claim."""
    bad = BAD_INPUTS[case]
    path = bad.make(tmp_path)
    done = run_cli("check", "--syntax-only", ONE_CLAIM, path, "--format", "json")
    assert done.returncode == bad.exit_code, done.stderr
    _assert_error_lines(done.stderr, str(path))
    document = _document(done.stdout)
    clean = [c for c in document["claims"] if c["file"] == str(ONE_CLAIM)]
    assert [(c["claim_id"], c["status"]) for c in clean] == [("RJX-000001", "accepted")]


def test_empty_segment_rejects_only_the_claim_holding_it(tmp_path: Path) -> None:
    """`~~` inside the second of three claims rejects that claim (X12-ENV-0001); the others pass."""
    path = BAD_INPUTS["empty-segment"].make(tmp_path)
    done = run_cli("check", "--syntax-only", path, "--format", "json")
    assert done.returncode == 1, done.stderr
    claims = {c["claim_id"]: c for c in _document(done.stdout)["claims"]}
    assert sorted(claims) == ["BCC-000001", "BCC-000002", "BCC-000003"]
    assert claims["BCC-000002"]["status"] == "rejected"
    assert "X12-ENV-0001" in {f["rule_id"] for f in claims["BCC-000002"]["findings"]}
    assert claims["BCC-000001"]["status"] == "accepted"
    assert claims["BCC-000003"]["status"] == "accepted"


def test_out_in_a_missing_directory_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """`--out` into a directory that does not exist exits 2 with one line naming the path."""
    out = tmp_path / "no-such-dir" / "result.json"
    done = run_cli("check", "--syntax-only", ONE_CLAIM, "--format", "json", "--out", out)
    assert done.returncode == 2
    lines = _assert_error_lines(done.stderr, str(out))
    assert len(lines) == 1, lines
    assert not out.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_out_writes_the_document_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """`--out` writes the same document as stdout would get, and no `.tmp` file is left."""
    out = tmp_path / "result.json"
    done = run_cli("check", "--syntax-only", ONE_CLAIM, "--format", "json", "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    _assert_error_lines(done.stderr, str(ONE_CLAIM))
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]
    to_stdout = run_cli("check", "--syntax-only", ONE_CLAIM, "--format", "json")
    assert out.read_bytes() == to_stdout.stdout
    assert _document(out.read_bytes())["summary"]["accepted"] == 1


def test_dash_reads_standard_input() -> None:
    """`-` checks the bytes given on standard input, named <stdin>."""
    done = run_cli("check", "--syntax-only", "-", "--format", "json", stdin=ONE_CLAIM.read_bytes())
    assert done.returncode == 0, done.stderr
    claims = _document(done.stdout)["claims"]
    assert [(c["claim_id"], c["file"], c["status"]) for c in claims] == [
        ("RJX-000001", "<stdin>", "accepted")
    ]


def test_empty_standard_input_is_unreadable() -> None:
    """`-` with nothing on standard input exits 2 with one line naming <stdin>."""
    done = run_cli("check", "--syntax-only", "-", "--format", "json", stdin=b"")
    assert done.returncode == 2
    lines = _assert_error_lines(done.stderr, "<stdin>")
    assert len(lines) == 1, lines


def _twenty_megabytes() -> tuple[bytes, int]:
    """one-claim repeated as whole interchanges (own control numbers and claim ids) to 20 MB."""
    original = ONE_CLAIM.read_text(encoding="ascii")
    assert original.count("709597926") == 4 and original.count("RJX-000001") == 1
    template = original.replace("709597926", "{control:09d}").replace("RJX-000001", "RJX-{n:06d}")
    copies = -(-20_000_000 // len(original))  # each copy is exactly as long as the original
    text = "".join(template.format(control=n, n=n) for n in range(1, copies + 1))
    return text.encode("ascii"), copies


@pytest.mark.slow
def test_twenty_megabyte_file_finishes_with_every_claim(tmp_path: Path) -> None:
    """A 20 MB file of one claim repeated (about 19,000 interchanges) is checked to the end."""
    data, copies = _twenty_megabytes()
    assert len(data) >= 20_000_000
    path = tmp_path / "twenty-mb.837"
    path.write_bytes(data)
    out = tmp_path / "result.json"
    start = time.perf_counter()
    done = run_cli("check", "--syntax-only", path, "--format", "json", "--out", out, timeout=900)
    elapsed = time.perf_counter() - start
    print(f"20 MB, {copies} claims: {elapsed:.1f} s")
    assert done.returncode == 0, done.stderr[-2000:]
    _assert_error_lines(done.stderr, str(path))
    summary = _document(out.read_bytes())["summary"]
    assert summary == summary | {"claims": copies, "accepted": copies, "rejected": 0}
