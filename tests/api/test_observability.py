"""Logs with timestamps, as text or JSON (`PEERCLAIMS_LOG_FORMAT`), and `/metrics` for Prometheus.

The metrics are read through the real app (TestClient) and from `peerclaims serve --workers 2`
(multiprocess mode: every scrape, whichever worker answers it, gives the sum). The served log
is read line by line as JSON and searched for the member's id and name.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import run_cli
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from peerclaims.engine.logs import logging_config

from .conftest import (
    NJ_CLEAN,
    NJ_REJECTED,
    Keys,
    bearer,
    loaded_store,
    make_key,
    serving,
    settings_for,
    x12,
)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
MEMBER_VALUES = ("NJS0000301", "KESTREL", "AMBROSE")
"""The NJ fixtures' member id and name: never in a log line or a metric."""
CANARY = "ZZCANARY77"
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} ")


def samples(text: str) -> Samples:
    """Every sample of a Prometheus text document: (name, sorted labels) -> value."""
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    """One sample's value (0 when absent)."""
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(after: Samples, before: Samples) -> Samples:
    """What changed between two scrapes (counters that went up)."""
    return {key: v - before.get(key, 0.0) for key, v in after.items() if v != before.get(key)}


def test_metrics_count_requests_claims_and_findings_without_phi(
    client: TestClient, keys: Keys
) -> None:
    """Two checks, a refusal and a 404 on an id: requests by route template and status, claims
    by status and findings by rule equal what the answers say; no id or member is a label."""
    before = samples(client.get("/metrics").text)
    answers = [
        client.post("/v1/check", content=path.read_bytes(), headers=x12(keys.submitter_all))
        for path in (NJ_CLEAN, NJ_REJECTED)
    ]
    assert [answer.status_code for answer in answers] == [200, 200]
    client.post("/v1/check", content=b"x")  # 401
    missing = client.get("/v1/decisions/dec_nosuchthing", headers=bearer(keys.submitter_all))
    assert missing.status_code == 404
    scraped = client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    changed = delta(samples(scraped.text), before)

    claims = [claim for answer in answers for claim in answer.json()["claims"]]
    statuses = {"accepted": 0, "rejected": 0, "accepted_not_fully_checked": 0}
    rules: dict[str, int] = {}
    for claim in claims:
        kind = claim["status"]
        if kind == "accepted" and not claim["fully_checked"]:
            kind = "accepted_not_fully_checked"
        statuses[kind] += 1
        for finding in claim["findings"]:
            rules[finding["rule_id"]] = rules.get(finding["rule_id"], 0) + 1
    assert statuses["rejected"] >= 1 and rules
    for kind, count in statuses.items():
        assert value(changed, "peerclaims_claims_checked_total", status=kind) == count, kind
    counted = {
        dict(labels)["rule"]: v
        for (name, labels), v in changed.items()
        if name == "peerclaims_findings_total"
    }
    assert counted == rules
    check = {"method": "POST", "route": "/v1/check"}
    assert value(changed, "peerclaims_http_requests_total", **check, status="200") == 2
    assert value(changed, "peerclaims_http_requests_total", **check, status="401") == 1
    route = "/v1/decisions/{decision_id}"
    assert value(changed, "peerclaims_http_requests_total", method="GET", route=route, status="404")
    assert value(changed, "peerclaims_http_request_duration_seconds_count", **check) == 3
    text = scraped.text
    leaked = (*MEMBER_VALUES, "dec_nosuchthing", *(c["claim_id"] for c in claims))
    assert [v for v in leaked if v in text] == []


def _access_record(path: str) -> logging.LogRecord:
    """A record as uvicorn's access logger makes it."""
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 404),
        None,
    )


def _formatted(log_format: str, record: logging.LogRecord) -> str:
    """`record` through the access handler's filter and formatter of `logging_config`."""
    document = logging_config(log_format)  # type: ignore[arg-type]
    configurator = logging.config.DictConfigurator(document)
    formatter = configurator.configure_formatter(document["formatters"]["access"])
    for entry in document["filters"].values():
        configurator.configure_filter(entry).filter(record)
    return formatter.format(record)


def test_access_lines_carry_a_timestamp_and_no_query_in_both_formats() -> None:
    """Text: an ISO 8601 time first; JSON: timestamp, level, logger and the request's parts as
    fields; the query string (where a search for a member goes) is never written."""
    text = _formatted("text", _access_record(f"/v1/decisions?member={CANARY}"))
    assert ISO_TIME.match(text), text
    assert '"GET /v1/decisions HTTP/1.1" 404' in text and CANARY not in text
    line = json.loads(_formatted("json", _access_record(f"/page?q={CANARY}")))
    assert line["level"] == "INFO" and line["logger"] == "uvicorn.access"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line["timestamp"])
    assert (line["method"], line["path"], line["status"]) == ("GET", "/page", 404)
    assert CANARY not in json.dumps(line)


def test_a_bad_log_format_is_one_line() -> None:
    """`PEERCLAIMS_LOG_FORMAT=xml`: the CLI stops with one line naming the setting."""
    done = run_cli("rules", "list", env={"PEERCLAIMS_LOG_FORMAT": "xml"}, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "peerclaims: setting PEERCLAIMS_LOG_FORMAT='xml' is not usable: "
        "Input should be 'text' or 'json'"
    ]


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """`serve --workers 2 --access-log` with JSON logs: its URL, a submitter key, its log."""
    data_dir = loaded_store(tmp_path_factory.mktemp("observed-store"))
    secret = make_key(settings_for(data_dir), "submitter", "1970300012")
    environment = {
        "PEERCLAIMS_DATA_DIR": str(data_dir),
        "PEERCLAIMS_DATABASE_URL": "",
        "PEERCLAIMS_LOG_FORMAT": "json",
    }
    log = data_dir / "serve.log"
    with serving(environment, log, "--workers", "2", "--access-log") as url:
        yield url, secret, log


@pytest.mark.skipif(sys.platform != "linux", reason="uvicorn's workers are spawned processes")
def test_two_workers_sum_their_metrics_and_log_json_without_phi(
    two_workers: tuple[str, str, Path],
) -> None:
    """Checks on fresh connections land on either worker; every scrape, whichever worker
    answers, counts them all. Every log line (uvicorn's, access, the service's) is one JSON
    object with a timestamp, and none holds the member's id or name or the canary."""
    url, secret, log = two_workers
    checks = 12
    for _ in range(checks):  # a new connection each: the kernel spreads them over the workers
        answer = httpx.post(
            f"{url}/v1/check", content=NJ_CLEAN.read_bytes(), headers=x12(secret), timeout=120
        )
        assert answer.status_code == 200
    refused = httpx.post(f"{url}/v1/check", content=f"ISA*00*{CANARY}".encode())
    assert refused.status_code == 401
    assert httpx.get(f"{url}/v1/decisions?member={CANARY}").status_code in (401, 422)
    totals = set()
    for _ in range(6):
        found = samples(httpx.get(f"{url}/metrics").text)
        route = {"method": "POST", "route": "/v1/check"}
        totals.add(
            (
                value(found, "peerclaims_http_requests_total", **route, status="200"),
                sum(
                    v for (name, _), v in found.items() if name == "peerclaims_claims_checked_total"
                ),
            )
        )
    assert totals == {(checks, checks)}

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert all({"timestamp", "level", "logger", "message"} <= line.keys() for line in lines)
    loggers = {line["logger"] for line in lines}
    assert {"uvicorn.error", "uvicorn.access", "peerclaims.api"} <= loggers
    assert sum(line["message"].startswith("decision ") for line in lines) == checks
    paths = {line.get("path") for line in lines if line["logger"] == "uvicorn.access"}
    assert {"/v1/check", "/v1/decisions", "/metrics"} <= paths
    text = log.read_text()
    assert [v for v in (*MEMBER_VALUES, CANARY) if v in text] == []
