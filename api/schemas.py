"""The service's response schemas, apart from the engine's models (style.md).

The result of `POST /v1/check` is the engine's own `peerclaims.result/1` document, sent as the
CLI writes it; its JSON Schema is published in the OpenAPI document (api/openapi.py) rather than
modelled again here. Everything else the service answers is defined below.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProblemPosition(_Out):
    """Where in the submitted 837 a problem is: physical line, segment ordinal, byte offset."""

    line: int | None = Field(description="1-based line of the input, when known")
    segment: int | None = Field(description="Ordinal of the segment (ISA = 1), when known")
    byte: int | None = Field(description="Byte offset in the input, when known")


class ProblemDetail(_Out):
    """An error response (RFC 9457 shape) with a stable `code` and the input `position`."""

    type: str = "about:blank"
    title: str
    status: int
    code: str = Field(description="Stable machine code: not-x12, isa, scope, unauthorized, ...")
    detail: str = Field(description="One line saying what is wrong and where")
    position: ProblemPosition | None = None


class Health(_Out):
    """The service is up and its store answers."""

    status: Literal["ok"]
    version: str
    store_revision: str | None


class PackOut(_Out):
    """A loaded rule pack."""

    id: str
    version: str
    sha256: str = Field(description="Hash of every file of the pack, as results name it")
    title: str
    state: str | None
    extends: list[str]
    supported_start: date
    supported_end: date
    rules: int = Field(description="How many rules the pack holds")


class RuleOut(_Out):
    """A rule of a loaded pack, as listed."""

    id: str
    pack: str
    pack_version: str
    title: str
    category: str
    severity: str
    start: date
    end: date | None
    citation: str
    carc: str | None
    rarc: str | None


class ParameterValueOut(_Out):
    """One dated value of a parameter: in force from `start` (null value: ended)."""

    start: date
    value: str | None


class ParameterOut(_Out):
    """A parameter a rule reads, with its dated values."""

    name: str
    values: list[ParameterValueOut]


class RuleDetail(RuleOut):
    """A rule with its check, message and fix templates and the parameters it reads."""

    kind: str
    check: dict[str, object]
    applies_to: dict[str, object]
    message: str
    fix: str
    admin_fix: str | None = None
    """What an administrator changes in the reference data, said apart from the clerk's fix."""
    note: str | None
    parameters: list[ParameterOut]


class DecisionPack(_Out):
    """A rule pack a decision used."""

    id: str
    version: str
    sha256: str


class DecisionClaim(_Out):
    """One claim's outcome in a decision (its id as the submitter numbered it)."""

    claim_id: str
    status: str


class DecisionOut(_Out):
    """The audit record of one check: who asked, when, what input, which packs, what outcome."""

    decision_id: str
    key_id: str
    created: datetime
    input_sha256: str
    output_format: str
    rule_packs: list[DecisionPack]
    claims: list[DecisionClaim]
    summary: dict[str, str | int]


class DecisionListed(_Out):
    """One past check in the list: when, what input, which packs, the summary (the claims'
    statuses are in `GET /v1/decisions/{decision_id}`)."""

    decision_id: str
    created: datetime
    input_sha256: str
    output_format: str
    rule_packs: list[DecisionPack]
    summary: dict[str, str | int]


class DecisionList(_Out):
    """A page of the caller's key's past checks, newest first."""

    decisions: list[DecisionListed]
    limit: int
    offset: int
    next_offset: int | None
    """The `offset` of the next (older) page; null on the last page."""


class JobOut(_Out):
    """A large check run as a job on the workers (`POST /v1/check` answered 202)."""

    job_id: str
    status: Literal["queued", "running", "done", "failed"] = Field(
        description="queued, running, then done (the check's answer) or failed (a problem)"
    )
    created: datetime
    started: datetime | None
    finished: datetime | None
    expires: datetime = Field(
        description="When the job and its answer are removed (PEERCLAIMS_JOB_RESULTS_HOURS)"
    )
    format: Literal["json", "999", "277ca"]
    name: str = Field(description="The file name the result gives the input (`?name=`)")
    body_bytes: int
    record: bool = Field(description="Whether the accepted lines are recorded (`?record=`)")
    decision_id: str | None = Field(description="The decision record, once done")
    result_status: int | None = Field(
        description="The HTTP status of the answer, once finished: 200, or a problem's (403, 422)"
    )
    location: str = Field(description="Where to poll this status: GET /v1/jobs/{job_id}")
    result: str | None = Field(
        description="Where the answer is, once finished: GET /v1/jobs/{job_id}/result"
    )
    retry_after: int | None = Field(
        description="Seconds to wait before polling again, while queued or running"
    )
