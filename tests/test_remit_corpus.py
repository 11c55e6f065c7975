"""Every file of the public remittance corpus (835 and 277CA) is read or refused in one line.

`EXPECTED` holds, per file (relative to shared/corpus/x12-remit), either ``("read", transaction
sets read, refused, 835 claims, 835 service lines, 277CA claims, problems)`` or ``("refused",
error class, message substring)``. Four files pyx12 crashes on by path (a UTF-8 BOM) are read
here, the scanner strips it; the 4010 files, a GS08 that is not 005010X221A1 and GS01 'HPO' are
refused one transaction set each; TigerShark's two files (segments begin with '~' and end with a
line break) have no transaction set the scanner recognises: one problem per segment outside one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_files, run_cli

from peerclaims.engine.errors import InputError
from peerclaims.engine.remit.read import read_remit

REMIT_CORPUS = Path(os.environ.get("PEERCLAIMS_REMIT_CORPUS") or CORPUS.parent / "x12-remit")
"""Beside the 837 corpus; PEERCLAIMS_REMIT_CORPUS names another place (a worktree's tests)."""

# fmt: off
EXPECTED: dict[str, tuple[object, ...]] = {
    "badx12/X221-dollars-and-data-sent-separate.edi": ("read", 1, 0, 2, 2, 0, 0),
    "badx12/X221-dollars-and-data-sent-together.edi": ("read", 1, 0, 2, 0, 0, 0),
    "badx12/X221-era-sample.edi": ("read", 1, 0, 1, 5, 0, 0),
    "badx12/X221-multiple-claims-single-check.edi": ("read", 1, 0, 9, 33, 0, 0),
    "badx12/error_validation.edi": ("read", 0, 1, 0, 0, 0, 5),  # GS01 HPO; 4 trailer faults
    "imsweb-x12-parser/x12_277CA_accepted.txt": ("read", 1, 0, 0, 0, 1, 2),
    "imsweb-x12-parser/x12_277CA_rejected.txt": ("read", 1, 0, 0, 0, 1, 1),
    "linuxforhealth-x12/cob-contractural-adjustment.835": ("read", 1, 0, 1, 1, 0, 8),
    "linuxforhealth-x12/managed-care.835": ("read", 1, 0, 2, 2, 0, 2),
    "linuxforhealth-x12/medicare-part-a.835": ("read", 1, 0, 2, 0, 0, 5),
    "linuxforhealth-x12/secondary-payment.835": ("read", 1, 0, 2, 2, 0, 13),
    "linuxforhealth-x12/tertiary-payment.835": ("read", 1, 0, 1, 1, 0, 6),
    "moov-io-x12/example_5010_835-sample1.txt": ("read", 2, 0, 2, 2, 0, 2),
    "oopfactory-x12/277CA-FromAlexbrodsky.txt": ("read", 1, 0, 0, 0, 1, 1),
    "oopfactory-x12/277CA-FromBogeyone.txt": ("read", 1, 0, 0, 0, 0, 7),  # truncated
    "oopfactory-x12/277CA-FromLatitude81uk.txt": ("refused", "IsaError", "ISA12 is 6 characters"),
    "oopfactory-x12/277CA_Deidentified_from_nth.txt": ("read", 1, 0, 0, 0, 3, 32),
    "oopfactory-x12/835-4010-Example1_GripElements.txt": ("read", 0, 1, 0, 0, 0, 1),
    "oopfactory-x12/835-5010-Example1.txt": ("read", 0, 1, 0, 0, 0, 1),  # GS08 '5010'
    "oopfactory-x12/835_DeIdent_01.dat": ("read", 0, 1, 0, 0, 0, 1),  # GS08 masked
    "oopfactory-x12/835_WithMultipleInterchanges.txt": ("read", 3, 0, 56, 91, 0, 369),
    "pyx12/835_mult_loops.txt": ("read", 1, 0, 1, 3, 0, 0),
    "pyx12/835_simple.txt": ("read", 0, 1, 0, 0, 0, 1),
    "pyx12/bad_header_looping.txt": ("read", 0, 1, 0, 0, 0, 1),
    "tigershark/835-example-2.txt": ("read", 0, 0, 0, 0, 0, 63),
    "tigershark/835-example.txt": ("read", 0, 0, 0, 0, 0, 51),
    "tigershark/X12-0.08-sample_835.txt": ("read", 0, 1, 0, 0, 0, 2),
}
# fmt: on


needs_remit_corpus = pytest.mark.skipif(
    not REMIT_CORPUS.is_dir(), reason=f"the remittance corpus is not at {REMIT_CORPUS}"
)


@needs_remit_corpus
def test_every_remittance_file_is_read_or_refused_as_expected() -> None:
    """27 files, each read with the expected counts or refused, every message one line."""
    files = corpus_files(REMIT_CORPUS)
    assert sorted(EXPECTED) == files, set(EXPECTED) ^ set(files)
    for name in files:
        expected = EXPECTED[name]
        path: Path = REMIT_CORPUS / name
        try:
            got = read_remit(path.read_bytes(), name)
        except InputError as exc:
            message = str(exc)
            assert expected[0] == "refused", f"{name}: refused ({message}), expected {expected}"
            assert type(exc).__name__ == expected[1] and str(expected[2]) in message, message
            assert message.startswith(f"{name}: ") and "byte" in message, message
            assert len(message.splitlines()) == 1
            continue
        lines = sum(len(c.lines) for c in got.claims)
        counts = (got.transactions, got.refused, len(got.claims), lines, len(got.acks))
        assert ("read", *counts, len(got.problems)) == expected, (name, got.problems[:3])
        for problem in got.problems:
            assert problem.message.startswith(f"{name}: "), problem.message
            assert len(problem.message.splitlines()) == 1, problem.message
        for claim in got.claims:
            assert claim.claim_id and claim.position.line >= 1, (name, claim)
        if got.refused and name.startswith(("pyx12/", "oopfactory-x12/835-4010")):
            assert "is a 4010 835 remittance: not read" in got.problems[0].message


@needs_remit_corpus
def test_the_era_sample_reads_payments_and_adjustments() -> None:
    """x12.org's ERA sample: the claim's charge and payment and its five CAS, read as sent."""
    got = read_remit((REMIT_CORPUS / "badx12/X221-era-sample.edi").read_bytes(), "era")
    (claim,) = got.claims
    assert claim.status == "1" and not claim.denied
    assert sum(line.charge for line in claim.lines) == claim.charge
    cas = [a for line in claim.lines for a in line.adjustments] + claim.adjustments
    assert len(cas) == 5 and all(a.group and a.carc for a in cas)


@needs_remit_corpus
def test_the_cli_reads_the_whole_corpus_without_a_traceback() -> None:
    """`peerclaims remit` over all 27 files: one line per refusal, never a traceback."""
    done = run_cli(
        "remit", *(REMIT_CORPUS / n for n in corpus_files(REMIT_CORPUS)), "--format", "json"
    )
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr and done.returncode == 2, stderr
    assert "277CA-FromLatitude81uk.txt: line 1, byte 92" in stderr
    document = json.loads(done.stdout)
    assert len(document["files"]) == 26  # every file but the one refused whole
    assert sum(f["claims_835"] for f in document["files"]) == 81
