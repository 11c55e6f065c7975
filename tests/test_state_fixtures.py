"""The per-state claim fixtures (fixtures/claims/<st>/ and mco/) against the sample reference data.

Each file is run through the real CLI (`peerclaims check --reference fixtures/reference --format
json`) with the history store in a temporary directory, and must give exactly the statuses, the
failing rule ids and the expected payments listed here and in fixtures/claims/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, check_fixtures

STATE_DIRS = ("ct", "tx", "nj", "nc", "wa", "ga", "mco", "ca", "az", "oh")


@dataclass(frozen=True)
class Expected:
    """What one fixture file must give: one claim, its state, status, error rules and payment."""

    claim_id: str
    state: str
    status: str
    errors: tuple[str, ...] = ()
    """The rule id of each error finding, in output order (empty for a clean file)."""
    payment: str | None = None
    """The claim's expected payment (None: no rate is known, so it is null)."""
    line_payments: tuple[str | None, ...] = ()
    not_checked: tuple[str, ...] = ("authorization",)
    """The kinds of check the claim's state encodes no rule for (FED-SCOPE-0001's warning), or
    whose finding could not deny, in output order: every wave-1 claim is not fully checked."""
    warnings: tuple[str, ...] = ("FED-SCOPE-0001",)
    """The rule id of each warning finding, in output order."""


EXPECTED: dict[str, Expected] = {
    "ct/clean.837": Expected(
        "CTC-000001", "CT", "accepted", line_payments=(None, None), not_checked=("limits",)
    ),
    "ct/rss-credential-expired.837": Expected(
        "CTF-000001", "CT", "rejected", ("FED-CRED-0002",), "0.00", ("0.00",), ("limits",)
    ),
    "tx/clean.837": Expected("TXC-000001", "TX", "accepted", line_payments=(None, None)),
    "tx/under-21.837": Expected(
        "TXF-000001", "TX", "rejected", ("FED-COV-0004",), "0.00", ("0.00",)
    ),
    "nj/clean.837": Expected("NJC-000001", "NJ", "accepted", line_payments=(None, None)),
    # A line without HF is mental health, which NJ does not pay for on S evidence: a warning.
    "nj/missing-hf-modifier.837": Expected(
        "NJF-000001",
        "NJ",
        "rejected",
        ("NJ-COD-0001",),
        "0.00",
        ("0.00",),
        ("coverage", "authorization"),
        ("FED-SCOPE-0001", "FED-COV-0005"),
    ),
    # NC fee schedule: 4 x 11.97 (H0038) + 4 x 2.88 (H0038 HQ), each below the line's charge.
    "nc/clean.837": Expected("NCC-000001", "NC", "accepted", (), "59.40", ("47.88", "11.52")),
    "nc/u4-modifier-after-2019.837": Expected(
        "NCF-000001", "NC", "rejected", ("NC-COD-0001",), "0.00", ("0.00",)
    ),
    "wa/clean.837": Expected("WAC-000001", "WA", "accepted", line_payments=(None, None)),
    "wa/cpc-after-2026.837": Expected(
        "WAF-000001", "WA", "rejected", ("FED-CRED-0002",), "0.00", ("0.00",)
    ),
    "ga/clean.837": Expected(
        "GAC-000001",
        "GA",
        "accepted",
        line_payments=(None, None),
        not_checked=("limits", "authorization"),
    ),
    "ga/modifier-95.837": Expected(
        "GAF-000001",
        "GA",
        "rejected",
        ("GA-COD-0001",),
        "0.00",
        ("0.00",),
        ("limits", "authorization"),
    ),
    # TXMCO1 contract rate 16.50 per unit replaces the (absent) TX fee schedule: 4 and 8 units.
    "mco/clean.837": Expected("MCC-000001", "TX", "accepted", (), "198.00", ("66.00", "132.00")),
    "mco/over-contract-cap.837": Expected(
        "MCF-000001", "TX", "rejected", ("FED-CONT-0003",), "0.00", ("0.00",)
    ),
    # --- CA (issue 17): one line per population (MH, SUD HF, youth HA, family HS); no CA rate.
    "ca/clean.837": Expected(
        "CAC-000001",
        "CA",
        "accepted",
        line_payments=(None, None, None, None),
        not_checked=("limits", "authorization", "coverage"),
        warnings=("FED-SCOPE-0001", "FED-SCOPE-0003"),
    ),
    "ca/sud-line-without-dmc.837": Expected(
        "CAF-000001",
        "CA",
        "rejected",
        ("CA-ELIG-0001",),
        "0.00",
        ("0.00",),
        ("limits", "authorization"),
    ),
    # --- AZ (issue 17): peer support (MH, SUD HF) by a PRSS and Family Support (S5110) by a
    # family support provider; a Non-Title XIX SMI member billed to Medicaid. No AZ rate.
    "az/clean.837": Expected(
        "AZC-000001",
        "AZ",
        "accepted",
        line_payments=(None, None, None),
        not_checked=("limits", "authorization", "coverage"),
        warnings=("FED-SCOPE-0001", "FED-SCOPE-0003"),
    ),
    "az/non-title-xix-member.837": Expected(
        "AZF-000001",
        "AZ",
        "rejected",
        ("FED-ELIG-0004",),
        "0.00",
        ("0.00",),
        ("limits", "authorization"),
    ),
    # --- OH (issue 17): MH and SUD by a CPRS, youth (HA) by a CYPS and family (HS) by a CFPS;
    # six hours on one day without prior authorization. No OH rate; no OH daily cap (limits).
    "oh/clean.837": Expected(
        "OHC-000001",
        "OH",
        "accepted",
        line_payments=(None, None, None, None),
        not_checked=("limits",),
    ),
    "oh/over-four-hours-without-authorization.837": Expected(
        "OHF-000001", "OH", "rejected", ("OH-LIM-0001",), "0.00", ("0.00",), ("limits",)
    ),
}


def _state_files() -> list[str]:
    return sorted(
        p.relative_to(FIXTURES).as_posix()
        for directory in STATE_DIRS
        for p in (FIXTURES / directory).glob("*.837")
    )


def test_every_state_fixture_has_an_expectation() -> None:
    """Every .837 under the state and mco folders is listed here, and every listed file exists."""
    assert _state_files() == sorted(EXPECTED)


def test_every_state_fixture_is_in_the_readme_index() -> None:
    """fixtures/claims/README.md has an index row for every state and mco fixture file."""
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _state_files() if f"| `{name}` |" not in readme]
    assert missing == []


def test_each_state_has_one_clean_and_one_failing_file() -> None:
    """Each state folder holds clean.837 and exactly one other (failing) file."""
    for directory in STATE_DIRS:
        names = sorted(p.name for p in (FIXTURES / directory).glob("*.837"))
        assert len(names) == 2, (directory, names)
        assert "clean.837" in names, directory


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_state_fixture_outcome(name: str, tmp_path: Path) -> None:
    """The file gives its listed status, error rules, payments and exit code, and no input error."""
    expected = EXPECTED[name]
    code, document = check_fixtures(name, store=tmp_path)
    assert document["errors"] == []
    assert [c["claim_id"] for c in document["claims"]] == [expected.claim_id]
    claim = document["claims"][0]
    assert claim["state"] == expected.state
    assert claim["status"] == expected.status
    errors = tuple(f["rule_id"] for f in claim["findings"] if f["severity"] == "error")
    assert errors == expected.errors
    warnings = tuple(f["rule_id"] for f in claim["findings"] if f["severity"] == "warning")
    assert warnings == expected.warnings
    assert claim["fully_checked"] is False
    assert tuple(n["check"] for n in claim["not_checked"]) == expected.not_checked
    assert [p["id"] for p in claim["judged_by"]] == ["federal", expected.state.lower()]
    assert code == (0 if expected.status == "accepted" else 1)
    assert claim["expected_payment"] == expected.payment
    assert tuple(line["expected_payment"] for line in claim["lines"]) == expected.line_payments
    infos = {f["rule_id"] for f in claim["findings"] if f["severity"] == "info"}
    unpriced = expected.status == "accepted" and expected.payment is None
    assert infos == ({"FED-PRICE-0001"} if unpriced else set())


def test_clean_files_pass_together_and_failing_files_fail_alone(tmp_path: Path) -> None:
    """Run in one batch, each claim keeps its own outcome: fixtures do not interfere."""
    code, document = check_fixtures(*sorted(EXPECTED), store=tmp_path)
    assert code == 1
    outcomes = {
        c["claim_id"]: (
            c["status"],
            tuple(f["rule_id"] for f in c["findings"] if f["severity"] == "error"),
        )
        for c in document["claims"]
    }
    assert outcomes == {e.claim_id: (e.status, e.errors) for e in EXPECTED.values()}
    accepted = sum(e.status == "accepted" for e in EXPECTED.values())
    assert document["summary"]["accepted"] == accepted >= 7
    assert document["summary"]["rejected"] == len(EXPECTED) - accepted >= 7
    assert document["summary"]["fully_checked"] == 0
    assert document["summary"]["accepted_not_fully_checked"] == accepted
    assert document["summary"]["expected_payment"] == "257.40"
