"""Conversion between reference records and the store's table rows, both ways.

Writing gives plain dicts per table for bulk inserts (parents first); reading builds the
records back, child lists in position order, so a load reads back equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from peerclaims.engine.reference.models import (
    Authorization,
    Cap,
    Contract,
    ContractService,
    Credential,
    Enrollment,
    HistoryLine,
    Member,
    Payer,
    Provider,
    RecordedLine,
    ReferenceData,
)
from peerclaims.engine.reference.tables import (
    AuthorizationRow,
    ContractRow,
    ContractServiceRow,
    CredentialRow,
    EnrollmentRow,
    HistoryRow,
    MemberRow,
    PayerRow,
    ProviderRow,
)


def _modifiers(values: Sequence[str]) -> str:
    return ",".join(sorted(values))


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


def canonical_units(units: Decimal) -> Decimal:
    """`4`, `4.0` and `4.00` as one value, so the unique constraint sees them as the same."""
    return Decimal(format(units.normalize(), "f"))


def history_row(line: HistoryLine) -> dict[str, Any]:
    """The `history_lines` row of a line; a recorded line also fills claim id and line number."""
    row: dict[str, Any] = {
        "member_id": line.member_id,
        "provider_npi": line.provider_npi,
        "procedure": line.procedure,
        "modifiers": _modifiers(line.modifiers),
        "service_date": line.service_date,
        "units": canonical_units(line.units),
        "rendering_npi": line.rendering_npi,
    }
    if isinstance(line, RecordedLine):
        row |= {"claim_id": line.claim_id, "line_number": line.line}
    return row


def reference_rows(data: ReferenceData) -> list[tuple[type[Any], list[dict[str, Any]]]]:
    """The rows of each table for `data`, parents first; of the history, the unrecorded lines."""
    """The rows of each reference table, parents first."""
    contracts = list(enumerate(data.contracts, start=1))
    return [
        (
            PayerRow,
            [
                {
                    "payer_id": p.payer_id,
                    "position": i,
                    "name": p.name,
                    "state": p.state,
                    "kind": p.kind,
                }
                for i, p in enumerate(data.payers)
            ],
        ),
        (
            ProviderRow,
            [
                {
                    "npi": p.npi,
                    "position": i,
                    "name": p.name,
                    "kind": p.kind,
                    "taxonomy": p.taxonomy,
                    "peer_run": p.peer_run,
                    "supervisor_npi": p.supervisor_npi,
                    "birth_date": p.birth_date,
                }
                for i, p in enumerate(data.providers)
            ],
        ),
        (
            CredentialRow,
            [
                {
                    "provider_npi": p.npi,
                    "position": i,
                    "type": c.type,
                    "number": c.number,
                    "issued": c.issued,
                    "expires": c.expires,
                }
                for p in data.providers
                for i, c in enumerate(p.credentials)
            ],
        ),
        (
            MemberRow,
            [
                {
                    "member_id": m.member_id,
                    "position": i,
                    "birth_date": m.birth_date,
                    "state": m.state,
                }
                for i, m in enumerate(data.members)
            ],
        ),
        (
            EnrollmentRow,
            [
                {
                    "member_id": m.member_id,
                    "position": i,
                    "program": e.program,
                    "start_date": e.start,
                    "end_date": e.end,
                }
                for m in data.members
                for i, e in enumerate(m.enrollments)
            ],
        ),
        (
            AuthorizationRow,
            [
                {
                    "number": a.number,
                    "position": i,
                    "member_id": a.member_id,
                    "procedure": a.procedure,
                    "modifiers": _modifiers(a.modifiers),
                    "units": a.units,
                    "start_date": a.start,
                    "end_date": a.end,
                    "provider_npi": a.provider_npi,
                }
                for i, a in enumerate(data.authorizations)
            ],
        ),
        (
            ContractRow,
            [
                {
                    "id": n,
                    "payer_id": c.payer_id,
                    "provider_npi": c.provider_npi,
                    "start_date": c.start,
                    "end_date": c.end,
                }
                for n, c in contracts
            ],
        ),
        (
            ContractServiceRow,
            [
                {
                    "contract_id": n,
                    "position": i,
                    "procedure": s.procedure,
                    "modifiers": _modifiers(s.modifiers),
                    "rate_per_unit": s.rate_per_unit,
                    "cap_units": s.cap.units if s.cap else None,
                    "cap_per": s.cap.per if s.cap else None,
                }
                for n, c in contracts
                for i, s in enumerate(c.services)
            ],
        ),
        (HistoryRow, [history_row(h) for h in data.history if not isinstance(h, RecordedLine)]),
    ]


def _credentials(session: Session) -> dict[str, list[Credential]]:
    found: dict[str, list[Credential]] = {}
    query = select(CredentialRow).order_by(CredentialRow.provider_npi, CredentialRow.position)
    for row in session.scalars(query):
        found.setdefault(row.provider_npi, []).append(
            Credential(type=row.type, number=row.number, issued=row.issued, expires=row.expires)
        )
    return found


def _enrollments(session: Session) -> dict[str, list[Enrollment]]:
    found: dict[str, list[Enrollment]] = {}
    query = select(EnrollmentRow).order_by(EnrollmentRow.member_id, EnrollmentRow.position)
    for row in session.scalars(query):
        found.setdefault(row.member_id, []).append(
            Enrollment(program=row.program, start=row.start_date, end=row.end_date)
        )
    return found


def _services(session: Session) -> dict[int, list[ContractService]]:
    found: dict[int, list[ContractService]] = {}
    query = select(ContractServiceRow).order_by(
        ContractServiceRow.contract_id, ContractServiceRow.position
    )
    for row in session.scalars(query):
        cap = None
        if row.cap_units is not None and row.cap_per is not None:
            cap = Cap(units=row.cap_units, per=row.cap_per)
        found.setdefault(row.contract_id, []).append(
            ContractService(
                procedure=row.procedure,
                modifiers=_split(row.modifiers),
                rate_per_unit=row.rate_per_unit,
                cap=cap,
            )
        )
    return found


def read_reference(session: Session) -> ReferenceData:
    """Everything in the store as `ReferenceData`: history.yaml lines first, then recorded ones."""
    credentials = _credentials(session)
    enrollments = _enrollments(session)
    services = _services(session)
    recorded_last = case((HistoryRow.claim_id.is_(None), 0), else_=1)
    return ReferenceData(
        payers=tuple(
            Payer(payer_id=r.payer_id, name=r.name, state=r.state, kind=r.kind)
            for r in session.scalars(select(PayerRow).order_by(PayerRow.position))
        ),
        providers=tuple(
            Provider(
                npi=r.npi,
                name=r.name,
                kind=r.kind,
                taxonomy=r.taxonomy,
                peer_run=r.peer_run,
                supervisor_npi=r.supervisor_npi,
                birth_date=r.birth_date,
                credentials=tuple(credentials.get(r.npi, ())),
            )
            for r in session.scalars(select(ProviderRow).order_by(ProviderRow.position))
        ),
        members=tuple(
            Member(
                member_id=r.member_id,
                birth_date=r.birth_date,
                state=r.state,
                enrollments=tuple(enrollments.get(r.member_id, ())),
            )
            for r in session.scalars(select(MemberRow).order_by(MemberRow.position))
        ),
        authorizations=tuple(
            Authorization(
                number=r.number,
                member_id=r.member_id,
                procedure=r.procedure,
                modifiers=_split(r.modifiers),
                units=r.units,
                start=r.start_date,
                end=r.end_date,
                provider_npi=r.provider_npi,
            )
            for r in session.scalars(select(AuthorizationRow).order_by(AuthorizationRow.position))
        ),
        contracts=tuple(
            Contract(
                payer_id=r.payer_id,
                provider_npi=r.provider_npi,
                start=r.start_date,
                end=r.end_date,
                services=tuple(services.get(r.id, ())),
            )
            for r in session.scalars(select(ContractRow).order_by(ContractRow.id))
        ),
        history=tuple(
            history_line(r)
            for r in session.scalars(select(HistoryRow).order_by(recorded_last, HistoryRow.id))
        ),
    )


def history_line(row: HistoryRow) -> HistoryLine:
    """A stored history row as a `HistoryLine`, or a `RecordedLine` when it has a claim id."""
    fields: dict[str, Any] = {
        "member_id": row.member_id,
        "provider_npi": row.provider_npi,
        "procedure": row.procedure,
        "modifiers": _split(row.modifiers),
        "service_date": row.service_date,
        "units": row.units,
        "rendering_npi": row.rendering_npi,
    }
    if row.claim_id is None or row.line_number is None:
        return HistoryLine(**fields)
    return RecordedLine(
        **fields,
        claim_id=row.claim_id,
        line=row.line_number,
        recorded_at=row.recorded_at,
        payer_claim_id=row.payer_claim_id,
    )
