"""`/docs`: Swagger UI whose every asset is served by the service itself (no CDN)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from fastapi.testclient import TestClient


class _Links(HTMLParser):
    """The `src` and `href` of every script, link and img of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "link", "img"}:
            self.urls += [v for k, v in attrs if k in {"src", "href"} and v is not None]


def test_docs_loads_every_asset_from_the_service(client: TestClient) -> None:
    """Every script, stylesheet and icon of /docs is a same-origin path the service answers."""
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    links = _Links()
    links.feed(page.text)
    assert len(links.urls) >= 3  # script, stylesheet, icon
    for url in links.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    assert "url: '/openapi.json'" in page.text
    assert "cdn." not in page.text


def test_docs_policy_allows_only_this_host(client: TestClient) -> None:
    """/docs carries a Content-Security-Policy naming no other host."""
    policy = client.get("/docs").headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self' 'sha256-" in policy
    assert "http" not in policy


def test_swagger_ui_oauth2_redirect_is_served_and_redoc_is_not(client: TestClient) -> None:
    """The OAuth2 redirect page of Swagger UI is served here; /redoc (a CDN page) is not."""
    redirect = client.get("/docs/oauth2-redirect")
    assert redirect.status_code == 200
    assert "<script src" not in redirect.text
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/assets/no-such-file.js").status_code == 404
