"""Changelogs of the rule packs, made from their dated data (never written by hand).

`pack_changelog`: what took effect on which date in the loaded packs: each released version of
a pack (`pack.yaml` `releases`: the version it replaced and what changed, by rule id), each dated
parameter value (with the value it replaced and its citation), each rule's start and end.
`diff_packs`: what differs between two versions of the packs (`rules diff`, `impact`): dated
values added, removed or changed, rules added, removed or changed (field by field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from peerclaims.engine.checks.spec import Rule
from peerclaims.engine.packs.pack import Pack
from peerclaims.engine.packs.parameters import Entry, Parameter, Value, value_text

Kind = Literal["parameter", "rule", "pack"]
Change = Literal["added", "removed", "changed", "takes effect", "in force", "retired", "released"]


class ChangeEntry(BaseModel):
    """One change: what, in which pack, from which date, the values before and after, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date | None
    pack: str
    kind: Kind
    name: str
    change: Change
    before: str | None
    after: str | None
    citation: str | None


def _shown(value: Value | None) -> str:
    """A parameter value as one line; a dated null says the value ended."""
    text = value_text(value)
    return "none (ended)" if text is None else text


def _source(entry: Entry | None) -> str | None:
    if entry is None or not entry.reference:
        return None
    return entry.reference[0].title


def _parameters(packs: Mapping[str, Pack]) -> dict[str, tuple[str, Parameter]]:
    return {p.name: (pack.id, p) for pack in packs.values() for p in pack.parameters}


def _rules(packs: Mapping[str, Pack]) -> dict[str, tuple[str, Rule]]:
    return {rule.id: (pack.id, rule) for pack in packs.values() for rule in pack.rules}


def _order(entries: Iterable[ChangeEntry]) -> list[ChangeEntry]:
    return sorted(entries, key=lambda e: (e.date or date.min, e.pack, e.kind, e.name, e.change))


def pack_changelog(packs: Mapping[str, Pack], pack_id: str | None = None) -> list[ChangeEntry]:
    """Every dated change of the packs (or of one pack), in date order."""
    found: list[ChangeEntry] = []
    for pack in packs.values():
        if pack_id is None or pack.id == pack_id:
            found.extend(_releases(pack))
    for name, (owner, parameter) in _parameters(packs).items():
        if pack_id is not None and owner != pack_id:
            continue
        previous: Entry | None = None
        for entry in parameter.entries:
            found.append(
                ChangeEntry(
                    date=entry.start,
                    pack=owner,
                    kind="parameter",
                    name=name,
                    change="takes effect",
                    before=_shown(previous.value) if previous is not None else None,
                    after=_shown(entry.value),
                    citation=_source(entry),
                )
            )
            previous = entry
    for rule_id, (owner, rule) in _rules(packs).items():
        if pack_id is not None and owner != pack_id:
            continue
        found.append(
            ChangeEntry(
                date=rule.start,
                pack=owner,
                kind="rule",
                name=rule_id,
                change="in force",
                before=None,
                after=rule.title,
                citation=rule.citation,
            )
        )
        if rule.end is not None:
            found.append(
                ChangeEntry(
                    date=rule.end,
                    pack=owner,
                    kind="rule",
                    name=rule_id,
                    change="retired",
                    before=rule.title,
                    after=None,
                    citation=rule.citation,
                )
            )
    return _order(found)


def _releases(pack: Pack) -> list[ChangeEntry]:
    """The pack's released versions, oldest first, each with the version it replaced."""
    found: list[ChangeEntry] = []
    previous: str | None = None
    for release in reversed(pack.releases):
        found.append(
            ChangeEntry(
                date=release.date,
                pack=pack.id,
                kind="pack",
                name=pack.id,
                change="released",
                before=previous,
                after=f"{release.version}: {release.changes}",
                citation=None,
            )
        )
        previous = release.version
    return found


def _rule_fields(rule: Rule) -> dict[str, str]:
    data = rule.model_dump()
    return {key: str(value) for key, value in data.items()}


def diff_packs(before: Mapping[str, Pack], after: Mapping[str, Pack]) -> list[ChangeEntry]:
    """What changed from `before` to `after`: dated values, rules and pack versions."""
    found: list[ChangeEntry] = []
    for pack_id in sorted(set(before) | set(after)):
        old, new = before.get(pack_id), after.get(pack_id)
        if old is None or new is None or old.version != new.version:
            found.append(
                ChangeEntry(
                    date=new.releases[0].date if new is not None and new.releases else None,
                    pack=pack_id,
                    kind="pack",
                    name=pack_id,
                    change="added" if old is None else "removed" if new is None else "changed",
                    before=old.version if old else None,
                    after=new.version if new else None,
                    citation=None,
                )
            )
    old_parameters, new_parameters = _parameters(before), _parameters(after)
    for name in sorted(set(old_parameters) | set(new_parameters)):
        found.extend(_parameter_changes(name, old_parameters.get(name), new_parameters.get(name)))
    old_rules, new_rules = _rules(before), _rules(after)
    for rule_id in sorted(set(old_rules) | set(new_rules)):
        old_rule, new_rule = old_rules.get(rule_id), new_rules.get(rule_id)
        owner = (new_rule or old_rule or ("", None))[0]
        if old_rule is None or new_rule is None:
            rule = (new_rule or old_rule)[1]  # type: ignore[index]
            found.append(
                ChangeEntry(
                    date=rule.start,
                    pack=owner,
                    kind="rule",
                    name=rule_id,
                    change="added" if old_rule is None else "removed",
                    before=None if old_rule is None else rule.title,
                    after=rule.title if old_rule is None else None,
                    citation=rule.citation,
                )
            )
            continue
        a, b = _rule_fields(old_rule[1]), _rule_fields(new_rule[1])
        changed = [key for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
        if changed:
            found.append(
                ChangeEntry(
                    date=new_rule[1].start,
                    pack=owner,
                    kind="rule",
                    name=rule_id,
                    change="changed",
                    before="; ".join(f"{k}: {a.get(k)}" for k in changed),
                    after="; ".join(f"{k}: {b.get(k)}" for k in changed),
                    citation=new_rule[1].citation,
                )
            )
    return found


def _parameter_changes(
    name: str, old: tuple[str, Parameter] | None, new: tuple[str, Parameter] | None
) -> list[ChangeEntry]:
    owner = (new or old or ("", None))[0]
    old_entries = {e.start: e for e in old[1].entries} if old else {}
    new_entries = {e.start: e for e in new[1].entries} if new else {}
    found = []
    for start in sorted(set(old_entries) | set(new_entries)):
        a, b = old_entries.get(start), new_entries.get(start)
        if a is not None and b is not None and a.value == b.value:
            continue
        in_force_before = old[1].entry_on(start) if old else None
        found.append(
            ChangeEntry(
                date=start,
                pack=owner,
                kind="parameter",
                name=name,
                change="added" if a is None else "removed" if b is None else "changed",
                before=_shown(in_force_before.value) if in_force_before else None,
                after=_shown(b.value) if b is not None else None,
                citation=_source(b) or _source(a),
            )
        )
    return found
