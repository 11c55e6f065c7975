"""The durable_rules runtime: the one module that imports durable_rules, and its guards.

durable_rules 2.0.28 has had no release since 2020. Measured on it (tests/test_rules_runtime.py
keeps each guard honest), the sharp edges and the guard this module puts against each:

- `durable.engine.Host` starts timer threads that run actions in the background, outside any
  lock of ours: with them, concurrent evaluations segfault and one thread alone gets error 307.
  `_Host` starts no thread; actions run synchronously inside `assert_facts`.
- An event is consumed by the first rule it fires: facts are posted, never events.
- A fact that no rule matches fails the whole `assert_facts` (MessageNotHandledException), the
  actions of the other facts never run, and deleting that session segfaults: every ruleset has
  a catch-all rule.
- Two facts with the same content or `id` fail the batch the same way (MessageObservedException):
  every fact carries a unique `key`, posted as its `id` too.
- A ruleset holds at most 1,024 live sessions (the next raises MemoryError): one session id per
  evaluation, deleted on every shard in `finally`.
- Two threads in one session segfault within a second: one process-wide lock serialises every
  call into durable_rules.
- A fact is matched against a ruleset with a stack of 64 alpha nodes: when more than 64 condition
  alternatives (a rule's `$or` branches, multiplied out through `$and`) can hold for one fact, the
  assert fails with error 303, and reading or deleting that session then segfaults. A node of
  512 children (about 512 one-test rules) makes durable_rules loop forever. Rulesets are shards
  of at most `MAX_PATHS_PER_SHARD` alternatives plus the catch-all, so neither can happen.
- After any failed assert, touching that session can segfault: it is left alone, and the host
  is rebuilt (the old one is abandoned; durable_rules cannot free it).
- An action's exception is stored in the session state as `exception`, not raised. It, and any
  other durable_rules failure during an evaluation, comes back in `Evaluation.errors`: the caller
  fails the claim closed.
- durable_rules' own action dispatch (`Ruleset._flush_actions`) builds a `Closure` per action
  and writes the whole session state back (`update_state`, a JSON round trip) after every
  action, whether it changed or not: about 25 us per action, most of an evaluation's time
  (a claim fires about six, three of them the catch-all's). Our actions never change the state,
  so `_Ruleset` runs them lean: per action it reads the rule name, session id and fact key off
  the message (not at all for the catch-all, which does nothing), calls the rule's action with
  them, and asks durable_rules for the next action (`complete_and_start_action`, what its own
  dispatch calls; it needs no state written first). Only when an action raises is the state
  written back, with the exception in it as durable_rules writes it (`exception caught ...,
  traceback ...`), so the `get_state` read after that assert finds it and the evaluation
  still fails closed, with the other actions of the batch run as before. (Only our actions
  write the state, so an assert in which none raised is not followed by a read.) An interrupt
  (`KeyboardInterrupt`) raised in an action is not swallowed into the state as durable_rules
  would: it propagates, and the host is rebuilt as after any failure.
- Numbers: its JSON parser reads an exponent only after a fraction (`1.5e+16`), so a number
  Python writes as `1e+16` or `1e-05` leaves the parse broken and the assert segfaults (SV104
  `1E17` did); `Infinity` is no JSON it reads, `NaN` it reads as null (matching nothing); an
  integer goes through `atol` and is compared as a double. A fact's number is posted only when
  finite, of magnitude below `MAX_FACT_NUMBER` (2**53: every integer below it is exact as a
  double, and Python writes every float below 1e16 without an exponent) and zero or of magnitude
  at least `MIN_FACT_FRACTION` (Python writes smaller floats with an exponent); rule constants
  likewise. A batch holding another number is not posted: it comes back as an error (the
  caller fails the claim closed).
- Conditions: `$ne` is not an operator (it never matches), `$nex` without a positive comparison
  beside it hangs, a comparison with two fields keeps one, and a string compared with a number
  (or a bool) is always true. Conditions are checked when a runtime is built, facts when posted
  (`engine/rules_conditions.py` holds those checks and the bounds).

A rule's outcome is only "rule R matched fact K"; findings are built from that in Python.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import re
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from durable import engine as durable_engine

from peerclaims.engine.rules_conditions import (
    MAX_FACT_NUMBER,
    MAX_PATHS_PER_SHARD,
    MIN_FACT_FRACTION,
    RESERVED_FIELDS,
    TYPES,
    Condition,
    ConditionChecker,
    kind_of,
    postable,
)

__all__ = [
    "MAX_FACT_NUMBER",
    "MAX_PATHS_PER_SHARD",
    "MIN_FACT_FRACTION",
    "RESERVED_FIELDS",
    "Evaluation",
    "Fact",
    "RuleSpec",
    "Runtime",
    "postable",
]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CATCH_ALL = {"$ex": {"key": 1}}
_CATCH_ALL_RULE = "catch-all"
_CATCH_ALL_MESSAGE = f'{{"{_CATCH_ALL_RULE}":'
"""How durable_rules' message for the catch-all starts: `{"<rule name>":{"m":<fact>}}`."""
_ENGINE_HINTS = {
    "303": "more than 64 condition alternatives held for one fact in one ruleset",
    "307": "an action's state was deleted under it",
    "309": "the session was not found",
}
_to_json = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(value, ensure_ascii=False)`, without making an encoder per call."""
_DURABLE_LOCK = threading.Lock()
"""Serialises every call into durable_rules in this process (its C engine is not thread-safe)."""

Fact = dict[str, Any]


@dataclass(frozen=True)
class RuleSpec:
    """One rule: its id and a durable_rules condition over the fields of one fact.

    The condition is durable_rules' JSON form restricted to comparisons of a field with a
    constant: `{"field": value}`, `{"$eq"|"$neq"|"$lt"|"$lte"|"$gt"|"$gte": {"field": value}}`,
    `{"$ex"|"$nex": {"field": 1}}`, and `{"$and"|"$or": [condition, ...]}`. Example:
    `{"$and": [{"kind": "line"}, {"$gt": {"units_over_cap": 0}}]}`.
    """

    rule_id: str
    condition: Condition


@dataclass(frozen=True)
class Evaluation:
    """What one evaluation found: `(rule_id, fact key)` per match, and durable_rules errors.

    No match is the clean result. Any error means the matches may be incomplete: fail closed.
    """

    matches: tuple[tuple[str, str], ...]
    errors: tuple[str, ...]


Action = Callable[[str, str], None]
"""A rule's action: called with the session id and the key of the fact it matched."""


class _Ruleset(durable_engine.Ruleset):  # type: ignore[misc]  # durable has no type stubs
    """A durable_rules ruleset whose actions run lean (the module docstring says why).

    A rule's `run` is an `Action`, or None for a rule whose match needs nothing done (the
    catch-all). Facts may be posted as JSON text already serialised (one serialisation for
    every shard of an evaluation).
    """

    def __init__(self, name: str, host: _Host, definition: dict[str, Any]) -> None:
        # what durable_engine.Ruleset.__init__ does, without wrapping actions in Promises
        self._name = name
        self._host = host
        self._actions: dict[str, Action | None] = {
            rule_name: rule.pop("run") for rule_name, rule in definition.items()
        }
        self._handle = durable_engine.durable_rules_engine.create_ruleset(
            name, json.dumps(definition, ensure_ascii=False)
        )
        self._definition = definition
        self.stored = 0
        """Exceptions this ruleset's actions have written into a session state, ever."""

    def assert_facts(self, facts: str | Sequence[Fact]) -> Any:
        """Assert a batch of facts (a list, or its JSON text)."""
        text = facts if isinstance(facts, str) else _to_json(facts)
        engine = durable_engine.durable_rules_engine
        return self._handle_result(engine.assert_facts(self._handle, text), facts)

    def do_actions(
        self, state_handle: int, complete: Callable[[BaseException | None, Any], None]
    ) -> None:
        """Run every action the last assert started; report a failure to `complete`."""
        try:
            started = durable_engine.durable_rules_engine.start_action_for_state(
                self._handle, state_handle
            )
            if started:
                self._run_actions(state_handle, started[0], started[1])
        except BaseException as error:  # noqa: BLE001  # as durable_rules: the caller raises it
            complete(error, None)
        else:
            complete(None, None)

    def _run_actions(self, state_handle: int, state: str, message: str | None) -> None:
        """Run the action of each message in turn until durable_rules has no more."""
        engine = durable_engine.durable_rules_engine
        while message:
            if not message.startswith(_CATCH_ALL_MESSAGE):
                rule_name, session, key = _matched(message)
                action = self._actions[rule_name]
                if action is not None:
                    try:
                        action(session, key)
                    except Exception as error:  # noqa: BLE001  # stored, as durable_rules does
                        self._store_exception(state, error)
            message = engine.complete_and_start_action(self._handle, state_handle)

    def _store_exception(self, state: str, error: Exception) -> None:
        """Write the session state back with the action's exception, as durable_rules does."""
        written = json.loads(state)
        written["exception"] = (
            f"exception caught {error}, traceback {traceback.format_tb(error.__traceback__)}"
        )
        durable_engine.durable_rules_engine.update_state(
            self._handle, json.dumps(written, ensure_ascii=False)
        )
        self.stored += 1


_MESSAGE = re.compile(
    r'\{"([^"\\]+)":\{"m":\{.*"sid": "([^"\\]*)", "id": "([^"\\]*)"\}\}\}', re.DOTALL
)
"""durable_rules' message for a rule that matched one fact: `{"<rule>":{"m":<fact>}}`, the fact
as `Runtime.evaluate` serialised it, so ending with its session id and its id (its key)."""


def _matched(message: str) -> tuple[str, str, str]:
    """The rule name, session id and fact key of an action's message."""
    found = _MESSAGE.fullmatch(message)
    if found is not None:
        return found[1], found[2], found[3]
    ((rule_name, matched),) = json.loads(message).items()  # a key with escapes, say
    return rule_name, matched["m"]["sid"], matched["m"]["key"]


class _Host(durable_engine.Host):  # type: ignore[misc]  # durable has no type stubs
    """A durable_rules host that starts no background dispatch or timer threads."""

    def _run(self) -> None:
        """Start nothing: actions run inside `assert_facts` on the caller's thread."""

    def register_rulesets(self, ruleset_definitions: dict[str, dict[str, Any]]) -> list[str]:
        """Register each definition as a lean `_Ruleset` (no statecharts or flowcharts)."""
        for name, definition in ruleset_definitions.items():
            if name in self._ruleset_directory:
                raise ValueError(f"ruleset {name} is already registered")
            ruleset = _Ruleset(name, self, definition)
            self._ruleset_directory[name] = ruleset
            self._ruleset_list.append(ruleset)
        return list(ruleset_definitions)


def _shards(rules: Sequence[RuleSpec], paths: Sequence[int], budget: int) -> list[list[RuleSpec]]:
    """Consecutive groups of rules whose alternatives add up to at most `budget` each."""
    shards: list[list[RuleSpec]] = []
    used = budget
    for rule, count in zip(rules, paths, strict=True):
        if used + count > budget:
            shards.append([])
            used = 0
        shards[-1].append(rule)
        used += count
    return shards


def _describe(error: Exception) -> str:
    """A one-line description of a durable_rules failure that never repeats the posted facts."""
    if isinstance(error, durable_engine.MessageNotHandledException):
        return "durable_rules: a fact was not handled (is the catch-all rule missing?)"
    if isinstance(error, durable_engine.MessageObservedException):
        return "durable_rules: a fact was posted twice in one session"
    if isinstance(error, MemoryError):
        return "durable_rules: MemoryError (a ruleset holds at most 1,024 live sessions)"
    text = str(error).strip() or "no message"
    code = text.rsplit("error code: ", 1)[-1] if "error code: " in text else ""
    hint = f" ({_ENGINE_HINTS[code]})" if code in _ENGINE_HINTS else ""
    return f"durable_rules: {type(error).__name__}: {text}{hint}"


class Runtime:
    """Rules compiled into durable_rules rulesets on a host of their own; evaluates fact batches.

    The rulesets are named `{name}-{hash}-{shard}`, the hash being the first 12 hex digits of the
    SHA-256 of the rules (ids and conditions, in order), so a changed pack is a new name. Rules
    go into shards in order, each of at most `max_paths_per_shard` condition alternatives.
    """

    def __init__(
        self,
        name: str,
        rules: Sequence[RuleSpec],
        max_paths_per_shard: int = MAX_PATHS_PER_SHARD,
    ) -> None:
        if not _NAME.fullmatch(name):
            raise ValueError(f"runtime name {name!r}: use letters, digits, '.', '_' and '-'")
        if not 1 <= max_paths_per_shard <= MAX_PATHS_PER_SHARD:
            raise ValueError(
                f"max_paths_per_shard must be 1 to {MAX_PATHS_PER_SHARD} "
                "(durable_rules fails at 65 alternatives for one fact, catch-all included)"
            )
        checker = ConditionChecker()
        ids: set[str] = set()
        paths: list[int] = []
        for rule in rules:
            if not isinstance(rule.rule_id, str) or not rule.rule_id or rule.rule_id in ids:
                raise ValueError(f"rule id {rule.rule_id!r} is empty or not unique")
            ids.add(rule.rule_id)
            paths.append(checker.check(rule.rule_id, rule.condition))
            if paths[-1] > max_paths_per_shard:
                raise ValueError(
                    f"rule {rule.rule_id}: {paths[-1]} alternatives, more than a shard holds"
                )
        self.name = name
        self.rules: tuple[RuleSpec, ...] = tuple(  # copies: what was checked is what runs
            RuleSpec(rule.rule_id, copy.deepcopy(rule.condition)) for rule in rules
        )
        self.digest = hashlib.sha256(
            json.dumps(
                [[rule.rule_id, rule.condition] for rule in self.rules],
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
            ).encode("utf-8")
        ).hexdigest()
        self._kinds = {field: kind for field, (kind, _) in checker.kinds.items()}
        self._order = {rule.rule_id: index for index, rule in enumerate(self.rules)}
        self._pending: dict[str, list[tuple[str, str]]] = {}
        self._sessions = itertools.count()
        """Session ids: one per evaluation, never reused by this runtime (nor its hosts)."""
        self._field_types: dict[object, frozenset[type]] = {}
        """Fact field name (once checked) -> the exact types its values may have unchecked."""
        self._shards = _shards(self.rules, paths, max_paths_per_shard)
        self.ruleset_names: tuple[str, ...] = tuple(
            f"{name}-{self.digest[:12]}-{index}" for index in range(len(self._shards))
        )
        with _DURABLE_LOCK:
            self._host = self._build()

    def _build(self) -> _Host:
        """A new host with every shard registered (called with the lock held)."""
        host = _Host()
        host.set_rulesets(
            {
                ruleset: self._ruleset(shard)
                for ruleset, shard in zip(self.ruleset_names, self._shards, strict=True)
            }
        )
        return host

    def _ruleset(self, shard: Sequence[RuleSpec]) -> dict[str, Any]:
        """The durable_rules definition of one shard: its rules plus the catch-all."""
        definition: dict[str, Any] = {
            f"r{index}": {"all": [{"m": copy.deepcopy(rule.condition)}], "run": self._action(rule)}
            for index, rule in enumerate(shard)
        }
        definition[_CATCH_ALL_RULE] = {"all": [{"m": copy.deepcopy(_CATCH_ALL)}], "run": None}
        return definition

    def _action(self, rule: RuleSpec) -> Action:
        """The action of one rule: records the match."""
        rule_id = rule.rule_id

        def action(session: str, key: str) -> None:
            self._on_match(rule_id, session, key)

        return action

    def _on_match(self, rule_id: str, session: str, key: str) -> None:
        """Record that `rule_id` matched the fact `key` of session `session`."""
        self._pending[session].append((rule_id, key))

    def _prepare(self, facts: Sequence[Fact]) -> None:
        """Check the facts (flat, unique keys, no reserved field, kinds as the rules compare).

        A field name is checked the first time it is seen (then remembered); every value's kind
        is checked against the kind the rules compare that field with.
        """
        keys: set[str] = set()
        types = self._field_types
        for position, fact in enumerate(facts):
            key = fact.get("key") if isinstance(fact, dict) else None
            if not isinstance(key, str) or not key or key in keys:
                raise ValueError(f"fact {position}: 'key' must be a non-empty unique string")
            keys.add(key)
            for field, value in fact.items():
                if type(value) not in types.get(field, ()):
                    self._check_field(key, field, value)

    @staticmethod
    def _unpostable(facts: Sequence[Fact]) -> str | None:
        """What names the first number durable_rules could not read safely, if any."""
        for fact in facts:
            for field, value in fact.items():
                kind = type(value)
                if (kind is int or kind is float) and not postable(value):
                    what = "too small" if abs(value) < MIN_FACT_FRACTION else "too large"
                    if value != value:  # noqa: PLR0124 - NaN is the one value unequal to itself
                        what = "not a number, so"
                    return (
                        f"fact {fact['key']}: {field} is a number {what} for durable_rules to "
                        "read safely (not posted)"
                    )
        return None

    def _check_field(self, key: str, field: object, value: object) -> None:
        """Raise ValueError unless `field` may be posted with `value`; remember a good name."""
        if field not in self._field_types:
            if not isinstance(field, str) or not field or field.startswith("$"):
                raise ValueError(f"fact {key}: {field!r} is not a field name")
            if field in RESERVED_FIELDS:
                raise ValueError(f"fact {key}: {field} is reserved for durable_rules")
            self._field_types[field] = TYPES[self._kinds.get(field, "")]
        kind = kind_of(value)
        if not kind:
            raise ValueError(
                f"fact {key}: {field} must be a string, number or bool (omit it if unknown)"
            )
        expected = self._kinds.get(str(field), kind)
        if kind != expected:
            raise ValueError(f"fact {key}: {field} is a {kind}, the rules compare a {expected}")

    def evaluate(self, facts: Sequence[Fact]) -> Evaluation:
        """Post the facts in a new session on every shard; return the matches and errors.

        Raises ValueError for malformed facts (a bug in the caller); a number outside what
        durable_rules reads safely and durable_rules failures are returned in `errors`, never
        raised (such a batch is never posted).
        """
        self._prepare(facts)
        if not facts or not self.ruleset_names:
            return Evaluation(matches=(), errors=())
        unpostable = self._unpostable(facts)
        if unpostable is not None:
            return Evaluation(matches=(), errors=(unpostable,))
        session = f"s{next(self._sessions)}"
        posted = [{**fact, "sid": session, "id": fact["key"]} for fact in facts]  # sid, id last
        text = _to_json(posted)  # once for every shard
        errors: list[str] = []
        sound = False  # until _post returns: an interrupted action leaves the session suspect
        with _DURABLE_LOCK:
            self._pending[session] = []
            try:
                errors, sound = self._post(session, text)
            finally:
                if sound:
                    failed = self._delete(session)
                    errors.extend(failed)
                    sound = not failed
                if not sound:  # reading or deleting that session can segfault: start afresh
                    self._host = self._build()
                found = self._pending.pop(session)
        order = {fact["key"]: index for index, fact in enumerate(posted)}
        matches = sorted(set(found), key=lambda match: (self._order[match[0]], order[match[1]]))
        return Evaluation(matches=tuple(matches), errors=tuple(errors))

    def _post(self, session: str, facts: str) -> tuple[list[str], bool]:
        """Assert the facts (JSON text) on each shard and read the exception its actions stored.

        Returns the errors and whether durable_rules' state is still sound: after any failure
        here, reading or deleting the session may segfault.
        """
        errors: list[str] = []
        for ruleset in self.ruleset_names:
            try:
                rules = self._host.get_ruleset(ruleset)
                stored = rules.stored
                self._host.assert_facts(ruleset, facts)
                if rules.stored == stored:  # no action raised: the state holds no exception
                    continue
                state = self._host.get_state(ruleset, session)
            except Exception as error:  # noqa: BLE001  # durable_rules raises bare and C errors alike
                errors.append(f"{ruleset}: {_describe(error)}")
                return errors, False
            stored = state.get("exception") if isinstance(state, dict) else "no session state"
            if stored is not None:
                errors.append(f"{ruleset}: action failed: {stored}")
        return errors, True

    def _delete(self, session: str) -> list[str]:
        """Delete the session from every shard; a failure leaks a session, so it is an error."""
        errors: list[str] = []
        for ruleset in self.ruleset_names:
            try:
                self._host.delete_state(ruleset, session)
            except Exception as error:  # noqa: BLE001  # as in _post
                errors.append(f"{ruleset}: deleting the session: {_describe(error)}")
        return errors
