"""The reference-directory loader: the valid directory, and the exact message for each bad input."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from peerclaims.engine.errors import DataError
from peerclaims.engine.reference.loader import ReferenceDataError
from peerclaims.engine.reference.models import Cap, ReferenceData

from .conftest import VALID, load


def _directory(tmp_path: Path, **files: str | None) -> Path:
    """A copy of the valid directory with `files` (by stem) replaced, or removed when None."""
    target = tmp_path / "ref"
    shutil.copytree(VALID, target)
    for stem, content in files.items():
        path = target / f"{stem}.yaml"
        if content is None:
            path.unlink()
        else:
            path.write_text(content, encoding="utf-8")
    return target


def _message(directory: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load(directory)
    message = str(caught.value)
    assert "\n" not in message
    return message


MEMBER = """\
- member_id: CT0001
  birth_date: 1980-05-01
  state: CT
  enrollments:
    - {program: CT-MHW, start: 2025-01-01}
"""


def test_valid_directory_loads_every_file(valid_data: ReferenceData) -> None:
    """The valid directory gives 2 payers, 3 providers, 3 members, 2 authorizations, 1 contract."""
    counts = [
        len(valid_data.payers),
        len(valid_data.providers),
        len(valid_data.members),
        len(valid_data.authorizations),
        len(valid_data.contracts),
        len(valid_data.history),
    ]
    assert counts == [2, 3, 3, 2, 1, 2]


def test_lookups_find_records_by_key(valid_data: ReferenceData) -> None:
    """Payer, provider and member look-ups answer by key, and None for an unknown key."""
    payer = valid_data.payer("TXMCO01")
    assert payer is not None
    assert (payer.state, payer.kind) == ("TX", "mco")
    provider = valid_data.provider("1000000012")
    assert provider is not None
    assert [c.type for c in provider.credentials] == ["CT-RC", "CT-RSS"]
    member = valid_data.member("CT0002")
    assert member is not None
    assert member.birth_date == date(2001, 9, 30)
    assert valid_data.payer("NOPE") is None
    assert valid_data.provider("1234567893") is None
    assert valid_data.member("NOPE") is None


def test_grouped_lookups_answer_per_member_and_contract(valid_data: ReferenceData) -> None:
    """Authorizations and history by member, contracts by payer and provider, () when none."""
    assert [a.number for a in valid_data.authorizations_for("TX0001")] == ["PA-TX-0001"]
    assert valid_data.authorizations_for("CT0002") == ()
    assert [h.service_date for h in valid_data.history_for("CT0001")] == [date(2026, 2, 3)]
    (contract,) = valid_data.contracts_for("TXMCO01", "1000000004")
    assert contract.end is None
    assert valid_data.contracts_for("CTMED01", "1000000004") == ()


def test_values_keep_their_types(valid_data: ReferenceData) -> None:
    """Units and rates are exact decimals, modifiers a sorted tuple, a null end open-ended."""
    (contract,) = valid_data.contracts
    individual, group = contract.services
    assert individual.rate_per_unit == Decimal("15.50")
    assert str(individual.rate_per_unit) == "15.50"
    assert individual.cap == Cap(units=Decimal(16), per="day")
    assert (group.modifiers, group.rate_per_unit, group.cap) == (("HQ",), Decimal("4.25"), None)
    assert valid_data.authorizations[1].units == Decimal("104.5")
    assert valid_data.history[1].modifiers == ("HE", "HQ")
    assert valid_data.members[2].enrollments[0].end is None


def test_optional_files_may_be_absent(tmp_path: Path) -> None:
    """Without authorizations, contracts and history the directory loads, with none of them."""
    data = load(_directory(tmp_path, authorizations=None, contracts=None, history=None))
    assert (data.authorizations, data.contracts, data.history) == ((), (), ())
    assert len(data.members) == 3


def test_error_is_a_data_error(tmp_path: Path) -> None:
    """`ReferenceDataError` is a `DataError` and carries the record index and the field."""
    directory = _directory(tmp_path, members=MEMBER.replace("CT-MHW", "CT-XYZ"))
    with pytest.raises(DataError) as caught:
        load(directory)
    assert isinstance(caught.value, ReferenceDataError)
    assert (caught.value.record, caught.value.field) == (1, "enrollments[0].program")
    assert caught.value.path == str(directory / "members.yaml")


def test_missing_required_file(tmp_path: Path) -> None:
    """A directory without members.yaml is refused, naming the file."""
    directory = _directory(tmp_path, members=None)
    assert _message(directory) == (
        f"{directory}/members.yaml: missing: payers.yaml, providers.yaml and members.yaml are "
        "required"
    )


def test_not_a_directory(tmp_path: Path) -> None:
    """A path that is not a directory is refused."""
    assert (
        _message(tmp_path / "nowhere") == f"{tmp_path}/nowhere: not a directory of reference data"
    )


def test_misspelt_file_is_refused(tmp_path: Path) -> None:
    """A YAML file that is not one of the six (a misspelt optional file) is refused."""
    directory = _directory(tmp_path)
    (directory / "authorization.yaml").write_text("[]\n", encoding="utf-8")
    assert _message(directory) == (
        f"{directory}/authorization.yaml: not a reference file (expected one of: payers.yaml, "
        "providers.yaml, members.yaml, authorizations.yaml, contracts.yaml, history.yaml)"
    )


def test_bad_yaml_names_line_and_column(tmp_path: Path) -> None:
    """A YAML syntax error names the file, line and column."""
    directory = _directory(tmp_path, payers="- payer_id: CTMED01\n  name: [unclosed\n  state: CT\n")
    assert _message(directory) == (
        f"{directory}/payers.yaml: line 3, column 8: YAML syntax error: "
        "expected ',' or ']', but got ':'"
    )


def test_repeated_mapping_key_is_refused(tmp_path: Path) -> None:
    """A key given twice inside one record (PyYAML would keep the last) is refused with its line."""
    directory = _directory(tmp_path, members=MEMBER + "  state: TX\n")
    assert _message(directory) == (
        f"{directory}/members.yaml: line 6, column 3: YAML syntax error: "
        "key 'state' is given twice in one mapping"
    )


def test_not_a_list(tmp_path: Path) -> None:
    """A file whose top level is a mapping, not a sequence, is refused."""
    directory = _directory(tmp_path, payers="payer_id: CTMED01\nname: x\n")
    assert _message(directory) == (
        f"{directory}/payers.yaml: expected a list of records (a YAML sequence; [] for none), "
        "got a mapping"
    )


def test_empty_file_is_not_a_list(tmp_path: Path) -> None:
    """An empty file is refused; `[]` is how a file says it has no records."""
    directory = _directory(tmp_path, history="# nothing yet\n")
    assert _message(directory) == (
        f"{directory}/history.yaml: expected a list of records (a YAML sequence; [] for none), "
        "got an empty file"
    )
    (directory / "history.yaml").write_text("[]\n", encoding="utf-8")
    assert load(directory).history == ()


def test_record_not_a_mapping(tmp_path: Path) -> None:
    """A record that is a plain value is refused by its index."""
    directory = _directory(tmp_path, payers="- CTMED01\n")
    assert _message(directory) == (
        f"{directory}/payers.yaml: record 1: expected a mapping of fields, got a string"
    )


def test_missing_field(tmp_path: Path) -> None:
    """A record without a required field names the record, its key and the field."""
    directory = _directory(tmp_path, members=MEMBER.replace("  birth_date: 1980-05-01\n", ""))
    assert _message(directory) == (
        f"{directory}/members.yaml: record 1 (member_id CT0001): birth_date: "
        "required field is missing"
    )


def test_unknown_field(tmp_path: Path) -> None:
    """A misspelt field is reported as unknown, before the required field it leaves missing."""
    directory = _directory(tmp_path, members=MEMBER.replace("  state: CT\n", "  sate: CT\n"))
    assert _message(directory) == (
        f"{directory}/members.yaml: record 1 (member_id CT0001): sate: unknown field"
    )


def test_wrong_type(tmp_path: Path) -> None:
    """A value of the wrong type names the field and the value."""
    text = (VALID / "authorizations.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, authorizations=text.replace("units: 104.5", "units: lots"))
    assert _message(directory) == (
        f"{directory}/authorizations.yaml: record 2 (number PA-TX-0001): units: "
        "Input should be a valid decimal (got 'lots')"
    )


def test_nested_field_is_named_by_path(tmp_path: Path) -> None:
    """An error inside a list names the path: services[0].cap.per."""
    text = (VALID / "contracts.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, contracts=text.replace("per: day", "per: fortnight"))
    assert _message(directory) == (
        f"{directory}/contracts.yaml: record 1 (payer_id TXMCO01, provider_npi 1000000004): "
        "services[0].cap.per: Input should be 'day', 'week', 'month' or 'year' (got 'fortnight')"
    )


def test_numeric_identifier_must_be_quoted(tmp_path: Path) -> None:
    """An unquoted numeric member_id is refused with a hint (YAML reads 00123 as octal 83)."""
    directory = _directory(
        tmp_path, members=MEMBER.replace("member_id: CT0001", "member_id: 00123")
    )
    assert _message(directory) == (
        f"{directory}/members.yaml: record 1 (member_id 83): member_id: expected text, got the "
        "number 83 (quote it: YAML drops leading zeros)"
    )


def test_date_written_as_a_number(tmp_path: Path) -> None:
    """A date written as 19800501 is refused rather than read as seconds since 1970."""
    directory = _directory(tmp_path, members=MEMBER.replace("1980-05-01", "19800501"))
    assert _message(directory) == (
        f"{directory}/members.yaml: record 1 (member_id CT0001): birth_date: "
        "expected a date (YYYY-MM-DD), got the number 19800501"
    )


def test_npi_check_digit(tmp_path: Path) -> None:
    """An NPI with a wrong check digit is refused."""
    text = (VALID / "providers.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, providers=text.replace('"1000000020"', '"1000000021"'))
    assert _message(directory) == (
        f"{directory}/providers.yaml: record 3 (npi 1000000021): npi: "
        "NPI '1000000021' has a wrong check digit"
    )


def test_end_before_start(tmp_path: Path) -> None:
    """An enrollment ending before it starts is refused at its end field."""
    directory = _directory(
        tmp_path,
        members=MEMBER.replace("start: 2025-01-01}", "start: 2025-01-01, end: 2024-12-31}"),
    )
    assert _message(directory) == (
        f"{directory}/members.yaml: record 1 (member_id CT0001): enrollments[0].end: "
        "2024-12-31 is before start 2025-01-01"
    )


def test_unknown_program(tmp_path: Path) -> None:
    """A program code no loaded pack defines is refused, naming file, record and value."""
    text = (VALID / "members.yaml").read_text(encoding="utf-8")
    directory = _directory(
        tmp_path, members=text.replace("program: TX-MEDICAID", "program: CT-XYZ")
    )
    assert _message(directory) == (
        f"{directory}/members.yaml: record 3 (member_id TX0001): enrollments[0].program: "
        "unknown program code 'CT-XYZ' (no loaded pack defines it)"
    )


def test_unknown_credential(tmp_path: Path) -> None:
    """A credential type no loaded pack defines is refused, naming file, record and value."""
    text = (VALID / "providers.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, providers=text.replace("type: CT-RSS", "type: CT-PEER"))
    assert _message(directory) == (
        f"{directory}/providers.yaml: record 2 (npi 1000000012): credentials[1].type: "
        "unknown credential code 'CT-PEER' (no loaded pack defines it)"
    )


def test_peer_birth_date_is_optional_and_validated(tmp_path: Path) -> None:
    """A peer's optional birth_date is a real date, not in the future, and only an individual's:
    each refusal is one line naming the file, record and field; an absent one is None."""
    data = load(VALID)
    peer = data.provider("1000000012")
    assert peer is not None and peer.birth_date == date(1990, 4, 2)
    other = data.provider("1000000020")
    assert other is not None and other.birth_date is None
    text = (VALID / "providers.yaml").read_text(encoding="utf-8")
    future = date.today().replace(year=date.today().year + 1, month=1, day=1).isoformat()
    directory = _directory(
        tmp_path / "calendar",
        providers=text.replace("birth_date: 1990-04-02", "birth_date: 1990-02-30"),
    )
    assert _message(directory) == (
        f"{directory}/providers.yaml: line 13, column 15: YAML syntax error: 1990-02-30 is not "
        "a date on the calendar (day is out of range for month)"
    )
    directory = _directory(
        tmp_path / "future",
        providers=text.replace("birth_date: 1990-04-02", f"birth_date: {future}"),
    )
    assert _message(directory) == (
        f"{directory}/providers.yaml: record 2 (npi 1000000012): birth_date: "
        f"{future} is in the future"
    )
    organization = text.replace("peer_run: true", "peer_run: true\n  birth_date: 1990-01-01", 1)
    directory = _directory(tmp_path / "org", providers=organization)
    assert _message(directory) == (
        f"{directory}/providers.yaml: record 1 (npi 1000000004): birth_date: "
        "only individuals have a date of birth"
    )


def test_duplicate_npi(tmp_path: Path) -> None:
    """The same NPI twice in providers.yaml is refused at the second record."""
    text = (VALID / "providers.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, providers=text.replace('"1000000020"', '"1000000004"'))
    assert _message(directory) == (
        f"{directory}/providers.yaml: record 3 (npi 1000000004): npi: duplicate of record 1"
    )


def test_reference_to_an_unlisted_member(tmp_path: Path) -> None:
    """An authorization for a member not in members.yaml is refused."""
    text = (VALID / "authorizations.yaml").read_text(encoding="utf-8")
    directory = _directory(
        tmp_path, authorizations=text.replace("member_id: CT0001", "member_id: CT9")
    )
    assert _message(directory) == (
        f"{directory}/authorizations.yaml: record 1 (number PA-CT-0001): member_id: "
        "'CT9' is not in members.yaml"
    )


def test_overlapping_contracts(tmp_path: Path) -> None:
    """Two contracts of one payer and provider in force on the same day are refused."""
    text = (VALID / "contracts.yaml").read_text(encoding="utf-8")
    second = text.split("\n", 1)[1].replace("start: 2025-01-01", "start: 2026-01-01")
    directory = _directory(tmp_path, contracts=text + second)
    assert _message(directory) == (
        f"{directory}/contracts.yaml: record 2 (payer_id TXMCO01, provider_npi 1000000004): "
        "start: in force at the same time as record 1 (from 2025-01-01, open-ended)"
    )


def test_anchors_and_merge_keys_are_allowed(tmp_path: Path) -> None:
    """A record may reuse another's values with a YAML anchor and `<<` merge, overriding some."""
    payers = """\
- &ct {payer_id: CTMED01, name: Connecticut Medicaid (synthetic), state: CT, kind: ffs}
- <<: *ct
  payer_id: TXMCO01
  state: TX
  kind: mco
"""
    data = load(_directory(tmp_path, payers=payers))
    assert [(p.payer_id, p.name, p.state) for p in data.payers] == [
        ("CTMED01", "Connecticut Medicaid (synthetic)", "CT"),
        ("TXMCO01", "Connecticut Medicaid (synthetic)", "TX"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "field", "why"),
    [
        ("units: 4", "units: 1e17", "units", "no more than 15 digits"),
        ("units: 4", "units: 100000000000000000", "units", "no more than 15 digits"),
        ("units: 4", "units: 0.0000000000000001", "units", "no more than 15 digits"),
        ("service_date: 2026-02-02", "service_date: 9999-12-31", "service_date", "2099"),
        ("service_date: 2026-02-02", "service_date: 1899-12-31", "service_date", "1900"),
    ],
)
def test_history_numbers_and_dates_are_bounded_as_in_claims(
    tmp_path: Path, old: str, new: str, field: str, why: str
) -> None:
    """A history line of 1e17 units (a segfault of the rules engine before) or dated 9999 is one
    line naming the file, the record and the field."""
    text = (VALID / "history.yaml").read_text(encoding="utf-8")
    directory = _directory(tmp_path, history=text.replace(old, new, 1))
    message = _message(directory)
    assert message.startswith(f"{directory}/history.yaml: record 1 (")
    assert f"): {field}: " in message
    assert why in message


def test_the_largest_history_numbers_and_widest_dates_load(tmp_path: Path) -> None:
    """Inside the bounds: 15-digit units, dates 1900-01-01 and 2099-12-31."""
    text = (VALID / "history.yaml").read_text(encoding="utf-8")
    text = text.replace("units: 4", "units: 999999999999999", 1)
    text = text.replace("service_date: 2026-02-02", "service_date: 1900-01-01", 1)
    text = text.replace("service_date: 2026-02-03", "service_date: 2099-12-31", 1)
    data = load(_directory(tmp_path, history=text))
    assert {line.units for line in data.history} >= {Decimal("999999999999999")}
    assert {line.service_date for line in data.history} >= {date(1900, 1, 1), date(2099, 12, 31)}


def test_history_provider_is_the_billing_provider_not_a_peer(tmp_path: Path) -> None:
    """history.yaml's provider_npi is the billing provider: a peer (an individual of
    providers.yaml) there is refused in one line saying where the peer goes."""
    text = (VALID / "history.yaml").read_text(encoding="utf-8")
    peer = text.replace(
        'provider_npi: "1000000004"\n  rendering_npi: "1000000020"', 'provider_npi: "1000000020"', 1
    )
    directory = _directory(tmp_path, history=peer)
    assert _message(directory) == (
        f"{directory}/history.yaml: record 1 (member_id TX0001): provider_npi: '1000000020' is an "
        "individual in providers.yaml; provider_npi is the billing provider (put the peer who "
        "rendered the line in rendering_npi)"
    )


def test_history_rendering_peer_is_read(valid_data: ReferenceData) -> None:
    """A history line names its billing provider and, apart, the peer who rendered it."""
    line = valid_data.history_for("TX0001")[0]
    assert (line.provider_npi, line.rendering_npi) == ("1000000004", "1000000020")
