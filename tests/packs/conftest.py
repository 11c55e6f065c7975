"""Shared helpers of the pack tests: the repository's rules folder and small parameter files."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerclaims.engine.packs import Pack, load_packs

RULES = Path(__file__).resolve().parents[2] / "rules"

WAVE_1 = ("ct", "tx", "nj", "nc", "wa", "ga")
"""The state packs of the first wave."""


def parameter_text(values: str, *, unit: str = "unit-of-service", extra: str = "") -> str:
    """A valid parameter file with `values` (YAML lines under `values:`) and `unit`."""
    return (
        "description: A test parameter.\n"
        "metadata:\n"
        f"  unit: {unit}\n"
        "  label: Test parameter\n"
        "  reference:\n"
        "    - title: The parameter's source\n"
        "      href: https://example.org/source\n"
        f"{extra}"
        "values:\n"
        f"{values}"
    )


def write(root: Path, relative: str, text: str) -> Path:
    """Write `text` to `root/relative` (folders made as needed) and return the path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def packs() -> dict[str, Pack]:
    """The repository's packs, loaded once."""
    return load_packs(RULES)
