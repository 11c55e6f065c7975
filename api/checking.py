"""One request's check: read the 837, decide its scope, judge its claims, render the answer.

This is `peerclaims.engine.check.check_sources` for a single in-memory input, with one step
between reading and judging: every claim is read first (pyx12 validation, SNIP 1-2) so that the
key's scope is decided on the parsed claims before any rule runs or anything is written back.
The result is the same document the CLI writes for the same bytes under the same name (a test
compares them byte for byte).

The caller holds the service lock: the engine's run history and used packs are reset here for
each request, and pyx12 and durable_rules are not used by two threads at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fastapi import status

from peerclaims.api.problems import ApiProblem, position_of
from peerclaims.engine.check import judge
from peerclaims.engine.check import summarize as summarize_claims
from peerclaims.engine.checks.context import RunHistory
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.errors import InputError
from peerclaims.engine.history_keys import TrackedHistory
from peerclaims.engine.model import Claim
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.result import ClaimResult, Result, RulePackRef, Summary
from peerclaims.engine.worklist import build_worklist
from peerclaims.engine.x12.codes import load_x12_pack
from peerclaims.engine.x12.reader import ClaimReading, FileReader, FileReading

REQUEST_NAME = "<request>"
"""The file name a request's input gets in the result unless `?name=` gives another."""


class OutputFormat(StrEnum):
    """What `POST /v1/check` answers."""

    json = "json"
    ack999 = "999"
    ack277ca = "277ca"


@dataclass(slots=True)
class Checked:
    """A judged input: the result document and the file's envelopes (for 999 and 277CA)."""

    result: Result
    readings: list[FileReading]
    recorded: list[RecordedLine] | None


@dataclass(frozen=True, slots=True)
class ReadInput:
    """An input read and validated, its claims built but not judged."""

    reader: FileReader
    reading: FileReading
    claims: list[tuple[ClaimReading, Claim]]


def read_input(data: bytes, name: str) -> ReadInput:
    """Read every transaction of the input; an unreadable input is a 422 problem."""
    try:
        reader = FileReader(data, name)
        reports = list(reader.transactions())
    except InputError as exc:
        raise ApiProblem.unreadable(exc) from None
    claims = [(each, each.claim) for report in reports for each in report.claims]
    reading = FileReading(
        source=name, scan=reader.scan, transactions=reports, problems=reader.problems
    )
    return ReadInput(reader=reader, reading=reading, claims=claims)


_SCOPE_NAME = {"submitter": "billing NPI", "payer": "payer id", "state": "state"}


def _scope_value(key: ApiKey, claim: Claim, engine: RulesEngine) -> str | None:
    if key.role == "submitter":
        return claim.billing.npi
    if key.role == "payer":
        return claim.payer_id
    payer = engine.reference.payer(claim.payer_id) if claim.payer_id else None
    return payer.state if payer is not None else None


def require_scope(key: ApiKey, read: ReadInput, engine: RulesEngine) -> None:
    """Refuse (403) an input with any claim outside the key's scope, naming the scope.

    The refusal names the key's own scope and the claim's place in the input, never a value
    of the claim: nothing of a claim the key may not see is echoed.
    """
    allowed = frozenset(key.scopes)
    for number, (reading, claim) in enumerate(read.claims, start=1):
        if _scope_value(key, claim, engine) in allowed:
            continue
        kind = _SCOPE_NAME[key.role]
        raise ApiProblem(
            status.HTTP_403_FORBIDDEN,
            "scope",
            f"claim {number} of the input is outside this {key.role} key's scope "
            f"({kind}: {', '.join(key.scopes)}); nothing was checked",
            position_of(reading.position),
        )


def judge_input(read: ReadInput, engine: RulesEngine, *, record: bool) -> Checked:
    """Judge every claim read, in order, as `check_sources` does, into the result document.

    To record, the history notes the keys the judgments read (`Store.record` locks them).
    """
    engine.history = (TrackedHistory if record else RunHistory)(engine.reference)
    engine.used_packs = set()
    recorded: list[RecordedLine] | None = [] if record else None
    decided = [
        judge(claim, reading.findings, reading.position, engine, recorded)
        for reading, claim in read.claims
    ]
    for report in read.reading.transactions:
        report.claims = []
    pack = load_x12_pack()
    result = Result(
        rule_packs=[
            RulePackRef(id=pack.id, version=pack.version, sha256=pack.sha256),
            *engine.pack_refs(),
        ],
        summary=summarize(decided),
        worklist=build_worklist(decided),
        claims=decided,
        errors=list(read.reader.problems),
    )
    return Checked(result=result, readings=[read.reading], recorded=recorded)


def summarize(claims: Sequence[ClaimResult]) -> Summary:
    """Counts and totals over the claims, as the CLI's run sums them (the same code)."""
    return summarize_claims(claims)


def render(checked: Checked, output_format: OutputFormat) -> str:
    """The answer's text: the JSON document, a 999 or a 277CA."""
    if output_format is OutputFormat.json:
        return checked.result.to_json()
    if output_format is OutputFormat.ack999:
        from peerclaims.engine.x12.ack999 import render_999  # noqa: PLC0415 - only for 999

        return render_999(checked.readings)
    from peerclaims.engine.x12.ack277 import render_277ca  # noqa: PLC0415 - only for 277CA

    return render_277ca(checked.result, checked.readings)
