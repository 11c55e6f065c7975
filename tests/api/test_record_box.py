"""The page's record box says what ticking it will do, and how to see or undo it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from peerclaims.api.routers.page_shared import COOKIE

from .conftest import Keys


def test_the_record_box_says_what_it_will_store_and_how_to_undo_it(
    client: TestClient, keys: Keys
) -> None:
    """Signed in, the form's record box is described by a sentence: what is stored, with what
    date, what a later check says, and the commands that list and undo it."""
    client.cookies.set(COOKIE, keys.payer_nj)
    try:
        page = client.get("/")
    finally:
        client.cookies.clear()
    assert page.status_code == 200
    assert 'aria-describedby="record-help"' in page.text
    help_text = re.search(r'<p id="record-help"[^>]*>(.*?)</p>', page.text, re.S)
    assert help_text is not None, page.text
    words = " ".join(help_text.group(1).split())
    assert "stored in the history with today's date" in words
    assert "already recorded on that date" in words
    assert "peerclaims history remove --claim CLAIM" in words
