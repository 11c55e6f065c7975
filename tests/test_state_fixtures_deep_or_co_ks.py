"""The issue-17 claim fixtures of Oregon, Colorado and Kansas (fixtures/claims/<st>/) against the
sample reference data: one clean file with a claim per population the state pays for, and one
failing file, each claim with its listed status, errors, warnings and expected payment.

The files are checked in one run of the real CLI (`peerclaims check --reference fixtures/reference
--format json`); each failing claim's denial is the rule the file is named for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import FIXTURES, check_fixtures

STATES = ("or", "co", "ks")


@dataclass(frozen=True)
class Claim:
    """What one claim of a fixture must give."""

    file: str
    status: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ("FED-SCOPE-0001",)
    payment: str | None = None
    not_checked: tuple[str, ...] = ("limits",)


CO_BEFORE_JULY = ("credential", "limits", "authorization")
"""Colorado's kinds with no rule in force before 2026-07-01, when CO-CRED-0001 begins."""

WEAK_OR = ("FED-SCOPE-0001", "FED-SCOPE-0003")
"""The warnings of a line whose population the state covers on a secondary source only."""
OR_WEAK = ("limits", "coverage")
"""Oregon's checks not made on such a line: no unit cap known, coverage not verified."""

KS_KINDS = ("credential", "authorization")
"""Kansas's kinds with no rule: no credential or authorization rule is encoded."""

OR_FAILING = "or/youth-line-over-30.837"

EXPECTED: dict[str, Claim] = {
    # Oregon: H0038 at $26.49 a unit, HK at $33.12 with its authorization (S); no unit cap known.
    # Mental health and SUD are covered on a secondary source (S): FED-SCOPE-0003 on their lines.
    "ORC-000001": Claim(  # 4 x 26.49 + 4 x 33.12
        "or/clean.837", "accepted", (), (*WEAK_OR, "FED-SCOPE-0003"), "238.44", OR_WEAK
    ),
    "ORC-000002": Claim("or/clean.837", "accepted", (), WEAK_OR, "105.96", OR_WEAK),  # SUD (HF)
    # youth (HA), 17, a YSS; family (HS), an FSS: covered on S too since the second reading
    "ORC-000003": Claim("or/clean.837", "accepted", (), WEAK_OR, "79.47", OR_WEAK),
    "ORC-000004": Claim("or/clean.837", "accepted", (), WEAK_OR, "105.96", OR_WEAK),
    # A youth line for a 34-year-old: the Youth Support Specialist serves people up to 30 (V as a
    # definition), but that Oregon pays youth lines is S (the fee schedule summary): a warning.
    "ORF-000001": Claim(
        OR_FAILING,
        "accepted",
        warnings=("FED-SCOPE-0001", "FED-COV-0007", "FED-SCOPE-0003"),
        payment="105.96",
        not_checked=("coverage", "limits", "coverage"),  # FED-COV-0007 could not deny; S coverage
    ),
    # HK without a prior authorization: a warning, the fee schedule is read through a summary (S).
    "ORF-000002": Claim(
        "or/youth-line-over-30.837",
        "accepted",
        warnings=("FED-SCOPE-0001", "FED-SCOPE-0003", "OR-AUTH-0001"),
        payment="132.48",
        not_checked=("limits", "coverage", "authorization"),
    ),
    # Mental health by a peer first certified at 17: THW peers are 18 or older (V).
    "ORF-000003": Claim(OR_FAILING, "rejected", ("FED-CRED-0005",), WEAK_OR, "0.00", OR_WEAK),
    # SUD: the same line as one already paid (history).
    "ORF-000004": Claim(OR_FAILING, "rejected", ("FED-DUP-0001",), WEAK_OR, "0.00", OR_WEAK),
    # Family: 2.5 units of a per-15-minute code.
    "ORF-000005": Claim(OR_FAILING, "rejected", ("FED-UNIT-0001",), WEAK_OR, "0.00", OR_WEAK),
    # Youth (HA, a 17-year-old, a YSS): 2.5 units of a per-15-minute code.
    "ORF-000006": Claim(OR_FAILING, "rejected", ("FED-UNIT-0001",), WEAK_OR, "0.00", OR_WEAK),
    # Colorado: no rate, no limit or authorization rule, credentials judged from 2026-07-01 only.
    "COC-000001": Claim("co/clean.837", "accepted", not_checked=CO_BEFORE_JULY),  # mental health
    "COC-000002": Claim("co/clean.837", "accepted", not_checked=CO_BEFORE_JULY),  # SUD (HF)
    "COC-000003": Claim(  # family (HS): covered on a secondary source (S), FED-SCOPE-0003
        "co/clean.837",
        "accepted",
        warnings=WEAK_OR,
        not_checked=(*CO_BEFORE_JULY, "coverage"),
    ),
    # Health First Colorado enrollment ended 2026-02-28: denied on V.
    "COF-000001": Claim(
        "co/enrollment-ended.837",
        "rejected",
        ("FED-ELIG-0004",),
        payment="0.00",
        not_checked=CO_BEFORE_JULY,
    ),
    # SUD and family lines after the member's enrollment ended (2026-01-31).
    "COF-000003": Claim(
        "co/enrollment-ended.837",
        "rejected",
        ("FED-ELIG-0004",),
        payment="0.00",
        not_checked=CO_BEFORE_JULY,
    ),
    "COF-000004": Claim(  # family (HS): covered on S, FED-SCOPE-0003 as on the clean claim
        "co/enrollment-ended.837",
        "rejected",
        ("FED-ELIG-0004",),
        WEAK_OR,
        payment="0.00",
        not_checked=(*CO_BEFORE_JULY, "coverage"),
    ),
    # After 2026-07-01, a peer with no credential on file: a warning (wordings and list unresolved).
    "COF-000002": Claim(
        "co/enrollment-ended.837",
        "accepted",
        warnings=("FED-SCOPE-0001", "CO-CRED-0001"),
        not_checked=("limits", "authorization", "credential"),
    ),
    # Kansas: Parent Peer Support (family, HS) individual and group from 2023-01-01 (V); adult peer
    # support is inferred (I): its line says it is not fully checked.
    "KSC-000001": Claim("ks/clean.837", "accepted", not_checked=KS_KINDS),
    "KSC-000002": Claim("ks/clean.837", "accepted", not_checked=KS_KINDS),
    "KSC-000003": Claim(
        "ks/clean.837",
        "accepted",
        warnings=("FED-SCOPE-0001", "FED-SCOPE-0003"),
        not_checked=(*KS_KINDS, "coverage"),
    ),
    # Parent Peer Support dated 2022-12-15, before the bulletin's 2023-01-01: not covered (V).
    "KSF-000001": Claim(
        "ks/parent-peer-before-2023.837",
        "rejected",
        ("FED-COV-0005",),
        ("FED-SCOPE-0001", "FED-SCOPE-0002"),
        "0.00",
        ("enrollment", "credential", "coverage", "limits", "authorization", "dates"),
    ),
    # A ninth member in the parent peer's HQ groups of 2026-04-08 (8 in history): a warning (I).
    "KSF-000002": Claim(
        "ks/parent-peer-before-2023.837",
        "accepted",
        warnings=("FED-SCOPE-0001", "KS-LIM-0001"),
        not_checked=(*KS_KINDS, "limits"),
    ),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    """Every fixture file of the three states, checked in one run with a private store."""
    files = sorted({claim.file for claim in EXPECTED.values()})
    return check_fixtures(*files, store=tmp_path_factory.mktemp("store"))


def test_each_state_has_a_clean_and_a_failing_file_all_listed() -> None:
    """Each state folder holds clean.837 and one failing file, and every claim is expected here."""
    listed = {claim.file for claim in EXPECTED.values()}
    for state in STATES:
        names = sorted(p.relative_to(FIXTURES).as_posix() for p in (FIXTURES / state).glob("*.837"))
        assert len(names) == 2 and f"{state}/clean.837" in names, names
        assert set(names) <= listed
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(listed) if f"| `{name}` |" not in readme] == []


def test_every_claim_has_its_outcome(checked: tuple[int, dict[str, Any]]) -> None:
    """Status, error and warning rules, what was not checked and expected payment, per claim;
    the run is rejected (exit 1) because each failing file has a rejected claim, and every clean
    file's claims are accepted."""
    code, document = checked
    assert code == 1
    assert document["errors"] == []
    claims = {c["claim_id"]: c for c in document["claims"]}
    assert sorted(claims) == sorted(EXPECTED)
    for claim_id, expected in EXPECTED.items():
        claim = claims[claim_id]
        state = expected.file.split("/")[0]
        assert claim["file"].endswith(expected.file), claim_id
        assert claim["state"] == state.upper()
        assert [p["id"] for p in claim["judged_by"]] == ["federal", state]
        errors, warnings = (
            tuple(f["rule_id"] for f in claim["findings"] if f["severity"] == severity)
            for severity in ("error", "warning")
        )
        got = (claim["status"], errors, warnings, claim["expected_payment"])
        want = (expected.status, expected.errors, expected.warnings, expected.payment)
        assert got == want, claim_id
        assert tuple(n["check"] for n in claim["not_checked"]) == expected.not_checked, claim_id
        assert claim["fully_checked"] is False
        if expected.file.endswith("/clean.837"):
            assert claim["status"] == "accepted", claim_id
    failing = {e.file for e in EXPECTED.values() if e.status == "rejected"}
    assert failing == {e.file for e in EXPECTED.values() if not e.file.endswith("/clean.837")}


def test_each_denial_names_the_state_and_its_source(checked: tuple[int, dict[str, Any]]) -> None:
    """A clerk reads why: the error's message names the values and the state's citation."""
    _, document = checked
    claims = {c["claim_id"]: c for c in document["claims"]}
    [youth] = [f for f in claims["ORF-000001"]["findings"] if f["rule_id"] == "FED-COV-0007"]
    assert "who is 34 on 2026-03-16" in youth["message"]
    assert "aged 30 or younger (Oregon: [S4107]" in youth["message"]
    assert youth["severity"] == "warning" and "Not a denial" in youth["message"]
    [young] = [f for f in claims["ORF-000003"]["findings"] if f["rule_id"] == "FED-CRED-0005"]
    assert "was 17 when first certified OR-PSS on 2025-01-10" in young["message"]
    assert "[S4104] OAR 410-180-0325" in young["message"]
    [ended] = [f for f in claims["COF-000001"]["findings"] if f["rule_id"] == "FED-ELIG-0004"]
    assert "no Medicaid eligibility on 2026-03-16 in CO (CO-MEDICAID)" in ended["message"]
    [early] = [f for f in claims["KSF-000001"]["findings"] if f["rule_id"] == "FED-COV-0005"]
    assert "Kansas Medicaid pays peer support for family from 2023-01-01" in early["message"]
    assert "2022-12-15" in early["message"]
