"""`check --trace`, `check --record` and `rules list/show` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.store import Store
from tests.conftest import FIXTURES, REFERENCE, run_cli


def test_trace_names_rules_fired_and_dated_values_with_sources() -> None:
    """--trace lists the rules evaluated per claim, which fired, each value's date and source."""
    path = FIXTURES / "nj" / "missing-hf-modifier.837"
    args = ("check", "--format", "json", "--reference", REFERENCE, "--trace", path)
    done = run_cli(*args)
    assert done.returncode == 1
    assert done.stdout == run_cli(*args).stdout  # deterministic
    claim = json.loads(done.stdout)["claims"][0]
    fired = {t["rule_id"] for t in claim["trace"] if t["fired"]}
    assert "NJ-COD-0001" in fired
    [hf] = [t for t in claim["trace"] if t["rule_id"] == "NJ-COD-0001"]
    [required] = [p for p in hf["parameters"] if p["name"] == "nj.coverage.required_modifiers"]
    assert required["value"] == "HF"
    assert required["start"] == "2020-07-01"
    assert required["source"].startswith("[S17]")
    quiet = {t["rule_id"] for t in claim["trace"] if not t["fired"]}
    assert "NJ-LIM-0001" in quiet


def test_without_trace_the_document_has_no_trace_field() -> None:
    """The trace is only in the document when asked for."""
    done = run_cli(
        "check", "--format", "json", "--reference", REFERENCE, FIXTURES / "nc" / "clean.837"
    )
    assert done.returncode == 0
    assert '"trace"' not in done.stdout.decode()


def test_record_twice_does_not_double_and_later_runs_see_the_lines(tmp_path: Path) -> None:
    """--record stores accepted lines once; the next run finds the same claim a duplicate."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path)}
    loaded = run_cli("reference", "load", REFERENCE, env=env)
    assert loaded.returncode == 0, loaded.stderr
    clean = FIXTURES / "nc" / "clean.837"
    first = run_cli("check", "--record", clean, env=env)
    assert first.returncode == 0
    assert b"recorded 2 new accepted lines" in first.stderr
    again = run_cli("check", "--format", "json", "--record", clean, env=env)
    assert again.returncode == 1
    assert b"recorded 0 new accepted lines" in again.stderr
    findings = json.loads(again.stdout)["claims"][0]["findings"]
    assert {f["rule_id"] for f in findings if f["severity"] == "error"} == {"FED-DUP-0001"}


def test_rules_list_and_show() -> None:
    """`rules list` names every rule; `rules show` gives a rule's citation and dated values."""
    listed = run_cli("rules", "list")
    assert listed.returncode == 0
    for rule_id in ("FED-CRED-0002", "NJ-LIM-0001", "GA-COD-0001", "TX-LIM-0001"):
        assert rule_id in listed.stdout.decode()
    shown = run_cli("rules", "show", "NJ-LIM-0001")
    text = shown.stdout.decode()
    assert shown.returncode == 0
    assert "[S17]" in text
    assert "nj.limits.max_units_per_day from 2020-07-01: 16" in text
    unknown = run_cli("rules", "show", "XX-NOPE-0001")
    assert unknown.returncode == 2
    assert b"no rule XX-NOPE-0001" in unknown.stderr
    assert b"Traceback" not in unknown.stderr


def test_rules_changelog_lists_dated_values_with_their_citation() -> None:
    """`rules changelog WA` gives each dated value of the WA pack, with the value it replaced."""
    done = run_cli("rules", "changelog", "WA")
    text = " ".join(done.stdout.decode().split())
    assert done.returncode == 0
    assert "2027-01-01" in text
    assert "wa.credentials.accepted" in text
    assert "WA-CPS, WA-CPS-T" in text
    assert "[S30]" in text


def test_rules_diff_of_a_folder_with_itself_is_empty() -> None:
    """Two identical versions of the rules differ in nothing."""
    done = run_cli("rules", "diff", "rules", "rules")
    assert done.returncode == 0
    assert "0 changes" in done.stdout.decode()


def test_rules_test_prints_coverage_and_writes_junit_and_cucumber(tmp_path: Path) -> None:
    """`rules test GA` runs GA's scenarios, lists each rule shown both ways, writes both reports."""
    junit = tmp_path / "ga.xml"
    cucumber = tmp_path / "ga.json"
    done = run_cli(
        "rules", "test", "GA", "--junit", junit, "--cucumber-json", cucumber, timeout=300
    )
    text = done.stdout.decode()
    assert done.returncode == 0, text[-2000:]
    assert "GA-COD-0001" in text
    assert "rules shown both ways" in text
    assert "<testsuite" in junit.read_text(encoding="utf-8")
    assert json.loads(cucumber.read_text(encoding="utf-8"))
    unknown = run_cli("rules", "test", "ZZ")
    assert unknown.returncode == 2
    assert b"zz: no rule pack" in unknown.stderr
    assert b"Traceback" not in unknown.stderr


def test_record_stores_the_billing_provider_and_the_rendering_peer(tmp_path: Path) -> None:
    """A recorded line is a history line: `provider_npi` its billing provider (2010AA), the peer
    who rendered it (2420A/2310B) in `rendering_npi`, so an authorization is used up by the
    lines of the provider it was issued to."""
    env = {"PEERCLAIMS_DATA_DIR": str(tmp_path)}
    assert run_cli("reference", "load", REFERENCE, env=env).returncode == 0
    assert run_cli("check", "--record", FIXTURES / "nc" / "clean.837", env=env).returncode == 0
    with Store(f"sqlite:///{tmp_path}/peerclaims.sqlite3") as store:
        recorded = [h for h in store.history("NCS0000401") if isinstance(h, RecordedLine)]
    assert [(h.provider_npi, h.rendering_npi) for h in recorded] == [
        ("1970400010", "1970400028"),
        ("1970400010", "1970400028"),
    ]
