"""Dated parameters: the value in force on a day, exact numbers, names, and one-line errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from peerclaims.engine.errors import DataError
from peerclaims.engine.packs import Parameters, load_parameters
from peerclaims.engine.packs.parameters import load_parameter

from .conftest import parameter_text, write


def _load(tmp_path: Path, text: str, name: str = "limits/cap") -> Parameters:
    write(tmp_path / "parameters", f"{name}.yaml", text)
    return load_parameters(tmp_path / "parameters", "zz")


def _error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, "cap.yaml", text)
    with pytest.raises(DataError) as caught:
        load_parameter(path, "zz.cap")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def test_value_on_before_at_and_after_each_start(tmp_path: Path) -> None:
    """The value in force is the latest start on or before the day; none before the first."""
    parameters = _load(tmp_path, parameter_text("  2020-01-01: 10\n  2021-07-01: 12\n"))
    assert parameters.value_on("zz.limits.cap", date(2019, 12, 31)) is None
    assert parameters.value_on("zz.limits.cap", date(2020, 1, 1)) == Decimal(10)
    assert parameters.value_on("zz.limits.cap", date(2021, 6, 30)) == Decimal(10)
    assert parameters.value_on("zz.limits.cap", date(2021, 7, 1)) == Decimal(12)
    assert parameters.value_on("zz.limits.cap", date(2030, 1, 1)) == Decimal(12)


def test_values_may_be_written_out_of_order(tmp_path: Path) -> None:
    """Values are ordered by date, whatever order the file lists them in."""
    parameters = _load(tmp_path, parameter_text("  2021-07-01: 12\n  2020-01-01: 10\n"))
    assert parameters.value_on("zz.limits.cap", date(2020, 6, 1)) == Decimal(10)
    assert [e.start for e in parameters.get("zz.limits.cap").entries] == [
        date(2020, 1, 1),
        date(2021, 7, 1),
    ]


def test_dated_null_ends_the_value(tmp_path: Path) -> None:
    """A dated null leaves no value from its date until a later value starts."""
    values = "  2020-01-01: 10\n  2021-01-01: null\n  2022-01-01: 14\n"
    parameters = _load(tmp_path, parameter_text(values))
    assert parameters.value_on("zz.limits.cap", date(2020, 12, 31)) == Decimal(10)
    assert parameters.value_on("zz.limits.cap", date(2021, 1, 1)) is None
    assert parameters.value_on("zz.limits.cap", date(2021, 12, 31)) is None
    assert parameters.value_on("zz.limits.cap", date(2022, 1, 1)) == Decimal(14)
    ended = parameters.entry_on("zz.limits.cap", date(2021, 6, 1))
    assert ended is not None
    assert (ended.start, ended.value) == (date(2021, 1, 1), None)
    assert parameters.entry_on("zz.limits.cap", date(2019, 1, 1)) is None


def test_a_value_carries_its_own_reference(tmp_path: Path) -> None:
    """A value written as {value, reference, note} keeps its source; others get the file's."""
    values = (
        "  2020-01-01: 10\n"
        "  2021-01-01:\n"
        "    value: 12\n"
        "    reference:\n"
        "      - title: Bulletin 21-4\n"
        "        href: https://example.org/b21-4\n"
        "    note: Raised by the bulletin.\n"
    )
    parameter = _load(tmp_path, parameter_text(values)).get("zz.limits.cap")
    first = parameter.entry_on(date(2020, 6, 1))
    second = parameter.entry_on(date(2021, 6, 1))
    assert first is not None
    assert second is not None
    assert [r.title for r in first.reference] == ["The parameter's source"]
    assert (second.start, second.value) == (date(2021, 1, 1), Decimal(12))
    assert [(r.title, r.href) for r in second.reference] == [
        ("Bulletin 21-4", "https://example.org/b21-4")
    ]
    assert second.note == "Raised by the bulletin."


def test_numbers_are_exact_decimals(tmp_path: Path) -> None:
    """A YAML number is read as the Decimal of its text: 11.97 stays Decimal("11.97")."""
    text = parameter_text("  2019-11-01: 11.97\n  2020-01-01: 0.1\n", unit="currency-USD")
    parameter = _load(tmp_path, text, "rates/H0038").get("zz.rates.H0038")
    rate = parameter.value_on(date(2019, 11, 1))
    assert isinstance(rate, Decimal)
    assert rate == Decimal("11.97")
    assert str(rate) == "11.97"
    tenth = parameter.value_on(date(2020, 1, 1))
    assert isinstance(tenth, Decimal)
    assert tenth * 3 == Decimal("0.3")


def test_code_lists_and_maps_are_read_only(tmp_path: Path) -> None:
    """A list of codes becomes a tuple and a map of lists a read-only mapping of tuples."""
    text = parameter_text(
        "  2020-01-01:\n    youth: [GA-CPS-Y]\n    sud: [GA-CPS-AD, X-2]\n", unit="code-map"
    )
    value = _load(tmp_path, text, "credentials/by_population").value_on(
        "zz.credentials.by_population", date(2020, 1, 1)
    )
    assert value == {"youth": ("GA-CPS-Y",), "sud": ("GA-CPS-AD", "X-2")}
    with pytest.raises(TypeError):
        value["youth"] = ("X",)  # type: ignore[index]


def test_names_come_from_the_folder_path(tmp_path: Path) -> None:
    """`<pack>/parameters/a/b.yaml` is `<pack id>.a.b`; procedure and modifier codes stay upper."""
    root = tmp_path / "parameters"
    write(root, "limits/max_units_per_day.yaml", parameter_text("  2020-01-01: 16\n"))
    write(root, "rates/H0038.yaml", parameter_text("  2020-01-01: 1.5\n", unit="currency-USD"))
    write(root, "rates/H0038/HQ.yaml", parameter_text("  2020-01-01: 2\n", unit="currency-USD"))
    write(root, "README.md", "Notes are skipped.\n")
    parameters = load_parameters(root, "nc")
    assert parameters.names() == (
        "nc.limits.max_units_per_day",
        "nc.rates.H0038",
        "nc.rates.H0038.HQ",
    )
    assert len(parameters) == 3
    assert "nc.rates.H0038.HQ" in parameters


def test_a_missing_parameters_folder_holds_no_parameters(tmp_path: Path) -> None:
    """A pack without a parameters folder has none (a pack may define only codes)."""
    assert len(load_parameters(tmp_path / "parameters", "federal")) == 0


def test_unknown_parameter_name_names_the_missing_file(tmp_path: Path) -> None:
    """`get` of an unknown name is one DataError line naming the would-be file and a close name."""
    parameters = _load(tmp_path, parameter_text("  2020-01-01: 16\n"), "limits/max_units")
    with pytest.raises(DataError) as caught:
        parameters.value_on("zz.limits.max_unit", date(2020, 1, 1))
    expected_file = tmp_path / "parameters" / "limits" / "max_unit.yaml"
    assert str(caught.value) == (
        f"{expected_file}: unknown parameter zz.limits.max_unit: no such file; "
        "did you mean zz.limits.max_units?"
    )


def test_unknown_pack_in_a_parameter_name(tmp_path: Path) -> None:
    """A name whose pack is not loaded says so and lists the loaded packs."""
    parameters = _load(tmp_path, parameter_text("  2020-01-01: 16\n"))
    with pytest.raises(DataError) as caught:
        parameters.get("qq.limits.cap")
    assert str(caught.value) == (
        "parameter qq.limits.cap: unknown: no loaded pack 'qq' defines it (packs: zz); "
        "did you mean zz.limits.cap?"
    )


def test_merged_parameters_answer_for_every_pack(tmp_path: Path) -> None:
    """Parameters of two packs merge into one lookup; each name keeps its pack id."""
    first = load_parameters(
        write(tmp_path / "a", "limits/cap.yaml", parameter_text("  2020-01-01: 1\n")).parents[1],
        "aa",
    )
    second = load_parameters(
        write(tmp_path / "b", "limits/cap.yaml", parameter_text("  2020-01-01: 2\n")).parents[1],
        "bb",
    )
    merged = Parameters.merged([first, second])
    assert merged.names() == ("aa.limits.cap", "bb.limits.cap")
    assert merged.value_on("bb.limits.cap", date(2021, 1, 1)) == Decimal(2)


BAD_FILES = {
    "bad date key": (
        parameter_text("  2020-13-01: 16\n"),
        "values: '2020-13-01' is not an ISO date (YYYY-MM-DD)",
    ),
    "date key written as a number": (
        parameter_text("  20200101: 16\n"),
        "values: 20200101 is not an ISO date (YYYY-MM-DD)",
    ),
    "date key without leading zeros": (
        parameter_text("  2020-1-1: 16\n"),
        "values: '2020-1-1' is not an ISO date (YYYY-MM-DD)",
    ),
    "missing metadata.reference": (
        "description: A cap.\nmetadata:\n  unit: year\n  label: Cap\nvalues:\n  2020-01-01: 16\n",
        "metadata.reference: required field is missing",
    ),
    "empty metadata.reference": (
        "description: A cap.\nmetadata:\n  unit: year\n  label: Cap\n  reference: []\n"
        "values:\n  2020-01-01: 16\n",
        "metadata.reference: Tuple should have at least 1 item after validation, not 0",
    ),
    "list where the unit wants a number": (
        parameter_text("  2020-01-01: [HF]\n", unit="currency-USD"),
        "values.2020-01-01: expected a number (unit currency-USD), got a list",
    ),
    "number where the unit wants a list": (
        parameter_text("  2020-01-01: 12\n", unit="code-list"),
        "values.2020-01-01: expected a list of codes (unit code-list), got a number",
    ),
    "unquoted numeric code in a list": (
        parameter_text("  2020-01-01: [95]\n", unit="code-list"),
        "values.2020-01-01: expected a code (text), got the number 95 "
        "(quote it: YAML reads 95 as a number and drops the zero of 02)",
    ),
    "boolean value": (
        parameter_text("  2020-01-01: yes\n", unit="code"),
        "values.2020-01-01: got the boolean True "
        "(YAML reads yes/no/on/off/true/false so: quote a code)",
    ),
    "repeated code": (
        parameter_text("  2020-01-01: [HF, HF]\n", unit="code-list"),
        "values.2020-01-01: ['HF'] repeated",
    ),
    "same date twice": (
        parameter_text("  2020-01-01: 16\n  2020-01-01: 18\n"),
        "line 10, column 3: YAML syntax error: key '2020-01-01' is given twice in one mapping",
    ),
    "same date, once quoted": (
        parameter_text("  2020-01-01: 16\n  '2020-01-01': 18\n"),
        "line 10, column 3: YAML syntax error: key '2020-01-01' is given twice in one mapping",
    ),
    "first value null": (
        parameter_text("  2020-01-01: null\n  2021-01-01: 4\n"),
        "values.2020-01-01: a null with no value before it to end",
    ),
    "unknown unit": (
        parameter_text("  2020-01-01: 4\n", unit="minutes"),
        "metadata.unit: Input should be 'currency-USD', 'year', 'unit-of-service', 'person', "
        "'code', 'code-list' or 'code-map' (got 'minutes')",
    ),
    "unknown field in a value": (
        parameter_text("  2020-01-01:\n    value: 4\n    source: x\n"),
        "values.2020-01-01.source: unknown field",
    ),
    "no values": (
        parameter_text("  {}\n"),
        "values: Dictionary should have at least 1 item after validation, not 0",
    ),
    "href not an address": (
        parameter_text("  2020-01-01: 4\n").replace("https://example.org/source", "S17"),
        "metadata.reference[0].href: 'S17' is not an http(s) address",
    ),
    "a number the rules engine cannot compare (too large)": (
        parameter_text("  2020-01-01: 100000000000000000000\n"),
        "values.2020-01-01: 100000000000000000000 is out of the range a rule can compare "
        "(zero, or between 0.0001 and 9007199254740992)",
    ),
    "a number the rules engine cannot compare (too small)": (
        parameter_text("  2020-01-01: 0.00001\n"),
        "values.2020-01-01: 0.00001 is out of the range a rule can compare "
        "(zero, or between 0.0001 and 9007199254740992)",
    ),
    "not a mapping": (
        "- 1\n- 2\n",
        "expected a mapping of description, metadata and values, got a list",
    ),
    "YAML syntax": (
        "description: [unclosed\n",
        "line 2, column 1: YAML syntax error: expected ',' or ']', but got '<stream end>'",
    ),
}


@pytest.mark.parametrize(("text", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_parameter_file_is_one_line_naming_file_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    """Each broken parameter file stops the load with one line naming the file and field or date."""
    assert _error(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("limits/cap.yml", "not a parameter file (parameters are *.yaml)"),
        ("Limits/cap.yaml", "'Limits' cannot be part of a parameter name"),
        ("limits/max.cap.yaml", "'max.cap' cannot be part of a parameter name"),
    ],
)
def test_misnamed_parameter_file_is_refused(tmp_path: Path, relative: str, expected: str) -> None:
    """A file that cannot be a parameter (extension, name) is refused, not silently skipped."""
    path = write(tmp_path / "parameters", relative, parameter_text("  2020-01-01: 1\n"))
    with pytest.raises(DataError) as caught:
        load_parameters(tmp_path / "parameters", "zz")
    assert str(caught.value).startswith(f"{path}: {expected}")
