"""Severity by evidence: a finding denies only on a fact verified (V) or a trusted secondary (S).

rules/README.md says what each evidence tag allows. A rule's finding is an `error` only when the
rule's own evidence and every parameter value it names, on the line's date, are V or S marked
`trusted`; otherwise the error becomes a `warning` whose message adds one sentence naming the
doubt ("Not a denial: Washington's daily unit limit is taken from a secondary source ...").
A missing tag counts as V until every file is tagged (a lint test will then require tags).

The doubt of a rule depends only on the rule, the state and the era of the date (the values in
force), so the evaluation asks it once per (rule, era) and only for a rule that fired.
"""

from __future__ import annotations

from collections.abc import Iterable

from peerclaims.engine.checks.spec import Rule
from peerclaims.engine.packs.parameters import Entry, Parameter

_WORDS = {
    "S": "taken from a secondary source not marked trusted",
    "I": "inferred, not read in a source",
    "U": "not found in any source (unknown)",
}
"""What a weak evidence tag means, for a sentence a billing clerk reads."""

FEDERAL_PREFIX = "federal."


def weak(evidence: str | None, trusted: str | None) -> bool:
    """Whether a fact of this evidence may not deny: I, U, or S not marked trusted."""
    return evidence in {"I", "U"} or (evidence == "S" and not trusted)


def evidence_words(evidence: str | None) -> str:
    """What a weak tag means in a clause: 'inferred, not read in a source'."""
    return _WORDS.get(evidence or "", "not verified")


def _first_sentence(text: str) -> str:
    head, dot, _ = text.strip().partition(". ")
    return head.rstrip(".") if dot else text.strip().rstrip(".")


def doubt_sentence(subject: str, evidence: str, note: str | None) -> str:
    """'Not a denial: this rests on <subject>, <what the tag means> (<the note's first
    sentence>).'"""
    text = f"Not a denial: this rests on {subject}, {evidence_words(evidence)}"
    if note:
        text += f" ({_first_sentence(note)})"
    return text + "."


def _label(text: str) -> str:
    """A parameter label inside a sentence: 'Max units per day' -> 'max units per day'."""
    if len(text) > 1 and text[1].isupper():
        return text  # an acronym ('HCPCS codes')
    return text[:1].lower() + text[1:]


def rule_doubt(
    rule: Rule, read: Iterable[tuple[Parameter, Entry | None]], state_name: str
) -> str | None:
    """The doubt of a rule's finding on a date, or None when it may deny.

    `read`: each parameter the rule names with its entry in force on the date.
    """
    if weak(rule.evidence, rule.trusted):
        subject = f"rule {rule.id} ({_label(rule.title)})"
        return doubt_sentence(subject, rule.evidence or "V", rule.note)
    for parameter, entry in read:
        if entry is None or not weak(entry.evidence, entry.trusted):
            continue
        owner = "the federal" if parameter.name.startswith(FEDERAL_PREFIX) else f"{state_name}'s"
        label = _label(parameter.metadata.label)
        subject = f"{owner} {label}"
        return doubt_sentence(subject, entry.evidence or "V", entry.note or parameter.metadata.note)
    return None


__all__ = ["doubt_sentence", "evidence_words", "rule_doubt", "weak"]
