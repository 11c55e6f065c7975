"""The remittance page (`/remittances`) in headless Chromium against a real `peerclaims serve`:
the known batch (tests/remitbatch.py) checked with `--record` into the server's store, its 835
(bench/remit835.py) uploaded as two files, measured together for a payer key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.remit835 import build_835
from peerclaims.api.routers.page_remit import CELL_NAMES
from peerclaims.engine.result import Result
from tests.remitbatch import ANSWERS, EXPECTED_LINES, REVERSE, check_batch

from .conftest import NJ_BILLING_NPI, loaded_store, make_key, serving, settings_for
from .test_page import CHROMIUM, Server, _sign_in, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
PAYER_ID = "NJMEDICAID"


@dataclass(frozen=True)
class RemitServer:
    """The service, a payer key the 835s are addressed to, a submitter key they are not."""

    url: str
    payer: str
    submitter: str
    files: list[Path]
    result: Path
    junk: Path
    log: Path


@pytest.fixture(scope="module")
def remit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemitServer]:
    """The batch checked and recorded in a fresh store; its 835 in two halves (the reversal of
    WAC-000001 with its payment); `peerclaims serve` over that store."""
    folder = tmp_path_factory.mktemp("page-remit")
    data_dir = loaded_store(folder / "store")
    environment = {"PEERCLAIMS_DATA_DIR": str(data_dir), "PEERCLAIMS_DATABASE_URL": ""}
    checked = check_batch(folder / "recorded.json", environment, "--record")
    result = Result.model_validate_json(checked.read_text())
    files = []
    for number, claims in enumerate((result.claims[:7], result.claims[7:]), start=1):
        half = result.model_copy(update={"claims": claims})
        path = folder / f"batch-{number}.835"
        path.write_text(build_835(half, ANSWERS, REVERSE, payer_id=PAYER_ID), encoding="ascii")
        files.append(path)
    junk = folder / "junk.835"
    junk.write_text("this is not an 835\n", encoding="ascii")
    settings = settings_for(data_dir)
    payer = make_key(settings, "payer", PAYER_ID, label="NJ Medicaid")
    submitter = make_key(settings, "submitter", NJ_BILLING_NPI)
    log = data_dir / "serve.log"
    with serving(environment, log) as url:
        yield RemitServer(url, payer, submitter, files, checked, junk, log)


def _measure(
    page: object, url: str, files: list[Path], record: bool = False, results: tuple[Path, ...] = ()
) -> None:
    """Open the remittance page, upload `files` (and check `results`), press Measure and wait
    for the answer."""
    page.goto(url + "/remittances")  # type: ignore[attr-defined]
    if results:
        page.get_by_label("Compare with check results (JSON), optional").set_input_files(  # type: ignore[attr-defined]
            [str(r) for r in results]
        )
    page.get_by_label("Upload 835 or 277CA files").set_input_files([str(f) for f in files])  # type: ignore[attr-defined]
    if record:
        page.get_by_label("Record the payer's answer in the history").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Measure").click()  # type: ignore[attr-defined]
    page.locator("#accuracy, #error").first.wait_for(timeout=120_000)  # type: ignore[attr-defined]


def _rows(page: object, table: str) -> list[list[str]]:
    rows = page.locator(f"#{table} tbody tr").all()  # type: ignore[attr-defined]
    return [[c.strip() for c in row.locator("th, td").all_inner_texts()] for row in rows]


def test_a_payer_measures_its_835s_and_a_submitter_is_refused(
    browser: object,  # noqa: F811 - the fixture imported above
    remit_server: RemitServer,
) -> None:
    """The payer key uploads both halves: measured against the predictions the recorded check
    kept, all four cells are the batch's known figures (9 lines paid as predicted, 5 denied as
    predicted, 3 missed with CARCs 119 and 96 and the claims named, 2 false alarms), every payer
    claim matched, the history not changed; the CSV and JSON downloads say the same; on a phone
    width nothing scrolls sideways, and printing leaves the form out. Compared with the check's
    result document instead, the same figures; with the record box as well, or a result that is
    not one, one line refuses. The home page lists the measurement among the key's past checks.
    Measured again with the record box, the history confirms 11 paid lines, adds the 2 false
    alarms' paid lines, takes 3 denied out and undoes 2; a file that is not
    X12 is one line naming it, and the page's script raised no error. The NJ submitter key gets
    one line refusing the first file, cannot read the payer's downloads, and the server log
    names no claim."""
    server = Server(url=remit_server.url, secret=remit_server.payer)
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, server)
    page.get_by_role("link", name="Remittances: how often were we right?").click()
    assert "NJMEDICAID" in page.locator("#remit-help").inner_text()
    _measure(page, remit_server.url, remit_server.files)
    assert page.locator("#error").count() == 0
    files = page.locator("#files li").all_inner_texts()
    assert [f.split(":")[0] for f in files] == ["batch-1.835", "batch-2.835"]
    cells = {row[0]: row[1:] for row in _rows(page, "cells")}
    assert [cells[CELL_NAMES[c]] for c in EXPECTED_LINES] == [
        [str(v["lines"]), v["billed"], v["paid"]] for v in EXPECTED_LINES.values()
    ]
    carcs = {row[0]: row[2] for row in _rows(page, "carcs") if not row[2].startswith("0 ")}
    assert carcs == {"119": "1 (160.00 billed)", "96": "2 (240.00 billed)"}  # 400.00 missed
    missed = [(row[0], row[2], row[3], row[4]) for row in _rows(page, "missed")]
    assert missed == [
        ("MCC-000001", "119", "N362", "TX"),
        ("NJC-000001", "96", "N95", "NJ"),
        ("NJC-000001", "96", "N95", "NJ"),
    ]
    assert "no recorded prediction" not in page.locator("#remit-summary").inner_text()
    assert page.locator("#recorded").inner_text() == "Not recorded: the history is unchanged."

    href = page.get_by_role("link", name="Download the accuracy (CSV)").get_attribute("href")
    kept = remit_server.url + href.rsplit("/", 1)[0]
    assert page.request.get(kept + "/claims").status == 404  # a remittance has no claims pages
    downloads = {}
    for name in ("Download the accuracy (CSV)", "Download the answer (JSON)"):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        done = info.value
        downloads[done.suggested_filename] = Path(done.path()).read_text(encoding="utf-8")
    assert set(downloads) == {"batch-1.accuracy.csv", "batch-1.remittance.json"}
    assert "lines,,missed,3,400.00,0.00" in downloads["batch-1.accuracy.csv"]
    lines = json.loads(downloads["batch-1.remittance.json"])["accuracy"]["lines"]
    assert lines["paid_as_predicted"]["lines"] == 9 and lines["missed"]["billed"] == "400.00"

    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")
    assert not page.locator("#remit-form").is_visible()
    assert page.locator("#missed").is_visible()
    page.emulate_media(media="screen")

    _measure(page, remit_server.url, remit_server.files, results=(remit_server.result,))
    assert "recorded.json" in page.locator("#compared").inner_text()
    cells = {row[0]: row[1:] for row in _rows(page, "cells")}
    assert [cells[CELL_NAMES[c]] for c in EXPECTED_LINES] == [
        [str(v["lines"]), v["billed"], v["paid"]] for v in EXPECTED_LINES.values()
    ]
    rules = {row[0]: row[2:] for row in _rows(page, "rules")}
    assert rules["FED-CONT-0003"] == ["1 (200.00 paid)", "—"]  # 200.00 + 88.00 = 288.00
    assert rules["FED-CRED-0002"] == ["1 (88.00 paid)", "B7 (1 line)"]
    _measure(page, remit_server.url, remit_server.files, True, (remit_server.result,))
    assert "leave the check results out to record" in page.get_by_role("alert").inner_text()
    _measure(page, remit_server.url, remit_server.files, results=(remit_server.junk,))
    assert page.get_by_role("alert").inner_text().startswith("junk.835: not a check result")

    page.goto(remit_server.url + "/")
    past = page.locator("#history-table tbody tr").first.inner_text()
    assert "Remittance: " in past and "9 lines paid as predicted, 3 missed" in past
    _measure(page, remit_server.url, remit_server.files, record=True)
    assert page.locator("#recorded").inner_text() == (
        "Recorded in the history: 11 paid lines confirmed, 2 added, 3 denied taken out, "
        "2 undone by reversals."
    )
    _measure(page, remit_server.url, [remit_server.junk])
    assert page.get_by_role("alert").inner_text().strip().startswith("junk.835: ")
    assert errors == []
    page.close()

    page = browser.new_page()  # type: ignore[attr-defined]
    _sign_in(page, Server(url=remit_server.url, secret=remit_server.submitter))
    assert page.request.get(kept + "/remittance.csv").status == 404  # another key's download
    _measure(page, remit_server.url, remit_server.files)
    alert = page.get_by_role("alert").inner_text().strip()
    assert alert.startswith("batch-1.835: claim 1 of the remittance is outside this submitter")
    assert "\n" not in alert and page.locator("#accuracy").count() == 0
    page.close()
    log = remit_server.log.read_text()
    assert "remittance files 2" in log and "NJC-000001" not in log and "MCC-000001" not in log
