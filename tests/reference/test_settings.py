"""Settings of the store: the default SQLite file under the XDG data folder, or a configured URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from peerclaims.engine.reference.settings import Settings, get_settings
from peerclaims.engine.reference.store import Store


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No PEERCLAIMS_ or XDG variable of the caller leaks in; the settings cache starts empty."""
    for name in ("PEERCLAIMS_DATABASE_URL", "PEERCLAIMS_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_default_is_sqlite_under_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without settings the store is ~/.local/share/peerclaims/peerclaims.sqlite3."""
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / ".local" / "share" / "peerclaims" / "peerclaims.sqlite3"
    assert Settings().resolved_database_url() == f"sqlite:///{expected}"


def test_xdg_data_home_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An absolute XDG_DATA_HOME moves the data folder; a relative one is ignored (XDG spec)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().data_dir == tmp_path / "xdg" / "peerclaims"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/xdg")
    assert Settings().data_dir == tmp_path / "home" / ".local" / "share" / "peerclaims"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PEERCLAIMS_DATA_DIR moves the SQLite file; PEERCLAIMS_DATABASE_URL replaces it."""
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(tmp_path / "data"))
    assert Settings().resolved_database_url() == f"sqlite:///{tmp_path / 'data'}/peerclaims.sqlite3"
    monkeypatch.setenv("PEERCLAIMS_DATABASE_URL", "postgresql+psycopg://u@db.example/peer")
    assert Settings().resolved_database_url() == "postgresql+psycopg://u@db.example/peer"
    monkeypatch.setenv("PEERCLAIMS_DATABASE_URL", "")
    assert Settings().database_url is None


def test_get_settings_reads_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """get_settings() reads the environment on first call and keeps it until cache_clear()."""
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(tmp_path / "a"))
    first = get_settings()
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(tmp_path / "b"))
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings().data_dir == tmp_path / "b"


def test_store_from_settings_creates_the_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The default store creates its data folder and a migratable SQLite file there."""
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(tmp_path / "new" / "folder"))
    with Store.from_settings() as store:
        store.migrate()
        assert store.revision() == "0003"
    assert (tmp_path / "new" / "folder" / "peerclaims.sqlite3").is_file()
