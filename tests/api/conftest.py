"""Fixtures of the service tests: a real store loaded with the sample reference data, the real
app on it (TestClient), and one API key per role. Nothing is mocked: pyx12, durable_rules and
SQLite do the work.

The store is loaded the way users load it, with `peerclaims reference load fixtures/reference`
in a temporary `PEERCLAIMS_DATA_DIR`; the app gets that folder through its settings.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from peerclaims.api.main import create_app
from peerclaims.api.settings import ApiSettings
from peerclaims.engine.reference.keys import Role
from peerclaims.engine.reference.store import Store

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "claims"
REFERENCE = REPO / "fixtures" / "reference"
NJ_REJECTED = FIXTURES / "nj" / "missing-hf-modifier.837"
NJ_CLEAN = FIXTURES / "nj" / "clean.837"
NJ_BILLING_NPI = "1970300012"
NC_BILLING_NPI = "1970400010"


def cli(
    data_dir: Path,
    *args: str | Path,
    stdin: bytes = b"",
    timeout: float = 300,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m peerclaims.engine.cli ARGS` on the store in `data_dir` (or `env`'s)."""
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(data_dir)}
    environment.pop("PEERCLAIMS_DATABASE_URL", None)
    environment.pop("PEERCLAIMS_RULES_DIR", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "peerclaims.engine.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        timeout=timeout,
        check=False,
        env=environment,
    )


def free_port() -> int:
    """A loopback port nobody listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(environment: Mapping[str, str], log: Path, *options: str) -> Iterator[str]:
    """`peerclaims serve --port <free> OPTIONS` with `environment`; yields its URL, then stops it.

    Its output goes to `log` (never a pipe, which could fill and stall it). No jobs (so no Dask
    cluster to start) unless `environment` sets `PEERCLAIMS_JOB_WORKERS`.
    """
    port = free_port()
    command = [sys.executable, "-m", "peerclaims.engine.cli", "serve", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, *options],
            cwd=REPO,
            env={**os.environ, "PEERCLAIMS_JOB_WORKERS": "0", **environment},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start in 90 s"
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def loaded_store(data_dir: Path) -> Path:
    """`peerclaims reference load fixtures/reference` into `data_dir`; returns it."""
    done = cli(data_dir, "reference", "load", REFERENCE)
    assert done.returncode == 0, done.stderr.decode()
    return data_dir


def settings_for(data_dir: Path, **changes: object) -> ApiSettings:
    """Service settings on the store in `data_dir` (the environment's values overridden)."""
    values: dict[str, object] = {
        "database_url": None,
        "data_dir": data_dir,
        "rules_dir": None,
        "max_body_bytes": 10 * 1024 * 1024,
        "reference_refresh_seconds": 10.0,
        "key_cache_seconds": 5.0,
        **changes,
    }
    return ApiSettings.model_validate(values)


def make_key(settings: ApiSettings, role: Role, *scopes: str, label: str | None = None) -> str:
    """A new key's secret."""
    with Store.from_settings(settings) as store:
        _, secret = store.create_key(role, scopes, label)
    return secret


def bearer(secret: str) -> dict[str, str]:
    """The Authorization header of a key."""
    return {"Authorization": f"Bearer {secret}"}


def x12(secret: str) -> dict[str, str]:
    """Headers of a check request: the key and the X12 media type."""
    return {**bearer(secret), "Content-Type": "application/edi-x12"}


@dataclass(frozen=True)
class Keys:
    """One secret per role and scope used by the tests."""

    submitter_nj: str
    submitter_nc: str
    submitter_all: str
    payer_nj: str
    payer_tx: str
    state_nj: str
    state_ct: str


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample reference data (shared by the tests that do not record)."""
    return loaded_store(tmp_path_factory.mktemp("api-store"))


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> ApiSettings:
    """The settings of the shared app."""
    return settings_for(data_dir)


@pytest.fixture(scope="session")
def keys(settings: ApiSettings) -> Keys:
    """Keys of every role in the shared store."""
    every_npi = ("1970300012", "2117239691", "2427436656", "1970400010", "1970200014")
    return Keys(
        submitter_nj=make_key(settings, "submitter", NJ_BILLING_NPI, label="NJ org"),
        submitter_nc=make_key(settings, "submitter", NC_BILLING_NPI),
        submitter_all=make_key(settings, "submitter", *every_npi),
        payer_nj=make_key(settings, "payer", "NJMEDICAID"),
        payer_tx=make_key(settings, "payer", "TXMEDICAID", "TXMCO1"),
        state_nj=make_key(settings, "state", "NJ"),
        state_ct=make_key(settings, "state", "CT"),
    )


@pytest.fixture(scope="session")
def app(settings: ApiSettings) -> FastAPI:
    """The real app on the shared store (settings given to the factory)."""
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """A TestClient of the shared app (its lifespan runs once for the session)."""
    with TestClient(app) as test_client:
        yield test_client
