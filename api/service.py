"""One worker's checking service: the store, the rule packs, one rules engine and its lock.

A worker builds its `Service` on the first request (from the settings the request resolves) and
keeps it: the rule packs are loaded and each state's rules compiled once, and every check reuses
them. Each check holds the worker's lock from reading the input to rendering its answer (pyx12
and durable_rules are not used by two threads at once) and starts with a fresh run history, so a
check never sees another request's claims. Its decision record is written after the lock is
released, so the next check runs while this one's commit syncs; with `?record=true` the lines
are recorded under the lock as `check --record` records them (engine/recording.py: serialised
per member across workers and processes, judged again when another recorded under one of its
members since this worker read the history), then the decision. Several workers
(`peerclaims serve --workers N`) share the store and keep an engine each.

The reference data is read from the store when the service starts, again when it is older than
`reference_refresh_seconds`, and at once after this worker recorded accepted lines (`?record=`).
Every finished check is written to the store as a decision record before it is answered. Keys
are authenticated against the store and trusted for `key_cache_seconds` afterwards.

A SQLite store is switched to write-ahead logging when a worker starts (`sqlite_wal`): a commit
then syncs one log instead of a rollback journal and the database (about 1 ms less per
decision here), and several workers read while one writes. The mode stays with the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from peerclaims.api.checking import (
    Checked,
    OutputFormat,
    judge_input,
    read_input,
    render,
    require_scope,
)
from peerclaims.api.metrics import count_checked
from peerclaims.api.problems import ApiProblem
from peerclaims.api.settings import ApiSettings
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.history_keys import TrackedHistory
from peerclaims.engine.packs.pack import Pack, load_packs
from peerclaims.engine.recording import Judged, judge_and_record
from peerclaims.engine.reference.keys import ApiKey, DecisionRecord
from peerclaims.engine.reference.store import Store
from peerclaims.engine.remit.match import Prediction
from peerclaims.engine.remit.model import RemitFile
from peerclaims.engine.remit.predicted import prediction_rows

log = logging.getLogger("peerclaims.api")


@dataclass(frozen=True, slots=True)
class RemitAnswer:
    """What `POST /v1/remittances` answers: the JSON text and its decision record; the web page
    also offers the accuracy as CSV (`remit --format csv`)."""

    text: str
    decision: DecisionRecord
    csv: str = ""


_KEY_CACHE_SIZE = 4096
"""Keys remembered per worker at most (the memory is emptied when it is full)."""


def default_rules_dir() -> Path:
    """The rule packs the CLI uses (`PEERCLAIMS_RULES_DIR` or the shipped ones)."""
    from peerclaims.engine.cli_rules import rules_root  # noqa: PLC0415 - typer, rich

    return rules_root()


def sqlite_wal(url: str) -> bool:
    """Put the SQLite database file at `url` in WAL journal mode; False when it is not one.

    Other databases, in-memory and `file:` URI databases are left alone, and so is a file the
    mode cannot be changed on now (it stays as it was: WAL only makes commits cheaper).
    """
    parsed = make_url(url)
    path = parsed.database or ""
    not_a_path = path in {"", ":memory:"} or path.startswith("file:")
    if parsed.get_backend_name() != "sqlite" or not_a_path:
        return False
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as connection:
            mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()
    except sqlite3.Error as exc:
        log.warning("store journal mode not changed: %s", exc)
        return False
    return bool(mode) and str(mode[0]).lower() == "wal"


@dataclass(frozen=True, slots=True)
class Answer:
    """A finished check: the answer's text, its decision record and the judged input."""

    text: str
    decision: DecisionRecord
    checked: Checked


class Service:
    """The store, the packs and the engine of one worker; `close()` releases the store."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.store = Store.from_settings(settings)
        try:
            self.store.migrate()
            sqlite_wal(settings.resolved_database_url())
            self.packs: dict[str, Pack] = load_packs(settings.rules_dir or default_rules_dir())
            reference, self._marks = self.store.reference_marked()
            self.engine = RulesEngine(self.packs, reference)
        except BaseException:
            self.store.close()
            raise
        self._reference_read = time.monotonic()
        self._keys: dict[str, tuple[float, ApiKey]] = {}
        """SHA-256 of a secret -> (until when it is trusted, its key)."""
        self.lock = threading.Lock()
        """Held around every check (and around rendering what pyx12 read)."""

    def close(self) -> None:
        """Close the store's connections."""
        self.store.close()

    def cached_key(self, secret: str) -> ApiKey | None:
        """The key of a secret this worker authenticated less than `key_cache_seconds` ago."""
        found = self._keys.get(hashlib.sha256(secret.encode("utf-8")).hexdigest())
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def authenticate(self, secret: str) -> ApiKey | None:
        """The key a presented secret belongs to (None: unknown, malformed or revoked).

        A key found is remembered for `key_cache_seconds` (so a revocation takes effect in a
        worker at most that long after); a refusal is never remembered.
        """
        key = self.store.authenticate(secret)
        ttl = self.settings.key_cache_seconds
        if key is not None and ttl > 0:
            if len(self._keys) >= _KEY_CACHE_SIZE:
                self._keys.clear()
            digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()
            self._keys[digest] = (time.monotonic() + ttl, key)
        return key

    def check(
        self,
        key: ApiKey,
        data: bytes,
        name: str,
        output_format: OutputFormat,
        *,
        record: bool = False,
    ) -> Answer:
        """Check one input for `key`: scope first, then the rules; record the decision.

        Raises `ApiProblem` for an unreadable input (422) or a claim outside the key's scope
        (403) before any rule runs.
        """
        started = time.perf_counter()
        decision: DecisionRecord | None = None
        added = 0
        with self.lock:
            self._refresh_reference()
            read = read_input(data, name)
            require_scope(key, read, self.engine)
            if record:  # the next check, in any worker, must see the recorded lines

                def judge() -> Judged[Checked]:
                    checked = judge_input(read, self.engine, record=True)
                    history = self.engine.history
                    reads = history.reads if isinstance(history, TrackedHistory) else None
                    judged = Judged(checked, checked.recorded or [], reads)
                    judged.predicted = [
                        row for claim in checked.result.claims for row in prediction_rows(claim)
                    ]
                    return judged

                judged, added = judge_and_record(judge, self.engine, self.store, self._marks)
                checked = judged.answer
                decision = self._record_decision(key, data, output_format, checked)
                self._read_reference()
            else:
                checked = judge_input(read, self.engine, record=False)
            text = render(checked, output_format)
        if decision is None:  # outside the lock: the next check runs while this one commits
            decision = self._record_decision(key, data, output_format, checked)
        summary = checked.result.summary
        count_checked(checked.result)
        log.info(
            "decision %s key %s format %s claims %d rejected %d recorded %d in %.1f ms",
            decision.decision_id,
            key.key_id,
            output_format.value,
            summary.claims,
            summary.rejected,
            added,
            (time.perf_counter() - started) * 1000,
        )
        return Answer(text=text, decision=decision, checked=checked)

    def _record_decision(
        self, key: ApiKey, data: bytes, output_format: OutputFormat, checked: Checked
    ) -> DecisionRecord:
        """Write the decision record of a judged input (its own transaction)."""
        result = checked.result
        return self.store.record_decision(
            key.key_id,
            hashlib.sha256(data).hexdigest(),
            output_format.value,
            [(p.id, p.version, p.sha256) for p in result.rule_packs],
            [(c.claim_id, c.status) for c in result.claims],
            result.summary.model_dump(),
        )

    def remittances(self, key: ApiKey, data: bytes, name: str, *, record: bool) -> RemitAnswer:
        """Read an 835/277CA for `key`: scope first, then match to the stored predictions and
        measure; with `record`, apply it to the history (`remit --record`). Decision recorded."""
        return self.remittance_files(key, [(data, name)], record=record, named=False)

    def remittance_files(
        self,
        key: ApiKey,
        files: list[tuple[bytes, str]],
        *,
        record: bool,
        named: bool = True,
        predictions: list[Prediction] | None = None,
    ) -> RemitAnswer:
        """Several 835/277CA files (the web page) measured together, as `remit FILE...` does:
        every file is read and its scope decided before anything is matched or recorded, so a
        refused file leaves the history untouched. With `named`, a refusal starts with the name
        of the file refused. `predictions` (result documents the page was given, as `remit
        --result`) replace the stored ones. One decision record for them all."""
        from peerclaims.api.remitting import (  # noqa: PLC0415 - only this route reads remits
            read_remittance,
            require_remit_scope,
        )
        from peerclaims.engine.remit.accuracy import csv_text  # noqa: PLC0415
        from peerclaims.engine.remit.history import (  # noqa: PLC0415
            record_payments,
            recorded_predictions,
        )
        from peerclaims.engine.remit.report import document, measured  # noqa: PLC0415

        with self.lock:
            self._refresh_reference()
            read: list[RemitFile] = []
            for data, name in files:
                try:
                    one = read_remittance(data, name)
                    require_remit_scope(key, one, self.engine)
                except ApiProblem as problem:
                    if named:
                        problem.detail = f"{name}: {problem.detail}"
                    raise
                read.append(one)
            ids = {c.claim_id for f in read for c in f.claims}
            ids |= {a.claim_id for f in read for a in f.acks}  # a 277CA alone is compared too
            members = {c.member_id for f in read for c in f.claims if c.member_id}
            if predictions is None:
                predictions = recorded_predictions(self.store, ids, members)
            done = measured(read, predictions)
            recorded = record_payments(self.store, done.matched) if record else None
            if record:
                self._read_reference()  # the history changed: the next check sees it
        cells = done.accuracy.cells
        summary: dict[str, str | int] = {
            "kind": "remittance",
            "claims_835": sum(len(f.claims) for f in read),
            "claims_277ca": sum(len(f.acks) for f in read),
            **({"files": len(read)} if len(read) > 1 else {}),
            **{cell: value.lines for cell, value in cells.items()},
        }
        digest = hashlib.sha256()
        for data, _name in files:
            digest.update(data)
        decision = self.store.record_decision(
            key.key_id,
            digest.hexdigest(),
            "json",
            [],
            [(m.remit.claim_id, "reversal" if m.remit.reversal else m.how) for m in done.matched],
            summary,
        )
        log.info(
            "decision %s key %s remittance files %d claims %d recorded %s",
            decision.decision_id,
            key.key_id,
            len(read),
            summary["claims_835"],
            "yes" if record else "no",
        )
        text = json.dumps(document(done, recorded), indent=2) + "\n"
        return RemitAnswer(text=text, decision=decision, csv=csv_text(done.accuracy))

    def render(self, checked: Checked, output_format: OutputFormat) -> str:
        """Another format of a judged input (the web page's downloads)."""
        with self.lock:
            return render(checked, output_format)

    def _refresh_reference(self) -> None:
        age = time.monotonic() - self._reference_read
        if age >= self.settings.reference_refresh_seconds:
            self._read_reference()

    def _read_reference(self) -> None:
        self.engine.reference, self._marks = self.store.reference_marked()
        self._reference_read = time.monotonic()


class ServiceHolder:
    """Builds a worker's `Service` on first use and keeps it while the settings stay the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._service: Service | None = None

    def current(self, settings: ApiSettings) -> Service | None:
        """The service if it is built for these settings (never builds: no blocking)."""
        service = self._service
        return service if service is not None and service.settings == settings else None

    def get(self, settings: ApiSettings) -> Service:
        """The service for these settings (built, or rebuilt when they changed)."""
        with self._lock:
            current = self._service
            if current is not None and current.settings == settings:
                return current
            if current is not None:
                current.close()
                self._service = None
            self._service = Service(settings)
            return self._service

    def close(self) -> None:
        """Close the service, if one was built."""
        with self._lock:
            if self._service is not None:
                self._service.close()
                self._service = None
