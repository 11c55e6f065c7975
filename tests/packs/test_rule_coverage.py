"""Every rule is specified in Gherkin: scenarios tagged with its id show it firing and not firing.

The scenarios are read from features/ without running them (tests/bdd runs them); a scenario
shows a rule firing or not by its Then steps (`engine/checks/features.py`). The rules are also
checked for what a finding needs to be actionable: a citation, a start date and a CARC.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from pytest_bdd.gherkin_parser import get_gherkin_document

from peerclaims.engine.checks.features import ScenarioSpec, Shows, scenario_specs, shows
from peerclaims.engine.checks.spec import Rule
from peerclaims.engine.packs import Pack

from .conftest import RULES

FEATURES = RULES.parent / "features"


@pytest.fixture(scope="module")
def specs() -> tuple[ScenarioSpec, ...]:
    """Every scenario (outline rows expanded) of features/."""
    return scenario_specs(FEATURES)


def _rules(packs: Mapping[str, Pack]) -> dict[str, Rule]:
    return {rule.id: rule for pack in packs.values() for rule in pack.rules}


def _where(spec: ScenarioSpec) -> str:
    row = f" [{spec.example}]" if spec.example is not None else ""
    return f"{spec.feature}:{spec.line} {spec.name!r}{row}"


def coverage_problems(rule_ids: Iterable[str], specs: Iterable[ScenarioSpec]) -> list[str]:
    """Rules lacking a scenario tagged with their id that shows them firing, or not firing."""
    specs = list(specs)
    problems = []
    for rule_id in sorted(rule_ids):
        tagged = [s for s in specs if rule_id in s.tags]
        for fires, what in ((True, "firing"), (False, "not firing")):
            if not any(Shows(rule_id, fires) in s.shows for s in tagged):
                problems.append(f"{rule_id}: no scenario tagged @{rule_id} shows it {what}")
    return problems


def tag_problems(
    pack_ids: Iterable[str], rule_ids: Iterable[str], specs: Iterable[ScenarioSpec]
) -> list[str]:
    """Tags that are neither a pack id nor a loaded rule id; rules shown that are not loaded;
    scenarios whose rule tags are not exactly the rules they show."""
    packs = set(pack_ids)
    rules = set(rule_ids)
    problems = []
    for spec in specs:
        for tag in sorted(spec.tags - packs - rules):
            problems.append(f"{_where(spec)}: tag @{tag} is neither a pack nor a loaded rule id")
        shown = {s.rule_id for s in spec.shows}
        for rule_id in sorted(shown - rules):
            problems.append(f"{_where(spec)}: shows {rule_id}, which is not a loaded rule")
        tagged = spec.tags & rules
        if not shown:
            problems.append(f"{_where(spec)}: shows no rule firing or not firing")
        for rule_id in sorted(shown & rules - tagged):
            problems.append(f"{_where(spec)}: shows {rule_id} but is not tagged @{rule_id}")
        for rule_id in sorted(tagged - shown):
            problems.append(f"{_where(spec)}: tagged @{rule_id} but shows nothing of it")
    return problems


# --- the repository's rules and features ---------------------------------------------------------


def test_features_are_there(specs: tuple[ScenarioSpec, ...], packs: dict[str, Pack]) -> None:
    """Every pack has a folder of features with scenarios in it."""
    folders = {spec.feature.split("/")[0] for spec in specs}
    assert folders == set(packs)


def test_every_rule_is_shown_firing_and_not_firing(
    packs: dict[str, Pack], specs: tuple[ScenarioSpec, ...]
) -> None:
    """Each loaded rule has scenarios tagged with its id showing it firing and not firing."""
    problems = coverage_problems(_rules(packs), specs)
    assert not problems, "\n".join(problems)


def test_every_tag_is_a_pack_or_a_rule_and_matches_what_the_scenario_shows(
    packs: dict[str, Pack], specs: tuple[ScenarioSpec, ...]
) -> None:
    """No tag names an unknown rule; a scenario is tagged with exactly the rules it shows."""
    problems = tag_problems(packs, _rules(packs), specs)
    assert not problems, "\n".join(problems)


def test_every_rule_has_a_citation_a_start_date_and_a_carc(packs: dict[str, Pack]) -> None:
    """A finding names its source and the date the rule took effect; a rule that may deny (an
    error) names the payer's reason code (a warning that only says what was not checked has
    none to give)."""
    problems = [
        f"{rule.id}: missing {field}"
        for rule in _rules(packs).values()
        for field, value in (
            ("citation", rule.citation),
            ("start", rule.start),
            ("carc", rule.carc if rule.severity == "error" else "n/a"),
        )
        if not value
    ]
    assert not problems, "\n".join(problems)


def test_every_feature_is_tagged_with_the_pack_of_its_folder(packs: dict[str, Pack]) -> None:
    """features/<pack>/*.feature carries the tag @<pack>, so `-m <pack>` selects it."""
    problems = []
    for path in sorted(FEATURES.rglob("*.feature")):
        relative = path.relative_to(FEATURES)
        folder = relative.parts[0]
        if folder not in packs or len(relative.parts) != 2:
            problems.append(f"{relative}: not in a folder named for a pack")
            continue
        tags = {tag.name.lstrip("@") for tag in get_gherkin_document(str(path)).feature.tags}
        if folder not in tags:
            problems.append(f"{relative}: the feature is not tagged @{folder}")
    assert not problems, "\n".join(problems)


def test_scenario_names_are_unique_within_a_feature() -> None:
    """pytest-bdd binds scenarios by name: a repeated name would hide the earlier scenario."""
    problems = []
    for path in sorted(FEATURES.rglob("*.feature")):
        document = get_gherkin_document(str(path))
        names = Counter(
            child.scenario.name for child in document.feature.children if child.scenario
        )
        problems += [
            f"{path.relative_to(FEATURES)}: {n!r} twice" for n, c in names.items() if c > 1
        ]
    assert not problems, "\n".join(problems)


# --- the checks themselves -----------------------------------------------------------------------


def test_then_steps_say_which_rules_fire() -> None:
    """Then steps about findings are read as firing or not; other steps are ignored."""
    steps = [
        ("given", "the claim has a finding by rule FED-X-0001"),
        ("then", "the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7"),
        ("then", "the claim has a finding by rule FED-COV-0001"),
        ("then", "the claim has no finding by rule NJ-LIM-0001"),
        ("then", "the claim is accepted"),
    ]
    assert shows(steps) == (
        Shows("FED-CRED-0002", fires=True),
        Shows("FED-COV-0001", fires=True),
        Shows("NJ-LIM-0001", fires=False),
    )


FEATURE = """\
@nj
Feature: A test feature
  @NJ-LIM-0001
  Scenario Outline: Units are capped
    Given a claim line H0038 with modifiers HF units <units> on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule NJ-LIM-0001

    Examples:
      | units | verdict        |
      | 16    | has no finding |

  @NJ-XXX-0009
  Scenario: A scenario tagged with a rule that does not exist
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule NJ-COD-0001
"""


def test_the_checks_catch_missing_sides_unknown_tags_and_untagged_rules(tmp_path: Path) -> None:
    """A rule shown only not firing, a tag naming no rule and a shown rule not tagged are caught."""
    (tmp_path / "nj").mkdir()
    (tmp_path / "nj" / "limits.feature").write_text(FEATURE, encoding="utf-8")
    specs = scenario_specs(tmp_path)
    assert [s.example for s in specs] == ["16-has no finding", None]
    rules = ["NJ-LIM-0001", "NJ-COD-0001"]
    assert coverage_problems(rules, specs) == [
        "NJ-COD-0001: no scenario tagged @NJ-COD-0001 shows it firing",
        "NJ-COD-0001: no scenario tagged @NJ-COD-0001 shows it not firing",
        "NJ-LIM-0001: no scenario tagged @NJ-LIM-0001 shows it firing",
    ]
    where = "nj/limits.feature:14 'A scenario tagged with a rule that does not exist'"
    assert tag_problems(["nj"], rules, specs) == [
        f"{where}: tag @NJ-XXX-0009 is neither a pack nor a loaded rule id",
        f"{where}: shows NJ-COD-0001 but is not tagged @NJ-COD-0001",
    ]
