"""One request's remittances: read the 835/277CA, decide its scope, match, measure, record.

Scope as `POST /v1/check` decides it, on what the remittance says before anything is matched or
written: a submitter key sees claims paid to its billing NPIs (835 N1*PE, 277CA 2100C NM1*85), a
payer key its payer ids (835 N1*PR N104 or REF*2U, 277CA 2100A NM1*PR), a state key the claims of
the payers of its states (the payer's state in the reference data). A claim that names no such
party, or another one, is outside the scope: nothing is read further (403), naming the claim's
place in the input, never a value of it.
"""

from __future__ import annotations

from fastapi import status

from peerclaims.api.problems import ApiProblem, position_of
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.errors import InputError
from peerclaims.engine.findings import Position
from peerclaims.engine.reference.keys import ApiKey
from peerclaims.engine.remit.model import RemitFile
from peerclaims.engine.remit.read import read_remit

_SCOPE_NAME = {"submitter": "billing NPI", "payer": "payer id", "state": "state"}


def read_remittance(data: bytes, name: str) -> RemitFile:
    """Read the body; an input that is not X12 at all is a 422 problem."""
    try:
        return read_remit(data, name)
    except InputError as exc:
        raise ApiProblem.unreadable(exc) from None


def _value(key: ApiKey, npi: str | None, payer_id: str | None, engine: RulesEngine) -> str | None:
    if key.role == "submitter":
        return npi
    if key.role == "payer":
        return payer_id
    payer = engine.reference.payer(payer_id) if payer_id else None
    return payer.state if payer is not None else None


def require_remit_scope(key: ApiKey, read: RemitFile, engine: RulesEngine) -> None:
    """Refuse (403) a remittance with any claim outside the key's scope."""
    allowed = frozenset(key.scopes)
    places: list[tuple[str | None, str | None, Position]] = [
        (c.payee_npi, c.payer_id, c.position) for c in read.claims
    ] + [(a.provider_npi, a.payer_id, a.position) for a in read.acks]
    for number, (npi, payer_id, position) in enumerate(places, start=1):
        if _value(key, npi, payer_id, engine) in allowed:
            continue
        raise ApiProblem(
            status.HTTP_403_FORBIDDEN,
            "scope",
            f"claim {number} of the remittance is outside this {key.role} key's scope "
            f"({_SCOPE_NAME[key.role]}: {', '.join(key.scopes)}); nothing was read into the "
            "history or measured",
            position_of(position),
        )
