"""The issue-17 fixtures of New York, Kentucky and the District of Columbia (fixtures/claims/ny,
ky, dc) against the sample reference data: one clean file with a claim per population the state
pays for, and one failing file, each claim with its listed status, error rules and warnings.

The files hold several claims each (one per population), so they are kept apart from
tests/test_state_fixtures.py, whose files hold one claim. One CLI run judges all of them, the way
a billing clerk's batch would.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES, check_fixtures

STATES = ("ny", "ky", "dc")

# claim id -> (file, state, status, error rule ids, warning rule ids), in output order.
EXPECTED: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    # New York: adult mental health (CORE, HARP member, NYCPS), SUD (HF, CRPA), youth (HA, YPA
    # certified at 25, member 15), family (HS, FPA, the child is 12). No limit or authorization
    # rule is encoded.
    "NYC-000001": ("ny/clean.837", "NY", "accepted", (), ("FED-SCOPE-0001",)),
    "NYC-000002": ("ny/clean.837", "NY", "accepted", (), ("FED-SCOPE-0001",)),
    "NYC-000003": ("ny/clean.837", "NY", "accepted", (), ("FED-SCOPE-0001",)),
    "NYC-000004": ("ny/clean.837", "NY", "accepted", (), ("FED-SCOPE-0001",)),
    # A CFTSS youth line (HA) for a 22-year-old: denied on New York's CFTSS age (birth up to 21).
    "NYF-000001": (
        "ny/cftss-youth-over-20-and-wrong-population-credentials.837",
        "NY",
        "rejected",
        ("FED-COV-0007",),
        ("FED-SCOPE-0001",),
    ),
    # A family line (HS) and an SUD line (HF) rendered by an adult mental-health peer (NYCPS):
    # denied by the population-credential rule, citing New York's source for each population.
    "NYF-000002": (
        "ny/cftss-youth-over-20-and-wrong-population-credentials.837",
        "NY",
        "rejected",
        ("FED-CRED-0004",),
        ("FED-SCOPE-0001",),
    ),
    "NYF-000003": (
        "ny/cftss-youth-over-20-and-wrong-population-credentials.837",
        "NY",
        "rejected",
        ("FED-CRED-0004",),
        ("FED-SCOPE-0001",),
    ),
    # Kentucky: adult mental health (APSS, coverage I since the second reading), youth (HA, YPSS),
    # then family (HS, FPSS) and SUD (HF,
    # RADPSS), whose Medicaid coverage is unknown (I): accepted, with FED-SCOPE-0003.
    "KYC-000001": ("ky/clean.837", "KY", "accepted", (), ("FED-SCOPE-0001", "FED-SCOPE-0003")),
    "KYC-000002": ("ky/clean.837", "KY", "accepted", (), ("FED-SCOPE-0001",)),
    "KYC-000003": ("ky/clean.837", "KY", "accepted", (), ("FED-SCOPE-0001", "FED-SCOPE-0003")),
    "KYC-000004": ("ky/clean.837", "KY", "accepted", (), ("FED-SCOPE-0001", "FED-SCOPE-0003")),
    # Kentucky Medicaid ended 2025-12-31: denied. An audio-only (93) line: a warning (I).
    "KYF-000001": (
        "ky/medicaid-ended-and-audio-only.837",
        "KY",
        "rejected",
        ("FED-ELIG-0004",),
        ("FED-SCOPE-0001", "FED-SCOPE-0003"),
    ),
    "KYF-000002": (
        "ky/medicaid-ended-and-audio-only.837",
        "KY",
        "accepted",
        (),
        ("FED-SCOPE-0001", "FED-SCOPE-0003", "KY-COV-0001"),
    ),
    # District of Columbia: adult (H0038), youth (H0038, member 16), family without the consumer
    # (H0038 HS, the child is 9), group (H0038 HQ): the MHRS table's rows.
    "DCC-000001": ("dc/clean.837", "DC", "accepted", (), ("FED-SCOPE-0001",)),
    "DCC-000002": ("dc/clean.837", "DC", "accepted", (), ("FED-SCOPE-0001",)),
    "DCC-000003": ("dc/clean.837", "DC", "accepted", (), ("FED-SCOPE-0001",)),
    "DCC-000004": ("dc/clean.837", "DC", "accepted", (), ("FED-SCOPE-0001",)),
    # H0038 HR (family with the consumer present) and H0038 HF: no such row in the MHRS table.
    "DCF-000001": (
        "dc/modifier-not-in-mhrs-table.837",
        "DC",
        "rejected",
        ("DC-COD-0001",),
        ("FED-SCOPE-0001",),
    ),
    "DCF-000002": (
        "dc/modifier-not-in-mhrs-table.837",
        "DC",
        "rejected",
        ("DC-COD-0001",),
        ("FED-SCOPE-0001", "FED-COV-0005"),
    ),
}


def _files() -> list[str]:
    return sorted(
        p.relative_to(FIXTURES).as_posix() for s in STATES for p in (FIXTURES / s).glob("*.837")
    )


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    """All the files in one run, with a private history store."""
    return check_fixtures(*_files(), store=tmp_path_factory.mktemp("store"))


def test_files_and_expectations_match() -> None:
    """Each state folder has clean.837 and one failing file, every claim of them is listed, and
    every file is in the fixtures README index."""
    files = _files()
    assert sorted({f for f, *_ in EXPECTED.values()}) == files
    for state in STATES:
        names = sorted(p.name for p in (FIXTURES / state).glob("*.837"))
        assert len(names) == 2 and "clean.837" in names, (state, names)
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert [f for f in files if f"| `{f}` |" not in readme] == []


def test_each_claim_has_its_outcome(judged: tuple[int, dict[str, Any]]) -> None:
    """Status, error and warning rules per claim; the clean files accept every claim; a denial
    names the state's citation; no claim is fully checked (limits or authorization not encoded)."""
    code, document = judged
    assert document["errors"] == []
    assert code == 1
    seen = {}
    for claim in document["claims"]:
        errors = tuple(f["rule_id"] for f in claim["findings"] if f["severity"] == "error")
        warnings = tuple(f["rule_id"] for f in claim["findings"] if f["severity"] == "warning")
        seen[claim["claim_id"]] = (claim["state"], claim["status"], errors, warnings)
        assert claim["fully_checked"] is False
        assert [p["id"] for p in claim["judged_by"]] == ["federal", claim["state"].lower()]
    assert seen == {k: (s, st, e, w) for k, (_, s, st, e, w) in EXPECTED.items()}


def test_ny_youth_over_20_is_denied_with_new_yorks_citation(
    judged: tuple[int, dict[str, Any]],
) -> None:
    """The 22-year-old's CFTSS youth line names New York's CFTSS manual and the age bound."""
    _, document = judged
    claim = next(c for c in document["claims"] if c["claim_id"] == "NYF-000001")
    finding = next(f for f in claim["findings"] if f["rule_id"] == "FED-COV-0007")
    assert "who is 22 on 2026-07-14" in finding["message"]
    assert "aged 20 or younger" in finding["message"]
    assert "New York: [S3601] CFTSS Provider Manual" in finding["message"]
    assert (finding["carc"], finding["rarc"]) == ("6", "N129")


def test_ny_wrong_population_credentials_are_denied_with_new_yorks_citations(
    judged: tuple[int, dict[str, Any]],
) -> None:
    """A family line and an SUD line by an adult-only NYCPS peer: 185/N95, naming the credentials
    New York accepts for the population and the source that says so."""
    _, document = judged
    findings = {
        c["claim_id"]: next(f for f in c["findings"] if f["rule_id"] == "FED-CRED-0004")
        for c in document["claims"]
        if c["claim_id"] in {"NYF-000002", "NYF-000003"}
    }
    family, sud = findings["NYF-000002"], findings["NYF-000003"]
    assert (family["carc"], family["rarc"]) == (sud["carc"], sud["rarc"]) == ("185", "N95")
    assert "for family peer support" in family["message"]
    assert "accepted for it: NY-FPA, NY-FPA-P; held: NY-NYCPS" in family["message"]
    assert "[S3612] MHL 7.03: family peer advocate" in family["message"]
    assert "for substance use peer support" in sud["message"]
    assert "held: NY-NYCPS" in sud["message"]
    assert "[S3622] MHL 19.18-b" in sud["message"]
