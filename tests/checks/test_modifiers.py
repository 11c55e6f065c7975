"""Which modifiers define the service and which describe its delivery (engine/checks/modifiers.py),
read from the federal pack's dated lists and a state's extension of them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from peerclaims.engine.checks.context import ParameterReader
from peerclaims.engine.checks.modifiers import delivery_modifiers
from peerclaims.engine.packs import load_pack
from peerclaims.engine.packs.parameters import (
    ParameterFile,
    Parameters,
    build_parameter,
)
from peerclaims.engine.reference.models import covers
from tests.conftest import REPO

DAY = date(2026, 3, 2)


def _state_list(name: str, codes: list[str]) -> Parameters:
    """A state code-list parameter `zz.coding.<name>`, as a pack would define it."""
    written = ParameterFile.model_validate(
        {
            "description": "A test state's modifier list.",
            "metadata": {"unit": "code-list", "label": name, "reference": [{"title": "test"}]},
            "values": {"2019-01-01": codes},
        }
    )
    return Parameters([build_parameter(f"zz.coding.{name}", "test", written)])


def _reader(*state: Parameters) -> ParameterReader:
    federal = load_pack(REPO / "rules" / "federal").parameters
    return ParameterReader(Parameters.merged([federal, *state]), "ZZ")


def test_federal_delivery_modifiers_and_service_modifiers_do_not_overlap() -> None:
    """Telehealth, audio-only and NCCI modifiers describe delivery; population and group ones
    define the service, as the population and group lists say."""
    reader = _reader()
    delivery = delivery_modifiers(reader, DAY)
    assert {"GT", "95", "93", "FQ", "GQ", "KX", "59", "XE", "XP", "XS", "XU"} <= delivery
    service = set(reader.codes("federal.coding.service_modifiers", DAY) or ())
    populations = reader.value("federal.coding.populations", DAY)
    assert isinstance(populations, Mapping)
    marked = {m for codes in populations.values() for m in codes}
    assert marked | set(reader.codes("federal.coding.group_modifiers", DAY) or ()) == service
    assert not service & delivery


def test_a_state_extends_either_list() -> None:
    """A state adds its own delivery modifier (UK), and may say one defines its service (GT)."""
    reader = _reader(
        _state_list("delivery_modifiers", ["UK"]), _state_list("service_modifiers", ["GT"])
    )
    delivery = delivery_modifiers(reader, DAY)
    assert "UK" in delivery
    assert "GT" not in delivery
    assert covers(("HE",), ("HE", "UK"), delivery)
    assert not covers(("HE",), ("HE", "GT"), delivery)


def test_covers_matches_service_modifiers_and_listed_delivery_ones() -> None:
    """A plan of care for H0038 HE covers HE GT; one for HE GT covers only GT lines."""
    delivery = delivery_modifiers(_reader(), DAY)
    assert covers(("HE",), ("GT", "HE"), delivery)
    assert covers((), ("59", "XU"), delivery)
    assert covers(("GT", "HE"), ("GT", "HE", "KX"), delivery)
    assert not covers(("GT", "HE"), ("HE",), delivery)
    assert not covers(("HE",), ("GT", "HF"), delivery)
    assert not covers(("HE",), ("HE", "HQ"), delivery)
    assert not covers(("HE",), ("HE", "U4"), delivery)  # a modifier neither list names must match
