"""The result document: contract shape, committed schema, determinism, streaming equivalence."""

from __future__ import annotations

import io
import json
from pathlib import Path

from peerclaims.engine.check import (
    CollectSink,
    JsonSpool,
    Source,
    check_sources,
    check_to_result,
)
from peerclaims.engine.result import SCHEMA_ID, json_schema_text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "claims"
SCHEMA_FILE = REPO / "engine" / "schemas" / "peerclaims.result-1.schema.json"


def _sources(*names: str) -> list[Source]:
    return [Source.from_path(str(FIXTURES / name)) for name in names]


def test_committed_schema_is_current() -> None:
    """The committed JSON Schema equals the one generated from the models (run `schema --out`)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text()


def test_document_has_the_contract_fields() -> None:
    """The JSON carries schema, rule_packs, summary, claims with findings and lines, errors."""
    result = check_to_result(_sources("structure/one-bad-claim-of-three.837"))
    document = json.loads(result.to_json())
    assert document["schema"] == SCHEMA_ID
    assert list(document) == ["schema", "worklist", "rule_packs", "summary", "claims", "errors"]
    assert document["rule_packs"][0]["id"] == "x12"
    assert len(document["rule_packs"][0]["sha256"]) == 64
    assert document["summary"] == {
        "claims": 3,
        "accepted": 2,
        "rejected": 1,
        "fully_checked": 0,
        "accepted_not_fully_checked": 2,
        "billed": "316.25",
        "expected_payment": "0.00",
        # no rate is known for the two accepted claims: 0.00 adds only known payments
        "claims_with_unknown_payment": 2,
        "at_risk": "27.50",
    }
    claim = document["claims"][1]
    for key in (
        "claim_id",
        "status",
        "state",
        "payer_id",
        "member_id",
        "billing_npi",
        "billed",
        "expected_payment",
        "findings",
        "lines",
    ):
        assert key in claim
    finding = claim["findings"][0]
    for key in (
        "rule_id",
        "severity",
        "category",
        "message",
        "fix",
        "location",
        "line",
        "citation",
        "carc",
        "rarc",
    ):
        assert key in finding
    line = claim["lines"][0]
    assert line["status"] == "rejected"
    assert line["expected_payment"] == "0.00"
    assert line["units"] == "2"
    assert line["charge"] == "27.50"
    assert line["procedure"] == "H0038"


def test_same_input_gives_byte_identical_json() -> None:
    """Two runs over the same files give the same bytes (no clock, no randomness)."""
    names = ("clean/three-claims.837", "structure/one-bad-claim-of-three.837")
    first = check_to_result(_sources(*names)).to_json()
    second = check_to_result(_sources(*names)).to_json()
    assert first == second


def test_spooled_json_equals_the_in_memory_document() -> None:
    """The streaming writer gives exactly the text of the whole document built in memory."""
    names = (
        "clean/three-claims.837",
        "structure/one-bad-claim-of-three.837",
        "envelope/missing-iea.837",
        "refused/empty.837",
    )
    spool = JsonSpool()
    run = check_sources(_sources(*names), spool)
    out = io.StringIO()
    spool.write_document(run.head(), out)
    collected = CollectSink()
    run2 = check_sources(_sources(*names), collected)
    assert out.getvalue() == run2.result(collected).to_json()
    assert run.exit_code == 2


def test_spooled_json_with_no_claims_is_the_empty_document() -> None:
    """A batch with no readable claim still gives a valid document with an empty claims list."""
    spool = JsonSpool()
    run = check_sources(_sources("refused/not-x12.837"), spool)
    out = io.StringIO()
    spool.write_document(run.head(), out)
    document = json.loads(out.getvalue())
    assert document["claims"] == []
    assert document["errors"][0]["code"] == "not-x12"


def test_a_claim_no_rule_pack_judged_says_so() -> None:
    """Without the rule packs (syntax only), no claim is fully checked: `not_checked` says that
    only the X12 structure was checked, and no pack is named in `judged_by`."""
    result = check_to_result(_sources("clean/one-claim.837"))
    document = json.loads(result.to_json())
    claim = document["claims"][0]
    assert claim["status"] == "accepted"
    assert claim["fully_checked"] is False
    assert claim["judged_by"] == []
    assert claim["not_checked"] == [
        {"check": "rules", "reason": "only the X12 structure was checked: no rule pack ran"}
    ]
    assert document["summary"]["accepted_not_fully_checked"] == 1
    assert document["summary"]["fully_checked"] == 0


def test_the_table_says_which_payments_are_unknown_and_what_is_at_risk() -> None:
    """No rate known: the table's total says so instead of a bare 0.00, and names the amount
    billed on the rejected claim as at risk."""
    from rich.console import Console  # noqa: PLC0415 - the table's own console

    from peerclaims.engine.table import render_table  # noqa: PLC0415

    result = check_to_result(_sources("structure/one-bad-claim-of-three.837"))
    out = io.StringIO()
    render_table(result, Console(file=out, width=200, color_system=None))
    said = " ".join(out.getvalue().split())
    assert (
        "billed 316.25, expected payment 0.00, plus 2 claims with no known rate; "
        "at risk 27.50 on rejected claims"
    ) in said
