"""What a payer's front end says of each claim in a 277CA: accepted into adjudication or
returned, and with which claim status composites (category 507, status 508, entity 98).

`engine/x12/ack277.py` writes the 277CA from these decisions; the codes and how findings map to
them are data, `rules/x12/claim_status.yaml` (its comments say how sure each part is), read and
validated once by `status_tables` (a broken file is one `DataError` line naming it).

What a front end rejects
------------------------

A 277CA says whether the payer's front end accepted a claim into adjudication, nothing more.
Only a finding a front end checks rejects the claim here: an error whose ``front_end`` is true,
that is a finding of category syntax, guide, balancing or code-set (SNIP 1-5 of product.md), or
of a rule whose file says ``acknowledgment: front-end`` (the identification rules: payer not on
file FED-ELIG-0001, member not on file FED-ELIG-0003, rendering provider not on file
FED-CRED-0001). A claim whose errors are all adjudication denials (a cap, a duplicate, a plan of
care, a credential, coverage) is acknowledged like a clean one (the file's `accepted`, action
``WQ``): the payer denies those lines later, in its 835, and the JSON result keeps the predicted
denials line by line. Only the lines with front-end errors get a 2220D (every line when a
claim-level front-end error returns the whole claim); the counts and amounts of 2000B/2000C (QTY/AMT
accepted and rejected) follow the same decision.

A rejected claim gets action ``U`` and one composite per distinct status of its front-end
errors, at most three, in the order a front end checks (the file's `stages`: syntax and guide,
balancing, code sets, then identification), then in finding order (claim-level first). Each
finding maps by the first table of the file that applies (`finding_status`): syntax or guide
category, a front-end credential finding, CARC with RARC, CARC alone, category. A status code
that requires an entity takes it from the loop the finding points at when that loop names a
party, else the table's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from peerclaims.engine.findings import Category, Finding
from peerclaims.engine.packs.manifest import Fact, pattern, read_model
from peerclaims.engine.packs.parameters import IsoDate, References, Text
from peerclaims.engine.result import ClaimResult, LineResult
from peerclaims.engine.x12.ack999 import COMPONENT

MAX_COMPOSITES = 3
"""STC01, STC10 and STC11."""
TABLES = "x12/claim_status.yaml"
"""The status tables, under the `peerclaims.rules` package (rules/ in a checkout)."""


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """One health care claim status composite: category (507), status (508), entity (98)."""

    category: str
    status: str
    entity: str = ""

    def composite(self) -> str:
        """The composite as written: ``A7:453`` or ``A3:88:IL``."""
        parts = [self.category, self.status, self.entity]
        while parts[-1] == "":
            parts.pop()
        return COMPONENT.join(parts)


# --- the file's models -------------------------------------------------------------------------

_COMPOSITE = re.compile(r"([A-Z][A-Z0-9]{1,2}):([0-9]{1,5})(?::([A-Z0-9]{2,3}))?")


def _composite(value: object) -> ClaimStatus:
    if isinstance(value, ClaimStatus):
        return value
    found = _COMPOSITE.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        raise PydanticCustomError(
            "composite",
            "{value} is not a status composite (category:status[:entity], like A7:562:DQ)",
            {"value": repr(value)},
        )
    category, status, entity = found.groups()
    return ClaimStatus(category, status, entity or "")


Composite = Annotated[ClaimStatus, PlainValidator(_composite)]
Carc = Annotated[str, pattern(r"[A-Z]?[0-9]{1,3}", "a claim adjustment reason code (CARC)")]
Rarc = Annotated[str, pattern(r"[A-Z]{1,2}[0-9]{1,4}", "a remittance advice remark code")]
StatusCode = Annotated[str, pattern(r"[0-9]{1,5}", "a claim status code (508)")]
EntityCode = Annotated[str, pattern(r"[A-Z0-9]{2,3}", "an entity identifier code (98)")]
LoopId = Annotated[str, pattern(r"[0-9]{4}[A-Z]{0,2}", "an 837P loop id (2010AA)")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NamedStatus(_Model):
    """A composite and what it says, in the code lists' words."""

    status: Composite
    meaning: Text


class ByCarcRarc(NamedStatus):
    """A CARC and its remark (CARC 16 says only that information is missing or invalid)."""

    carc: Carc
    rarc: Rarc


class ByCarc(NamedStatus):
    """The CARCs that map to one composite."""

    carcs: Annotated[tuple[Carc, ...], Field(min_length=1)]


class TablesEvidence(_Model):
    """How sure the code values and their meanings are, and how sure the mapping is."""

    codes: Fact
    mapping: Fact


class StatusTables(_Model):
    """`rules/x12/claim_status.yaml`: the 277CA status composites and how findings map to them."""

    version: Text
    start: IsoDate
    end: IsoDate | None = None
    citation: Text
    references: References
    evidence: TablesEvidence
    received: NamedStatus
    """2200B and 2200C: the payer acknowledges receipt."""
    accepted: NamedStatus
    """2200D of a claim the front end accepts into adjudication."""
    unprocessable: NamedStatus
    """Syntax and guide findings, and any finding no table maps."""
    provider_not_on_file: NamedStatus
    """A front-end credential finding (the rendering provider is not on file)."""
    by_carc_rarc: tuple[ByCarcRarc, ...]
    by_carc: tuple[ByCarc, ...]
    by_category: dict[Category, Composite]
    needs_entity: frozenset[StatusCode]
    """Status codes whose 508 usage note requires an entity identifier."""
    loop_entity: dict[LoopId, EntityCode]
    """837P loops that name one party, and that party's entity identifier code."""
    stages: dict[Category, int]
    """The order a front end checks in; a category not listed comes after every stage."""
    _carc_rarc: dict[tuple[str, str], ClaimStatus] = PrivateAttr(default_factory=dict)
    _carc: dict[str, ClaimStatus] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "range", "end {end} is before start {start}", {"end": self.end, "start": self.start}
            )
        for row in self.by_carc_rarc:
            key = (row.carc, row.rarc)
            if key in self._carc_rarc:
                raise _repeated("by_carc_rarc", f"CARC {row.carc} with RARC {row.rarc}")
            self._carc_rarc[key] = row.status
        for group in self.by_carc:
            for carc in group.carcs:
                if carc in self._carc:
                    raise _repeated("by_carc", f"CARC {carc}")
                self._carc[carc] = group.status
        return self

    @property
    def last_stage(self) -> int:
        """The stage of a category `stages` does not list (identification): after every one."""
        return max(self.stages.values(), default=0) + 1

    def by_codes(self, carc: str, rarc: str) -> ClaimStatus | None:
        """The composite of a CARC with its RARC, else of the CARC alone, else None."""
        return self._carc_rarc.get((carc, rarc)) or self._carc.get(carc)

    def all_statuses(self) -> list[ClaimStatus]:
        """Every composite the file names, once each (for tests that render them all)."""
        named = [self.received, self.accepted, self.unprocessable, self.provider_not_on_file]
        found = [row.status for row in (*named, *self.by_carc_rarc, *self.by_carc)]
        found += self.by_category.values()
        return list(dict.fromkeys(found))


def _repeated(table: str, what: str) -> PydanticCustomError:
    return PydanticCustomError(
        "repeated", "{table}: {what} is listed twice", {"table": table, "what": what}
    )


def load_status_tables(path: Path) -> StatusTables:
    """The status tables at `path`; a one-line `DataError` naming the file if it is broken."""
    return read_model(path, StatusTables)


@lru_cache(maxsize=1)
def status_tables() -> StatusTables:
    """The shipped `rules/x12/claim_status.yaml`, read once per process."""
    return load_status_tables(Path(str(files("peerclaims.rules").joinpath(TABLES))).resolve())


# --- the decisions ---------------------------------------------------------------------------


def finding_status(finding: Finding) -> ClaimStatus:
    """The status composite one finding maps to (the first table of the file that applies)."""
    tables = status_tables()
    if finding.category in ("syntax", "guide"):
        return tables.unprocessable.status
    carc, rarc = (finding.carc or "").strip(), (finding.rarc or "").strip()
    chosen: ClaimStatus | None = None
    if finding.front_end and finding.category == "credential":
        chosen = tables.provider_not_on_file.status
    chosen = chosen or tables.by_codes(carc, rarc)
    if chosen is None:
        chosen = tables.by_category.get(finding.category, tables.unprocessable.status)
    if chosen.status in tables.needs_entity:
        loop = finding.location.split(" ", 1)[0]
        entity = tables.loop_entity.get(loop)
        if entity is not None and entity != chosen.entity:
            return ClaimStatus(chosen.category, chosen.status, entity)
    return chosen


def front_end_error(finding: Finding) -> bool:
    """Whether a payer's front end rejects the claim on this finding (an error it checks)."""
    return finding.severity == "error" and finding.front_end


def acknowledged(claim: ClaimResult) -> bool:
    """Whether the front end accepts the claim into adjudication: no front-end error.

    A claim whose errors are all adjudication denials (a cap, a duplicate, a plan of care, a
    credential, coverage) is accepted here: the payer denies it later, in the 835, and the JSON
    result predicts those denials line by line.
    """
    return not any(front_end_error(finding) for finding in claim.findings)


def statuses(findings: Iterable[Finding]) -> list[ClaimStatus]:
    """The distinct statuses of the front-end error findings, at most three: in the order a
    front end checks (structure, balancing, code sets, identification), then finding order."""
    tables = status_tables()
    found: list[ClaimStatus] = []
    last = tables.last_stage
    ranked = sorted(
        (f for f in findings if front_end_error(f)),
        key=lambda f: tables.stages.get(f.category, last),
    )
    for finding in ranked:
        status = finding_status(finding)
        if status not in found:
            found.append(status)
            if len(found) == MAX_COMPOSITES:
                break
    return found


def claim_statuses(claim: ClaimResult) -> list[ClaimStatus]:
    """The 2200D STC composites of a claim: the file's `accepted` if the front end accepts it,
    else its front-end findings' statuses."""
    tables = status_tables()
    if acknowledged(claim):
        return [tables.accepted.status]
    return statuses(claim.findings) or [tables.unprocessable.status]


def returned_lines(claim: ClaimResult) -> list[LineResult]:
    """The lines a front-end rejection lists (2220D): every line when a claim-level front-end
    error returns the whole claim, else the lines with front-end errors of their own."""
    if acknowledged(claim):
        return []
    if any(front_end_error(f) and f.line is None for f in claim.findings):
        return list(claim.lines)
    numbers = {f.line for f in claim.findings if front_end_error(f)}
    return [line for line in claim.lines if line.line in numbers]


def line_statuses(claim: ClaimResult, line: LineResult) -> list[ClaimStatus]:
    """The 2220D STC composites of a returned line: its own front-end findings', else the
    claim's."""
    own = statuses(f for f in claim.findings if f.line == line.line)
    if own:
        return own
    return statuses(f for f in claim.findings if f.line is None) or claim_statuses(claim)
