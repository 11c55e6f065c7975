"""`POST /v1/remittances`: an 835 for a recorded NJ claim, scoped like /v1/check (a payer or
state key its own, a submitter its billing NPIs), measured against the predictions recorded,
recorded with ?record=true, and audited as a decision record."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bench.remit835 import build_835
from peerclaims.api.main import create_app
from peerclaims.engine.result import Result
from tests.api.conftest import (
    NC_BILLING_NPI,
    NJ_BILLING_NPI,
    NJ_CLEAN,
    bearer,
    loaded_store,
    make_key,
    settings_for,
    x12,
)


def test_remittances_are_scoped_measured_recorded_and_audited(tmp_path: Path) -> None:
    """NJC-000001 recorded by /v1/check?record=true; its 835 pays line 1 and denies line 2
    (CARC 96): CT's state key and NC's submitter are refused (403, nothing done); NJ's payer sees
    1 line paid as predicted and 1 missed, with a decision record it can read; NJ's state key
    with ?record=true confirms the paid line and takes the denied one out of the history; the
    same 835 measured again still finds 1 paid and 1 missed, since the kept prediction of the
    denied line is not history and stays; a body that is not X12 is a 422."""
    settings = settings_for(loaded_store(tmp_path))
    submitter = make_key(settings, "submitter", NJ_BILLING_NPI)
    others = {
        "state CT": make_key(settings, "state", "CT"),
        "submitter NC": make_key(settings, "submitter", NC_BILLING_NPI),
    }
    payer = make_key(settings, "payer", "NJMEDICAID")
    state = make_key(settings, "state", "NJ")
    with TestClient(create_app(settings)) as client:
        checked = client.post(
            "/v1/check",
            content=NJ_CLEAN.read_bytes(),
            headers=x12(submitter),
            params={"record": "true"},
        )
        assert checked.status_code == 200, checked.text
        result = Result.model_validate_json(checked.text)
        remit = build_835(
            result,
            {"NJC-000001": "paid;denied:96:N95"},
            payer_id="NJMEDICAID",
            payee_npi=NJ_BILLING_NPI,
        ).encode()
        for who, secret in others.items():
            refused = client.post("/v1/remittances", content=remit, headers=x12(secret))
            assert refused.status_code == 403, who
            assert "outside this" in refused.json()["detail"] and "NJC" not in refused.text
        seen = client.post("/v1/remittances", content=remit, headers=x12(payer))
        assert seen.status_code == 200, seen.text
        lines = seen.json()["accuracy"]["lines"]
        assert (lines["paid_as_predicted"]["lines"], lines["missed"]["lines"]) == (1, 1)
        assert seen.json()["recorded"] is None
        decision = seen.headers["X-Peerclaims-Decision"]
        audit = client.get(f"/v1/decisions/{decision}", headers=bearer(payer))
        assert audit.status_code == 200, audit.text
        assert audit.json()["summary"]["kind"] == "remittance"
        recorded = client.post(
            "/v1/remittances", content=remit, headers=x12(state), params={"record": "true"}
        )
        assert recorded.json()["recorded"] == {
            "added": 0,
            "confirmed": 1,
            "removed": 1,
            "undone": 0,
        }
        again = client.post("/v1/remittances", content=remit, headers=x12(payer)).json()
        assert again["accuracy"]["lines"]["paid_as_predicted"]["lines"] == 1
        assert again["accuracy"]["lines"]["missed"]["lines"] == 1
        bad = client.post("/v1/remittances", content=b"not x12", headers=x12(payer))
        assert bad.status_code == 422
