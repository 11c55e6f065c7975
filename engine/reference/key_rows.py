"""API keys and decision records between their store rows and their models, arguments checked.

`label_text` and the `*_argument` / `*_entry` checks refuse what `Store.create_key` and
`Store.record_decision` must not write (a `UsageError` or `ValueError` naming the field);
`decision_record` reads a stored decision back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from peerclaims.engine.errors import UsageError
from peerclaims.engine.reference.keys import OUTPUT_FORMATS, DecisionRecord, is_sha256
from peerclaims.engine.reference.tables import DecisionRow

LABEL_LIMIT = 200
"""Characters a key's label may have."""


def label_text(label: str | None) -> str | None:
    """A key's label: one line of printable text (stripped; empty is none)."""
    if label is None:
        return None
    text = label.strip()
    if not text:
        return None
    if len(text) > LABEL_LIMIT or not text.isprintable():
        raise UsageError(f"--label: one line of printable text, at most {LABEL_LIMIT} characters")
    return text


def decision_record(row: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        decision_id=row.decision_id,
        key_id=row.key_id,
        created=row.created,
        input_sha256=row.input_sha256,
        output_format=row.output_format,
        rule_packs=tuple((str(p[0]), str(p[1]), str(p[2])) for p in row.rule_packs),
        claims=tuple((str(c[0]), str(c[1])) for c in row.claims),
        summary={str(k): v for k, v in row.summary.items()},
    )


def sha256_argument(value: str) -> str:
    if not is_sha256(value):
        raise ValueError("input_sha256: expected 64 lower-case hex digits")
    return value


def format_argument(value: str) -> str:
    if value not in OUTPUT_FORMATS:
        raise ValueError(f"output_format {value!r}: expected one of {', '.join(OUTPUT_FORMATS)}")
    return value


def pack_entry(value: Sequence[str]) -> tuple[str, str, str]:
    match tuple(value) if not isinstance(value, str) else ():
        case (str() as pack_id, str() as version, str() as sha256):
            return pack_id, version, sha256
    raise ValueError("rule_packs: each entry must be (id, version, sha256), all text")


def claim_entry(value: Sequence[str]) -> tuple[str, str]:
    match tuple(value) if not isinstance(value, str) else ():
        case (str() as claim_id, str() as status):
            return claim_id, status
    raise ValueError("claims: each entry must be (claim_id, status), both text")


def summary_argument(summary: Mapping[str, str | int]) -> dict[str, str | int]:
    copied: dict[str, str | int] = {}
    for name, value in summary.items():
        if not isinstance(name, str) or isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"summary: field {name!r} must be text or an integer")
        copied[name] = value
    return copied
