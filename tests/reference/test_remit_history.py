"""The payer's answer in the history (migration 0006), on SQLite and PostgreSQL: paid lines are
added marked paid with their 835 and CLP07, a reversal takes them out, a later denial removes a
paid line, and the recorded claims come back as predictions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.remit835 import build_835
from peerclaims.engine.reference.store import Store
from peerclaims.engine.reference.tables import HistoryRow
from peerclaims.engine.remit.history import record_payments, recorded_predictions
from peerclaims.engine.remit.match import load_result, match
from peerclaims.engine.remit.read import read_remit
from peerclaims.engine.result import Result
from tests.remitbatch import ANSWERS, REVERSE, check_batch


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The result document of the known batch (tests/remitbatch.py)."""
    return check_batch(tmp_path_factory.mktemp("remit-history") / "result.json")


def _rows(store: Store) -> list[HistoryRow]:
    with Session(store._engine) as session:
        return list(
            session.scalars(select(HistoryRow).order_by(HistoryRow.claim_id, HistoryRow.id))
        )


def test_paid_lines_become_history_and_reversals_and_denials_undo(
    store: Store, checked: Path
) -> None:
    """First 835: 11 paid lines of 9 claims added (WAC's 2 added then undone by its reversal),
    nothing denied enters; a second 835 paying CTC line 1 and denying line 2 confirms one and
    removes the other; the recorded CTC claim reads back as an accepted prediction."""
    result = Result.model_validate_json(checked.read_text())
    predictions = load_result(checked)
    first = read_remit(build_835(result, ANSWERS, REVERSE).encode(), "first.835")
    counts = record_payments(store, match(first.claims, predictions))
    assert counts == {"added": 13, "confirmed": 0, "removed": 0, "undone": 2}
    rows = _rows(store)
    assert len(rows) == 11
    assert {r.claim_id for r in rows} == {
        "CTC-000001",
        "GAC-000001",
        "MCC-000001",
        "NCC-000001",
        "TXC-000001",
        "MCF-000001",
        "WAF-000001",
    }
    assert all(r.basis == "paid" and r.remittance == "first.835" for r in rows)
    assert {r.payer_claim_id for r in rows if r.claim_id == "CTC-000001"} == {"PCN00000001"}
    ctc = next(c for c in result.claims if c.claim_id == "CTC-000001")
    again = build_835(result.model_copy(update={"claims": [ctc]}), {ctc.claim_id: "paid;denied:50"})
    second = read_remit(again.encode(), "second.835")
    counts = record_payments(store, match(second.claims, predictions))
    assert counts == {"added": 0, "confirmed": 1, "removed": 1, "undone": 0}
    (back,) = recorded_predictions(store, {"CTC-000001", "NOPE"})
    assert back.origin == "history" and [ln.line for ln in back.lines] == [1]
    assert back.member_id == ctc.member_id and not back.lines[0].denied
    assert [r.remittance for r in _rows(store) if r.claim_id == "CTC-000001"] == ["second.835"]
