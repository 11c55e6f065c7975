"""Results the web page reads a page at a time: the server keeps each checked file's result, and
the browser never holds the whole of it.

`POST /page/check` keeps the result under `<data_dir>/page-results/<decision_id>/`:

    meta.json     the key that made it, the file's name and size, the download names
    head.json     the result document without its claims (summary, worklist, packs, errors);
                  the page gets it with each group's claim list cut to its first 50
                  (`shortened`), and the rest of a list on asking (`group_claims`)
    claims.jsonl  one claim a line, as in the result document
    index.json    per claim: id, member id, status, and where its line is in claims.jsonl
    result.json   the result document exactly as `POST /v1/check` answers it (the download)
    ack277ca.x12  the 277CA (the other download)

The remittance page (`POST /remittances`) keeps its downloads the same way, in a folder of their
own: `meta.json`, `remittance.json` (as `POST /v1/remittances` answers) and `remittance.csv`
(the accuracy as `remit --format csv` writes it).

The page then asks for one page of claims (`claims`: search by claim or member id, rejected
only), and the downloads are links to the two files. Only the key that made a result reads it;
any other gets "not found". The folder lives in the data folder, so every worker of one
`serve` finds it; results older than `PEERCLAIMS_PAGE_RESULTS_HOURS` are removed when another
is kept. The files hold claim content (member ids): the folder is made readable by its owner
only, like the SQLite store beside it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = "page-results"
_DECISION_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_OWNER_ONLY = 0o700


@dataclass(frozen=True, slots=True)
class ClaimsPage:
    """One page of a kept result's claims: those matching, and how many match in all."""

    total: int
    offset: int
    claims: list[dict[str, Any]]


class KeptResults:
    """The kept results in one folder (`<data_dir>/page-results`)."""

    def __init__(self, folder: Path, hours: float) -> None:
        self.folder = folder
        self.seconds = hours * 3600

    def keep(
        self,
        decision_id: str,
        key_id: str,
        meta: dict[str, Any],
        result_text: str,
        ack277ca: str,
    ) -> dict[str, Any]:
        """Keep one result; returns its head (the document without its claims)."""
        self._remove_old()
        document: dict[str, Any] = json.loads(result_text)
        claims = document.pop("claims", [])
        target = self._new_place(decision_id)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True, mode=_OWNER_ONLY)
        index: list[list[Any]] = []
        offset = 0
        with (partial / "claims.jsonl").open("w", encoding="utf-8") as lines:
            for claim in claims:
                line = json.dumps(claim, ensure_ascii=False, separators=(",", ":")) + "\n"
                size = len(line.encode("utf-8"))
                index.append(
                    [claim["claim_id"], claim.get("member_id"), claim["status"], offset, size]
                )
                lines.write(line)
                offset += size
        files = {
            "meta.json": json.dumps({**meta, "key_id": key_id}),
            "head.json": json.dumps(document, ensure_ascii=False),
            "index.json": json.dumps(index, ensure_ascii=False),
            "result.json": result_text,
            "ack277ca.x12": ack277ca,
        }
        for name, text in files.items():
            (partial / name).write_text(text, encoding="utf-8")
        partial.rename(target)
        return document

    def keep_remittance(
        self, decision_id: str, key_id: str, meta: dict[str, Any], json_text: str, csv_text: str
    ) -> None:
        """Keep a remittance page's two downloads."""
        self._remove_old()
        target = self._new_place(decision_id)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True, mode=_OWNER_ONLY)
        files = {
            "meta.json": json.dumps({**meta, "key_id": key_id}),
            "remittance.json": json_text,
            "remittance.csv": csv_text,
        }
        for name, text in files.items():
            (partial / name).write_text(text, encoding="utf-8")
        partial.rename(target)

    def meta(self, decision_id: str, key_id: str) -> dict[str, Any] | None:
        """A kept result's meta data, if it exists and that key made it."""
        place = self._found(decision_id)
        if place is None:
            return None
        try:
            meta: dict[str, Any] = json.loads((place / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if meta.get("key_id") == key_id else None

    def file(self, decision_id: str, key_id: str, name: str) -> Path | None:
        """One of a kept result's files (`result.json`, `ack277ca.x12`, a remittance's
        `remittance.json` and `remittance.csv`), for its key only."""
        if self.meta(decision_id, key_id) is None:
            return None
        place = self._found(decision_id)
        return None if place is None else place / name

    def claims(
        self,
        decision_id: str,
        key_id: str,
        offset: int,
        limit: int,
        query: str = "",
        rejected_only: bool = False,
    ) -> ClaimsPage | None:
        """The claims `offset` to `offset + limit` of those whose claim or member id holds
        `query` (any case), rejected ones only if asked; None: no such result for this key."""
        if self.meta(decision_id, key_id) is None:
            return None
        place = self._found(decision_id)
        if place is None or not (place / "index.json").is_file():  # a remittance's: no claims
            return None
        index = json.loads((place / "index.json").read_text(encoding="utf-8"))
        wanted = query.strip().casefold()
        found = [
            entry
            for entry in index
            if (not rejected_only or entry[2] == "rejected")
            and (
                not wanted or wanted in entry[0].casefold() or wanted in (entry[1] or "").casefold()
            )
        ]
        if found and offset >= len(found):
            offset = (len(found) - 1) // limit * limit  # past the end: the last page
        chosen = found[offset : offset + limit]
        claims: list[dict[str, Any]] = []
        with (place / "claims.jsonl").open("rb") as lines:
            for entry in chosen:
                lines.seek(entry[3])
                claims.append(json.loads(lines.read(entry[4])))
        return ClaimsPage(total=len(found), offset=offset, claims=claims)

    def group_claims(
        self, decision_id: str, key_id: str, group: int, offset: int, limit: int
    ) -> ClaimsPage | None:
        """The claims `offset` to `offset + limit` of the worklist's group number `group` (its
        `claim_list` entries); None: no such result for this key, or no such group."""
        if self.meta(decision_id, key_id) is None:
            return None
        place = self._found(decision_id)
        if place is None or not (place / "head.json").is_file():
            return None
        head = json.loads((place / "head.json").read_text(encoding="utf-8"))
        groups = (head.get("worklist") or {}).get("groups") or []
        if not 0 <= group < len(groups):
            return None
        listed = groups[group].get("claim_list") or []
        return ClaimsPage(total=len(listed), offset=offset, claims=listed[offset : offset + limit])

    def _new_place(self, decision_id: str) -> Path:
        if not _DECISION_ID.fullmatch(decision_id):
            raise ValueError(f"not a decision id: {decision_id!r}")
        self.folder.mkdir(parents=True, exist_ok=True, mode=_OWNER_ONLY)
        return self.folder / decision_id

    def _found(self, decision_id: str) -> Path | None:
        if not _DECISION_ID.fullmatch(decision_id):
            return None
        place = self.folder / decision_id
        return place if place.is_dir() else None

    def _remove_old(self) -> None:
        """Remove the results kept longer than the setting allows (and abandoned partials)."""
        if not self.folder.is_dir():
            return
        oldest = time.time() - self.seconds
        for place in self.folder.iterdir():
            try:
                if place.stat().st_mtime < oldest:
                    shutil.rmtree(place, ignore_errors=True)
            except OSError:
                continue


def kept_results(data_dir: Path, hours: float) -> KeptResults:
    """The kept results of a data folder."""
    return KeptResults(Path(os.fspath(data_dir)) / FOLDER, hours)


def shortened(head: dict[str, Any], claims_per_group: int) -> dict[str, Any]:
    """The head with each worklist group's `claim_list` cut to its first claims (a group's
    `claims` still counts them all)."""
    worklist = head.get("worklist")
    if not isinstance(worklist, dict):
        return head
    groups = [
        {**group, "claim_list": group.get("claim_list", [])[:claims_per_group]}
        for group in worklist.get("groups", [])
    ]
    return {**head, "worklist": {**worklist, "groups": groups}}
