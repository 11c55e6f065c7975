"""The web page at `/remittances`: upload one or more 835 or 277CA files and see how often the
predictions were right for the key's own claims.

The form is server-rendered and posts to `/remittances` (no script needed). The files go through
the same service as `POST /v1/remittances` (`Service.remittance_files`): the same scoping (a payer
or state key its payers' claims, a submitter its billing NPIs), measured together as `peerclaims
remit FILE...` does, one decision record. The predictions are the recorded history's, or those
of check results (the JSON a check downloads) given with the files, as `remit --result` takes
them (then nothing is recorded: recording goes by the history). The page shows the accuracy table
(paid as predicted, denied as predicted, missed, false alarm, with dollars), per rule and per
CARC, the missed claims, and the downloads (the JSON answer and the CSV), kept like a checked
file's (api/kept.py). A refused file is one line, naming the file. Nothing of the files'
content is logged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from peerclaims.api.dependencies import ServiceDep, SettingsDep
from peerclaims.api.kept import kept_results
from peerclaims.api.openapi import DECISION_HEADER
from peerclaims.api.problems import ApiProblem
from peerclaims.api.routers.page import RESULTS_PATH
from peerclaims.api.routers.page_shared import (
    MAX_FILES,
    SignedIn,
    file_name,
    render,
    same_origin,
)
from peerclaims.engine.remit.match import NotAResultError, Prediction, predictions_in

router = APIRouter(include_in_schema=False)

MISSED_SHOWN = 200
"""Missed lines the page lists at most (all of them are in the downloads)."""
CELL_NAMES = {
    "paid_as_predicted": "Paid, as predicted",
    "denied_as_predicted": "Denied, as predicted",
    "missed": "Missed: denied, predicted paid",
    "false_alarm": "False alarm: predicted denied, paid",
}
ACK_NAMES = {
    "accepted_as_predicted": "Accepted, as predicted",
    "returned_as_predicted": "Returned, as predicted",
    "returned_not_predicted": "Returned, not predicted",
    "accepted_predicted_returned": "Accepted, predicted returned",
    "unmatched": "No prediction found",
}
_TEMPLATE = "remittances.html"


@dataclass(frozen=True, slots=True)
class RemitForm:
    """The remittance form: the files (bytes, name), the check results to compare them with
    (optional), and whether to record them."""

    files: list[tuple[bytes, str]]
    results: list[tuple[bytes, str]]
    record: bool


async def _remit_form(request: Request, settings: SettingsDep) -> RemitForm:
    same_origin(request)
    form = await request.form(
        max_files=MAX_FILES, max_fields=4, max_part_size=settings.max_body_bytes
    )
    chosen: dict[str, list[tuple[bytes, str]]] = {"file": [], "result": []}
    for field, files in chosen.items():
        for upload in form.getlist(field):
            if isinstance(upload, UploadFile) and upload.filename:
                files.append((await upload.read(), file_name(upload.filename)))
    return RemitForm(chosen["file"], chosen["result"], record=form.get("record") == "on")


def _predictions(results: list[tuple[bytes, str]]) -> list[Prediction]:
    """The predictions of the result documents given (`remit --result`); one that is not a
    result document is an `ApiProblem` naming it."""
    predictions: list[Prediction] = []
    for data, name in results:
        try:
            predictions += predictions_in(data)
        except NotAResultError as exc:
            raise ApiProblem(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                "not-a-result",
                f"{name}: not a check result (peerclaims.result/1) at {exc.where}: "
                f"{exc.msg}; give the JSON a check's download or "
                "`peerclaims check --format json` wrote",
            ) from None
    return predictions


@router.get("/remittances", response_class=HTMLResponse)
def remittance_form(request: Request, key: SignedIn) -> HTMLResponse:
    """The form: choose 835 or 277CA files, record or not."""
    if key is None:
        return _signed_out(request)
    return render(request, {"key": key}, template=_TEMPLATE)


@router.post("/remittances", response_class=HTMLResponse)
def remittance_page(
    request: Request,
    form: Annotated[RemitForm, Depends(_remit_form)],
    key: SignedIn,
    service: ServiceDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """Measure the uploaded files for this key and show the accuracy, or one line refusing."""
    if key is None:
        return _signed_out(request)
    context: dict[str, Any] = {"key": key, "record": form.record}
    empty = [name for data, name in form.files if not data.strip()]
    if not form.files or empty:
        context["error"] = (
            f"{empty[0]}: the file is empty." if empty else "Choose one or more 835 or 277CA files."
        )
        return render(request, context, status.HTTP_422_UNPROCESSABLE_CONTENT, _TEMPLATE)
    if form.results and form.record:
        context["error"] = (
            "Recording compares the files with the recorded history: leave the check results "
            "out to record, or untick the record box to compare with them."
        )
        return render(request, context, status.HTTP_422_UNPROCESSABLE_CONTENT, _TEMPLATE)
    try:
        predictions = _predictions(form.results) if form.results else None
        answer = service.remittance_files(
            key, form.files, record=form.record, predictions=predictions
        )
    except ApiProblem as problem:
        context["error"] = problem.detail
        return render(request, context, problem.status_code, _TEMPLATE)
    decision_id = answer.decision.decision_id
    names = [name for _data, name in form.files]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "", Path(names[0]).stem) or "remittance"
    meta = {
        "kind": "remittance",
        "files": names,
        "decision_id": decision_id,
        "created": answer.decision.created.isoformat(),
        "json_name": f"{stem}.remittance.json",
        "csv_name": f"{stem}.accuracy.csv",
    }
    kept = kept_results(settings.data_dir, settings.page_results_hours)
    kept.keep_remittance(decision_id, key.key_id, meta, answer.text, answer.csv)
    document = json.loads(answer.text)
    accuracy = document["accuracy"]
    context.update(
        {
            "document": document,
            "compared_with": [name for _data, name in form.results],
            "accuracy": accuracy,
            "cell_names": CELL_NAMES,
            "ack_names": ACK_NAMES,
            "acks": sum(f["claims_277ca"] for f in document["files"]),
            "missed_shown": accuracy["missed"][:MISSED_SHOWN],
            "decision_id": decision_id,
            "json_url": f"{RESULTS_PATH}/{decision_id}/remittance.json",
            "csv_url": f"{RESULTS_PATH}/{decision_id}/remittance.csv",
        }
    )
    response = render(request, context, template=_TEMPLATE)
    response.headers[DECISION_HEADER] = decision_id
    return response


def _signed_out(request: Request) -> HTMLResponse:
    return render(
        request,
        {"key": None, "error": "Sign in with an API key first."},
        status.HTTP_401_UNAUTHORIZED,
    )
