"""Words for the clerk: people by name, no file names in a fix, CARC/RARC meanings, `where`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from peerclaims.engine.checks.spec import template_fields
from peerclaims.engine.cli_rules import rules_root
from peerclaims.engine.packs.pack import load_packs
from peerclaims.engine.words import carc_text, element_name, rarc_text, where
from tests.conftest import FIXTURES, REFERENCE, check_fixtures, run_cli

FILE_NAME = re.compile(r"\b[\w-]+\.(?:ya?ml|json|csv|837|py)\b")
NO_TEXT = (None, "")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """The findings, by claim id, of the CT expired-credential fixture and of the TX clean
    fixture without its supervising provider (2310D NM1*DQ), checked by the command line."""
    folder = tmp_path_factory.mktemp("words")
    text = (FIXTURES / "tx" / "clean.837").read_text(encoding="ascii")
    segments = text.split("~\n")
    unsupervised = [s for s in segments if not s.startswith("NM1*DQ*")]
    assert len(unsupervised) == len(segments) - 1
    unsupervised = [re.sub(r"^SE\*30\*", "SE*29*", s) for s in unsupervised]
    tx = folder / "tx-no-supervisor.837"
    tx.write_text("~\n".join(unsupervised), encoding="ascii")
    code, document = check_fixtures("ct/rss-credential-expired.837", tx, store=folder)
    assert code == 1
    assert document["errors"] == []
    return {claim["claim_id"]: claim["findings"] for claim in document["claims"]}


def _only(checked: dict[str, list[dict[str, Any]]], rule_id: str, state: str) -> dict[str, Any]:
    """The first finding by the rule on the claim of the state's file (CT or TX)."""
    (findings,) = [f for claim_id, f in checked.items() if claim_id.startswith(state)]
    found = [f for f in findings if f["rule_id"] == rule_id]
    assert found, [f["rule_id"] for f in findings]
    return found[0]


def test_the_peer_is_named_with_the_npi_beside_the_name(
    checked: dict[str, list[dict[str, Any]]],
) -> None:
    """The expired credential names the peer as the reference data has them, NPI beside."""
    finding = _only(checked, "FED-CRED-0002", "CT")
    peer = "Marlowe Fenwick (synthetic peer) (NPI 1970100032)"
    assert finding["message"].startswith(f"Rendering peer {peer} holds no credential")
    assert "held: CT-RSS (expired 2026-01-31)" in finding["message"]
    assert peer in finding["admin_fix"]


def test_the_fix_names_no_file_and_the_administrator_sentence_does(
    checked: dict[str, list[dict[str, Any]]],
) -> None:
    """The clerk's fix names no file; what the administrator changes is said apart."""
    finding = _only(checked, "FED-CRED-0002", "CT")
    assert FILE_NAME.search(finding["fix"]) is None, finding["fix"]
    assert "administrator" in finding["fix"]
    assert "providers.yaml" in finding["admin_fix"]


def test_the_supervisor_is_named_from_the_peers_record(
    checked: dict[str, list[dict[str, Any]]],
) -> None:
    """With no 2310D on the claim, the fix names the peer's supervisor of record by name."""
    finding = _only(checked, "FED-SUP-0001", "TX")
    assert "Lorna Achterberg, LPC (synthetic supervisor) (NPI 1970200097)" in finding["fix"]
    assert finding["admin_fix"] is None


def test_carc_and_rarc_come_with_their_meaning(checked: dict[str, list[dict[str, Any]]]) -> None:
    """A finding's CARC and RARC carry their short meanings from the code list."""
    finding = _only(checked, "FED-CRED-0002", "CT")
    assert (finding["carc"], finding["rarc"]) == ("B7", "N290")
    assert finding["carc_text"] == (
        "This provider was not certified/eligible to be paid for this procedure/service on "
        "this date of service"
    )
    assert finding["rarc_text"] == (
        "Missing/incomplete/invalid rendering provider primary identifier"
    )


def test_where_says_the_service_line_and_the_element(
    checked: dict[str, list[dict[str, Any]]],
) -> None:
    """`where` reads 'service line 1, rendering provider NPI (2310B NM1-09)'; `location` stays."""
    finding = _only(checked, "FED-CRED-0002", "CT")
    assert finding["where"] == "service line 1, rendering provider NPI (2310B NM1-09)"
    assert finding["location"] == "2310B NM1-09 (line 1)"
    scope = _only(checked, "FED-SCOPE-0001", "CT")
    assert scope["where"] == "payer id (2010BB NM1-09)"


def test_a_syntax_finding_has_words_too() -> None:
    """An X12 finding (SNIP 1-2) gets `where` and the meaning of CARC 16 / RARC MA130."""
    done = run_cli(
        "check",
        "--syntax-only",
        "--format",
        "json",
        FIXTURES / "structure" / "one-bad-claim-of-three.837",
    )
    findings = [f for c in json.loads(done.stdout)["claims"] for f in c["findings"]]
    assert findings
    for finding in findings:
        assert finding["carc_text"] == carc_text("16") is not None
        assert finding["rarc_text"] == rarc_text("MA130") is not None
        assert finding["location"].split(" (line ")[0] in finding["where"]


def test_where_names_elements_and_keeps_unknown_codes() -> None:
    """Loop-specific names first, then the element, then the segment; unknown codes as given."""
    assert element_name("2420D NM1-09") == "supervising provider NPI"
    assert element_name("2300 REF-02 (G1)") == "prior authorization number"
    assert where("2400 SV1-04 (line 2)", 2) == "service line 2, units (2400 SV1-04)"
    assert where("2300 HI-03-2", None) == "diagnosis code (2300 HI-03-2)"
    assert where("? ZZ9-01", 3) == "service line 3, ? ZZ9-01"


def _codes_given() -> tuple[set[str], set[str]]:
    """Every CARC and RARC a rule, the X12 pack or the engine gives."""
    packs = load_packs(rules_root())
    carcs = {r.carc for p in packs.values() for r in p.rules if r.carc}
    rarcs = {r.rarc for p in packs.values() for r in p.rules if r.rarc}
    x12 = yaml.safe_load((rules_root() / "x12" / "pack.yaml").read_text(encoding="utf-8"))
    for item in [x12["defaults"], *x12["codes"]]:
        carcs |= {item["carc"]} if item.get("carc") else set()
        rarcs |= {item["rarc"]} if item.get("rarc") else set()
    return carcs, rarcs


def test_every_code_given_has_a_meaning() -> None:
    """No CARC or RARC a finding can carry lacks its short meaning."""
    carcs, rarcs = _codes_given()
    assert len(carcs) > 15
    assert [c for c in sorted(carcs) if carc_text(c) in NO_TEXT] == []
    assert [c for c in sorted(rarcs) if rarc_text(c) in NO_TEXT] == []


def test_no_rule_fix_names_a_file_and_admin_fixes_use_known_values() -> None:
    """Every rule's message and fix speak to the clerk (no file name); an `admin_fix` may name
    the reference file, and uses only values the rule's message may."""
    packs = load_packs(rules_root())
    rules = [r for p in packs.values() for r in p.rules]
    assert len(rules) > 40
    for rule in rules:
        assert FILE_NAME.search(rule.fix) is None, (rule.id, rule.fix)
        assert FILE_NAME.search(rule.message) is None, (rule.id, rule.message)
    with_admin = [r for r in rules if r.admin_fix]
    assert {"FED-CRED-0001", "FED-CRED-0002", "FED-AUTH-0001"} <= {r.id for r in with_admin}
    for rule in with_admin:
        assert template_fields(rule.admin_fix or "") <= template_fields(rule.message + rule.fix) | {
            "peer",
            "npi",
            "member",
            "date",
            "payer",
            "procedure",
            "state",
            "accepted",
        }


def test_rules_that_name_the_rendering_peer_use_their_name() -> None:
    """No rule says 'peer {npi}': a peer on file is named (`{peer}`)."""
    for pack in load_packs(rules_root()).values():
        for rule in pack.rules:
            for text in (rule.message, rule.fix):
                assert not re.search(r"peer \{npi\}", text), (rule.id, text)


def test_the_code_list_file_is_sourced() -> None:
    """The meanings file cites the domain reference and carries an evidence tag."""
    data = yaml.safe_load(
        (Path(rules_root()) / "federal" / "codes" / "remittance.yaml").read_text(encoding="utf-8")
    )
    assert "4.2" in data["citation"]
    assert "4.3" in data["citation"]
    assert data["evidence"] == "S"


def test_the_table_shows_where_the_codes_meanings_and_the_administrator_sentence() -> None:
    """`check` on a terminal: the finding in words, CARC/RARC with meaning, 'file line'."""
    done = run_cli(
        "check",
        "--detail",  # the worklist leads; the table of every claim names each finding's place
        "--reference",
        REFERENCE,
        FIXTURES / "ct" / "rss-credential-expired.837",
        env={"COLUMNS": "400"},
    )
    out = done.stdout.decode()
    assert done.returncode == 1, done.stderr.decode()
    assert "service line 1, rendering provider NPI (2310B NM1-09)" in out
    assert "for the administrator: If the credential of Marlowe Fenwick" in out
    assert "CARC B7 (This provider was not certified/eligible to be paid" in out
    assert "RARC N290 (Missing/incomplete/invalid rendering provider primary identifier)" in out
    assert ", file line 21" in out


def test_rules_show_says_the_administrator_sentence_apart() -> None:
    """`peerclaims rules show FED-CRED-0002` prints the fix and, on its own line, the
    administrator's sentence."""
    done = run_cli("rules", "show", "FED-CRED-0002")
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    fix = next(line for line in lines if line.startswith("fix: "))
    admin = next(line for line in lines if line.startswith("for the administrator: "))
    assert "providers.yaml" not in fix
    assert "providers.yaml" in admin
