"""Every file of the public X12 corpus is read with the expected counts or refused in one line.

`EXPECTED` holds, per file (path relative to the corpus), either ``("read", claims,
rejected_claims, problems)`` — rejected = claims with at least one error-severity finding,
problems = file-level `Problem`s — or ``("refused", error class name, message substring)``.
Claim counts differ from the CLM column of SOURCES.md only where a transaction is refused as not
837P 005010X222A1 (4010, 837I, 837D, X222A2, GS08 ``005010X222`` without A1): its claims are not
read and the refusal is one problem per transaction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, corpus_files, corpus_params

from peerclaims.engine.errors import InputError
from peerclaims.engine.x12.reader import read_bytes

Read = tuple[str, int, int, int]
Refused = tuple[str, str, str]

# fmt: off
EXPECTED: dict[str, Read | Refused] = {
    # X222 guide examples (SOURCES.md: clean, except PWK02 "AD" in oxygen and wheelchair, which
    # pyx12's 5010 code list rejects: one element error on their only claim).
    "badx12/X222-COB-claim-from-billing-provider-to-payer-a.edi": ("read", 1, 0, 0),
    "badx12/X222-COB-claim-from-billing-provider-to-payer-b.edi": ("read", 1, 0, 0),
    "badx12/X222-COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi": ("read", 1, 0, 0),
    "badx12/X222-ambulance.edi": ("read", 1, 0, 0),
    "badx12/X222-anesthesia.edi": ("read", 1, 0, 0),
    "badx12/X222-chiropractic.edi": ("read", 1, 0, 0),
    "badx12/X222-commercial-health-insurance.edi": ("read", 1, 0, 0),
    "badx12/X222-drug-administered-in-the-physician-office.edi": ("read", 1, 0, 0),
    "badx12/X222-encounter.edi": ("read", 1, 0, 0),
    "badx12/X222-home-infusion-therapy-pharmacy-(adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410).edi": ("read", 1, 0, 0),  # noqa: E501
    "badx12/X222-home-infusion-therapy-pharmacy-(adjudicated-with-NDC-in-loop-2410).edi": ("read", 1, 0, 0),  # noqa: E501
    "badx12/X222-medicare-secondary-payer-COB.edi": ("read", 1, 0, 0),
    "badx12/X222-out-of-network-repriced-claim.edi": ("read", 1, 0, 0),
    "badx12/X222-oxygen.edi": ("read", 1, 1, 0),
    "badx12/X222-ppo-repriced-claim.edi": ("read", 1, 0, 0),
    "badx12/X222-wheelchair.edi": ("read", 1, 1, 0),
    "badx12/bad_file.edi": ("refused", "NotX12Error", "no ISA interchange header"),
    # An ISA alone with LF as terminator: no transaction, one problem (no IEA).
    "badx12/segment_terminator.edi": ("read", 0, 0, 1),
    # imsweb 5010 files: every claim carries the HI/SE defects SOURCES.md lists, so every claim is
    # rejected; the problems are the wrong SE01 of each ST, plus GE01/IEA01 counts where wrong.
    "imsweb-x12-parser/x12_bad_first_line.txt": ("refused", "IsaError", "ISA02 is 9 characters"),
    "imsweb-x12-parser/x12_bad_segment_identifier.txt": ("read", 2, 2, 4),
    "imsweb-x12-parser/x12_bad_valid_code.txt": ("read", 2, 2, 1),
    "imsweb-x12-parser/x12_complex.txt": ("read", 6, 6, 3),  # GE01 says 1 for 2 ST
    "imsweb-x12-parser/x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt": ("read", 2, 2, 1),  # noqa: E501
    "imsweb-x12-parser/x12_many_claims.txt": ("read", 820, 820, 1),
    "imsweb-x12-parser/x12_missing_required_loop_in_one_repeat.txt": ("read", 2, 2, 1),
    "imsweb-x12-parser/x12_multiple_gs.txt": ("read", 6, 6, 4),  # IEA01 says 1 for 3 GS
    "imsweb-x12-parser/x12_multiple_isa.txt": ("read", 4, 4, 2),
    "imsweb-x12-parser/x12_multiple_st.txt": ("read", 4, 4, 3),  # GE01 says 1 for 2 ST
    "imsweb-x12-parser/x12_multiple_transactions.txt": ("read", 624, 624, 312),
    "imsweb-x12-parser/x12_no_isa_line.txt": ("refused", "NotX12Error", "starts with 'GS*'"),
    "imsweb-x12-parser/x12_segment_errors.txt": ("read", 1, 1, 1),
    "imsweb-x12-parser/x12_segments_out_of_order.txt": ("read", 2, 2, 1),
    "imsweb-x12-parser/x12_valid.txt": ("read", 2, 2, 1),
    "imsweb-x12-parser/x12_valid_different_separators.txt": ("read", 2, 2, 1),
    # Transactions that are not 837P 005010X222A1 are refused (one problem each), claims unread.
    "imsweb-x12-parser/x223-test.txt": ("read", 0, 0, 1),  # 837I X223A2
    "linuxforhealth-x12/demo.837": ("read", 0, 0, 1),  # X222A2
    "linuxforhealth-x12/demo.cob.example3.C.837": ("read", 0, 0, 1),  # X222A2
    "linuxforhealth-x12/demo.drug.example10.2.837": ("read", 0, 0, 1),  # X222A2
    "linuxforhealth-x12/demo.example1.837": ("read", 0, 0, 1),  # X222A2
    "linuxforhealth-x12/two-claims-single-provider.837i": ("read", 0, 0, 1),  # 837I X223A3
    "moov-io-x12/example_5010_837d-sample.txt": ("read", 0, 0, 1),  # 837D X224A2
    "moov-io-x12/example_5010_837p-sample.txt": ("read", 8, 0, 0),
    "oopfactory-x12/Example1_2_And_3_Combined.txt": ("read", 0, 0, 2),  # 2 ST, GS08 X222
    "oopfactory-x12/ProfessionalClaim1.txt": ("read", 0, 0, 1),  # GS08 005010X222
    # BOM, CR terminators and indentation are absorbed; the IEA has no terminator: one problem.
    "oopfactory-x12/ST1309-XX.txt": ("read", 1, 0, 1),
    "oopfactory-x12/UnicodeExample.txt": ("refused", "EncodingError", "UTF-16 text without a byte"),
    # pyx12's own 4010 files: every transaction refused (4010); envelope faults still reported.
    "pyx12/bad_elements.txt": ("read", 0, 0, 1),
    "pyx12/fail_no_IEA.txt": ("read", 0, 0, 2),  # + no IEA
    "pyx12/gs_id.txt": ("read", 0, 0, 1),
    "pyx12/loop_counting.txt": ("read", 0, 0, 1),
    "pyx12/mult_isa.txt": ("read", 0, 0, 12),  # 12 ST (278, 835, 837) refused
    "pyx12/simple_837i.txt": ("read", 0, 0, 1),
    "pyx12/simple_837p.txt": ("read", 0, 0, 1),
    "pyx12/trailer_errors.txt": ("read", 0, 0, 5),  # + GE02, IEA01, IEA02 mismatches
    "pyx12/trailing_terms.txt": ("read", 0, 0, 1),
    "tigershark/837-example.txt": ("refused", "IsaError", "ISA02 is 1 characters"),
    "uhin-x12-parser-library/837.edi": ("read", 1, 0, 0),
}
# fmt: on


def _params() -> list[object]:
    """Corpus files plus stale EXPECTED rows, so a missing file fails too."""
    params = corpus_params()
    if corpus_files():
        params += [
            pytest.param(name, id=name) for name in sorted(set(EXPECTED) - set(corpus_files()))
        ]
    return params


@pytest.mark.parametrize("name", _params())
def test_corpus_file_is_read_or_refused_as_expected(name: str) -> None:
    """Each corpus file gives its EXPECTED outcome with complete findings, or a one-line refusal."""
    assert name in EXPECTED, f"{name}: new corpus file without a row in EXPECTED"
    path: Path = CORPUS / name
    assert path.is_file(), f"{name}: listed in EXPECTED but not in the corpus"
    expected = EXPECTED[name]
    try:
        reading = read_bytes(path.read_bytes(), name)
    except InputError as exc:
        message = str(exc)
        assert expected[0] == "refused", f"{name}: refused ({message}), expected {expected}"
        assert type(exc).__name__ == expected[1], message
        assert str(expected[2]) in message
        assert len(message.splitlines()) == 1, message
        assert message.startswith(f"{name}: "), message
        assert "byte" in message
        return
    assert expected[0] == "read", f"{name}: read, expected {expected}"
    claims = list(reading.claims)
    rejected = sum(1 for c in claims if any(f.severity == "error" for f in c.findings))
    problems = [p.message for p in reading.problems]
    assert (len(claims), rejected, len(problems)) == expected[1:], problems
    for problem in problems:
        assert problem.startswith(f"{name}: ") and len(problem.splitlines()) == 1, problem
    for claim in claims:
        for finding in claim.findings:
            for attribute in ("rule_id", "location", "message", "fix", "citation"):
                assert getattr(finding, attribute).strip(), (attribute, finding)
            assert finding.position is not None, finding
            assert finding.position.line >= 1, finding
