"""The 277CA claim acknowledgment written by `render_277ca` and `check --format 277ca`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from peerclaims.engine.check import CollectSink, Source, check_sources
from peerclaims.engine.checks.setup import build_engine
from peerclaims.engine.cli_rules import rules_root
from peerclaims.engine.findings import Category, Finding
from peerclaims.engine.result import ClaimResult, NotChecked, Result
from peerclaims.engine.x12.ack277 import ACK_VERSION, render_277ca
from peerclaims.engine.x12.claim_status import (
    ClaimStatus,
    claim_statuses,
    finding_status,
    status_tables,
)
from peerclaims.engine.x12.reader import FileReading, validate_document
from tests.conftest import CORPUS, FIXTURES, REFERENCE, corpus_params, needs_corpus, run_cli

ACCEPTED = status_tables().accepted.status
UNPROCESSABLE = status_tables().unprocessable.status
FIXTURE_FILES = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.glob("*/*.837"))
READABLE = [name for name in FIXTURE_FILES if not name.startswith("refused/")]
NJ_FAILING = FIXTURES / "nj" / "missing-hf-modifier.837"
NJ_CLEAN = FIXTURES / "nj" / "clean.837"
SLOW_CORPUS = frozenset(
    {"imsweb-x12-parser/x12_many_claims.txt", "imsweb-x12-parser/x12_multiple_transactions.txt"}
)


def check(paths: Sequence[Path], *, reference: bool = True) -> tuple[Result, list[FileReading]]:
    """Check files in process as the CLI does for a 277CA (readings kept, claims collected)."""
    engine = build_engine(rules_root(), REFERENCE) if reference else None
    sink = CollectSink()
    run = check_sources(
        [Source.from_path(str(p)) for p in paths], sink, keep_readings=True, engine=engine
    )
    return run.result(sink), run.readings


def segments(text: str) -> list[list[str]]:
    """The 277CA split into segments and elements (it always uses '*' and '~' + newline)."""
    assert text.endswith("~\n")
    return [line.split("*") for line in text[:-2].split("~\n")]


def assert_valid(text: str) -> list[list[str]]:
    """Check pyx12's 277 (005010X214) map accepts the document; return its segments."""
    verdict = validate_document(text)
    assert verdict.valid, "pyx12 rejects the 277CA:\n" + "\n".join(verdict.errors) + "\n" + text
    return segments(text)


def claim_list(segs: list[list[str]]) -> list[tuple[str, list[list[str]]]]:
    """Each 2000D (HL ... PT), in order, with its TRN*2 claim id: its segments up to the next HL."""
    blocks: list[tuple[str, list[list[str]]]] = []
    current: list[list[str]] | None = None
    for seg in segs:
        if seg[0] in ("HL", "SE"):
            current = [seg] if seg[0] == "HL" and seg[-1] == "PT" else None
            continue
        if current is None:
            continue
        current.append(seg)
        if seg[0] == "TRN" and len(current) == 3:
            blocks.append((seg[2], current))
    return blocks


def claim_blocks(segs: list[list[str]]) -> dict[str, list[list[str]]]:
    """`claim_list` by claim id (for files whose claim ids are unique)."""
    return dict(claim_list(segs))


FRONT_END_CATEGORIES = frozenset({"syntax", "guide", "balancing", "code-set"})
"""SNIP 1-5 categories of product.md: what a payer's front end checks."""
IDENTIFICATION_RULES = frozenset({"FED-ELIG-0001", "FED-ELIG-0003", "FED-CRED-0001"})
"""Payer, member and rendering provider not on file: a front end cannot identify them."""


def front_end(finding: Finding) -> bool:
    """This test's own reading of which errors a front end rejects (not the module's)."""
    return finding.severity == "error" and (
        finding.category in FRONT_END_CATEGORIES or finding.rule_id in IDENTIFICATION_RULES
    )


def assert_statuses_match(result: Result, segs: list[list[str]]) -> None:
    """One 2000D per claim, in order. A claim with no front-end error (SNIP 1-5 or identification)
    is A2:20 WQ with no 2220D, whatever adjudication denials the JSON predicts; one with a
    front-end error is A3/A7 U with a 2220D per line those errors return (every line for a
    claim-level one). Every finding's `front_end` agrees with this test's reading."""
    blocks = claim_list(segs)
    assert [claim_id for claim_id, _ in blocks] == [c.claim_id for c in result.claims]
    for claim, (_, block) in zip(result.claims, blocks, strict=True):
        for f in claim.findings:
            assert f.front_end == (
                f.rule_id in IDENTIFICATION_RULES or f.category in FRONT_END_CATEGORIES
            ), f
        stc = next(seg for seg in block if seg[0] == "STC")
        returned = [f for f in claim.findings if front_end(f)]
        if not returned:
            assert stc[1:4] == ["A2:20", stc[2], "WQ"]
            assert not any(seg[0] == "SVC" for seg in block)
        else:
            assert claim.status == "rejected"
            assert stc[1].split(":")[0] in ("A3", "A7")
            assert stc[3] == "U"
            lines = {f.line for f in returned}
            expected = len(claim.lines) if None in lines else len(lines)
            assert sum(seg[0] == "SVC" for seg in block) == expected
            assert stc[-1].split() == list(dict.fromkeys(f.rule_id for f in returned))
        assert stc[4] == r_value(claim.billed)


def r_value(amount: str | None) -> str:
    """An amount as the 277CA writes it (X12 R: '160.00' -> '160', '27.50' -> '27.5')."""
    return format(Decimal(amount or "0").normalize(), "f")


@pytest.mark.parametrize("name", READABLE)
def test_every_fixture_gives_a_valid_277ca(name: str) -> None:
    """Each readable fixture, checked with the sample reference data, acknowledges every claim."""
    result, readings = check([FIXTURES / name])
    text = render_277ca(result, readings)
    segs = assert_valid(text)
    assert [s[0] for s in segs[:3]] == ["ISA", "GS", "ST"]
    assert segs[1][1] == "HN" and segs[1][8] == ACK_VERSION and segs[2][3] == ACK_VERSION
    assert_statuses_match(result, segs)


@pytest.mark.parametrize("name", [n for n in READABLE if n.startswith("structure/")])
def test_syntax_error_fixtures_validate_without_rule_packs(name: str) -> None:
    """The structure fixtures, checked for syntax only, still give a valid 277CA."""
    result, readings = check([FIXTURES / name], reference=False)
    segs = assert_valid(render_277ca(result, readings))
    assert_statuses_match(result, segs)


def test_syntax_error_claim_is_returned_unprocessable_and_the_others_accepted() -> None:
    """In one-bad-claim-of-three only claim 2 (bad SV103) is A3:481; claims 1 and 3 are A2:20."""
    result, readings = check(
        [FIXTURES / "structure" / "one-bad-claim-of-three.837"], reference=False
    )
    blocks = claim_blocks(assert_valid(render_277ca(result, readings)))
    stc = {claim: next(s for s in block if s[0] == "STC") for claim, block in blocks.items()}
    assert stc["BCC-000001"][1:4] == ["A2:20", "20260330", "WQ"]
    assert stc["BCC-000003"][1:4] == ["A2:20", "20260330", "WQ"]
    assert stc["BCC-000002"][1:5] == ["A3:481", "20260330", "U", "27.5"]
    assert stc["BCC-000002"][-1] == "X12-ELE-0007"
    line = blocks["BCC-000002"][blocks["BCC-000002"].index(stc["BCC-000002"]) + 2 :]
    assert line[0] == ["SVC", "HC:H0038:HA", "27.5", "", "", "", "", "2"]
    assert line[1] == ["STC", "A3:481", "20260330", "U"]


def test_unbalanced_claim_is_rejected_for_invalid_information() -> None:
    """A CLM02 that is not the sum of the lines (SNIP 3) is STC A7:400, claim out of balance."""
    result, readings = check([FIXTURES / "structure" / "claim-total-mismatch.837"])
    blocks = claim_blocks(assert_valid(render_277ca(result, readings)))
    stc = next(s for s in blocks["RJX-000001"] if s[0] == "STC")
    assert stc[1] == "A7:400"
    assert stc[4] == "186"


def test_multi_transaction_file_gets_one_information_source_per_transaction() -> None:
    """two-transactions.837 (2 ST in one GS) gives two 2000A/2000B, each with its batch TRN."""
    result, readings = check([FIXTURES / "clean" / "two-transactions.837"])
    segs = assert_valid(render_277ca(result, readings))
    sources = [seg for seg in segs if seg[0] == "HL" and seg[3] == "20"]
    assert [seg[1:] for seg in sources] == [["1", "", "20", "1"], ["5", "", "20", "1"]]
    assert next(seg for seg in segs if seg[:2] == ["TRN", "1"])[2].endswith("-0001")
    batches = [seg for seg in segs if seg[0] == "TRN" and seg[1] == "2"]
    assert [b[2] for b in batches] == ["EUC0001", "EUC-000001", "EUC0002", "EUC-000002"]
    assert sum(seg[0] == "ST" for seg in segs) == 1


def test_several_files_and_the_same_file_twice_acknowledge_each_claim_once() -> None:
    """Claims of several files (one given twice) each get their own 2000D, in input order."""
    paths = [FIXTURES / "clean" / "two-transactions.837", NJ_CLEAN, FIXTURES / "ct" / "clean.837"]
    paths.append(FIXTURES / "clean" / "two-transactions.837")
    result, readings = check(paths)
    segs = assert_valid(render_277ca(result, readings))
    claim_ids = [
        segs[k][2]
        for k in range(1, len(segs))
        if segs[k][:2] == ["TRN", "2"] and segs[k - 2][0] == "HL" and segs[k - 2][-1] == "PT"
    ]
    assert claim_ids == [c.claim_id for c in result.claims]
    assert len(claim_ids) == 6


def test_an_adjudication_denial_is_accepted_into_adjudication() -> None:
    """The NJ claim without HF is denied in the JSON (NJ-COD-0001, coverage, CARC 4: a denial
    adjudication gives), but a front end accepts it: A2:20 WQ, no 2220D, counted accepted."""
    result, readings = check([NJ_FAILING])
    claim = result.claims[0]
    assert claim.status == "rejected" and claim.lines[0].status == "rejected"
    assert [f.rule_id for f in claim.findings if f.severity == "error"] == ["NJ-COD-0001"]
    segs = assert_valid(render_277ca(result, readings))
    assert segs[0][5:9] == ["ZZ", "PCSYNTHRCV     ", "ZZ", "PCSYNTHSUB     "]
    assert segs[1][1:4] == ["HN", "PCSYNTHRCV", "PCSYNTHSUB"]
    block = claim_blocks(segs)["NJF-000001"]
    assert block[:3] == [
        ["HL", "4", "3", "PT"],
        ["NM1", "QC", "1", "KESTREL", "AMBROSE", "", "", "", "MI", "NJS0000301"],
        ["TRN", "2", "NJF-000001"],
    ]
    stc = block[3]
    assert stc[:12] == ["STC", "A2:20", "20260522", "WQ", "160", *[""] * 7]
    assert stc[12].startswith("NOT FULLY CHECKED - ")  # not the rule id of the denial
    assert block[4:] == [["DTP", "472", "D8", "20260512"]]
    assert ["QTY", "90", "1"] in segs and ["AMT", "YU", "160"] in segs
    assert ["QTY", "AA", "1"] not in segs and ["AMT", "YY", "160"] not in segs


def test_expired_credential_is_acknowledged_and_the_json_keeps_the_denial() -> None:
    """CT's expired RSS (FED-CRED-0002, CARC B7) is a denial adjudication gives: the 277CA
    accepts the claim (A2:20, the QA count of its billing provider), the JSON denies the line."""
    result, readings = check([FIXTURES / "ct" / "rss-credential-expired.837"])
    claim = result.claims[0]
    assert claim.status == "rejected" and claim.expected_payment == "0.00"
    assert [(f.rule_id, f.front_end) for f in claim.findings if f.severity == "error"] == [
        ("FED-CRED-0002", False)
    ]
    segs = assert_valid(render_277ca(result, readings))
    stc = next(seg for seg in claim_blocks(segs)["CTF-000001"] if seg[0] == "STC")
    assert stc[1:5] == ["A2:20", "20260320", "WQ", "100"]
    assert ["QTY", "QA", "1"] in segs and ["QTY", "QC", "1"] not in segs


def test_a_member_not_on_file_is_returned_and_every_line_listed() -> None:
    """one-claim.837 names a member and a rendering peer not in the reference data: the front
    end returns the claim, subscriber not found (A3:33, FED-ELIG-0003, claim level, so every
    line gets a 2220D) and rendering NPI (A7:562:82, FED-CRED-0001); the enrollment rule does
    not also fire (one finding for one cause)."""
    result, readings = check([FIXTURES / "clean" / "one-claim.837"])
    claim = result.claims[0]
    errors = [f.rule_id for f in claim.findings if f.severity == "error"]
    assert "FED-ELIG-0003" in errors and "FED-ELIG-0002" not in errors
    block = claim_blocks(assert_valid(render_277ca(result, readings)))["RJX-000001"]
    stc = next(seg for seg in block if seg[0] == "STC")
    assert stc[1:5] == ["A3:33", "20260330", "U", "176"]
    assert stc[10] == "A7:562:82"
    assert stc[12] == "FED-ELIG-0003 FED-CRED-0001"
    lines = [seg for seg in block if seg[0] == "SVC"]
    assert len(lines) == len(claim.lines) == 2
    assert [seg for seg in block if seg[:2] == ["STC", "A7:562:82"]] == [
        ["STC", "A7:562:82", "20260330", "U"]
    ] * 2


def test_only_the_lines_with_front_end_errors_are_returned() -> None:
    """A claim with an invalid code on line 2 (code-set) and a lapsed credential on line 1
    (adjudication) is returned A7:454 for line 2 only; STC12 names only the code-set rule."""
    result, readings = check([FIXTURES / "nj" / "clean.837"])
    claim = result.claims[0]
    assert len(claim.lines) >= 2
    findings = [
        finding("credential", "B7", "N290", "2420A NM1-09", line=1, rule_id="TEST-CRED-0001"),
        finding("code-set", "181", "M51", line=2, rule_id="TEST-HCPCS-0001"),
    ]
    mixed = claim.model_copy(update={"status": "rejected", "findings": findings})
    segs = assert_valid(render_277ca(result.model_copy(update={"claims": [mixed]}), readings))
    block = claim_blocks(segs)["NJC-000001"]
    stc = next(seg for seg in block if seg[0] == "STC")
    assert stc[1:4] == ["A7:454", "20260515", "U"]
    assert stc[12] == "TEST-HCPCS-0001"
    services = [k for k, seg in enumerate(block) if seg[0] == "SVC"]
    assert len(services) == 1
    assert block[services[0]][2] == r_value(claim.lines[1].charge)
    assert block[services[0] + 1] == ["STC", "A7:454", "20260515", "U"]


def test_nj_clean_claim_is_accepted_for_processing() -> None:
    """The NJ clean claim is STC A2:20 with action WQ, no service-line loop, and STC12 saying it
    was not fully checked."""
    result, readings = check([NJ_CLEAN])
    segs = assert_valid(render_277ca(result, readings))
    block = claim_blocks(segs)["NJC-000001"]
    stc = next(seg for seg in block if seg[0] == "STC")
    assert stc[:5] == ["STC", "A2:20", "20260515", "WQ", "240"]
    # accepted, but New Jersey encodes no authorization rule: STC12 says so
    assert stc[5:12] == [""] * 7
    assert stc[12].startswith(
        "NOT FULLY CHECKED - New Jersey has no encoded rules for authorization"
    )
    assert ["DTP", "472", "RD8", "20260505-20260507"] in block
    assert not any(seg[0] == "SVC" for seg in block)
    assert ["QTY", "AA", "1"] not in segs
    assert ["QTY", "90", "1"] in segs and ["AMT", "YU", "240"] in segs


def test_render_is_deterministic() -> None:
    """The same input, read twice, gives byte-identical 277CAs."""
    first = render_277ca(*check([NJ_FAILING, NJ_CLEAN]))
    second = render_277ca(*check([NJ_FAILING, NJ_CLEAN]))
    assert first == second


def test_empty_result_writes_nothing() -> None:
    """A run with no claims (a refused file) acknowledges nothing: ''."""
    result, readings = check([FIXTURES / "refused" / "not-x12.837"])
    assert render_277ca(result, readings) == ""


def test_claims_without_readings_are_still_acknowledged_validly() -> None:
    """Claims whose files were not kept are acknowledged under UNKNOWN parties, still valid."""
    result, _ = check([NJ_FAILING, NJ_CLEAN])
    segs = assert_valid(render_277ca(result, []))
    assert sorted(claim_blocks(segs)) == ["NJC-000001", "NJF-000001"]


def finding(
    category: Category,
    carc: str | None,
    rarc: str | None = None,
    location: str = "2400 SV1-01",
    *,
    line: int = 1,
    rule_id: str = "TEST-0001",
    front_end: bool | None = None,
) -> Finding:
    """A synthetic error finding on line 1; `front_end` unset: by its category."""
    fields: dict[str, object] = {
        "rule_id": rule_id,
        "severity": "error",
        "category": category,
        "message": "m",
        "fix": "f",
        "location": location,
        "line": line,
        "citation": "c",
        "carc": carc,
        "rarc": rarc,
    }
    if front_end is not None:
        fields["front_end"] = front_end
    return Finding.model_validate(fields)


def test_front_end_follows_the_category_unless_given() -> None:
    """SNIP 1-5 categories are front-end by default; the others are not; a value given wins."""
    assert [finding(c, None).front_end for c in ("syntax", "guide", "balancing", "code-set")] == [
        True
    ] * 4
    assert not finding("coverage", "4").front_end
    assert finding("credential", "B7", front_end=True).front_end


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (finding("syntax", "16", "MA130"), UNPROCESSABLE),
        (finding("guide", "16", "MA130"), UNPROCESSABLE),
        (finding("coverage", "4"), ClaimStatus("A7", "453")),
        (finding("coverage", "182", "N56"), ClaimStatus("A7", "453")),
        (finding("balancing", "16", "N379", "2300 CLM-02"), ClaimStatus("A7", "400")),
        (finding("code-set", "207", "N257", "2010AA NM1-09"), ClaimStatus("A7", "562", "85")),
        (finding("code-set", "207", "N290", "2310B NM1-09"), ClaimStatus("A7", "562", "82")),
        (finding("eligibility", "204", "N216", "2010BA NM1-09"), ClaimStatus("A3", "88", "IL")),
        (finding("eligibility", "109"), ClaimStatus("A3", "116")),
        (finding("credential", "B7", "N290", "2310B NM1-09"), ClaimStatus("A3", "142", "82")),
        (finding("supervision", "16", "N297", "2420D NM1-09"), ClaimStatus("A7", "562", "DQ")),
        (finding("authorization", "198", "N54"), ClaimStatus("A3", "674")),
        (finding("limit", "119", "N362"), ClaimStatus("A3", "258")),
        (finding("duplicate", "18"), ClaimStatus("A3", "54")),
        (finding("contract", "999"), ClaimStatus("A3", "96", "85")),
        (finding("coverage", None), ClaimStatus("A7", "454")),
        (finding("eligibility", "31", "N382", "2010BA NM1-09"), ClaimStatus("A3", "33")),
        (
            finding("credential", "B7", "N290", "2420A NM1-09", front_end=True),
            ClaimStatus("A7", "562", "82"),
        ),
        (
            finding("credential", "B7", "N290", "2010AA NM1-09", front_end=True),
            ClaimStatus("A7", "562", "85"),
        ),
    ],
)
def test_finding_status_mapping(given: Finding, expected: ClaimStatus) -> None:
    """Each finding maps to the category, status and entity the module docstring lists."""
    assert finding_status(given) == expected


def test_claim_statuses_keep_three_distinct_in_order() -> None:
    """A rejected claim's composites are its first three distinct statuses; accepted is A2:20."""
    result, _ = check([NJ_FAILING])
    claim = result.claims[0]
    findings = [
        finding("eligibility", "204", location="2010BA NM1-09", front_end=True),
        finding("eligibility", "204", location="2010BA NM1-09", front_end=True),
        finding("coverage", "4", front_end=True),
        finding("limit", "119", front_end=True),
        finding("duplicate", "18", front_end=True),
    ]
    rejected = claim.model_copy(update={"findings": findings})
    assert [s.composite() for s in claim_statuses(rejected)] == ["A3:88:IL", "A7:453", "A3:258"]
    # structure, then balancing, then code sets, then identification, whatever the finding order
    staged = [
        finding("eligibility", "31", location="2010BA NM1-09", front_end=True),
        finding("code-set", "181"),
        finding("balancing", "16", "N379"),
        finding("guide", "16", "MA130"),
    ]
    ordered = claim_statuses(claim.model_copy(update={"findings": staged}))
    assert [s.composite() for s in ordered] == ["A3:481", "A7:400", "A7:454"]
    # denials adjudication gives (the same findings, not front-end) leave the claim accepted
    denied = [f.model_copy(update={"front_end": False}) for f in findings]
    assert claim_statuses(claim.model_copy(update={"findings": denied})) == [ACCEPTED]
    accepted = claim.model_copy(update={"status": "accepted", "findings": []})
    assert claim_statuses(accepted) == [ACCEPTED]


ALL_CATEGORIES: tuple[Category, ...] = (
    "syntax",
    "guide",
    "balancing",
    "code-set",
    "eligibility",
    "authorization",
    "credential",
    "supervision",
    "coverage",
    "limit",
    "duplicate",
    "contract",
    "pricing",
)
ALL_CARCS: tuple[str, ...] = (
    *("4", "5", "6", "8", "11", "15", "16", "18", "26", "31", "96", "109", "119", "170"),
    *("181", "182", "185", "197", "198", "204", "207", "242", "272", "284", "B7"),
)
ALL_RARCS = ("M53", "M76", "N379", "N297", "N65", "MA130")


def test_every_mapped_status_validates_with_the_277_map() -> None:
    """Every status the mapping can give, in STC01, STC10 and STC11, passes pyx12's code lists."""
    result, readings = check([NJ_FAILING])
    template = result.claims[0]
    findings = [finding(c, None, front_end=True) for c in ALL_CATEGORIES]
    findings += [finding("coverage", carc, front_end=True) for carc in ALL_CARCS]
    findings += [finding("coverage", "16", rarc, front_end=True) for rarc in ALL_RARCS]
    locations = ("2010AA NM1-09", "2310B NM1-09", "2420D NM1-09", "2010BA NM1-09", "2010CA NM1")
    findings += [finding("code-set", "207", location=where) for where in locations]
    findings += [finding("credential", "B7", "N290", where, front_end=True) for where in locations]
    claims: list[ClaimResult] = []
    for k in range(0, len(findings), 3):
        claims.append(template.model_copy(update={"findings": findings[k : k + 3]}))
    many = result.model_copy(update={"claims": claims})
    segs = assert_valid(render_277ca(many, readings))
    composites = {c for seg in segs if seg[0] == "STC" for c in seg[1:] if ":" in c}
    assert {"A3:481", "A7:453", "A3:674", "A7:562:DQ", "A7:562:QC", "A3:499:85"} <= composites


def test_cli_277ca_for_every_fixture_validates() -> None:
    """`check --format 277ca` over every fixture (refused ones included) writes one valid 277CA."""
    done = run_cli(
        "check", "--reference", REFERENCE, "--format", "277ca", *sorted(FIXTURES.glob("*/*.837"))
    )
    assert done.returncode == 2  # the refused files cannot be read
    text = done.stdout.decode("ascii")
    segs = assert_valid(text)
    result, _ = check(sorted(FIXTURES.glob("*/*.837")))
    assert_statuses_match(result, segs)


def test_cli_277ca_is_byte_identical_on_stdout_and_out(tmp_path: Path) -> None:
    """Two runs of `check --format 277ca` (stdout, then --out) write the same bytes."""
    args = ("check", "-r", REFERENCE, "-f", "277ca", NJ_FAILING, NJ_CLEAN)
    first = run_cli(*args)
    target = tmp_path / "ack.277"
    second = run_cli(*args, "--out", target)
    assert first.returncode == second.returncode == 1
    assert first.stdout == target.read_bytes()
    assert second.stdout == b""
    blocks = claim_blocks(assert_valid(first.stdout.decode("ascii")))
    assert next(s for s in blocks["NJF-000001"] if s[0] == "STC")[1:4] == [
        "A2:20",
        "20260522",
        "WQ",
    ]
    assert next(s for s in blocks["NJC-000001"] if s[0] == "STC")[1:4] == [
        "A2:20",
        "20260515",
        "WQ",
    ]


def test_cli_277ca_of_a_refused_file_is_empty() -> None:
    """A file that cannot be read gives no 277CA, one error line and exit 2."""
    done = run_cli("check", "--format", "277ca", FIXTURES / "refused" / "not-x12.837")
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.startswith(b"peerclaims: ")


@needs_corpus
@pytest.mark.parametrize("rel", corpus_params(slow=SLOW_CORPUS))
def test_corpus_files_give_valid_277ca(rel: str) -> None:
    """Every public corpus file with claims, checked for syntax only, gives a valid 277CA."""
    result, readings = check([CORPUS / rel], reference=False)
    text = render_277ca(result, readings)
    if not result.claims:
        assert text == ""
        return
    assert_statuses_match(result, assert_valid(text))


def test_an_accepted_claim_not_fully_checked_says_why_in_stc12_and_validates() -> None:
    """A claim accepted though not fully checked (Pennsylvania: no rule pack) carries STC12
    'NOT FULLY CHECKED - <why>' in the 2200D STC, and pyx12's 277 map accepts the document."""
    result, readings = check([NJ_CLEAN])
    claim = result.claims[0]
    pa = claim.model_copy(
        update={
            "fully_checked": False,
            "not_checked": [
                NotChecked(
                    check="credential",
                    reason="Pennsylvania has no rule pack: its rules were not checked",
                )
            ],
        }
    )
    text = render_277ca(result.model_copy(update={"claims": [pa]}), readings)
    segs = assert_valid(text)
    stc = next(seg for seg in claim_blocks(segs)["NJC-000001"] if seg[0] == "STC")
    assert stc[1] == "A2:20"
    assert stc[12] == (
        "NOT FULLY CHECKED - Pennsylvania has no rule pack - its rules were not checked"
    )
