"""Pack loading: the seven packs, content hashes, the codes they define, and one-line errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from peerclaims.engine.changelog import pack_changelog
from peerclaims.engine.errors import DataError
from peerclaims.engine.packs import (
    Pack,
    all_parameters,
    known_credentials,
    known_programs,
    load_pack,
    load_packs,
)
from peerclaims.engine.reference.loader import load_reference_dir

from .conftest import RULES, WAVE_1, parameter_text, write

# fmt: off
STATES_AND_DC = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
    "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
    "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
)
# fmt: on
"""USPS codes of the 50 states and DC."""

WAVE_1_CREDENTIALS = frozenset(
    {
        "CT-RSS",
        "CT-RC",
        "CT-CPSRP",
        "CT-CPSRP-P",
        "TX-CPS",
        "NC-CPSS",
        "NJ-CPRS",
        "WA-CPC",
        "WA-CPS",
        "WA-CPS-T",
        "GA-CPS-MH",
        "GA-CPS-AD",
        "GA-CPS-P",
        "GA-CPS-Y",
    }
)
"""reference-codes.md, "Credential types": every code of the wave-1 states."""

REFERENCE_DATA = Path(__file__).resolve().parents[1] / "reference" / "data" / "valid"


def _rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES / "federal", target / "federal")
    shutil.copytree(RULES / "states", target / "states")
    return target


def _message(root: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_packs(root)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_load_packs_loads_federal_and_every_state_and_dc(packs: dict[str, Pack]) -> None:
    """`load_packs` reads rules/federal and a rules/states folder for each state and DC."""
    assert list(packs) == ["federal", *sorted(s.lower() for s in STATES_AND_DC)]
    assert packs["federal"].state is None
    assert packs["federal"].extends == ()
    for state in (s.lower() for s in STATES_AND_DC):
        assert packs[state].state == state.upper()
        assert packs[state].extends == ("federal",)
        assert packs[state].version
        assert packs[state].supported.contains(packs[state].supported.start)
        assert packs[state].directory == RULES / "states" / state


def test_sha256_is_stable_and_independent_of_the_folders_place(
    tmp_path: Path, packs: dict[str, Pack]
) -> None:
    """Two loads of the same files give the same hashes, wherever the folder is."""
    again = load_packs(_rules_copy(tmp_path))
    assert {i: p.sha256 for i, p in again.items()} == {i: p.sha256 for i, p in packs.items()}
    assert all(len(p.sha256) == 64 for p in packs.values())
    assert len({p.sha256 for p in packs.values()}) == len(packs)


def test_sha256_changes_when_a_file_of_the_pack_changes(tmp_path: Path) -> None:
    """Editing, adding or renaming a file changes that pack's hash and no other."""
    root = _rules_copy(tmp_path)
    before = {i: p.sha256 for i, p in load_packs(root).items()}
    readme = root / "states" / "nj" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = {i: p.sha256 for i, p in load_packs(root).items()}
    assert edited["nj"] != before["nj"]
    assert {i: h for i, h in edited.items() if i != "nj"} == {
        i: h for i, h in before.items() if i != "nj"
    }
    write(root / "states" / "tx", "NOTES.md", "added\n")
    added = load_pack(root / "states" / "tx").sha256
    assert added != before["tx"]
    (root / "states" / "tx" / "NOTES.md").rename(root / "states" / "tx" / "OTHER.md")
    assert load_pack(root / "states" / "tx").sha256 not in {added, before["tx"]}


def test_known_programs_are_the_51_medicaid_codes_and_the_waivers(
    packs: dict[str, Pack],
) -> None:
    """The federal pack defines `<ST>-MEDICAID` for the 50 states and DC; a state pack its own."""
    programs = known_programs(packs)
    medicaid = {f"{state}-MEDICAID" for state in STATES_AND_DC}
    assert len(medicaid) == 51
    assert {c.code for c in packs["federal"].programs} == medicaid
    assert programs >= medicaid | {"CT-MHW", "NY-CFTSS"}
    assert [c.code for c in packs["ct"].programs] == ["CT-MHW"]
    assert "NY-CFTSS" in {c.code for c in packs["ny"].programs}
    for pack in packs.values():
        if pack.state is not None:
            assert all(c.code.startswith(f"{pack.state}-") for c in pack.programs)
    assert known_programs(packs.values()) == programs


def test_known_credentials_cover_the_contract_for_the_wave_1_states(
    packs: dict[str, Pack],
) -> None:
    """Every credential code reference-codes.md gives for CT, TX, NC, NJ, WA and GA is defined."""
    assert known_credentials(packs) >= WAVE_1_CREDENTIALS
    assert {c.code for s in WAVE_1 for c in packs[s].credentials} == WAVE_1_CREDENTIALS
    for pack in packs.values():
        if pack.state is not None:
            assert all(c.code.startswith(f"{pack.state}-") for c in pack.credentials)


def test_the_reference_loader_accepts_the_codes_the_packs_define(packs: dict[str, Pack]) -> None:
    """The reference test directory loads with the packs' codes as the known codes."""
    data = load_reference_dir(
        REFERENCE_DATA,
        known_programs=known_programs(packs),
        known_credentials=known_credentials(packs),
    )
    assert data.members


def test_all_parameters_answer_by_dotted_name(packs: dict[str, Pack]) -> None:
    """The parameters of every pack are one lookup by `<pack>.<path>` name."""
    parameters = all_parameters(packs)
    assert parameters.value_on("nj.limits.max_units_per_day", date(2020, 7, 1)) == 16
    assert "tx.limits.max_group_size" in parameters


def _break(root: Path, relative: str, old: str, new: str) -> Path:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_pack_id_must_be_its_folder_name(tmp_path: Path) -> None:
    """A pack.yaml whose id is not its folder's name is refused, naming the file."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/nj/pack.yaml", "id: nj", "id: ny")
    _break(root, "states/nj/pack.yaml", "state: NJ", "state: NY")
    assert _message(root) == f"{path}: id: 'ny' is not the folder name 'nj'"


def test_state_must_match_the_pack_id(tmp_path: Path) -> None:
    """A state pack's `state` is its id in upper case."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/nj/pack.yaml", "state: NJ", "state: NY")
    assert _message(root) == f"{path}: state: pack 'nj' must have state NJ, not NY"


def test_extends_must_name_a_loaded_pack(tmp_path: Path) -> None:
    """A pack extending a pack that is not loaded is refused."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/wa/pack.yaml", "extends: [federal]", "extends: [federal, zz]")
    assert _message(root) == f"{path}: extends: no pack 'zz' is loaded"


def test_extends_must_not_cycle(tmp_path: Path) -> None:
    """Two packs extending each other are refused."""
    root = _rules_copy(tmp_path)
    _break(root, "states/ct/pack.yaml", "extends: [federal]", "extends: [federal, ga]")
    path = _break(root, "states/ga/pack.yaml", "extends: [federal]", "extends: [federal, ct]")
    assert _message(root) in {
        f"{root / 'states/ct/pack.yaml'}: extends: a cycle (ct -> ga -> ct)",
        f"{path}: extends: a cycle (ga -> ct -> ga)",
    }


def test_a_code_is_defined_by_one_pack_only(tmp_path: Path) -> None:
    """A program code defined by two packs is refused, naming both files."""
    root = _rules_copy(tmp_path)
    write(
        root / "states" / "tx",
        "codes/programs.yaml",
        "- {code: TX-MEDICAID, label: Texas Medicaid, issuer: HHSC, citation: test, evidence: V}\n",
    )
    assert _message(root) == (
        f"{root / 'states/tx/codes/programs.yaml'}: code TX-MEDICAID: already defined in "
        f"{root / 'federal/codes/programs.yaml'}"
    )


def test_a_state_pack_defines_its_own_state_codes_only(tmp_path: Path) -> None:
    """A TX pack defining a CT credential is refused."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/tx/codes/credentials.yaml", "code: TX-CPS", "code: CT-XYZ")
    assert _message(root) == (
        f"{path}: record 1 (code CT-XYZ): code: a TX pack defines TX- codes only"
    )


def test_unverified_code_needs_a_note(tmp_path: Path) -> None:
    """A code whose evidence is not V must say what is not verified in a note."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/tx/codes/credentials.yaml", "evidence: V", "evidence: S")
    assert _message(root) == (
        f"{path}: record 1 (code TX-CPS): note: required when evidence is S "
        "(say what is not verified)"
    )


def test_a_code_or_fact_marked_trusted_must_be_secondary(tmp_path: Path) -> None:
    """One evidence validator for codes, facts and rules: `trusted` is said of an S fact only."""
    root = _rules_copy(tmp_path)
    path = _break(
        root, "states/tx/codes/credentials.yaml", "evidence: V", "evidence: V\n  trusted: why"
    )
    assert _message(root) == (
        f"{path}: record 1 (code TX-CPS): trusted: only a secondary (evidence S) fact is marked "
        "trusted, not V"
    )
    # a rule's own basis goes through the same check (engine/packs/parameters.py check_trusted)
    root = _rules_copy(tmp_path / "rule")
    path = _break(root, "federal/checks/FED-SCOPE-0003.yaml", "evidence: V", "evidence: I")
    path.write_text(path.read_text(encoding="utf-8") + "trusted: why\n", encoding="utf-8")
    assert _message(root) == (
        f"{path}: trusted: only a secondary (evidence S) fact is marked trusted, not I"
    )


def test_releases_start_with_the_pack_version_and_the_changelog_lists_them(
    tmp_path: Path, packs: dict[str, Pack]
) -> None:
    """`releases` (latest first) begins with `version`; `rules changelog` lists each release with
    the rule ids it changed. A pack whose first release is not its version is refused."""
    federal = [e for e in pack_changelog(packs, "federal") if e.kind == "pack"]
    assert [(e.change, e.date) for e in federal] == [("released", date(2026, 12, 7))] * 3
    issue16, issue17, latest = (e.after or "" for e in federal)  # oldest first
    assert issue17.startswith("2026.12.2: ") and issue16.startswith("2026.12.1: ")
    assert latest.startswith("2026.12.3: ") and "FED-FREQ-0001" in latest
    for rule_id in ("FED-CRED-0004", "FED-COV-0008", "FED-CRED-0005", "FED-FREQ-0001"):
        assert rule_id in issue17
    for rule_id in ("FED-UNIT-0001", "FED-MOD-0001", "FED-POS-0001", "FED-ELIG-0003"):
        assert rule_id in issue16
    assert packs["federal"].version == packs["federal"].releases[0].version
    root = _rules_copy(tmp_path)
    path = _break(root, "states/nj/pack.yaml", 'version: "2026.12.1"\n#', 'version: "2026.12.9"\n#')
    assert _message(root) == (
        f"{path}: releases: the first (latest) is 2026.12.1, not the pack's version 2026.12.9"
    )


def test_duplicate_code_in_one_file(tmp_path: Path) -> None:
    """A code listed twice in one file is refused, naming both records."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/wa/codes/credentials.yaml", "code: WA-CPS-T", "code: WA-CPC")
    assert _message(root) == f"{path}: record 3 (code WA-CPC): code: duplicate of record 1"


def test_unknown_file_in_codes_is_refused(tmp_path: Path) -> None:
    """A misnamed code file is refused rather than silently ignored."""
    root = _rules_copy(tmp_path)
    path = write(root / "states" / "ga", "codes/credential.yaml", "[]\n")
    assert _message(root) == (
        f"{path}: not a code file (expected programs.yaml or credentials.yaml)"
    )


def test_broken_parameter_file_stops_load_packs(tmp_path: Path) -> None:
    """A broken parameter file in any pack stops the load with its one-line message."""
    root = _rules_copy(tmp_path)
    path = write(
        root / "states" / "nc", "parameters/limits/bad.yaml", parameter_text("  2020-02-30: 1\n")
    )
    assert _message(root) == f"{path}: values: '2020-02-30' is not an ISO date (YYYY-MM-DD)"


def test_supported_end_before_start_is_refused(tmp_path: Path) -> None:
    """A supported range that ends before it starts is refused."""
    root = _rules_copy(tmp_path)
    path = _break(root, "states/tx/pack.yaml", "end: 2027-12-31", "end: 2018-12-31")
    assert _message(root) == f"{path}: supported: end 2018-12-31 is before start 2019-01-01"


def test_federal_pack_is_required(tmp_path: Path) -> None:
    """A rules folder without rules/federal is refused."""
    root = _rules_copy(tmp_path)
    shutil.rmtree(root / "federal")
    assert _message(root) == f"{root / 'federal'}: missing: the federal pack is required"


ZY = Path(__file__).resolve().parents[1] / "bdd" / "packs" / "zy"
"""The test pack of the population scenarios: credentials and ages per population."""


def test_population_and_credential_age_fields_are_validated(tmp_path: Path) -> None:
    """The optional population fields load as written (a credentials list's own basis, ages);
    reversed ages, a basis without bounds and an unverified basis without a note are each one
    line naming the file and field."""
    pack = load_pack(ZY)
    assert pack.populations is not None
    family, sud = pack.populations.family, pack.populations.sud
    assert (family.max_age, family.credentials_fact().evidence) == (20, "I")
    assert sud.credentials_fact().evidence == "V" and sud.evidence == "S"
    youth = pack.populations.youth
    assert youth.credentials_fact() is youth
    codes = {c.code: c for c in pack.credentials}
    assert (codes["ZY-YPS"].peer_min_age, codes["ZY-YPS"].peer_max_age) == (18, 30)
    assert codes["ZY-YPS"].peer_age_fact().citation == codes["ZY-YPS"].citation
    assert codes["ZY-YPT"].peer_age_fact().evidence == "S"

    cases = [
        ("pack.yaml", "    min_age: 12\n", "    min_age: 21\n", "max_age 20 is below min_age 21"),
        (
            "codes/credentials.yaml",
            "peer_max_age: 30",
            "peer_max_age: 17",
            "peer_max_age 17 is below peer_min_age 18",
        ),
        (
            "codes/credentials.yaml",
            "  peer_min_age: 18\n  peer_max_age: 26\n",
            "",
            "peer_age_basis: given without peer_min_age or peer_max_age",
        ),
        (
            "pack.yaml",
            '      note: "Inferred: the manual',
            '      citation2: "Inferred: the manual',
            "credentials_basis",
        ),
    ]
    for number, (relative, old, new, said) in enumerate(cases):
        folder = tmp_path / str(number) / "zy"
        shutil.copytree(ZY, folder)
        path = _break(folder, relative, old, new)
        with pytest.raises(DataError) as caught:
            load_pack(folder)
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith(f"{path}: ") and said in message, message


def test_national_credentials_are_federal_codes_a_state_may_list(packs: dict[str, Pack]) -> None:
    """MHA NCPS, NAADAC NCPRSS and IC&RC PR are federal codes, V for their existence, that the
    reference loader accepts; every code a state's populations list is defined by a pack."""
    federal = {c.code: c for c in packs["federal"].credentials}
    assert set(federal) == {"US-MHA-NCPS", "US-NAADAC-NCPRSS", "US-ICRC-PR"}
    assert all(c.evidence == "V" and "https://" in c.citation for c in federal.values())
    assert set(federal) <= known_credentials(packs)
    zy = load_pack(ZY)
    credentials = known_credentials([*packs.values(), zy])
    programs = known_programs([*packs.values(), zy])
    for pack in [*packs.values(), zy]:
        for name, fact in pack.populations or ():
            assert set(fact.credentials) <= credentials, f"{pack.id} {name}: {fact.credentials}"
            assert set(fact.programs) <= programs, f"{pack.id} {name}: {fact.programs}"
