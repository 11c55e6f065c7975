"""Where the reference store lives: settings read from `PEERCLAIMS_*` environment variables.

`PEERCLAIMS_DATABASE_URL` names any SQLAlchemy database (e.g.
`postgresql+psycopg://user@host/db`); without it the store is the SQLite file
`peerclaims.sqlite3` in `PEERCLAIMS_DATA_DIR`, by default `$XDG_DATA_HOME/peerclaims`
(`~/.local/share/peerclaims` when XDG_DATA_HOME is unset). `get_settings()` reads them once, on
first use, never at import; tests call `get_settings.cache_clear()` after changing the environment.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATABASE_FILE = "peerclaims.sqlite3"


def default_data_dir() -> Path:
    """`$XDG_DATA_HOME/peerclaims` if absolute, else `~/.local/share/peerclaims`."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "peerclaims"


class Settings(BaseSettings):
    """peerclaims settings from the environment (prefix `PEERCLAIMS_`)."""

    model_config = SettingsConfigDict(env_prefix="PEERCLAIMS_", frozen=True, extra="ignore")

    database_url: str | None = None
    """SQLAlchemy URL of the reference store; None (or empty): the SQLite file in `data_dir`."""
    data_dir: Path = Field(default_factory=default_data_dir)
    """Folder for the embedded SQLite database (`~` expanded, made absolute)."""
    lock_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    """How long a write waits for another run holding the store (or its members) to finish."""

    @field_validator("database_url")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return value.strip()

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    def resolved_database_url(self) -> str:
        """The configured URL, else `sqlite:///<data_dir>/peerclaims.sqlite3`."""
        if self.database_url is not None:
            return self.database_url
        return f"sqlite:///{self.data_dir / DATABASE_FILE}"


@functools.cache
def get_settings() -> Settings:
    """The settings, read from the environment on the first call and kept."""
    return Settings()
