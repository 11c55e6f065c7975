"""Where `peerclaims rules test` finds the features and their step definitions, and which
scenarios it runs (`--scenario TEXT`).

A checkout has `features/` (the Gherkin, one folder per pack) and `tests/bdd/` (the step
definitions, `test_features.py` binding them, the test packs `zz` and `zy`). An installed
peerclaims ships both: `features/` as the package `peerclaims.features` and `tests/bdd/` as
`peerclaims.bdd` (pyproject.toml), so `rules test` runs the same scenarios with the same steps
from a wheel as from a checkout (pytest and pytest-bdd must be installed: the `dev` extra).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from peerclaims.engine.errors import DataError, UsageError

if TYPE_CHECKING:
    import pytest

TEST_MODULE = "test_features.py"
"""The module that binds every feature to pytest (`scenarios(...)`)."""
_EXAMPLE = "_pytest_bdd_example"
"""pytest-bdd's parameter holding an outline row's values."""


def shipped_features() -> Path:
    """The features shipped with peerclaims (the `peerclaims.features` package data folder).

    An editable install links the package's files to the checkout's: the folder is then found
    by following `README.md`'s link (as `rules_root` does for the rules)."""
    spec = importlib.util.find_spec("peerclaims.features")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise DataError("peerclaims.features", "missing: this installation ships no features")
    folder = Path(locations[0])
    readme = folder / "README.md"
    return readme.resolve().parent if readme.is_symlink() else folder


def steps_folder(features: Path) -> Path:
    """The step definitions that go with a features folder: `tests/bdd/` of the nearest folder
    above it that has them (a checkout), else `bdd/` beside it (an installed peerclaims)."""
    for folder in (features, *features.parents):
        for steps in (folder / "tests" / "bdd", folder / "bdd"):
            if (steps / TEST_MODULE).is_file():
                return steps
    return features.parent / "tests" / "bdd"


def scenario_name(item: pytest.Item) -> str | None:
    """The scenario a collected test runs, its outline row's values filled in (None: not one)."""
    from pytest_bdd.scenario import (  # noqa: PLC0415  # a development dependency
        scenario_wrapper_template_registry,
    )

    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return None
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get(_EXAMPLE, {}) if callspec is not None else {}
    return str(template.render(example).name)


class ScenarioFilter:
    """A pytest plugin keeping only the scenarios whose name holds `text` (any case)."""

    def __init__(self, text: str) -> None:
        self.text = text.casefold()

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        """Deselect every test whose scenario name does not contain the text."""
        kept: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            name = scenario_name(item)
            (kept if name is not None and self.text in name.casefold() else dropped).append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept


def require_pytest() -> ModuleType:
    """pytest, once pytest-bdd is known to be there too (one line saying how to get them)."""
    try:
        import pytest  # noqa: PLC0415  # a development dependency
        import pytest_bdd  # noqa: F401, PLC0415
    except ModuleNotFoundError as exc:
        raise UsageError(
            f"rules test needs pytest and pytest-bdd ({exc.name} is not installed): "
            "pip install 'peerclaims[dev]'"
        ) from exc
    return pytest


def pytest_args(
    module: Path,
    features: Path,
    marks: list[str],
    junit: Path | None,
    cucumber_json: Path | None,
) -> list[str]:
    """pytest's command line: the binding module, the features folder, the marks all required."""
    args = [
        str(module),
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        f"bdd_features_base_dir={features}",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",  # pytest-bdd imported before this run
    ]
    if marks:
        args += ["-m", " and ".join(marks)]
    if junit is not None:
        args += ["--junitxml", str(junit)]
    if cucumber_json is not None:
        args += ["--cucumberjson", str(cucumber_json)]
    return args
