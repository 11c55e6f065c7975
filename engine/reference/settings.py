"""Where the reference store lives: settings read from `PEERCLAIMS_*` environment variables.

`PEERCLAIMS_DATABASE_URL` names any SQLAlchemy database (e.g.
`postgresql+psycopg://user@host/db`); without it the store is the SQLite file
`peerclaims.sqlite3` in `PEERCLAIMS_DATA_DIR`, by default `$XDG_DATA_HOME/peerclaims`
(`~/.local/share/peerclaims` when XDG_DATA_HOME is unset). The `PEERCLAIMS_MAX_*` settings bound
what is read from files (size in bytes, YAML nesting depth). `get_settings()` reads them once, on
first use, never at import; tests call `get_settings.cache_clear()` after changing the environment.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from peerclaims.engine.errors import UsageError
from peerclaims.engine.logs import LogFormat

DATABASE_FILE = "peerclaims.sqlite3"
MIB = 1024 * 1024


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
    max_reference_bytes: int = Field(default=64 * MIB, gt=0)
    """The largest reference YAML file read (`PEERCLAIMS_MAX_REFERENCE_BYTES`)."""
    max_pack_file_bytes: int = Field(default=4 * MIB, gt=0)
    """The largest rule-pack file read (`PEERCLAIMS_MAX_PACK_FILE_BYTES`)."""
    max_input_bytes: int = Field(default=1024 * MIB, gt=0)
    """The largest 837 input file read by `check` and `impact` (`PEERCLAIMS_MAX_INPUT_BYTES`)."""
    max_yaml_depth: int = Field(default=64, gt=0, le=500)
    """The deepest nesting of sequences and mappings read in a YAML file
    (`PEERCLAIMS_MAX_YAML_DEPTH`); the project's files nest five deep at most."""
    lock_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    """How long a write waits for another run holding the store (or its members) to finish."""
    log_format: LogFormat = "text"
    """`PEERCLAIMS_LOG_FORMAT`: log lines as timestamped `text` or one `json` object a line
    (the CLI's warnings, the service's lines and uvicorn's, access log included)."""

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


def unusable(exc: ValidationError) -> UsageError:
    """The first error of a settings validation as one line naming the variable and its value."""
    first = exc.errors()[0]
    name = "PEERCLAIMS_" + "_".join(str(part) for part in first["loc"]).upper()
    return UsageError(f"setting {name}={first.get('input')!r} is not usable: {first['msg']}")


def checked_settings() -> Settings:
    """`get_settings()`, a bad value refused in one line (`unusable`) instead of a traceback."""
    try:
        return get_settings()
    except ValidationError as exc:
        raise unusable(exc) from exc
