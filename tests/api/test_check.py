"""`POST /v1/check`: the same answer as the CLI, problems for what cannot be read, the limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from peerclaims.api.main import create_app
from peerclaims.api.openapi import DECISION_HEADER
from peerclaims.api.settings import ApiSettings
from tests.test_recording import OTHER_NPI, assert_discloses_nothing, other_organization

from .conftest import (
    FIXTURES,
    NJ_BILLING_NPI,
    NJ_CLEAN,
    NJ_REJECTED,
    Keys,
    cli,
    loaded_store,
    make_key,
    settings_for,
    x12,
)

IDENTICAL = [
    "nj/missing-hf-modifier.837",
    "nc/clean.837",
    "structure/one-bad-claim-of-three.837",
    "envelope/missing-iea.837",
    "clean/two-transactions.837",
]


@pytest.mark.parametrize("fixture", IDENTICAL)
def test_json_is_byte_identical_to_the_cli_reading_stdin(
    client: TestClient, keys: Keys, data_dir: Path, fixture: str
) -> None:
    """With ?name=<stdin>, the JSON answer is byte for byte `peerclaims check - --format json`."""
    data = (FIXTURES / fixture).read_bytes()
    done = cli(data_dir, "check", "-", "--format", "json", stdin=data)
    assert done.returncode in {0, 1}, done.stderr.decode()
    headers = x12(keys.submitter_all) if "two-transactions" not in fixture else x12(keys.payer_tx)
    answer = client.post("/v1/check", content=data, headers=headers, params={"name": "<stdin>"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == done.stdout


def test_json_names_the_input_as_the_cli_names_a_file(
    client: TestClient, keys: Keys, data_dir: Path
) -> None:
    """?name=PATH gives exactly `peerclaims check PATH --format json` for that file."""
    relative = NJ_CLEAN.relative_to(FIXTURES.parents[1]).as_posix()
    done = cli(data_dir, "check", relative, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    answer = client.post(
        "/v1/check",
        content=NJ_CLEAN.read_bytes(),
        headers=x12(keys.submitter_nj),
        params={"name": relative},
    )
    assert answer.content == done.stdout


def test_999_is_byte_identical_to_the_cli(client: TestClient, keys: Keys, data_dir: Path) -> None:
    """format=999 answers the CLI's 999 for the same bytes, as application/edi-x12."""
    data = (FIXTURES / "structure" / "one-bad-claim-of-three.837").read_bytes()
    done = cli(data_dir, "check", "-", "--format", "999", stdin=data)
    answer = client.post(
        "/v1/check",
        content=data,
        headers=x12(keys.submitter_all),
        params={"format": "999", "name": "<stdin>"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/edi-x12")
    assert answer.text.startswith("ISA*")
    assert answer.content == done.stdout


def test_default_name_is_request(client: TestClient, keys: Keys) -> None:
    """Without ?name= the input is called <request> in the result."""
    answer = client.post("/v1/check", content=NJ_REJECTED.read_bytes(), headers=x12(keys.payer_nj))
    document = answer.json()
    assert document["claims"][0]["file"] == "<request>"
    assert document["claims"][0]["status"] == "rejected"
    # the line without HF is mental health, which NJ does not pay on S evidence (a warning),
    # and NJ encodes no authorization rule (FED-SCOPE-0001)
    assert [f["rule_id"] for f in document["claims"][0]["findings"]] == [
        "FED-SCOPE-0001",
        "FED-COV-0005",
        "NJ-COD-0001",
    ]
    assert [
        f["rule_id"] for f in document["claims"][0]["findings"] if f["severity"] == "error"
    ] == ["NJ-COD-0001"]


def test_text_plain_is_read_like_edi_x12(client: TestClient, keys: Keys) -> None:
    """text/plain (with a charset) is accepted as well."""
    answer = client.post(
        "/v1/check",
        content=NJ_CLEAN.read_bytes(),
        headers={
            "Authorization": f"Bearer {keys.submitter_nj}",
            "Content-Type": "text/plain; charset=us-ascii",
        },
    )
    assert answer.status_code == 200
    assert answer.json()["summary"]["accepted"] == 1


@pytest.mark.parametrize(
    ("fixture", "code", "line", "byte"),
    [
        ("refused/empty.837", "not-x12", 1, 0),
        ("refused/not-x12.837", "not-x12", 1, 0),
        ("refused/utf16.837", "encoding", 1, 0),
        ("refused/truncated-isa.837", "isa", 1, 60),
    ],
)
def test_unreadable_input_is_a_422_problem_with_its_position(
    client: TestClient, keys: Keys, fixture: str, code: str, line: int, byte: int
) -> None:
    """An 837 that cannot be read: 422, the reader's one-line message, code and position."""
    answer = client.post(
        "/v1/check", content=(FIXTURES / fixture).read_bytes(), headers=x12(keys.submitter_nj)
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == code
    assert problem["detail"].startswith("<request>: ")
    assert "\n" not in problem["detail"]
    assert problem["position"]["byte"] == byte
    assert problem["position"]["line"] == line


def test_unreadable_input_problem_names_the_line_after_blank_lines(
    client: TestClient, keys: Keys
) -> None:
    """A refusal's position names the line as well as the byte, past leading blank lines."""
    answer = client.post(
        "/v1/check", content=b"\n\n\x1b]0;owned\x07ISA*", headers=x12(keys.submitter_nj)
    )
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["position"] == {"line": 3, "segment": None, "byte": 2}
    assert problem["detail"] == (
        "<request>: line 3, byte 2: no ISA interchange header: the file starts with "
        "'\\x1b]0' (an X12 file starts with 'ISA')"
    )


def test_unreadable_input_message_is_the_clis(
    client: TestClient, keys: Keys, data_dir: Path
) -> None:
    """The 422 detail is the message the CLI prints for the same input read from stdin."""
    data = (FIXTURES / "refused" / "not-x12.837").read_bytes()
    done = cli(data_dir, "check", "-", "--format", "json", stdin=data)
    answer = client.post(
        "/v1/check", content=data, headers=x12(keys.submitter_nj), params={"name": "<stdin>"}
    )
    detail = answer.json()["detail"]
    assert f"peerclaims: {detail}" in done.stderr.decode()


def test_other_media_types_are_refused_with_415(client: TestClient, keys: Keys) -> None:
    """A JSON or form body is not an 837: 415 naming the media types to use."""
    answer = client.post(
        "/v1/check",
        content=b"{}",
        headers={
            "Authorization": f"Bearer {keys.submitter_nj}",
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 415
    assert answer.json()["code"] == "media-type"
    assert "application/edi-x12" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"format": "pdf"}, "format"), ({"record": "perhaps"}, "record"), ({"name": "a\nb"}, "name")],
)
def test_bad_query_parameters_are_a_422_problem(
    client: TestClient, keys: Keys, params: dict[str, str], field: str
) -> None:
    """An unknown format, a non-boolean record or a multi-line name: 422 naming the parameter."""
    answer = client.post(
        "/v1/check", content=NJ_CLEAN.read_bytes(), headers=x12(keys.submitter_nj), params=params
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "request"
    assert f"query.{field}" in answer.json()["detail"]


@pytest.fixture(scope="module")
def small_app(settings: ApiSettings, keys: Keys) -> FastAPI:
    """The app with a body limit of 2,000 bytes."""
    del keys  # the keys must exist in the store
    return create_app(settings.model_copy(update={"max_body_bytes": 2000}))


def test_a_declared_length_past_the_limit_is_refused_before_reading(
    small_app: FastAPI, keys: Keys
) -> None:
    """Content-Length past PEERCLAIMS_MAX_BODY_BYTES: 413 at once, even without a key."""
    with TestClient(small_app) as client:
        answer = client.post(
            "/v1/check",
            content=b"ISA" + b"*" * 3000,
            headers={"Content-Type": "application/edi-x12"},
        )
    assert answer.status_code == 413
    assert answer.json()["code"] == "too-large"
    assert "2000 bytes" in answer.json()["detail"]


def test_a_streamed_body_past_the_limit_is_refused(small_app: FastAPI, keys: Keys) -> None:
    """A chunked body (no Content-Length) is counted as it arrives: 413 past the limit."""

    def chunks() -> object:
        for _ in range(10):
            yield b"x" * 500

    with TestClient(small_app) as client:
        answer = client.post("/v1/check", content=chunks(), headers=x12(keys.submitter_nj))  # type: ignore[arg-type]
    assert answer.status_code == 413
    assert answer.json()["code"] == "too-large"


def test_a_body_within_the_limit_is_checked(small_app: FastAPI, keys: Keys) -> None:
    """The limit refuses only what is past it (the NJ fixture is about 1 kB)."""
    data = NJ_REJECTED.read_bytes()
    assert len(data) < 2000
    with TestClient(small_app) as client:
        answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert answer.status_code == 200


def test_record_stores_accepted_lines_so_a_resubmission_is_a_duplicate(
    tmp_path: Path,
) -> None:
    """?record=true stores the accepted lines (as --record): the same claim again is a duplicate."""
    settings = settings_for(loaded_store(tmp_path))
    secret = make_key(settings, "submitter", NJ_BILLING_NPI)
    data = NJ_CLEAN.read_bytes()
    with TestClient(create_app(settings)) as client:
        first = client.post(
            "/v1/check", content=data, headers=x12(secret), params={"record": "true"}
        )
        assert first.json()["claims"][0]["status"] == "accepted"
        again = client.post("/v1/check", content=data, headers=x12(secret))
    second = again.json()["claims"][0]
    assert second["status"] == "rejected"
    assert {f["category"] for f in second["findings"]} >= {"duplicate"}
    # the CLI sees the recorded lines too: same store, same answer
    done = cli(tmp_path, "check", "-", "--format", "json", stdin=data)
    assert json.loads(done.stdout)["claims"][0]["status"] == "rejected"


def test_without_record_nothing_is_stored(client: TestClient, keys: Keys) -> None:
    """Checking twice without ?record= gives the same answer (history untouched)."""
    data = NJ_CLEAN.read_bytes()
    first = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    second = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert first.content == second.content
    assert first.json()["claims"][0]["status"] == "accepted"


def test_277ca_acknowledges_each_claim(client: TestClient, keys: Keys) -> None:
    """format=277ca answers the engine's 277CA for the result: the JSON's rejected claim (a
    coverage denial adjudication gives) is accepted into adjudication like the clean one."""
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    answer = client.post(
        "/v1/check", content=data, headers=x12(keys.submitter_nj), params={"format": "277ca"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/edi-x12")
    text = answer.text
    assert text.startswith("ISA*")
    assert "ST*277*" in text
    assert "TRN*2*NJC-000001~" in text
    assert "TRN*2*NJF-000001~" in text
    assert text.count("STC*A2:20*") == 2  # a front end accepts both claims for adjudication
    assert "NJ-COD-0001" not in text  # STC12 names front-end errors only


def test_277ca_is_byte_identical_to_the_cli(client: TestClient, keys: Keys, data_dir: Path) -> None:
    """format=277ca answers `peerclaims check - --format 277ca` for the same bytes."""
    data = NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()
    done = cli(data_dir, "check", "-", "--format", "277ca", stdin=data)
    assert done.returncode == 1, done.stderr.decode()
    answer = client.post(
        "/v1/check",
        content=data,
        headers=x12(keys.payer_nj),
        params={"format": "277ca", "name": "<stdin>"},
    )
    assert answer.status_code == 200
    assert answer.content == done.stdout


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("fromat=999", "query.fromat: not a parameter"),
        ("format=999&format=json", "query.format: give this parameter once"),
    ],
)
def test_unknown_or_repeated_query_parameters_are_refused(
    client: TestClient, keys: Keys, query: str, detail: str
) -> None:
    """A mistyped or repeated parameter is a 422, never silently ignored."""
    answer = client.post(
        f"/v1/check?{query}", content=NJ_CLEAN.read_bytes(), headers=x12(keys.submitter_nj)
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(detail)


HOSTILE = {
    "units-1E17": (b"*UN*8*", b"*UN*1E17*", "X12-VAL-0001", "2400 SV1-04 (line 1)"),
    "amount-28-digits": (
        b"CLM*NJC-000001*240.00*",
        b"CLM*NJC-000001*" + b"9" * 28 + b"*",
        "X12-VAL-0001",
        "2300 CLM-02",
    ),
    "date-99991231": (b"D8*20260505", b"D8*99991231", "X12-VAL-0001", "2400 DTP-03 (line 1)"),
    "npi-with-a-letter": (b"XX*1970300020", b"XX*19703000A0", "FED-NPI-0002", "2310B NM1-09"),
}
"""Request bodies that killed the worker (units) or were a 500 internal error (the others)."""


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_request_that_killed_the_rules_engine_gets_its_answer_and_the_next_works(
    client: TestClient, keys: Keys, case: str
) -> None:
    """SV104 1E17 (a segfault of durable_rules before: the worker died), a 28-digit amount, the
    date 99991231, an NPI with a letter (500s before): a 200 with the finding that names the
    element; a normal check right after is answered as usual."""
    old, new, rule_id, location = HOSTILE[case]
    data = NJ_CLEAN.read_bytes().replace(old, new, 1)
    assert data != NJ_CLEAN.read_bytes()
    answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert answer.status_code == 200, answer.text
    (claim,) = answer.json()["claims"]
    assert claim["status"] == "rejected"
    found = [f for f in claim["findings"] if f["rule_id"] == rule_id]
    assert [f["location"] for f in found] == [location]
    normal = client.post("/v1/check", content=NJ_CLEAN.read_bytes(), headers=x12(keys.submitter_nj))
    assert normal.status_code == 200
    assert normal.json()["claims"][0]["status"] == "accepted"


def test_problems_in_a_check_answer_are_escaped_and_hold_no_member_name(
    client: TestClient, keys: Keys
) -> None:
    """An SE02 with a terminal escape and a member name run into a segment id: the answer's
    `errors` show the escape as text and withhold the name; each names its position."""
    data = NJ_CLEAN.read_bytes()
    data = data.replace(b"SE*29*0001~", b"SE*29*00\x1b]0;owned\x0701~")
    data = data.replace(b"ST*837*0001*", b"KESTRELAMBROSE*19860422~\nST*837*0001*", 1)
    answer = client.post("/v1/check", content=data, headers=x12(keys.submitter_nj))
    assert answer.status_code == 200, answer.text
    errors = answer.json()["errors"]
    assert errors
    text = json.dumps(errors)
    assert "KESTREL" not in text and "19860422" not in text
    assert "\x1b" not in "".join(e["message"] for e in errors)
    assert any("00\\x1b]0;owned\\x0701" in e["message"] for e in errors)
    assert all(e["position"] is not None for e in errors)


def test_a_refusal_does_not_echo_a_member_name_from_the_start_of_the_body(
    client: TestClient, keys: Keys
) -> None:
    """A body starting with a member's name segment: 422 naming 3 characters, not the name."""
    answer = client.post(
        "/v1/check",
        content=b"NM1*IL*1*KESTREL*AMBROSE****MI*NJS0000301~",
        headers=x12(keys.submitter_nj),
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail == (
        "<request>: line 1, byte 0: no ISA interchange header: the file starts with 'NM1' "
        "(an X12 file starts with 'ISA')"
    )


def test_history_another_key_recorded_is_not_disclosed(tmp_path: Path) -> None:
    """Key A records its claim; key B (another organization) sends the same service: B learns
    only that it was already billed for the member on that date, nothing of A's claim,
    decision or organization, and no date B did not send."""
    settings = settings_for(loaded_store(tmp_path))
    first = make_key(settings, "submitter", NJ_BILLING_NPI)
    second = make_key(settings, "submitter", OTHER_NPI)
    with TestClient(create_app(settings)) as client:
        recorded = client.post(
            "/v1/check",
            content=NJ_CLEAN.read_bytes(),
            headers=x12(first),
            params={"record": "true"},
        )
        assert recorded.json()["claims"][0]["status"] == "accepted"
        theirs = client.post(
            "/v1/check", content=other_organization("OTHER-1"), headers=x12(second)
        )
    assert theirs.status_code == 200, theirs.text
    document = theirs.text
    assert recorded.headers[DECISION_HEADER] not in document
    assert_discloses_nothing(document, theirs.json()["claims"])
