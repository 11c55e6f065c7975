"""The partition of a batch on a Dask cluster (engine/cluster.py), and the order its answers
go out in.

Claims that share a history key (a member; a rendering peer and day of a group line) share a
component (union-find); each component is judged where most of its claims were read (its home
set). The partitions finish in any order; each claim's answer is handed on in input order as
soon as every earlier one has been.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from peerclaims.engine.cluster_tasks import ClaimKeys, Order


class _Components:
    """Union-find over history keys: claims sharing a key share a component."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, key: object) -> object:
        parent = self.parent
        root = parent.setdefault(key, key)
        while root != parent[root]:
            root = parent[root]
        while key != root:
            key, parent[key] = parent[key], root
        return root

    def join(self, keys: Sequence[object]) -> object:
        first = self.find(keys[0])
        for key in keys[1:]:
            other = self.find(key)
            if other != first:
                self.parent[other] = first
        return first


def homes(keys: dict[tuple[int, int], list[ClaimKeys]]) -> dict[Order, tuple[int, int]]:
    """Each claim's home set: the set holding most claims of its component (first on ties)."""
    union = _Components()
    for claims in keys.values():
        for member, peer_days in claims:
            union.join([("m", member), *(("g", *pd) for pd in peer_days)])
    counts: dict[object, dict[tuple[int, int], int]] = {}
    for where, claims in keys.items():
        for member, _ in claims:
            per_set = counts.setdefault(union.find(("m", member)), {})
            per_set[where] = per_set.get(where, 0) + 1
    home_of = {
        root: max(per_set.items(), key=lambda item: (item[1], -item[0][0], -item[0][1]))[0]
        for root, per_set in counts.items()
    }
    return {
        (*where, position): home_of[union.find(("m", member))]
        for where, claims in keys.items()
        for position, (member, _) in enumerate(claims)
    }


Emit = Callable[[int, Any], None]
"""Takes one claim's answer (what its judge sent back) and the index of its source."""


class InOrder:
    """Hands each claim's answer on in input order, as soon as every earlier one is handed on:
    only the answers of partitions done before an earlier one wait here."""

    def __init__(self, sets: Sequence[tuple[int, int]], counts: dict[tuple[int, int], int]):
        self._order = ((*where, p) for where in sets for p in range(counts[where]))
        self._next: Order | None = next(self._order, None)
        self._waiting: dict[Order, Any] = {}

    def take(self, judged: Iterable[tuple[Order, Any]], emit: Emit) -> None:
        """Take a partition's answers; hand on every one now due."""
        self._waiting.update(judged)
        waiting = self._waiting
        while self._next is not None and self._next in waiting:
            emit(self._next[0], waiting.pop(self._next))
            self._next = next(self._order, None)

    @property
    def done(self) -> bool:
        """Whether every claim's answer was handed on."""
        return self._next is None and not self._waiting
