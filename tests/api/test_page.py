"""The web page at `/`, in a real headless Chromium against a real `peerclaims serve`.

The store is a temporary one loaded with `peerclaims reference load fixtures/reference`; the
server is started with `peerclaims serve` on a free loopback port and stopped afterwards.
Chromium is Debian's (/usr/bin/chromium); the tests are skipped when it is not installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from peerclaims.api.routers.page import _templates
from tests.statesdata import rules_with_pa

from .conftest import NJ_CLEAN, NJ_REJECTED, loaded_store, make_key, serving, settings_for

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Server:
    """A running service: its address and a submitter key of the NJ billing provider."""

    url: str
    secret: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`peerclaims serve` on a free port over a fresh store with the sample reference data."""
    data_dir = loaded_store(tmp_path_factory.mktemp("page-store"))
    secret = make_key(settings_for(data_dir), "submitter", "1970300012", label="Raritan Bay")
    environment = {"PEERCLAIMS_DATA_DIR": str(data_dir), "PEERCLAIMS_DATABASE_URL": ""}
    with serving(environment, data_dir / "serve.log") as url:
        yield Server(url=url, secret=secret)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


def _sign_in(page: object, server: Server) -> None:
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    page.get_by_label("API key").fill(server.secret)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.get_by_text("Check an 837").wait_for()  # type: ignore[attr-defined]


def test_upload_shows_the_rejected_claims_finding(
    browser: object, server: Server, tmp_path: Path
) -> None:
    """Sign in, upload the NJ fixture, read NJ-COD-0001 with its message, fix, location and
    citation in the claim's findings table; the screenshot is a PNG."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _sign_in(page, server)
    page.get_by_label("Upload an 837 file").set_input_files(str(NJ_REJECTED))
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="Result").wait_for()
    claim = page.locator("section.claim", has_text="NJF-000001")
    assert claim.get_attribute("data-status") == "rejected"
    row = claim.locator("table.findings tbody tr", has_text="NJ-COD-0001")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[0] == "1"  # line
    assert "requires HF" in cells[2]  # message
    assert "Add modifier HF" in cells[3]  # fix
    assert cells[4] == "2400 SV1-01-3 (line 1)"  # location
    assert "Horizon NJ Health" in cells[5]  # citation
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("1 claim: 0 accepted, 1 rejected")
    billed = summary.split("billed ", 1)[1].split(",", 1)[0]
    assert f"at risk {billed} on rejected claims" in summary  # all of it: the claim is rejected
    shot = tmp_path / "result.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(PNG_MAGIC)
    page.close()


def test_rejected_only_filter_and_downloads(browser: object, server: Server) -> None:
    """Paste two claims; the keyboard-toggled filter hides the accepted one; JSON and 277CA
    download as the API would answer them."""
    page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    _sign_in(page, server)
    text = (NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes()).decode("ascii")
    page.get_by_label("Paste an 837").fill(text)
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="Result").wait_for()
    accepted = page.locator("section.claim[data-status=accepted]")
    rejected = page.locator("section.claim[data-status=rejected]")
    assert accepted.count() == 1
    assert rejected.count() == 1
    assert accepted.is_visible()
    page.get_by_label("Show rejected claims only").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Show rejected claims only").is_checked()
    assert not accepted.is_visible()
    assert rejected.is_visible()
    page.keyboard.press("Space")
    assert accepted.is_visible()

    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download the result (JSON)").click()
    document = json.loads(Path(json_download.value.path()).read_text())
    assert [c["claim_id"] for c in document["claims"]] == ["NJC-000001", "NJF-000001"]
    assert document["claims"][0]["file"] == "<pasted>"
    with page.expect_download() as ack_download:
        page.get_by_role("link", name="Download the 277CA").click()
    ack = Path(ack_download.value.path()).read_text()
    assert ack.startswith("ISA*")
    assert "TRN*2*NJF-000001~" in ack
    page.close()


def test_every_control_is_labelled_and_nothing_loads_from_elsewhere(
    browser: object, server: Server
) -> None:
    """Each form control has a label; every request the page makes goes to the server itself."""
    page = browser.new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _sign_in(page, server)
    page.get_by_label("Paste an 837").fill(NJ_REJECTED.read_text())
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="Result").wait_for()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
            .filter(el => el.type !== 'hidden' && el.labels.length === 0)
            .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    assert requested
    assert all(url.startswith(server.url) for url in requested), requested


def test_a_wrong_key_is_not_signed_in(browser: object, server: Server) -> None:
    """A key that is not valid gets an alert and the sign-in form again."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server.url + "/")
    page.get_by_label("API key").fill("pck_k_0000000000000000_" + "B" * 43)
    page.get_by_role("button", name="Sign in").click()
    assert "not valid" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("API key").is_visible()
    page.close()


def test_a_claim_outside_the_key_is_refused_on_the_page(browser: object, server: Server) -> None:
    """A claim of another billing provider: the page says so and shows nothing of it."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _sign_in(page, server)
    other = (NJ_REJECTED.parents[1] / "nc" / "clean.837").read_text()
    page.get_by_label("Paste an 837").fill(other)
    page.get_by_role("button", name="Check").click()
    alert = page.get_by_role("alert").inner_text()
    assert "outside this submitter key's scope" in alert
    assert page.locator("section.claim").count() == 0
    page.close()


def test_docs_render_with_the_internet_blocked(browser: object, server: Server) -> None:
    """/docs shows Swagger UI's operation list while every request off loopback is aborted,
    and the page asks for nothing off loopback nor breaks its security policy."""
    context = browser.new_context()  # type: ignore[attr-defined]
    outside: list[str] = []
    problems: list[str] = []

    def only_loopback(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server.url + "/"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server.url + "/docs")
    operation = page.locator(".opblock-summary-path", has_text="/v1/check")
    operation.first.wait_for(timeout=30_000)
    assert operation.first.is_visible()
    assert page.get_by_text("/v1/packs", exact=True).is_visible()
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("peerclaims")
    assert outside == []
    assert problems == []
    context.close()


@pytest.fixture(scope="module")
def pa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`peerclaims serve` on the rules with the test Pennsylvania pack (populations stated)."""
    data_dir = loaded_store(tmp_path_factory.mktemp("page-states-store"))
    rules = rules_with_pa(tmp_path_factory.mktemp("page-states-rules"))
    secret = make_key(settings_for(data_dir), "payer", "PAMEDICAID", label="PA payer")
    environment = {
        "PEERCLAIMS_DATA_DIR": str(data_dir),
        "PEERCLAIMS_DATABASE_URL": "",
        "PEERCLAIMS_RULES_DIR": str(rules),
    }
    with serving(environment, data_dir / "serve.log") as url:
        yield Server(url=url, secret=secret)


def test_what_we_check_in_your_state(browser: object, pa_server: Server) -> None:
    """From the link, pick Pennsylvania: each population with whether it is paid and its
    evidence, rules by kind with the kinds not checked, the review date and the sentence
    saying what is not checked; Oregon (no pack) says so."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _sign_in(page, pa_server)
    page.get_by_role("link", name="What we check in your state").click()
    page.get_by_role("heading", name="What we check in your state").wait_for()
    page.get_by_label("State").select_option("PA")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Pennsylvania").wait_for()
    rows = page.locator("#populations tbody tr")
    cells = {
        row.locator("th").inner_text(): [c.strip() for c in row.locator("td").all_inner_texts()]
        for row in rows.all()
    }
    assert cells["Mental health"][:2] == ["covered since 2006-11-01", "V verified"]
    assert cells["Substance use (HF)"][:2] == ["not covered", "S secondary source"]
    assert cells["Youth (HA)"][0] == "covered (ages 14 to 26)"
    assert cells["Family (HS, HR)"][:2] == ["unknown", "U unknown"]
    assert "searched, not found" in cells["Family (HS, HR)"][3]
    kinds = page.locator("#kinds tbody tr")
    by_kind = {r.locator("th").inner_text(): r.locator("td").inner_text() for r in kinds.all()}
    assert by_kind["limits"] == "none: not checked"
    assert by_kind["credential"] == "1"
    assert page.locator("#reviewed").inner_text() == "2026-12-01"
    assert (
        page.locator("#not-checked")
        .inner_text()
        .startswith("Pennsylvania has no encoded rules for enrollment, limits or authorization")
    )
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
            .filter(el => el.type !== 'hidden' && el.labels.length === 0).length"""
    )
    assert unlabelled == 0
    page.get_by_label("State").select_option("OR")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Oregon").wait_for()
    assert page.locator("#pack").inner_text() == "no pack"
    assert "Oregon has no rule pack" in page.locator("#not-checked").inner_text()
    page.close()


def test_a_claim_accepted_but_not_fully_checked_says_why(browser: object, server: Server) -> None:
    """A result document whose claim is `fully_checked: false` with `not_checked` reasons (the
    fields of the result contract) shows "accepted, not fully checked: <reason>" on that claim,
    the packs that judged it, and the count in the summary; a claim without them shows none."""
    document = httpx.post(
        server.url + "/v1/check",
        content=NJ_CLEAN.read_bytes() + NJ_REJECTED.read_bytes(),
        headers={"Authorization": f"Bearer {server.secret}", "Content-Type": "text/plain"},
        timeout=60,
    ).json()
    accepted = document["claims"][0]
    assert accepted["status"] == "accepted"
    reason = "Pennsylvania has no encoded rules for credentials or limits"
    accepted["fully_checked"] = False
    accepted["not_checked"] = [{"check": "credential", "reason": reason}]
    accepted["judged_by"] = [
        {"id": "federal", "version": "2026.11.1"},
        {"id": "nj", "version": "2026.11.1"},
    ]
    document["summary"]["accepted_not_fully_checked"] = 1
    rejected = document["claims"][1]  # shown as a claim without the fields
    rejected["fully_checked"] = True
    rejected["not_checked"] = []
    rejected["judged_by"] = []
    html = (
        _templates()
        .get_template("index.html")
        .render(
            key=SimpleNamespace(role="submitter", key_id="k_test", label=None),
            result=document,
            decision_id="d_test",
            json_url="#",
            json_name="result.json",
            ack_url="#",
            ack_name="result.x12",
        )
    )
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server.url + "/")
    page.set_content(html)
    first = page.locator("section.claim").nth(0)
    assert first.locator("h3 .status").inner_text() == "accepted, not fully checked"
    line = first.locator(".not-checked").inner_text()
    assert line.startswith(f"accepted, not fully checked: {reason}")
    assert "(1 not fully checked)" in page.locator("#summary").inner_text()
    assert first.locator(".judged-by").inner_text() == "federal 2026.11.1, nj 2026.11.1"
    second = page.locator("section.claim").nth(1)
    assert second.locator(".not-checked").count() == 0
    assert second.locator(".judged-by").count() == 0
    assert second.locator("h3 .status").inner_text() == "rejected"
    page.close()
