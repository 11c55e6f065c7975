"""Reading claims never puts member ids, last names or birth dates in logs or on stderr.

pyx12 logs every error on logger ``pyx12`` with the offending value; the reader silences it.
The values looked for are taken from the corpus files themselves: NM103 and NM109 of every
NM1*IL (subscriber) and NM1*QC (patient), and DMG02 (birth date). A variant of a corpus file
whose subscriber values are made invalid (so pyx12 quotes them in its errors) is read too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, corpus_files, needs_corpus, run_cli

from peerclaims.engine.errors import InputError
from peerclaims.engine.x12.reader import read_bytes

CANARY_SOURCE = "uhin-x12-parser-library/837.edi"
CANARY_VALUES = ("MARQUARDT", "601239742", "19461111")


def _delimiters(text: str) -> tuple[str, str]:
    """Element separator and segment terminator, read from the ISA even when not fixed-width."""
    if text.startswith("ISA") and len(text) > 3:
        element = text[3]
        parts = text.split(element, 16)
        if len(parts) == 17 and len(parts[16]) >= 2:
            return element, parts[16][1]
    return "*", "~"


def phi_values(data: bytes) -> set[str]:
    """NM103/NM109 of NM1*IL and NM1*QC and every DMG02 in an X12 file (3 characters or more)."""
    if b"\x00" in data[:4]:
        data = data.decode("utf-16-le", "replace").encode("latin-1", "replace")
    text = data.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \t\r\n")
    element, terminator = _delimiters(text)
    found: set[str] = set()
    for segment in text.split(terminator):
        parts = [p.strip() for p in segment.strip().split(element)]
        if parts[0] == "NM1" and len(parts) > 1 and parts[1] in ("IL", "QC"):
            found.update(parts[i] for i in (3, 9) if i < len(parts))
        elif parts[0] == "DMG" and len(parts) > 2:
            found.add(parts[2])
    return {value for value in found if len(value) >= 3}


def canary() -> bytes:
    """A corpus file whose subscriber name, id and birth date pyx12 reports (and would log)."""
    data = (CORPUS / CANARY_SOURCE).read_bytes()
    name, member, born = (v.encode() for v in CANARY_VALUES)
    subscriber = b"NM1*IL*1*" + name + b"*RALPH****MI*" + member + b"~"
    birth = b"DMG*D8*" + born + b"*"
    assert subscriber in data and birth in data
    too_long = b"NM1*IL*1*" + name * 8 + b"*RALPH****MI*" + member * 10 + b"~"
    return data.replace(subscriber, too_long).replace(birth, b"DMG*D8*" + born + b"9*")


def _inputs() -> Iterator[tuple[str, bytes]]:
    for name in corpus_files():
        yield name, (CORPUS / name).read_bytes()
    yield "canary.837", canary()


def _read_everything() -> set[str]:
    """Read every input (refusals included) and return the PHI values they hold."""
    values: set[str] = set()
    for name, data in _inputs():
        values |= phi_values(data)
        try:
            reading = read_bytes(data, name)
        except InputError:
            continue
        list(reading.claims)
    return values


@needs_corpus
def test_reading_the_corpus_logs_and_prints_no_phi(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the root logger at DEBUG, no record or stderr output holds a corpus PHI value."""
    caplog.set_level(logging.DEBUG)
    values = _read_everything()
    assert set(CANARY_VALUES) <= values and len(values) > 50
    captured = capsys.readouterr()
    texts = [record.getMessage() for record in caplog.records] + [caplog.text, captured.err]
    leaked = sorted(value for value in values if any(value in text for text in texts))
    assert leaked == [], f"PHI in logs or stderr: {leaked}"


@needs_corpus
def test_pyx12_would_log_the_canary_values_if_not_silenced(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Un-silenced, pyx12 logs the canary's name, member id and birth date (the guard matters)."""
    log = logging.getLogger("pyx12")
    level, propagate = log.level, log.propagate
    log.setLevel(logging.DEBUG)
    log.propagate = True
    try:
        caplog.set_level(logging.DEBUG)
        list(read_bytes(canary(), "canary.837").claims)
    finally:
        log.setLevel(level)
        log.propagate = propagate
    for value in CANARY_VALUES:
        assert value in caplog.text, value


def test_pyx12_logger_does_not_propagate() -> None:
    """The reader leaves logger "pyx12" silenced: propagate False and nothing at any level."""
    log = logging.getLogger("pyx12")
    assert log.propagate is False
    assert not log.isEnabledFor(logging.CRITICAL)


def _member_loop_without_claim(data: bytes) -> bytes:
    """One claim's file with its claim dropped, the subscriber name too long and born in month
    13: pyx12's errors about the member land on no claim, so they are problems on stderr."""
    text = data.decode("ascii")
    head, claim = text.split("CLM*", 1)
    tail = "SE*20*0001~" + claim.split("SE*30*0001~", 1)[1]
    head = head.replace("NM1*IL*1*WINTHORPE*BLAIR", "NM1*IL*1*" + "WINTHORPE" * 7 + "*BLAIR")
    return (head.replace("DMG*D8*19641012", "DMG*D8*19641312") + tail).encode("ascii")


def _shuffled_start(data: bytes) -> bytes:
    """A member's name segment at the start of the file (no ISA first)."""
    return b"NM1*IL*1*DOE*JO****MI*CT21947836~\n" + data


def _diagnosis_without_claim(data: bytes) -> bytes:
    """An HI segment with a bad qualifier in a subscriber loop that has no claim."""
    return _member_loop_without_claim(data).replace(
        b"DMG*D8*19641312*M~", b"DMG*D8*19641312*M~\nHI*QQQ:F4312~"
    )


def _name_as_segment_outside_transaction(data: bytes) -> bytes:
    """A member's name where a segment identifier should be, between GS and ST."""
    return data.replace(b"ST*837*0001*", b"WINTHORPEBLAIR*19641012~\nST*837*0001*", 1)


def _unterminated_name_at_the_end(data: bytes) -> bytes:
    """The file cut inside the member's name segment, after a lost terminator."""
    text = data.decode("ascii")
    return text[: text.index("NM1*IL*1*WINTHORPE")].encode("ascii") + b"WINTHORPE*BLAIR"


PHI_INPUTS = {
    "name-as-segment-id": (_name_as_segment_outside_transaction, ("WINTHORPE", "19641012")),
    "unterminated-name-at-end": (_unterminated_name_at_the_end, ("WINTHORPE", "BLAIR")),
    "member-loop-without-claim": (_member_loop_without_claim, ("WINTHORPE", "19641312")),
    "member-name-first": (_shuffled_start, ("DOE", "CT21947836")),
    "diagnosis-in-member-loop": (_diagnosis_without_claim, ("F4312",)),
}


@pytest.mark.parametrize("case", sorted(PHI_INPUTS))
def test_check_stderr_holds_no_member_name_id_birth_date_or_diagnosis(
    case: str, tmp_path: Path
) -> None:
    """`peerclaims check` reports these damaged files on stderr without their PHI values."""
    make, values = PHI_INPUTS[case]
    data = make((FIXTURES / "clean" / "one-claim.837").read_bytes())
    assert all(value.encode() in data for value in values)
    path = tmp_path / "in.837"
    path.write_bytes(data)
    done = run_cli("check", "--syntax-only", "--format", "json", path)
    assert done.returncode in (1, 2)
    stderr = done.stderr.decode()
    assert stderr.startswith("peerclaims: ")
    assert [value for value in values if value in stderr] == []
