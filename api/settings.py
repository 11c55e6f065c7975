"""The service's settings: the store's (database URL, data folder) and the service's own.

`ApiSettings` extends the store's `Settings`, so one object names the database and the limits.
`get_settings()` reads the environment on its first call, never at import. Routes reach the
settings through `dependencies.SettingsDep`: a test's `app.dependency_overrides[get_settings]`,
else those passed to `create_app`, else `get_settings()`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from peerclaims.engine.reference.settings import Settings, unusable

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
"""10 MiB: a request body past this is refused with 413 before it is read as X12."""
DEFAULT_JOB_MIN_BYTES = 256 * 1024
"""256 KiB: a `POST /v1/check` body past this runs as a job (some 700 claims, which would hold
an engine 1.6 s here, up to 12 s on a slower machine); smaller ones keep their synchronous answer
(api/README.md, "Jobs")."""
MAX_KEPT_HOURS = 24 * 366
"""The longest a result is kept (a year): a longer time, or `inf`, would overflow the dates it
is added to."""
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss")
"""The Dask comm schemes a scheduler of the service's jobs may be named with: `inproc://` reaches
only the process's own scheduler, `ucx://` needs a package the service does not install."""


class ApiSettings(Settings):
    """The store settings plus the service's own (`PEERCLAIMS_` prefix)."""

    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, gt=0)
    """`PEERCLAIMS_MAX_BODY_BYTES`: the largest request body accepted (bytes)."""
    rules_dir: Path | None = None
    """`PEERCLAIMS_RULES_DIR`: another rules folder (as for the CLI); None: the shipped packs."""
    reference_refresh_seconds: float = Field(default=10.0, ge=0, le=86400, allow_inf_nan=False)
    """`PEERCLAIMS_REFERENCE_REFRESH_SECONDS`: how old the in-memory reference data may get
    before it is read from the store again (0: before every check; a day at most). A worker
    re-reads it at once after recording lines itself."""
    key_cache_seconds: float = Field(default=5.0, ge=0, le=3600, allow_inf_nan=False)
    """`PEERCLAIMS_KEY_CACHE_SECONDS`: how long a worker trusts a key it has authenticated
    without asking the store again (0: ask on every request; an hour at most). A revoked key
    is refused at most this long after its revocation."""
    page_results_hours: float = Field(default=24.0, gt=0, le=MAX_KEPT_HOURS, allow_inf_nan=False)
    """`PEERCLAIMS_PAGE_RESULTS_HOURS`: how long the web page's results are kept on the server
    (in the data folder) for the page to read a page of claims at a time and download; a year
    at most."""
    secure_cookies: bool = False
    """`PEERCLAIMS_SECURE_COOKIES`: mark the web page's sign-in cookie `Secure` (behind HTTPS)."""
    dask_scheduler: str | None = None
    """`PEERCLAIMS_DASK_SCHEDULER`: the Dask scheduler (`tcp://host:8786`; scheme tcp, tls, ws
    or wss, a port) whose workers run the service's jobs (and the CLI's batches). None: `serve`
    starts a local cluster of `job_workers` workers itself; an app made otherwise (`create_app`)
    runs no jobs."""
    job_workers: int = Field(default=1, ge=0, le=256)
    """`PEERCLAIMS_JOB_WORKERS`: the workers of the local cluster `serve` starts for jobs when
    no scheduler is named; 0: no jobs at all (every body is checked synchronously, and
    `Prefer: respond-async` is ignored), even with a scheduler."""
    job_min_bytes: int = Field(default=DEFAULT_JOB_MIN_BYTES, ge=0)
    """`PEERCLAIMS_JOB_MIN_BYTES`: a `POST /v1/check` body larger than this runs as a job
    (`202 Accepted`); any body sent with `Prefer: respond-async` does too."""
    job_results_hours: float = Field(default=24.0, gt=0, le=MAX_KEPT_HOURS, allow_inf_nan=False)
    """`PEERCLAIMS_JOB_RESULTS_HOURS`: how long a job and its answer are kept in the store
    (removed when a later job is added); a year at most."""

    @field_validator("dask_scheduler")
    @classmethod
    def _scheduler_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return scheduler_address(value.strip())

    @property
    def jobs(self) -> bool:
        """Whether large bodies run as jobs: a scheduler is named and jobs are not turned off."""
        return self.dask_scheduler is not None and self.job_workers > 0


def scheduler_address(address: str) -> str:
    """A Dask scheduler address as Dask reads it (`[scheme://]host:port`, tcp when no scheme),
    checked here so that a bad one is refused when the settings are read, not by the first job;
    raises ValueError saying what is wrong."""
    scheme, separator, location = address.partition("://")
    if not separator:
        scheme, location = "tcp", address
    if scheme not in SCHEDULER_SCHEMES:
        known = ", ".join(f"{known}://" for known in SCHEDULER_SCHEMES)
        raise ValueError(f"the scheme must be one of {known} (scheme://host:port)")
    host, colon, port = location.rpartition(":")
    if not colon or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("the address must end in :port, a number from 1 to 65535")
    if not host.strip("[]") or any(char.isspace() or char in "/?#" for char in host):
        raise ValueError("the address must name a host before its :port")
    return address


@functools.cache
def get_settings() -> ApiSettings:
    """The settings, read from the environment on the first call and kept."""
    return ApiSettings()


def checked_settings() -> ApiSettings:
    """`get_settings()`, a bad value refused in one line naming the variable and what it holds.

    `peerclaims serve` calls it before it starts: a service that cannot read its settings
    refuses to start rather than answer 500 to every request."""
    try:
        return get_settings()
    except ValidationError as exc:
        raise unusable(exc) from exc
