"""The payer's answer in the history (migration 0006), on SQLite and PostgreSQL: paid lines are
added marked paid with their 835 and CLP07, a reversal takes them out, a later denial removes a
paid line, and the recorded claims come back as predictions; and the predictions `check --record`
keeps (migration 0008) come back whole, measure as a result document does, and leave with
`history remove`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.remit835 import build_835
from peerclaims.engine.reference.history_lock import Batch
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.reference.recordings import remove
from peerclaims.engine.reference.store import Store
from peerclaims.engine.reference.tables import HistoryRow
from peerclaims.engine.remit.accuracy import measure
from peerclaims.engine.remit.history import record_payments, recorded_predictions
from peerclaims.engine.remit.match import Prediction, load_result, match
from peerclaims.engine.remit.predicted import prediction_rows
from peerclaims.engine.remit.read import read_remit
from peerclaims.engine.result import Result
from tests.remitbatch import ANSWERS, EXPECTED_LINES, REVERSE, check_batch


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


def _kept(p: Prediction) -> tuple[object, ...]:
    return (p.claim_id, p.member_id, p.billed, p.state, p.billing_npi, p.lines, p.returned)


def test_kept_predictions_come_back_whole_and_measure_as_the_result_does(
    store: Store, checked: Path
) -> None:
    """Every judged line's prediction (21 lines, accepted and rejected) stored with the 14
    accepted history lines in one `Store.record`; read back by claim id they equal the result
    document's (rules, CARC/RARC, charges, front end), by member id too; the 835 measured
    against them gives the known four cells; `history remove --claim` takes a rejected claim's
    predictions though it has no history line."""
    result = Result.model_validate_json(checked.read_text())
    rows = [row for claim in result.claims for row in prediction_rows(claim)]
    accepted = [
        RecordedLine(
            member_id=c.member_id or "",
            provider_npi=c.billing_npi or "",
            procedure=ln.procedure or "",
            modifiers=tuple(ln.modifiers),
            service_date=ln.service_date,
            units=ln.units or "1",
            claim_id=c.claim_id,
            line=ln.line,
        )
        for c in result.claims
        for ln in c.lines
        if ln.status == "accepted"
    ]
    assert (len(rows), len(accepted)) == (21, 14)
    assert store.record(Batch(lines=accepted, predictions=rows), source="batch.837") == 14
    assert len(_rows(store)) == 14  # predictions are not history
    expected = load_result(checked)
    ids = {p.claim_id for p in expected}
    back = recorded_predictions(store, ids)
    assert sorted(map(_kept, back)) == sorted(map(_kept, expected))
    assert {p.origin for p in back} == {"store"} and {p.source for p in back} == {"batch.837"}
    assert any(ln.rules for p in back for ln in p.lines)  # rejected lines with their rules
    member = expected[0].member_id or ""
    by_member = recorded_predictions(store, set(), {member})
    assert {p.claim_id for p in by_member} == {
        p.claim_id for p in expected if p.member_id == member
    }
    remit = read_remit(build_835(result, ANSWERS, REVERSE).encode(), "batch.835")
    assert measure(match(remit.claims, back)).as_dict()["lines"] == EXPECTED_LINES
    assert remove(store, claim_id="CTF-000001") == 0  # rejected: no history line, predictions go
    left = {p.claim_id for p in recorded_predictions(store, ids)}
    assert left == ids - {"CTF-000001"}
