"""A run history that notes which history keys a run's judgments read.

The keys are those `RunHistory` is read by: a member id (`lines`, `origin`, `seen`) and a
rendering NPI with a day (`group_lines`); a line written counts under both of its keys.
`check --record` locks the keys a run read (engine/recording.py); a batch on a cluster is
partitioned by them (engine/cluster.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from peerclaims.engine.checks.context import Identity, RunHistory, SeenLine
from peerclaims.engine.reference.models import ReferenceData

PeerDay = tuple[str, date]
"""A `group_lines` key: rendering NPI and date of service."""


@dataclass(slots=True)
class Keys:
    """History keys: member ids and (rendering NPI, day) pairs."""

    members: set[str] = field(default_factory=set)
    peer_days: set[PeerDay] = field(default_factory=set)

    def clear(self) -> None:
        """Forget every key."""
        self.members.clear()
        self.peer_days.clear()

    def add_lines(self, lines: Iterable[SeenLine]) -> None:
        """The keys `lines` are counted under."""
        for line in lines:
            self.members.add(line.member_id)
            self.peer_days.add((line.rendering_npi, line.service_date))

    def update(self, other: Keys) -> None:
        """Add `other`'s keys."""
        self.members |= other.members
        self.peer_days |= other.peer_days


class TrackedHistory(RunHistory):
    """`RunHistory` that notes the keys read (`reads`).

    Every read path of `RunHistory` is covered: `lines` and `origin` (and `seen`, through
    `origin`) by member, `group_lines` by its (rendering NPI, day) key. Building the peer-day
    index reads every member's lines; those reads are not noted, since what the caller gets is
    only the lines under the one peer-day key.
    """

    def __init__(self, reference: ReferenceData) -> None:
        super().__init__(reference)
        self.reads = Keys()
        self._building = False

    def lines(self, member_id: str) -> list[SeenLine]:
        """`RunHistory.lines`, noted."""
        if not self._building:
            self.reads.members.add(member_id)
        return super().lines(member_id)

    def origin(
        self, member_id: str, identity: Identity, mine: SeenLine | None = None
    ) -> str | None:
        """`RunHistory.origin`, noted."""
        self.reads.members.add(member_id)
        return super().origin(member_id, identity, mine)

    def group_lines(self, rendering_npi: str, day: date) -> Iterator[SeenLine]:
        """`RunHistory.group_lines`, noted (building its index reads no member's key)."""
        self.reads.peer_days.add((rendering_npi, day))
        self._building = True
        try:
            found = list(super().group_lines(rendering_npi, day))
        finally:
            self._building = False
        return iter(found)

    def withdraw(
        self, member_id: str, claim_id: str, billing_npi: str, payer_claim: str | None
    ) -> int:
        """`RunHistory.withdraw`, noted (it reads and changes the member's lines)."""
        self.reads.members.add(member_id)
        return super().withdraw(member_id, claim_id, billing_npi, payer_claim)
