"""API keys with roles, and the decision records the service keeps of every check.

A key has a public id (`k_` and 16 hex digits) and a secret shown once when it is made:
`pck_<key_id>_<43 url-safe characters>` (32 random bytes). The store keeps only the secret's
SHA-256; `parse_secret` finds the key id in a presented secret, and the store compares hashes in
constant time. A key's role fixes what its scopes are:

    submitter   billing NPIs (10 digits with a valid check digit): checks of its own claims
    payer       payer ids: checks of claims to those payers (and their contracts)
    state       USPS state codes (upper case): its state's packs and impact runs

A decision record is what a check decided, without the claims' content: which key asked, when,
the SHA-256 of the input, the rule packs (id, version, SHA-256), each claim's id (the patient
control number) and status, and the result summary.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, get_args

from peerclaims.engine.errors import UsageError
from peerclaims.engine.reference.fields import npi_check_digit_ok

Role = Literal["submitter", "payer", "state"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
"""The roles, in the order messages list them."""

OUTPUT_FORMATS: Final = ("json", "999", "277ca")
"""The formats a decision's result was given in (`DecisionRecord.output_format`)."""

USPS_STATES: Final = frozenset(
    (  # noqa: SIM905 - two lines of codes read better than 56 list items
        "AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP MS "
        "MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UT VA VI VT WA WI WV WY"
    ).split()
)
"""USPS codes of the states, DC and the territories that run Medicaid programs."""

SECRET_PREFIX: Final = "pck_"  # noqa: S105 - the public prefix of every secret
_KEY_ID_HEX: Final = 16
_SECRET_BYTES: Final = 32
_SECRET = re.compile(r"pck_(k_[0-9a-f]{16})_[A-Za-z0-9_-]{43}")
_PAYER_ID = re.compile(r"[!-~]{1,80}")
"""A payer id: 1 to 80 printable ASCII characters without spaces (NM109 is 2/80; 1 allowed)."""
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as the store knows it (never its secret)."""

    key_id: str
    """Public id, e.g. `k_3f9a0c...`; not secret."""
    role: Role
    scopes: tuple[str, ...]
    """submitter: billing NPIs; payer: payer ids; state: USPS codes (upper case)."""
    label: str | None
    created: datetime
    """When the key was made (UTC)."""


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """What one check decided, kept for audit (no claim content beyond ids and statuses)."""

    decision_id: str
    key_id: str
    created: datetime
    """UTC."""
    input_sha256: str
    output_format: str
    """json | 999 | 277ca."""
    rule_packs: tuple[tuple[str, str, str], ...]
    """(id, version, sha256) of each pack in force."""
    claims: tuple[tuple[str, str], ...]
    """(claim_id, status) of each claim, in input order."""
    summary: dict[str, str | int]
    """The result summary fields."""


def validate_scopes(role: Role, scopes: Sequence[str]) -> tuple[str, ...]:
    """The scopes, checked for the role: stripped, states upper-cased, repeats dropped, in order.

    Raises `UsageError` (one line) for an unknown role, no scope at all, or a scope that does not
    fit the role: an NPI with a wrong check digit, a code that is not a USPS state code.
    """
    if role not in ROLES:
        raise UsageError(f"role {role!r}: use {', '.join(ROLES)}")
    if isinstance(scopes, str):
        scopes = (scopes,)
    checked: list[str] = []
    for raw in scopes:
        value = raw.strip() if isinstance(raw, str) else ""
        if role == "state":
            value = value.upper()
        problem = _scope_problem(role, value)
        if problem is not None:
            raise UsageError(f"scope {raw!r}: {problem} (role {role})")
        if value not in checked:
            checked.append(value)
    if not checked:
        raise UsageError(f"a {role} key needs at least one scope: {_SCOPE_KIND[role]}")
    return tuple(checked)


_SCOPE_KIND: Final[dict[Role, str]] = {
    "submitter": "a billing NPI",
    "payer": "a payer id",
    "state": "a USPS state code",
}


def _scope_problem(role: Role, value: str) -> str | None:
    if role == "submitter":
        if not (len(value) == 10 and value.isascii() and value.isdigit()):
            return "not an NPI (10 digits)"
        if not npi_check_digit_ok(value):
            return "NPI with a wrong check digit"
        return None
    if role == "payer":
        return None if _PAYER_ID.fullmatch(value) else "not a payer id (printable, no spaces)"
    if len(value) == 2 and value in USPS_STATES:
        return None
    return "not a USPS state code"


def new_key_id() -> str:
    """A fresh public key id: `k_` and 16 hex digits."""
    return "k_" + secrets.token_hex(_KEY_ID_HEX // 2)


def new_secret(key_id: str) -> str:
    """A fresh secret for the key: `pck_<key_id>_<32 random bytes, url-safe base64>`."""
    return f"{SECRET_PREFIX}{key_id}_{secrets.token_urlsafe(_SECRET_BYTES)}"


def parse_secret(presented: str) -> str | None:
    """The key id a presented secret names; None when it is not shaped like a secret."""
    if not isinstance(presented, str):
        return None
    match = _SECRET.fullmatch(presented)
    return match.group(1) if match else None


def secret_sha256(secret: str) -> str:
    """The hex SHA-256 of a secret's text, as the store keeps it."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_sha256(value: str) -> bool:
    """Whether the text is a lower-case hex SHA-256."""
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None
