"""What ran and what could deny (engine/checks/scope.py, evidence.py): scope findings, severity
by evidence, and the result's `fully_checked`, `not_checked` and `judged_by`.

Each test judges one claim with the real engine on the repository's packs plus the test pack
`zz` (tests/bdd/packs/zz: every kind of check encoded), copied to a temporary rules folder and
edited there, so a changed evidence tag or population is a YAML change as in a real pack.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from peerclaims.engine.check import judge
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.model import BillingProvider, Claim, Diagnosis, Member, Provider, ServiceLine
from peerclaims.engine.packs import load_packs
from peerclaims.engine.reference import models as ref
from peerclaims.engine.result import ClaimResult

REPO = Path(__file__).resolve().parents[2]
ZZ = REPO / "tests" / "bdd" / "packs" / "zz"
PEER = "1234567893"
BILLING = "1122334455"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """The repository's rules with the test pack zz added, in a folder a test may edit."""
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    shutil.copytree(ZZ, folder / "states" / "zz")
    return folder


def _edit(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def _reference(state: str, program: str) -> ref.ReferenceData:
    return ref.ReferenceData(
        payers=(ref.Payer(payer_id="P-1", name="Payer", state=state, kind="ffs"),),
        providers=(
            ref.Provider(npi=BILLING, name="Agency", kind="organization", taxonomy="251S00000X"),
            ref.Provider(
                npi=PEER,
                name="Peer",
                kind="individual",
                taxonomy="175T00000X",
                credentials=(ref.Credential(type="ZZ-CPS", number="1", issued=date(2010, 1, 1)),),
            ),
        ),
        members=(
            ref.Member(
                member_id="M-1",
                birth_date=date(1980, 4, 15),
                state=state,
                enrollments=(ref.Enrollment(program=program, start=date(2010, 1, 1)),),
            ),
        ),
        authorizations=tuple(
            ref.Authorization(
                number=f"A-{number}",
                member_id="M-1",
                procedure="H0038",
                modifiers=modifiers,
                units=Decimal(96),
                start=date(2010, 1, 1),
                end=date(2027, 12, 31),
                provider_npi=BILLING,
            )
            for number, modifiers in enumerate(((), ("HE",), ("HF",), ("HA",), ("HS",)))
        ),
    )


def _check(
    rules: Path,
    *lines: tuple[date, tuple[str, ...], int],
    state: str = "ZZ",
    program: str = "ZZ-MEDICAID",
) -> ClaimResult:
    """Judge one claim of lines (date, modifiers, units) of H0038 for the state's payer."""
    service = tuple(
        ServiceLine(
            number=number,
            procedure="H0038",
            modifiers=modifiers,
            charge=Decimal(units) * Decimal("25.00"),
            unit_basis="UN",
            units=Decimal(units),
            place_of_service="11",
            service_date=day,
            rendering=Provider(npi=PEER),
        )
        for number, (day, modifiers, units) in enumerate(lines, start=1)
    )
    claim = Claim(
        claim_id="PCN-1",
        file="test",
        transaction="0001",
        payer_id="P-1",
        subscriber=Member(member_id="M-1", birth_date=date(1980, 4, 15)),
        billing=BillingProvider(npi=BILLING),
        diagnoses=(Diagnosis(qualifier="ABK", code="F1120"),),
        total_charge=sum((line.charge or Decimal(0) for line in service), Decimal(0)),
        place_of_service="11",
        lines=service,
    )
    engine = RulesEngine(load_packs(rules), _reference(state, program))
    return judge(claim, engine=engine)


def _by(result: ClaimResult, rule_id: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in result.findings if f.rule_id == rule_id]


MARCH = date(2026, 3, 2)


def test_a_claim_of_a_state_encoding_every_kind_is_fully_checked(rules: Path) -> None:
    """Every kind encoded, inside the range, a covered population: no scope finding at all."""
    result = _check(rules, (MARCH, (), 4))
    assert [f.rule_id for f in result.findings if f.severity != "info"] == []
    assert result.fully_checked is True
    assert result.not_checked == []
    assert [(p.id, p.version) for p in result.judged_by] == [
        ("federal", load_packs(rules)["federal"].version),
        ("zz", "test"),
    ]


def test_a_kind_the_state_does_not_encode_is_named(rules: Path) -> None:
    """Without zz's authorization parameter, FED-AUTH-* do not run: FED-SCOPE-0001 names it."""
    (rules / "states" / "zz" / "parameters" / "authorization" / "required_for.yaml").unlink()
    result = _check(rules, (MARCH, (), 4))
    assert _by(result, "FED-SCOPE-0001") == [
        ("warning", "Not fully checked: ZZ has no encoded rules for authorization on 2026-03-02.")
    ]
    assert result.status == "accepted"
    assert result.fully_checked is False
    assert [(n.check, n.reason) for n in result.not_checked] == [
        ("authorization", "ZZ has no encoded rules for authorization on 2026-03-02")
    ]
    assert result.verdict_text == (
        "accepted, not fully checked: ZZ has no encoded rules for authorization on 2026-03-02"
    )


def test_a_state_without_a_pack_names_every_kind(rules: Path) -> None:
    """A payer in Pennsylvania, its folder removed: accepted, every kind named, federal alone
    judged."""
    shutil.rmtree(rules / "states" / "pa")
    result = _check(rules, (MARCH, (), 4), state="PA", program="TX-MEDICAID")
    assert result.status == "accepted"
    assert _by(result, "FED-SCOPE-0001") == [
        (
            "warning",
            "Not fully checked: Pennsylvania has no rule pack, so its enrollment, credential, "
            "coverage, limits or authorization rules were not checked.",
        )
    ]
    assert [n.check for n in result.not_checked] == [
        "enrollment",
        "credential",
        "coverage",
        "limits",
        "authorization",
    ]
    assert [p.id for p in result.judged_by] == ["federal"]


def test_the_population_of_each_line_is_judged_by_the_pack(rules: Path) -> None:
    """HF (sud, not covered on V) is denied; HA (youth, unknown) is said, and flagged for an
    adult member (FED-COV-0007: the pack gives no youth age, so a warning); HE passes."""
    result = _check(rules, (MARCH, ("HE",), 4), (MARCH, ("HF",), 4), (MARCH, ("HA",), 4))
    assert [(f.rule_id, f.severity, f.line) for f in result.findings if f.severity != "info"] == [
        ("FED-COV-0005", "error", 2),
        ("FED-COV-0007", "warning", 3),
        ("FED-SCOPE-0003", "warning", 3),
    ]
    assert [line.status for line in result.lines] == ["accepted", "rejected", "accepted"]
    assert [(n.check, n.reason) for n in result.not_checked] == [
        (
            "coverage",
            "Not a denial: this rests on the federal reading of the youth modifier as a service "
            "for members under 21, inferred, not read in a source (The HA descriptor names no "
            "age).",
        ),
        ("coverage", "whether ZZ Medicaid pays peer support for youth is unknown"),
    ]


def test_a_population_covered_only_on_a_secondary_source_is_not_fully_checked(
    rules: Path,
) -> None:
    """HS (family, covered on S not trusted): accepted, FED-SCOPE-0003 names the source's
    weakness and the note; marked trusted, the same line is fully checked."""
    result = _check(rules, (MARCH, ("HS",), 4))
    reason = (
        "that ZZ Medicaid pays peer support for family is taken from a secondary source not "
        "marked trusted"
    )
    assert _by(result, "FED-SCOPE-0003") == [
        (
            "warning",
            f"Not fully checked: {reason} (service line 1, modifiers HS, on 2026-03-02); "
            "S: a secondary source only; the ZZ plan was not read.",
        )
    ]
    assert result.status == "accepted"
    assert result.fully_checked is False
    assert [(n.check, n.reason) for n in result.not_checked] == [("coverage", reason)]

    def trusted(pack: dict[str, object]) -> None:
        populations = pack["populations"]
        assert isinstance(populations, dict)
        populations["family"]["trusted"] = "Synthetic: two independent secondary sources agree"

    _edit(rules / "states" / "zz" / "pack.yaml", trusted)
    result = _check(rules, (MARCH, ("HS",), 4))
    assert _by(result, "FED-SCOPE-0003") == []
    assert result.fully_checked is True


def test_a_not_covered_population_on_inferred_evidence_warns(rules: Path) -> None:
    """The same HF line, its 'not covered' tagged I: a warning naming the doubt, not a denial."""

    def inferred(pack: dict[str, object]) -> None:
        populations = pack["populations"]
        assert isinstance(populations, dict)
        populations["sud"] = {
            "status": "not_covered",
            "evidence": "I",
            "citation": "Synthetic",
            "note": "Inferred from waiver-only billing. Nothing says so",
        }

    _edit(rules / "states" / "zz" / "pack.yaml", inferred)
    result = _check(rules, (MARCH, ("HF",), 4))
    assert _by(result, "FED-COV-0005") == [
        (
            "warning",
            "ZZ Medicaid does not pay peer support for substance use: service line 1 bills H0038 "
            "with modifiers HF on 2026-03-02. Not a denial: this rests on the fact that ZZ "
            "Medicaid does not pay peer support for substance use, inferred, not read in a source "
            "(Inferred from waiver-only billing).",
        )
    ]
    assert result.status == "accepted"
    assert result.fully_checked is False


def test_a_covered_population_is_not_covered_before_its_since_date(rules: Path) -> None:
    """`since`: mental health covered from 2024-01-01 denies a 2023-12-31 line, not 2024-01-01."""

    def since(pack: dict[str, object]) -> None:
        populations = pack["populations"]
        assert isinstance(populations, dict)
        populations["mental_health"]["since"] = date(2024, 1, 1)

    _edit(rules / "states" / "zz" / "pack.yaml", since)
    result = _check(rules, (date(2023, 12, 31), (), 4), (date(2024, 1, 1), (), 4))
    assert [(f.severity, f.line) for f in result.findings if f.rule_id == "FED-COV-0005"] == [
        ("error", 1)
    ]


def test_a_date_before_the_benefit_is_denied_and_outside_the_range_is_said(rules: Path) -> None:
    """ZZ pays from 2020-01-01 (V) and is verified from then: a 2019-12-31 line gets both."""
    result = _check(rules, (date(2019, 12, 31), (), 4))
    assert _by(result, "FED-COV-0006") == [
        (
            "error",
            "ZZ Medicaid began paying for peer support on 2020-01-01; service line 1 is "
            "dated 2019-12-31, before the benefit existed.",
        )
    ]
    assert [f.severity for f in result.findings if f.rule_id == "FED-SCOPE-0002"] == ["warning"]
    assert not _by(result, "FED-COV-0005")  # the benefit's date says it for every population
    assert result.status == "rejected"


def test_a_benefit_date_on_unknown_evidence_warns(rules: Path) -> None:
    """The same line with the benefit's start tagged U: a warning, not a denial."""

    def unknown(pack: dict[str, object]) -> None:
        pack["benefit"] = {
            "start": date(2020, 1, 1),
            "evidence": "U",
            "citation": "Synthetic",
            "note": "Searched, not found",
        }

    _edit(rules / "states" / "zz" / "pack.yaml", unknown)
    result = _check(rules, (date(2019, 12, 31), (), 4))
    assert [severity for severity, _ in _by(result, "FED-COV-0006")] == ["warning"]
    assert result.status == "accepted"


LIMIT = Path("states") / "zz" / "parameters" / "limits" / "max_units_per_day.yaml"


@pytest.mark.parametrize(
    ("evidence", "trusted", "severity"),
    [("V", None, "error"), ("S", "Two sources agree", "error"), ("S", None, "warning"),
     ("I", None, "warning"), ("U", None, "warning")],
)  # fmt: skip
def test_a_limit_denies_only_on_verified_or_trusted_evidence(
    rules: Path, evidence: str, trusted: str | None, severity: str
) -> None:
    """ZZ-LIM-0001 (an error rule) denies 17 units on V or trusted S, and warns otherwise."""

    def tag(parameter: dict[str, object]) -> None:
        metadata = parameter["metadata"]
        assert isinstance(metadata, dict)
        metadata["evidence"] = evidence
        metadata["note"] = "A contract excerpt that names no state. More text"
        if trusted is not None:
            metadata["trusted"] = trusted

    _edit(rules / LIMIT, tag)
    result = _check(rules, (MARCH, (), 17))
    found = _by(result, "ZZ-LIM-0001")
    assert [s for s, _ in found] == [severity]
    if severity == "warning":
        assert found[0][1].endswith(
            "Not a denial: this rests on ZZ's ZZ units per day, "
            f"{'taken from a secondary source not marked trusted' if evidence == 'S' else ''}"
            f"{'inferred, not read in a source' if evidence == 'I' else ''}"
            f"{'not found in any source (unknown)' if evidence == 'U' else ''}"
            " (A contract excerpt that names no state)."
        )
        assert result.status == "accepted"
        assert [n.check for n in result.not_checked] == ["limits"]
    else:
        assert result.status == "rejected"
        assert result.fully_checked is True


def test_a_rule_on_inferred_evidence_warns(rules: Path) -> None:
    """The rule's own evidence counts: ZZ-LIM-0001 tagged I gives a warning naming the rule."""

    def inferred(rule: dict[str, object]) -> None:
        rule["evidence"] = "I"
        rule["note"] = "Counting per day is inferred."

    _edit(rules / "states" / "zz" / "checks" / "ZZ-LIM-0001.yaml", inferred)
    result = _check(rules, (MARCH, (), 17))
    [(severity, message)] = _by(result, "ZZ-LIM-0001")
    assert severity == "warning"
    assert message.endswith(
        "Not a denial: this rests on rule ZZ-LIM-0001 (h0038 stays within the ZZ daily unit "
        "cap), inferred, not read in a source (Counting per day is inferred)."
    )


def test_the_doubt_follows_the_value_in_force_on_each_date(rules: Path) -> None:
    """One engine, one rule, two eras: the V value of 2025 denies, the S value of 2026 warns."""

    def dated(parameter: dict[str, object]) -> None:
        values = parameter["values"]
        assert isinstance(values, dict)
        values["2026-01-01"] = {"value": 16, "evidence": "S", "note": "Secondary."}

    _edit(rules / LIMIT, dated)
    result = _check(rules, (date(2025, 6, 2), (), 17), (MARCH, (), 17))
    assert [(f.severity, f.line) for f in result.findings if f.rule_id == "ZZ-LIM-0001"] == [
        ("error", 1),
        ("warning", 2),
    ]


def test_applies_to_values_do_not_weaken_a_finding(rules: Path) -> None:
    """A weak `applies_to` list (zz's procedures tagged I) leaves ZZ-LIM-0001 an error."""

    def inferred(parameter: dict[str, object]) -> None:
        metadata = parameter["metadata"]
        assert isinstance(metadata, dict)
        metadata["evidence"] = "I"
        metadata["note"] = "Inferred."

    _edit(rules / "states" / "zz" / "parameters" / "coverage" / "procedures.yaml", inferred)
    result = _check(rules, (MARCH, (), 17))
    assert [s for s, _ in _by(result, "ZZ-LIM-0001")] == ["error"]


def test_a_passing_line_does_not_pass_a_line_of_the_day_before_since(rules: Path) -> None:
    """A line that passes FED-COV-0005 is remembered per era (`by_codes`); `since` starts an era,
    so a later line dated the day before it is still judged, and denied."""

    def since(pack: dict[str, object]) -> None:
        populations = pack["populations"]
        assert isinstance(populations, dict)
        populations["mental_health"]["since"] = date(2024, 6, 1)

    _edit(rules / "states" / "zz" / "pack.yaml", since)
    result = _check(rules, (date(2024, 6, 1), (), 4), (date(2024, 5, 31), (), 4))
    assert [(f.severity, f.line) for f in result.findings if f.rule_id == "FED-COV-0005"] == [
        ("error", 2)
    ]


def test_the_youth_modifier_on_an_adult_names_the_state_age_and_the_fix(rules: Path) -> None:
    """FED-COV-0007 with the state's own youth age (V): a denial naming the modifier, the
    member's age on the date, the age limit and where it comes from, and what to bill instead."""

    def youth_to_20(pack: dict[str, object]) -> None:
        populations = pack["populations"]
        assert isinstance(populations, dict)
        populations["youth"] = {
            "status": "covered",
            "evidence": "V",
            "citation": "Synthetic: ZZ youth peer support, birth up to 21",
            "max_age": 20,
        }

    _edit(rules / "states" / "zz" / "pack.yaml", youth_to_20)
    result = _check(rules, (MARCH, ("HA",), 4), (MARCH, ("HE",), 4))
    [finding] = [f for f in result.findings if f.rule_id == "FED-COV-0007"]
    assert (finding.severity, finding.line, finding.carc, finding.rarc) == ("error", 1, "6", "N129")
    assert finding.message == (
        "Service line 1 bills H0038 with the youth modifier HA (child and adolescent program) for "
        "member M-1, who is 45 on 2026-03-02; the youth service is for members aged 20 or younger "
        "(ZZ: Synthetic: ZZ youth peer support, birth up to 21)."
    )
    assert finding.fix == (
        "If the member is an adult, bill the adult service without HA; if the date of birth is "
        "wrong, correct the member's date of birth on the claim (DMG02) and ask the administrator "
        "to correct it on file."
    )
    assert [line.status for line in result.lines] == ["rejected", "accepted"]
