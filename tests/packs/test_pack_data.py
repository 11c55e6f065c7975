"""The packs' own data: temporal coverage, dated changes, citations and codes that resolve."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from peerclaims.engine.packs import (
    Pack,
    Parameter,
    all_parameters,
    known_credentials,
    known_programs,
    load_packs,
)

from .conftest import RULES


def _parameters() -> list[tuple[str, str]]:
    packs = load_packs(RULES)
    return [(pack.id, p.name) for pack in packs.values() for p in pack.parameters]


PARAMETERS = _parameters()


def _quarter_starts(start: date, end: date) -> list[date]:
    """The first day of every calendar quarter from `start` to `end`, both included."""
    days = []
    year, month = start.year, ((start.month - 1) // 3) * 3 + 1
    while date(year, month, 1) <= end:
        if date(year, month, 1) >= start:
            days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return days


def _in_force(parameter: Parameter, day: date) -> object:
    """The value in force on `day`, found the slow way: the latest start on or before it."""
    started = [e for e in parameter.entries if e.start <= day]
    return max(started, key=lambda e: e.start) if started else None


def test_quarter_starts_are_first_days_of_quarters() -> None:
    """The helper lists the first days of quarters within the range, ends included."""
    assert _quarter_starts(date(2019, 11, 1), date(2020, 7, 1)) == [
        date(2020, 1, 1),
        date(2020, 4, 1),
        date(2020, 7, 1),
    ]


def test_every_pack_has_parameters_checked_or_says_why_not(packs: dict[str, Pack]) -> None:
    """The coverage test below checks the federal pack's parameters and those of every state
    pack that has any; a state pack with none (no V or S value to encode) still declares its
    benefit and populations, and its README says what is not encoded."""
    with_parameters = {pack_id for pack_id, _ in PARAMETERS}
    assert "federal" in with_parameters
    assert {"ct", "tx", "nj", "nc", "wa", "ga"} <= with_parameters
    for pack in packs.values():
        if pack.id not in with_parameters:
            assert pack.populations is not None and pack.benefit is not None, pack.id
            assert "What is NOT encoded" in (pack.directory / "README.md").read_text(), pack.id


@pytest.mark.parametrize(("pack_id", "name"), PARAMETERS, ids=[n for _, n in PARAMETERS])
def test_temporal_coverage(packs: dict[str, Pack], pack_id: str, name: str) -> None:
    """From its first start, a parameter resolves every quarter of the pack's range until ended.

    A value may start before the range: the code lists that no state's benefit dates (HCPCS,
    modifiers, unit basis) start 1900-01-01, "every date" (rules/federal/README.md).
    """
    pack = packs[pack_id]
    parameter = pack.parameters.get(name)
    supported = pack.supported
    assert parameter.start <= supported.end, (
        f"{name} starts {parameter.start}, after {supported.start}..{supported.end}"
    )
    first = max(parameter.start, supported.start)
    days = [first, *_quarter_starts(first, supported.end)]
    for day in days:
        entry = _in_force(parameter, day)
        assert entry is not None
        resolved = parameter.entry_on(day)
        assert resolved == entry, f"{name} on {day}"
        if entry.value is None:  # explicitly ended by a dated null
            assert parameter.value_on(day) is None
            continue
        assert parameter.value_on(day) is not None, f"{name} has no value on {day}"
        assert parameter.value_on(day) == entry.value
        assert entry.reference, f"{name} on {day} has no source"


def _values_keys(path: Path) -> list[str]:
    """The date keys of a parameter file's `values`, as written (no key merged or dropped)."""
    document = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(document, yaml.MappingNode)
    for key, node in document.value:
        if key.value == "values":
            assert isinstance(node, yaml.MappingNode)
            return [str(k.value) for k, _ in node.value]
    raise AssertionError(f"{path} has no values")


def test_no_parameter_has_two_values_on_one_date(packs: dict[str, Pack]) -> None:
    """No two values of one parameter start on the same date (read from the files as written)."""
    for pack in packs.values():
        for parameter in pack.parameters:
            keys = _values_keys(Path(parameter.file))
            starts = [date.fromisoformat(k) for k in keys]
            assert len(set(starts)) == len(starts), f"{parameter.file}: {keys}"
            assert len(parameter.entries) == len(keys)


@pytest.mark.parametrize(
    ("name", "before", "after", "old", "new"),
    [
        (
            "ct.credentials.accepted",
            date(2026, 5, 31),
            date(2026, 6, 1),
            ("CT-RSS",),
            ("CT-RSS", "CT-CPSRP", "CT-CPSRP-P"),
        ),
        (
            "wa.credentials.accepted",
            date(2025, 6, 30),
            date(2025, 7, 1),
            ("WA-CPC",),
            ("WA-CPC", "WA-CPS", "WA-CPS-T"),
        ),
        (
            "wa.credentials.accepted",
            date(2026, 12, 31),
            date(2027, 1, 1),
            ("WA-CPC", "WA-CPS", "WA-CPS-T"),
            ("WA-CPS", "WA-CPS-T"),
        ),
    ],
)
def test_dated_credential_changes(
    packs: dict[str, Pack],
    name: str,
    before: date,
    after: date,
    old: tuple[str, ...],
    new: tuple[str, ...],
) -> None:
    """The accepted credentials change on the day the source says, not a day earlier or later."""
    parameters = all_parameters(packs)
    assert parameters.value_on(name, before) == old
    assert parameters.value_on(name, after) == new


def test_the_ct_ccb_credential_is_marked_secondary(packs: dict[str, Pack]) -> None:
    """The 2026-06-01 CT value carries its own secondary-source reference and note."""
    entry = packs["ct"].parameters.entry_on("ct.credentials.accepted", date(2026, 6, 1))
    assert entry is not None
    assert entry.start == date(2026, 6, 1)
    assert "(S: secondary source" in entry.reference[0].title
    assert entry.note is not None
    assert entry.note.startswith("S:")


def test_nc_rates_are_exact(packs: dict[str, Pack]) -> None:
    """NC's rates are exact decimals, named by the contract's `<st>.rates.<procedure>[.<mod>]`."""
    parameters = packs["nc"].parameters
    individual = parameters.value_on("nc.rates.H0038", date(2019, 11, 1))
    group = parameters.value_on("nc.rates.H0038.HQ", date(2019, 11, 1))
    assert isinstance(individual, Decimal)
    assert isinstance(group, Decimal)
    assert (str(individual), str(group)) == ("11.97", "2.88")
    assert parameters.value_on("nc.rates.H0038", date(2019, 10, 31)) is None


def test_rate_parameters_follow_the_contract_names(packs: dict[str, Pack]) -> None:
    """Every `.rates.` parameter is `<st>.rates.<PROCEDURE>[.<MODIFIER>]` in USD."""
    shape = re.compile(r"[a-z]{2}\.rates\.[A-Z0-9]{5}(\.[A-Z0-9]{2})?")
    rates = [p for pack in packs.values() for p in pack.parameters if ".rates." in p.name]
    assert rates
    for parameter in rates:
        assert shape.fullmatch(parameter.name), parameter.name
        assert parameter.metadata.unit == "currency-USD"


def test_codes_in_parameters_are_defined_by_a_pack(packs: dict[str, Pack]) -> None:
    """Credential and program codes a parameter names are codes a loaded pack defines."""
    credentials, programs = known_credentials(packs), known_programs(packs)
    checked = 0
    for pack in packs.values():
        for parameter in pack.parameters:
            if ".credentials." in parameter.name:
                known = credentials
            elif parameter.name.endswith(".coverage.programs"):
                known = programs
            else:
                continue
            for entry in parameter.entries:
                value = entry.value
                lists = value.values() if hasattr(value, "values") else [value]
                for codes in lists:
                    assert isinstance(codes, tuple)
                    assert set(codes) <= known, f"{parameter.name} {entry.start}: {codes}"
                    checked += 1
    assert checked >= 8


def test_modifier_parameters_hold_modifiers(packs: dict[str, Pack]) -> None:
    """A parameter about modifiers lists two-character procedure modifiers."""
    found = [p for pack in packs.values() for p in pack.parameters if "modifiers" in p.name]
    assert {p.name for p in found} >= {
        "nj.coverage.required_modifiers",
        "nc.coding.rejected_modifiers",
        "ga.coding.rejected_modifiers",
    }
    for parameter in found:
        for entry in parameter.entries:
            assert isinstance(entry.value, tuple)
            assert all(re.fullmatch(r"[A-Z0-9]{2}", m) for m in entry.value), parameter.name


CITED = re.compile(r"\[S(\d+)\]")


def test_every_cited_source_is_listed_in_the_pack(packs: dict[str, Pack]) -> None:
    """Each [Sn] a pack's files cite is one of the sources its pack.yaml lists."""
    for pack in packs.values():
        listed = {source.id for source in pack.sources}
        for path in sorted(pack.directory.rglob("*")):
            if path.suffix not in {".yaml", ".md"}:
                continue
            cited = {f"S{n}" for n in CITED.findall(path.read_text(encoding="utf-8"))}
            assert cited <= listed, f"{path}: {sorted(cited - listed)} not in pack.yaml sources"


def test_unverified_facts_say_so(packs: dict[str, Pack]) -> None:
    """The facts the domain reference tags S, I or U carry the tag in their source or note."""
    parameters = all_parameters(packs)
    for name, tag in [
        ("wa.limits.max_units_per_day", "(S;"),
        ("nj.credentials.accepted", "(U)"),
        ("ga.credentials.by_population", "is I"),
    ]:
        parameter = parameters.get(name)
        text = " ".join(
            [r.title for r in parameter.metadata.reference] + [parameter.metadata.note or ""]
        )
        assert tag in text, name
    codes = {c.code: c for pack in packs.values() for c in pack.credentials}
    assert codes["NJ-CPRS"].evidence == "U"
    assert codes["CT-CPSRP"].evidence == codes["CT-CPSRP-P"].evidence == "S"


def test_every_pack_has_a_readme_saying_what_is_not_encoded(packs: dict[str, Pack]) -> None:
    """Each pack folder has a README with a section on what it does not encode."""
    for pack in packs.values():
        readme = (pack.directory / "README.md").read_text(encoding="utf-8")
        assert "## What is NOT encoded" in readme, pack.id
