"""Run the Gherkin features of a rule pack through pytest and report which rules they show.

Every rule has scenarios in `features/<pack>/` that show it firing and not firing (product.md).
A scenario shows rule R firing when one of its Then steps reads `the claim has a finding by rule
R` (`FINDING_STEP`), and not firing when one reads `the claim has no finding by rule R`
(`NO_FINDING_STEP`); tests/bdd/conftest.py binds the step definitions to these same patterns,
so what is counted here is what runs there. Tags: a feature carries its pack id (`@ct`), a
scenario the ids of the rules it shows (`@FED-CRED-0002`), an Examples table the pack of its
state variant; pytest-bdd turns each tag into a pytest marker of the same name.

`scenario_specs` reads the features without running them (the rule-coverage test uses it);
`run_features` runs one pack's scenarios in-process with `pytest.main` and returns a
`FeatureReport` the CLI renders (`peerclaims rules test [STATE]`). pytest and pytest-bdd are
imported only there: the engine does not need them to check claims.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from peerclaims.engine.checks.features_found import (
    TEST_MODULE,
    ScenarioFilter,
    pytest_args,
    require_pytest,
    steps_folder,
)
from peerclaims.engine.errors import DataError, UsageError
from peerclaims.engine.packs.pack import load_packs

if TYPE_CHECKING:
    import pytest
    from pytest_bdd.parser import Feature, Scenario

RULE_ID = r"(?P<rule_id>\S+)"
"""A rule id in a step (any word: an unknown id is reported by the coverage test, not skipped)."""

FINDING_STEP = (
    rf"the claim has a finding by rule {RULE_ID}"
    r"(?: with severity (?P<severity>error|warning|info))?"
    r"(?: (?:with|and) CARC (?P<carc>\S+))?"
    r"(?: and RARC (?P<rarc>\S+))?"
)
"""The Then step showing a rule firing: a finding by it, optionally of a severity and CARC."""

NO_FINDING_STEP = rf"the claim has no finding by rule {RULE_ID}"
"""The Then step showing a rule not firing."""

_FINDING = re.compile(FINDING_STEP)
_NO_FINDING = re.compile(NO_FINDING_STEP)

Outcome = Literal["passed", "failed", "skipped"]
"""A scenario's result: its test passed, failed (in any phase), or was skipped."""

RULES_VARIABLE = "PEERCLAIMS_RULES_DIR"
"""The environment variable naming the rules folder the step definitions load."""


@dataclass(frozen=True, slots=True)
class Shows:
    """What a scenario claims about one rule: that it fires, or that it does not."""

    rule_id: str
    fires: bool


def shows(steps: Iterable[tuple[str, str]]) -> tuple[Shows, ...]:
    """The rules a scenario shows firing or not, from its (step type, rendered text) pairs."""
    found: list[Shows] = []
    for kind, text in steps:
        if kind != "then":
            continue
        matched = _FINDING.fullmatch(text)
        if matched is not None:
            found.append(Shows(matched["rule_id"], fires=True))
            continue
        matched = _NO_FINDING.fullmatch(text)
        if matched is not None:
            found.append(Shows(matched["rule_id"], fires=False))
    return tuple(found)


# --- reading the features ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioSpec:
    """One scenario as written (an outline gives one per Examples row), not yet run."""

    feature: str
    """The feature file, relative to the features folder (POSIX)."""
    name: str
    """The scenario's name with the row's values filled in."""
    line: int
    example: str | None
    """The row's values joined by '-' (pytest-bdd's test id), None for a plain scenario."""
    tags: frozenset[str]
    """Tags of the feature, rule, scenario and Examples table together."""
    scenario_tags: frozenset[str]
    """Tags written on the scenario itself."""
    shows: tuple[Shows, ...]


def scenario_specs(features_dir: Path) -> tuple[ScenarioSpec, ...]:
    """Every scenario (and outline row) of every `.feature` file under `features_dir`."""
    from pytest_bdd.parser import FeatureParser  # noqa: PLC0415  # a development dependency

    specs: list[ScenarioSpec] = []
    for path in sorted(features_dir.rglob("*.feature")):
        relative = path.relative_to(features_dir).as_posix()
        feature = FeatureParser(str(features_dir), relative).parse()
        for template in feature.scenarios.values():
            rule_tags = template.rule.tags if template.rule is not None else set()
            base = frozenset(feature.tags | rule_tags | template.tags)
            rows: list[tuple[str | None, dict[str, str], frozenset[str]]] = [
                ("-".join(context.values()), context, frozenset(examples.tags))
                for examples in template.examples
                for context in examples.as_contexts()
            ]
            for example, context, example_tags in rows or [(None, {}, frozenset())]:
                rendered = template.render(context)
                specs.append(
                    ScenarioSpec(
                        feature=relative,
                        name=rendered.name,
                        line=template.line_number,
                        example=example,
                        tags=base | example_tags,
                        scenario_tags=frozenset(template.tags),
                        shows=shows((step.type, step.name) for step in rendered.steps),
                    )
                )
    return tuple(specs)


# --- running the features ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioRun:
    """One scenario (or outline row) as run: where it is, its tags and its outcome."""

    node_id: str
    feature: str
    """The feature file, relative to the features folder (POSIX)."""
    name: str
    example: str | None
    tags: tuple[str, ...]
    outcome: Outcome
    shows: tuple[Shows, ...]
    failure: str | None = None
    """Why it failed: the step, and the expected and actual values its assertion gives."""


@dataclass(frozen=True, slots=True)
class RuleCoverage:
    """The scenarios that show one rule firing and not firing, with their outcomes."""

    rule_id: str
    pack: str
    firing: tuple[ScenarioRun, ...]
    not_firing: tuple[ScenarioRun, ...]

    @property
    def complete(self) -> bool:
        """Shown both firing and not firing."""
        return bool(self.firing) and bool(self.not_firing)

    @property
    def passed(self) -> bool:
        """Complete, and every scenario showing it passed."""
        runs = self.firing + self.not_firing
        return self.complete and all(run.outcome == "passed" for run in runs)


@dataclass(frozen=True, slots=True)
class FeatureReport:
    """What running one pack's features (or all) showed, rule by rule."""

    state: str | None
    """The pack run (lower-case state id, or `federal`), None for every pack."""
    exit_code: int
    """pytest's exit code (0 all passed, 1 some failed, 2 interrupted, 5 no scenario selected)."""
    rules: tuple[RuleCoverage, ...]
    """The pack's rules (every pack's, for None) and the other rules its scenarios show, by id."""
    uncovered: tuple[str, ...]
    """Rules of the pack that no scenario shows firing or not firing."""
    scenarios: tuple[ScenarioRun, ...]
    problems: tuple[str, ...]
    """Failures outside any scenario: collection errors, tests failing before their first step."""
    output: str = ""
    """pytest's own terminal report of the run, for a renderer that wants the tracebacks."""
    junit: Path | None = None
    cucumber_json: Path | None = None
    features: Path | None = None
    """The features folder run."""
    steps: Path | None = None
    """The step definitions' folder (a checkout's `tests/bdd`, or the installed `bdd`)."""
    rules_dir: Path | None = None
    """The rules folder the scenarios were judged by."""
    some_scenarios: bool = False
    """Only scenarios with a name holding some text were run (`--scenario`): a rule they show
    one way only is not a failure of the run."""

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Rules of the pack shown firing or not firing, but not both."""
        return tuple(
            rule.rule_id
            for rule in self.rules
            if (self.state is None or rule.pack == self.state)
            and not rule.complete
            and rule.rule_id not in self.uncovered
        )

    @property
    def ok(self) -> bool:
        """Every scenario passed, and every rule of the pack is shown firing and not firing.

        A rule of another pack (a federal rule in a state's run) need not be shown both ways
        by this pack's scenarios, nor any rule by scenarios picked by name.
        """
        shown = self.some_scenarios or (not self.uncovered and not self.incomplete)
        return (
            self.exit_code == 0
            and not self.problems
            and shown
            and all(run.outcome == "passed" for run in self.scenarios)
        )


@dataclass(slots=True, eq=False)  # a plugin must be hashable: pluggy keeps plugins in sets
class _Collector:
    """A pytest plugin that records, per test, the rendered scenario, its markers and outcome,
    keeping only the scenarios tagged with every one of `marks` (a pack, a rule id)."""

    features_dir: Path
    marks: tuple[str, ...] = ()
    scenarios: dict[str, tuple[Scenario, tuple[str, ...], str | None]] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[Any]) -> None:
        """Keep the scenarios with all the marks (not `-m <pack>`: `or`, Oregon, is a keyword
        of -m)."""
        if not self.marks:
            return

        def marked(item: Any) -> bool:
            return all(item.get_closest_marker(mark) is not None for mark in self.marks)

        kept = [item for item in items if marked(item)]
        dropped = [item for item in items if not marked(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = kept

    def pytest_bdd_step_error(
        self,
        request: pytest.FixtureRequest,
        feature: Feature,
        scenario: Scenario,
        step: Any,
        step_func: Any,
        step_func_args: Any,
        exception: BaseException,
    ) -> None:
        """Keep the first failing step of a scenario and its assertion's message, one line."""
        del feature, scenario, step_func, step_func_args
        text = " ".join(str(exception).split()) or type(exception).__name__
        where = f"line {step.line_number}: " if getattr(step, "line_number", None) else ""
        self.failures.setdefault(
            request.node.nodeid, f"{where}{step.keyword} {step.name}: {text[:400]}"
        )

    def pytest_bdd_before_scenario(
        self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
    ) -> None:
        """Keep the scenario about to run (outline rows rendered) and the test's markers."""
        del feature
        node = request.node
        tags = tuple(
            sorted(
                {m.name for m in node.iter_markers()}
                - {"parametrize", "usefixtures", "filterwarnings"}
            )
        )
        callspec = getattr(node, "callspec", None)
        example = str(callspec.id) if callspec is not None else None
        self.scenarios[node.nodeid] = (scenario, tags, example)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Merge the phases of a test: failed if any failed, else skipped if any skipped."""
        before = self.outcomes.get(report.nodeid)
        if report.failed or before == "failed":
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped or before == "skipped":
            self.outcomes[report.nodeid] = "skipped"
        elif report.when == "call":
            self.outcomes[report.nodeid] = "passed"

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """Keep collection errors (a feature that does not parse, an unregistered tag)."""
        if report.failed:
            text = report.longreprtext.strip().splitlines()
            self.problems.append(f"{report.nodeid or 'collection'}: {text[-1] if text else ''}")

    def unstarted_failures(self) -> list[str]:
        """Tests that failed before their scenario's first step (a fixture's setup, say)."""
        return [
            f"{node_id}: failed before its first step"
            for node_id, outcome in self.outcomes.items()
            if outcome == "failed" and node_id not in self.scenarios
        ]

    def runs(self) -> list[ScenarioRun]:
        """The scenarios that started, in the order they ran, with their outcomes."""
        runs = []
        for node_id, outcome in self.outcomes.items():
            found = self.scenarios.get(node_id)
            if found is None:
                continue
            scenario, tags, example = found
            path = Path(scenario.feature.filename)
            feature = (
                path.relative_to(self.features_dir).as_posix()
                if path.is_relative_to(self.features_dir)
                else path.as_posix()
            )
            runs.append(
                ScenarioRun(
                    node_id=node_id,
                    feature=feature,
                    name=scenario.name,
                    example=example,
                    tags=tags,
                    outcome=outcome,
                    shows=shows((step.type, step.name) for step in scenario.steps),
                    failure=self.failures.get(node_id),
                )
            )
        return runs


@contextmanager
def _fresh_modules(tests_dir: Path) -> Iterator[None]:
    """Import the feature tests afresh for this run, and put back the modules found before.

    pytest.main in-process reuses modules already imported (a second run would not read edited
    features); pytest-bdd also keeps parsed features per process, so that cache is emptied.
    """
    from pytest_bdd import feature as bdd_feature  # noqa: PLC0415  # a development dependency

    def ours() -> dict[str, ModuleType]:
        found: dict[str, ModuleType] = {}
        for name, module in list(sys.modules.items()):
            location = getattr(module, "__file__", None)
            if location and Path(location).resolve().is_relative_to(tests_dir):
                found[name] = module
        return found

    before = ours()
    for name in before:
        del sys.modules[name]
    bdd_feature.features.clear()
    try:
        yield
    finally:
        for name in ours():
            del sys.modules[name]
        sys.modules.update(before)
        bdd_feature.features.clear()


def _coverage(
    runs: Iterable[ScenarioRun],
    rule_pack: Mapping[str, str],
    wanted: Iterable[str],
    only: str | None = None,
) -> tuple[tuple[RuleCoverage, ...], tuple[str, ...]]:
    firing: dict[str, list[ScenarioRun]] = {rule: [] for rule in wanted}
    not_firing: dict[str, list[ScenarioRun]] = {rule: [] for rule in firing}
    for run in runs:
        for shown in run.shows:
            if only is not None and shown.rule_id != only:
                continue
            firing.setdefault(shown.rule_id, [])
            not_firing.setdefault(shown.rule_id, [])
            (firing if shown.fires else not_firing)[shown.rule_id].append(run)
    coverage = tuple(
        RuleCoverage(
            rule_id=rule,
            pack=rule_pack.get(rule, "(unknown rule)"),
            firing=tuple(firing[rule]),
            not_firing=tuple(not_firing[rule]),
        )
        for rule in sorted(firing)
    )
    uncovered = tuple(c.rule_id for c in coverage if not c.firing and not c.not_firing)
    return coverage, uncovered


def run_features(
    features_dir: Path,
    state: str | None,
    junit: Path | None,
    cucumber_json: Path | None,
    rules_dir: Path | None = None,
    *,
    rule: str | None = None,
    scenario: str | None = None,
) -> FeatureReport:
    """Run the scenarios of one pack (`state`: `ct`, `federal`, ...; None: all) with pytest.

    A pack's scenarios are those tagged with its id: its own features, and the rows of the
    federal features' Examples tables tagged with it; `rule` keeps those tagged with that rule
    id (and reports that rule only), `scenario` those whose name holds that text (any case).
    The run writes JUnit XML and Cucumber JSON when asked. The step definitions are
    `features_found.steps_folder(features_dir)`: a checkout's `tests/bdd/`, or the installed
    package's; the rules are `rules_dir`, by default the checkout's `rules/` (a draft of a rule
    change can be tested from elsewhere).
    """
    pytest = require_pytest()
    features = features_dir.resolve()
    tests = steps_folder(features)
    root = tests.parents[1] if tests.name == "bdd" and tests.parent.name == "tests" else None
    rules = rules_dir.resolve() if rules_dir is not None else (root or features.parent) / "rules"
    module = tests / TEST_MODULE
    if not features.is_dir():
        raise DataError(str(features_dir), "missing: the features folder is not there")
    if not module.is_file():
        raise DataError(str(module), "missing: the module binding the features to pytest")
    packs = load_packs(rules)
    pack = state.lower() if state is not None else None
    if pack is not None and pack not in packs:
        known = ", ".join(sorted(packs))
        raise UsageError(f"{state}: no rule pack with that id (packs: {known})")
    rule_pack = {each.id: p.id for p in packs.values() for each in p.rules}
    if rule is not None and rule not in rule_pack:
        raise UsageError(f"{rule}: no rule with that id in the packs of {rules}")

    marks = tuple(m for m in (pack, rule) if m)  # kept by the collector: `-m or` fails
    args = pytest_args(module, features, [], junit, cucumber_json)
    collector = _Collector(features, marks)
    plugins: list[object] = [collector]
    if scenario is not None:
        plugins.append(ScenarioFilter(scenario))
    output = io.StringIO()
    saved = os.environ.get(RULES_VARIABLE)
    os.environ[RULES_VARIABLE] = str(rules)
    try:
        with _fresh_modules(tests.resolve()), redirect_stdout(output), redirect_stderr(output):
            exit_code = int(pytest.main(args, plugins=plugins))
    finally:
        if saved is None:
            del os.environ[RULES_VARIABLE]
        else:
            os.environ[RULES_VARIABLE] = saved
    runs = collector.runs()
    if rule is not None:
        wanted = [rule]
    else:
        wanted = [each for each, owner in rule_pack.items() if pack is None or owner == pack]
    coverage, uncovered = _coverage(runs, rule_pack, wanted, rule)
    return FeatureReport(
        state=pack,
        exit_code=exit_code,
        rules=coverage,
        uncovered=uncovered,
        scenarios=tuple(runs),
        problems=(*collector.problems, *collector.unstarted_failures()),
        output=output.getvalue(),
        junit=junit,
        cucumber_json=cucumber_json,
        features=features,
        steps=tests,
        rules_dir=rules,
        some_scenarios=scenario is not None,
    )


__all__ = [
    "FINDING_STEP",
    "NO_FINDING_STEP",
    "RULES_VARIABLE",
    "FeatureReport",
    "RuleCoverage",
    "ScenarioRun",
    "ScenarioSpec",
    "Shows",
    "run_features",
    "scenario_specs",
    "shows",
]
