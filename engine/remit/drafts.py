"""Drafts for the denials the rules missed: a Gherkin scenario skeleton and a rule stub each.

One draft per pattern (CARC, RARCs, state, procedure, modifiers), named for it, written into the
folder given (`remit --draft DIR`), never into `rules/` or `features/`: nothing loads a draft. An
analyst completes it (citation, evidence, dates, the condition), then moves it where packs and
features live. Every stub says so, and carries the claims that showed the pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from peerclaims.engine.remit.accuracy import Missed

Pattern = tuple[str, tuple[str, ...], str | None, str | None, tuple[str, ...]]


def pattern_of(m: Missed) -> Pattern:
    """(CARC, RARCs, state, procedure, modifiers) of a missed denial."""
    return (m.carc, m.rarcs, m.state, m.procedure, tuple(sorted(m.modifiers)))


def slug(p: Pattern) -> str:
    """A file-name stem for a pattern: 'carc-96-n95-wa-h0038-hq'."""
    carc, rarcs, state, procedure, modifiers = p
    parts = ["carc", carc, *rarcs, state or "any-state", procedure or "any-procedure", *modifiers]
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def write_drafts(folder: Path, missed: list[Missed]) -> list[Path]:
    """Write `<slug>.feature` and `<slug>.rule.yaml` per pattern; returns the files written."""
    grouped: dict[Pattern, list[Missed]] = defaultdict(list)
    for m in missed:
        grouped[pattern_of(m)].append(m)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for pattern, cases in sorted(grouped.items()):
        stem = slug(pattern)
        feature, rule = folder / f"{stem}.feature", folder / f"{stem}.rule.yaml"
        feature.write_text(_feature(pattern, cases), encoding="utf-8")
        rule.write_text(_rule(pattern, cases), encoding="utf-8")
        written += [feature, rule]
    return written


def _words(p: Pattern) -> str:
    carc, rarcs, state, procedure, modifiers = p
    code = ":".join((procedure or "?", *modifiers))
    remark = f" with remark {', '.join(rarcs)}" if rarcs else ""
    return f"CARC {carc}{remark} on {code} in {state or 'an unknown state'}"


def _feature(p: Pattern, cases: list[Missed]) -> str:
    carc, _rarcs, state, procedure, modifiers = p
    seen = "\n".join(
        f"#   {m.claim_id} line {m.line} ({m.file}, line {m.position_line}), billed {m.billed:.2f}"
        for m in cases
    )
    mods = ":".join(modifiers)
    return f"""# DRAFT written by `peerclaims remit --draft`: not loaded. Complete it, then move it
# into features/<pack>/ beside the rule it tests.
# The payer denied {len(cases)} line(s) peerclaims predicted paid: {_words(p)}.
{seen}
Feature: DRAFT - {_words(p)}

  Scenario: the denial the payer gave is predicted (fails today)
    Given a {state or "<state>"} Medicaid claim
    And a service line {procedure or "<procedure>"} with modifiers "{mods}"
    # TODO: the fact that made the payer deny it (from the 835 remark and the payer's policy)
    When the claim is checked
    Then the line is rejected with CARC {carc}

  Scenario: the same line without that fact is accepted
    Given a {state or "<state>"} Medicaid claim
    And a service line {procedure or "<procedure>"} with modifiers "{mods}"
    When the claim is checked
    Then the line is accepted
"""


def _rule(p: Pattern, cases: list[Missed]) -> str:
    carc, rarcs, state, procedure, modifiers = p
    claims = ", ".join(sorted({m.claim_id for m in cases}))
    return f"""# DRAFT written by `peerclaims remit --draft`: not loaded, not a rule until a person
# completes every TODO and moves it into rules/ (see rules/README.md).
# Seen: {len(cases)} missed denial(s) ({_words(p)}) on claims {claims}.
id: TODO-{(state or "FED").upper()}-XXXX
title: "TODO: what the payer denies ({_words(p)})"
severity: warning  # error only on V evidence, or S with a trusted: reason
evidence: U  # TODO: V, S, I or U, with the source read
citation: "TODO: the payer's policy or the state plan that says so"
effective:
  start: null  # TODO
  end: null
carc: "{carc}"
rarc: {f'"{rarcs[0]}"' if rarcs else "null"}
applies_to:
  state: {state or "null"}
  procedure: {procedure or "null"}
  modifiers: [{", ".join(modifiers)}]
condition: "TODO"
message: "TODO: what is wrong, the values involved, where and why, in words a clerk reads"
fix: "TODO: how the clerk fixes it"
"""
