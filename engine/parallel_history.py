"""A run history that notes which history keys a judgment read and which lines it added.

`check --jobs N` judges claims speculatively in worker processes (engine/parallel.py): each
worker's history holds the reference history and its own transaction set's accepted lines only,
so a worker's judgment of a claim is the true one exactly when no claim outside that view wrote
a key the judgment read. The keys are those `RunHistory` is read by: a member id (`lines`,
`origin`, `seen`) and a rendering NPI with a day (`group_lines`); a line written counts under
both of its keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peerclaims.engine.checks.context import Identity, RunHistory, SeenLine
from peerclaims.engine.reference.models import ReferenceData

PeerDay = tuple[str, date]
"""A `group_lines` key: rendering NPI and date of service."""

SeenRow = tuple[str, str, str, tuple[str, ...], date, Decimal, str | None, int, str]
"""A `SeenLine` as a plain tuple, in field order (cheap to pickle)."""


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

    def meets(self, other: Keys) -> bool:
        """Whether the two share a key."""
        return not (
            self.members.isdisjoint(other.members) and self.peer_days.isdisjoint(other.peer_days)
        )

    def update(self, other: Keys) -> None:
        """Add `other`'s keys."""
        self.members |= other.members
        self.peer_days |= other.peer_days


class TrackedHistory(RunHistory):
    """`RunHistory` that notes the keys read (`reads`) and the lines added (`added`).

    Every read path of `RunHistory` is covered: `lines` and `origin` (and `seen`, through
    `origin`) by member, `group_lines` by its (rendering NPI, day) key. Building the peer-day
    index reads every member's lines; those reads are not noted, since what the caller gets is
    only the lines under the one peer-day key (and any line added under it is noted by that key).
    """

    def __init__(self, reference: ReferenceData) -> None:
        super().__init__(reference)
        self.reads = Keys()
        self.added: list[SeenLine] = []
        self._building = False

    @classmethod
    def copy_of(cls, history: RunHistory) -> TrackedHistory:
        """A tracked history holding what `history` holds now (later changes not shared)."""
        tracked = cls(history._reference)
        tracked._added = {member: list(lines) for member, lines in history._added.items()}
        return tracked

    def start_claim(self) -> None:
        """Forget the previous claim's reads and lines."""
        self.reads = Keys()
        self.added = []

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

    def add(self, lines: Iterable[SeenLine]) -> None:
        """`RunHistory.add`, noted."""
        kept = list(lines)
        self.added.extend(kept)
        super().add(kept)

    def add_unnoted(self, lines: Iterable[SeenLine]) -> None:
        """`RunHistory.add`, not noted (lines of a judgment taken from a worker)."""
        super().add(lines)


def row(line: SeenLine) -> SeenRow:
    """`line` as a plain tuple."""
    return (
        line.member_id,
        line.rendering_npi,
        line.procedure,
        line.modifiers,
        line.service_date,
        line.units,
        line.claim_id,
        line.line_number,
        line.billing_npi,
    )


def from_row(values: SeenRow) -> SeenLine:
    """The `SeenLine` of a `row` (its fields are in `SeenLine`'s order)."""
    return SeenLine(*values)
