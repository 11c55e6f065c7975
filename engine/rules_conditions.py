"""What the durable_rules runtime accepts: the conditions and fact values durable_rules 2.0.28
evaluates correctly, checked before anything reaches it (`engine/rules_runtime.py` says what
goes wrong otherwise, as measured; tests/test_rules_runtime.py keeps each bound).

Numbers: durable_rules' JSON parser reads an exponent only after a fraction, so a number Python
writes as `1e+16` or `1e-05` breaks the parse and the assert segfaults; `Infinity` is no JSON it
reads and `NaN` it reads as null; integers are compared as doubles. A number is posted, or
compared with, only when `postable`: finite, below `MAX_FACT_NUMBER` in magnitude, and zero or at
least `MIN_FACT_FRACTION`.
"""

from __future__ import annotations

import math
from typing import Any

Condition = dict[str, Any]

MAX_PATHS_PER_SHARD = 63
"""Condition alternatives per ruleset; with the catch-all, the 64 nodes of durable_rules' stack."""

MAX_FACT_NUMBER = 2**53
"""Posted numbers stay below this magnitude (measured: `1e+16` segfaults durable_rules 2.0.28;
9007199254740991 and 9999999999999998.0 do not; tests/test_rules_runtime.py keeps both sides)."""

MIN_FACT_FRACTION = 1e-4
"""A nonzero posted number is at least this magnitude (measured: `1e-05` segfaults, 0.0001 not)."""

RESERVED_FIELDS = frozenset({"sid", "id"})
"""Fact fields durable_rules owns: the session id and the message id (set to `key`)."""

_COMPARISONS = frozenset({"$eq", "$neq", "$lt", "$lte", "$gt", "$gte"})
_ORDERINGS = frozenset({"$lt", "$lte", "$gt", "$gte"})
_EXISTENCE = frozenset({"$ex", "$nex"})
_CONNECTIVES = frozenset({"$and", "$or"})
TYPES: dict[str, frozenset[type]] = {
    "bool": frozenset({bool}),
    "number": frozenset({int, float}),
    "string": frozenset({str}),
    "": frozenset({bool, int, float, str}),  # a field no rule compares
}
"""The exact types of a value of each comparison kind (a subclass goes through `kind_of`)."""


def postable(value: float) -> bool:
    """Whether durable_rules reads `value` (an int or float) as written (module docstring)."""
    magnitude = abs(value)
    return magnitude < MAX_FACT_NUMBER and (magnitude >= MIN_FACT_FRACTION or value == 0)


def kind_of(value: object) -> str:
    """The comparison kind of a scalar: "bool", "number" or "string" ("" for anything else)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return ""


class ConditionChecker:
    """Checks conditions against the subset durable_rules evaluates correctly; records kinds.

    The subset: `$ne` is not an operator (it never matches), `$nex` without a positive
    comparison beside it hangs, a comparison with two fields keeps one, a string compared with a
    number (or a bool) is always true, and more than `MAX_PATHS_PER_SHARD` alternatives for one
    fact fail the assert (error 303).
    """

    def __init__(self) -> None:
        self.kinds: dict[str, tuple[str, str]] = {}
        """Field name -> (kind of the constants it is compared with, first rule comparing it)."""

    def check(self, rule_id: str, condition: object) -> int:
        """Raise ValueError unless `condition` is valid; return its number of alternatives."""
        if not self._positive(rule_id, condition):
            raise ValueError(
                f"rule {rule_id}: every alternative needs a comparison besides $nex "
                "(durable_rules hangs on $nex alone)"
            )
        paths = paths_of(condition)
        if paths > MAX_PATHS_PER_SHARD:
            raise ValueError(
                f"rule {rule_id}: {paths} alternatives ($or branches multiplied out through $and),"
                f" durable_rules allows {MAX_PATHS_PER_SHARD}"
            )
        return paths

    def _positive(self, rule_id: str, condition: object) -> bool:
        """Validate `condition`; True when each of its alternatives has a positive comparison."""
        if not isinstance(condition, dict) or len(condition) != 1:
            raise ValueError(f"rule {rule_id}: a condition is an object with exactly one key")
        ((op, operand),) = condition.items()
        if not isinstance(op, str):
            raise ValueError(f"rule {rule_id}: {op!r} is not an operator or a field name")
        if op in _CONNECTIVES:
            if not isinstance(operand, list) or not operand:
                raise ValueError(f"rule {rule_id}: {op} takes a non-empty list of conditions")
            parts = [self._positive(rule_id, part) for part in operand]
            if op == "$and":
                return any(parts)
            return all(parts)
        if op in _COMPARISONS or op in _EXISTENCE:
            if not isinstance(operand, dict) or len(operand) != 1:
                raise ValueError(f"rule {rule_id}: {op} compares exactly one field")
            ((field, value),) = operand.items()
            return self._comparison(rule_id, op, field, value)
        if op.startswith("$"):
            raise ValueError(f"rule {rule_id}: {op} is not a supported comparison")
        return self._comparison(rule_id, "$eq", op, operand)

    def _comparison(self, rule_id: str, op: str, field: object, value: object) -> bool:
        """Validate one comparison of a field with a constant; True unless it is `$nex`."""
        self._field(rule_id, field)
        if op in _EXISTENCE:
            if value != 1:
                raise ValueError(f"rule {rule_id}: {op} on {field} takes 1")
            return op == "$ex"
        kind = kind_of(value)
        if not kind or (op in _ORDERINGS and kind == "bool"):
            raise ValueError(f"rule {rule_id}: {field} must be compared with a constant")
        if kind == "number" and not postable(value):  # type: ignore[arg-type]  # a number
            raise ValueError(f"rule {rule_id}: {field} is compared with a number out of range")
        seen = self.kinds.setdefault(str(field), (kind, rule_id))
        if seen[0] != kind:
            raise ValueError(
                f"rule {rule_id}: {field} is compared with a {kind}, rule {seen[1]} "
                f"compares it with a {seen[0]}"
            )
        return True

    @staticmethod
    def _field(rule_id: str, field: object) -> None:
        """Raise ValueError unless `field` is a plain fact field name."""
        if not isinstance(field, str) or not field or field.startswith("$"):
            raise ValueError(f"rule {rule_id}: {field!r} is not a fact field name")
        if field in RESERVED_FIELDS:
            raise ValueError(f"rule {rule_id}: {field} is reserved for durable_rules")


def paths_of(condition: Any) -> int:
    """Alternatives of a checked condition once in disjunctive normal form (as durable_rules)."""
    ((op, operand),) = condition.items()
    if op == "$or":
        return sum(paths_of(part) for part in operand)
    if op == "$and":
        return math.prod(paths_of(part) for part in operand)
    return 1
