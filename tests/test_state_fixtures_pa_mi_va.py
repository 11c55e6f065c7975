"""The Pennsylvania, Michigan and Virginia claim fixtures (issue 17) against the sample reference
data: a clean file with one claim per population the state pays for, and a failing file.

Each file is run through the real CLI (`peerclaims check --reference fixtures/reference --format
json`), with the history store in a temporary directory, and must give exactly the statuses, the
error and warning rules and the checks not made listed here and in fixtures/claims/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, check_fixtures

DIRS = ("pa", "mi", "va")


@dataclass(frozen=True)
class Claim:
    """One claim's outcome: status, error and warning rule ids (output order), checks not made."""

    claim_id: str
    status: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ("FED-SCOPE-0001",)
    not_checked: tuple[str, ...] = ("limits", "authorization")


WEAK = ("FED-SCOPE-0001", "FED-SCOPE-0003")
"""A line of a population the state covers on a secondary source only (PA youth, MI SUD, youth
and family: S): FED-SCOPE-0003 says its coverage is not verified, so it is not fully checked."""
WEAK_NOT_CHECKED = ("limits", "authorization", "coverage")


EXPECTED: dict[str, tuple[str, tuple[Claim, ...]]] = {
    # Mental health (H0038) and transition-age youth (H0038 HA) by a current Certified Peer
    # Specialist, HealthChoices members, mental health diagnoses.
    "pa/clean.837": (
        "PA",
        (
            Claim("PAC-000001", "accepted"),
            Claim("PAC-000002", "accepted", (), WEAK, WEAK_NOT_CHECKED),
        ),
    ),
    # Mental health by a lapsed CPS (B7), mental health by a Certified Recovery Specialist (185,
    # V: a CPS is required), youth for a member whose HealthChoices enrollment ended.
    "pa/failing.837": (
        "PA",
        (
            Claim("PAF-000001", "rejected", ("FED-CRED-0002",)),
            Claim("PAF-000002", "rejected", ("FED-CRED-0004",)),
            Claim("PAF-000003", "rejected", ("FED-ELIG-0004",), WEAK, WEAK_NOT_CHECKED),
        ),
    ),
    # One claim per population Michigan pays for: mental health (H0038, CPSS), SUD (H0038 HF, CPRC),
    # youth (H0038 HA, a YPS certified at 23) and family (H0038 HS, parent support partner, a child
    # on the SED waiver).
    "mi/clean.837": (
        "MI",
        (
            Claim("MIC-000001", "accepted"),
            Claim("MIC-000002", "accepted", (), (*WEAK, "FED-SCOPE-0003"), WEAK_NOT_CHECKED),
            Claim("MIC-000003", "accepted", (), WEAK, WEAK_NOT_CHECKED),
            Claim("MIC-000004", "accepted", (), WEAK, WEAK_NOT_CHECKED),
        ),
    ),
    # Mental health by a lapsed CPSS, SUD after the member's Medicaid ended, youth by a peer with
    # no Michigan credential, family after the child's SED waiver ended.
    "mi/failing.837": (
        "MI",
        (
            Claim("MIF-000001", "rejected", ("FED-CRED-0002",)),
            Claim("MIF-000002", "rejected", ("FED-ELIG-0004",), WEAK, WEAK_NOT_CHECKED),
            Claim("MIF-000003", "rejected", ("FED-CRED-0002",), WEAK, WEAK_NOT_CHECKED),
            Claim("MIF-000004", "rejected", ("FED-ELIG-0004",), WEAK, WEAK_NOT_CHECKED),
        ),
    ),
    # Virginia encodes every kind of check: its claims are fully checked. Mental health (H0038,
    # 10 + 6 units on one day: the 16-unit cap exactly), ARTS SUD (H0038 HF, aged 35) and a family
    # support partner for the caregiver of a 12-year-old (H0038 HS), each under its authorization.
    "va/clean.837": (
        "VA",
        tuple(Claim(f"VAC-00000{n}", "accepted", (), (), ()) for n in range(1, 4)),
    ),
    # Mental health over 16 units a day, ARTS SUD for a 20-year-old, a family support partner line
    # for a 22-year-old member.
    "va/failing.837": (
        "VA",
        (
            Claim("VAF-000001", "rejected", ("VA-LIM-0001",), (), ()),
            Claim("VAF-000002", "rejected", ("FED-COV-0008",), (), ()),
            Claim("VAF-000003", "rejected", ("FED-COV-0008",), (), ()),
        ),
    ),
}


def _files() -> list[str]:
    return sorted(
        p.relative_to(FIXTURES).as_posix() for d in DIRS for p in (FIXTURES / d).glob("*.837")
    )


def test_every_fixture_is_expected_and_indexed() -> None:
    """Every .837 of these folders is listed here and in the fixtures README, one clean and one
    failing file per state."""
    assert _files() == sorted(EXPECTED)
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert [n for n in _files() if f"| `{n}` |" not in readme] == []
    for directory in DIRS:
        names = sorted(p.name for p in (FIXTURES / directory).glob("*.837"))
        assert len(names) == 2 and "clean.837" in names, (directory, names)


def _outcome(claim: dict[str, Any]) -> Claim:
    findings = claim["findings"]
    return Claim(
        claim["claim_id"],
        claim["status"],
        tuple(f["rule_id"] for f in findings if f["severity"] == "error"),
        tuple(f["rule_id"] for f in findings if f["severity"] == "warning"),
        tuple(n["check"] for n in claim["not_checked"]),
    )


def test_fixture_outcomes(tmp_path: Path) -> None:
    """Run together (one CLI run: fixtures do not interfere), every claim of every file gets its
    listed status, error and warning rules and checks not made, judged by its state's pack; no
    input error. The clean files together exit 0."""
    code, document = check_fixtures(*sorted(EXPECTED), store=tmp_path)
    assert code == 1
    assert document["errors"] == []
    want = {c.claim_id: (state, c) for state, claims in EXPECTED.values() for c in claims}
    got = {c["claim_id"]: (c["state"], _outcome(c)) for c in document["claims"]}
    assert got == want
    for claim in document["claims"]:
        assert [p["id"] for p in claim["judged_by"]] == ["federal", claim["state"].lower()]
    clean = sorted(n for n in EXPECTED if n.endswith("/clean.837"))
    code, document = check_fixtures(*clean, store=tmp_path)
    assert code == 0, [c["claim_id"] for c in document["claims"] if c["status"] != "accepted"]
