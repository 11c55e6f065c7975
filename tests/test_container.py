"""The container image and the compose file, checked as far as a machine without a Docker engine
can: the compose file names the service and PostgreSQL and wires one to the other; the
Dockerfile copies every package folder pyproject installs, installs it, and serves.

Not built or started here: the development and CI machines have the docker CLI but no daemon
(`docker version` cannot reach /var/run/docker.sock), and the base images (python:3.11-slim,
postgres:16) come from an image registry these machines do not reach."""

from __future__ import annotations

import shlex
import tomllib

import yaml
from conftest import REPO
from sqlalchemy.engine import make_url


def _instructions() -> list[tuple[str, str]]:
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_compose_runs_the_service_on_postgresql() -> None:
    """`docker compose up`: a `peerclaims` service built here, its database URL naming the
    `db` service (PostgreSQL), started once the database answers, on port 8000."""
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "peerclaims", "scheduler", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    service = services["peerclaims"]
    assert service["build"] == "."
    url = make_url(service["environment"]["PEERCLAIMS_DATABASE_URL"])
    assert (url.drivername, url.host) == ("postgresql+psycopg", "db")
    assert url.database == services["db"]["environment"]["POSTGRES_DB"]
    assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8000:8000" in service["ports"]


def test_compose_runs_a_dask_scheduler_and_two_workers_on_the_same_store() -> None:
    """The scheduler and two single-threaded workers (without Dask's nanny), built from the same
    image with the same store URL; the service sends batches to that scheduler
    (PEERCLAIMS_DASK_SCHEDULER)."""
    services = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]
    scheduler, worker, service = services["scheduler"], services["worker"], services["peerclaims"]
    assert scheduler["command"][:4] == ["dask", "scheduler", "--port", "8786"]
    assert worker["command"][:3] == ["dask", "worker", "tcp://scheduler:8786"]
    # one process each, no nanny: its MALLOC_TRIM_THRESHOLD_ slows the rules engine
    assert worker["command"][3:] == ["--no-nanny", "--nthreads", "1"]
    assert worker["restart"] == "on-failure"
    assert worker["deploy"]["replicas"] == 2
    assert service["environment"]["PEERCLAIMS_DASK_SCHEDULER"] == "tcp://scheduler:8786"
    for each in (scheduler, worker):
        assert each["build"] == "."
        assert (
            each["environment"]["PEERCLAIMS_DATABASE_URL"]
            == (service["environment"]["PEERCLAIMS_DATABASE_URL"])
        )
    assert worker["depends_on"]["scheduler"]["condition"] == "service_healthy"


def test_the_image_copies_installs_and_serves_every_package_folder() -> None:
    """Every folder pyproject maps a package to is copied before `pip install .`; every COPY
    source exists; the image ends serving on all addresses."""
    steps = _instructions()
    folders = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
            "package-dir"
        ].values()
    )
    copied: set[str] = set()
    installed = False
    for kind, argument in steps:
        if kind == "COPY":
            *sources, _target = shlex.split(argument)
            for source in sources:
                assert (REPO / source).exists(), source
                copied.add(source)
        if kind == "RUN" and "pip install --no-cache-dir ." in argument:
            assert folders <= copied, folders - copied
            installed = True
    assert installed
    assert steps[-1] == ("CMD", '["peerclaims", "serve", "--host", "0.0.0.0", "--port", "8000"]')
