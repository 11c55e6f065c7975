"""What check kinds look at: a claim joined to its reference data, dated parameters and history.

Everything here is look-up and arithmetic done in Python before a fact is posted (style.md):
the claim's state from its payer, the member and the rendering peer from the reference data,
the population a line serves, the units already billed in a window, and the dated parameter
values in force on a line's date of service (each read is recorded for `--trace`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from peerclaims.engine.checks.spec import STATE_TEMPLATE
from peerclaims.engine.model import BillingProvider, Claim, Loc, ServiceLine
from peerclaims.engine.model import Provider as ClaimProvider
from peerclaims.engine.packs.parameters import Entry, Parameter, Parameters, Value
from peerclaims.engine.reference.models import (
    Authorization,
    Contract,
    HistoryLine,
    Member,
    Payer,
    Provider,
    RecordedLine,
    ReferenceData,
)

if TYPE_CHECKING:
    from peerclaims.engine.checks.scope import StateScope

Party = ClaimProvider | BillingProvider
"""A provider as named on the claim (billing, rendering, supervising)."""

HISTORY_ORIGIN = "a service already billed for the member on that date"
"""What a finding says of a line of history it rests on (FED-DUP-0001's `{origin}`)."""

Identity = tuple[str, date, str, tuple[str, ...], str, Decimal]
"""product.md's duplicate key of a line: member, date, procedure, modifiers, rendering, units."""


@dataclass(frozen=True, slots=True)
class SeenLine:
    """A service line the checks count: from history, an earlier claim of the run, or this one."""

    member_id: str
    rendering_npi: str
    procedure: str
    modifiers: tuple[str, ...]
    """Sorted."""
    service_date: date
    units: Decimal
    claim_id: str | None
    """The claim (CLM01) of the run it was accepted on; None for a line of history (whoever
    recorded it: another organization's claim id is never carried into a finding)."""
    line_number: int = 0
    """Its line number (LX) on that claim."""
    billing_npi: str = ""
    """The billing provider of the line (history.yaml's `provider_npi`; the claim's 2010AA)."""
    recorded_claim: str | None = None
    """For a line of history stored by `check --record`: its claim (CLM01), never shown but to
    the same claim's same line of the same billing provider (`RunHistory.origin`)."""
    recorded_on: date | None = None
    """The day `check --record` stored it (UTC), for the same."""
    payer_claim: str | None = None
    """For a recorded line an 835 paid: the payer's claim control number (CLP07), which a
    replacement or void names in REF*F8."""

    def recorded_as(self, claim_id: str | None, line_number: int, billing_npi: str) -> bool:
        """Whether this history line is that very line of that claim, recorded before."""
        return (
            self.recorded_on is not None
            and self.recorded_claim == claim_id
            and self.line_number == line_number
            and self.billing_npi == billing_npi
        )

    @property
    def origin(self) -> str:
        """Where it was seen, for messages: 'claim PCN-1 line 2' (this run's input), or for a
        line of history `HISTORY_ORIGIN`, which names no organization, claim, decision or date
        beyond the caller's own line (history may hold another organization's claims).

        Built when asked, not kept: the run keeps every accepted line, and the claim id is
        shared by a claim's lines where this text was not (72 bytes a line).
        """
        if self.claim_id is None:
            return HISTORY_ORIGIN
        return f"claim {self.claim_id} service line {self.line_number}"

    @property
    def identity(self) -> Identity:
        """product.md's duplicate key: member, date, procedure, modifiers, rendering, units."""
        return (
            self.member_id,
            self.service_date,
            self.procedure,
            self.modifiers,
            self.rendering_npi,
            self.units,
        )


def _recorded(old: HistoryLine) -> dict[str, Any]:
    """`SeenLine`'s recorded fields of a history line (none for a history.yaml line)."""
    if isinstance(old, RecordedLine) and old.recorded_at is not None:
        return {
            "recorded_claim": old.claim_id,
            "line_number": old.line,
            "recorded_on": old.recorded_at.date(),
            "payer_claim": old.payer_claim_id,
        }
    return {}


class RunHistory:
    """Lines already paid (history) or accepted earlier in this run, by member.

    A line of a claim is added only after the claim is decided and only if accepted, so a
    rejected line never counts toward a later line's limit. The run's lines stay until it ends,
    so each is kept with its values shared (`_compact`): a run repeats the same members, NPIs,
    procedure, modifiers, dates and units over and over, and each line's own copies were two
    thirds of its ~760 bytes. `origin` finds a duplicate in the member's lines, not in an index.
    """

    def __init__(self, reference: ReferenceData) -> None:
        self._reference = reference
        self._shared: dict[str | date | tuple[str, ...], Any] = {}
        """One object per distinct string, date and modifier tuple of the run's lines."""
        self._units: dict[tuple[int, tuple[int, ...], int | str], Decimal] = {}
        """One `Decimal` per distinct units value, keyed by its digits and exponent (so 4 and
        4.0, equal as numbers, each keep their own form)."""
        self._added: dict[str, list[SeenLine]] = {}
        """Member id -> the member's counted lines; a member is here once its history is."""
        self._by_peer_day: dict[tuple[str, date], list[SeenLine]] | None = None
        self.withdrawn: dict[tuple[str, str], int] = {}
        """(claim id, billing NPI) of a replacement or void -> lines of its original taken out."""
        self.withdrawals: list[tuple[str, str, str, str | None]] = []
        """(member id, claim id, billing NPI, payer claim number) of each withdrawal, in order:
        what a recording removes from the store (`Batch.withdrawn`)."""

    def withdraw(
        self, member_id: str, claim_id: str, billing_npi: str, payer_claim: str | None
    ) -> int:
        """Take out the lines of the claim a replacement or void (CLM05-3 7 or 8) names: the
        member's lines of the same billing provider from an earlier claim of the run with that
        claim id, or recorded from it, or paid under that payer claim number (REF*F8). Returns
        how many; the count is kept in `withdrawn` for the claim's checks."""
        self._load(member_id)
        lines = self._added[member_id]

        def original(seen: SeenLine) -> bool:
            if seen.billing_npi != billing_npi:
                return False
            if claim_id in (seen.claim_id, seen.recorded_claim):
                return True
            return payer_claim is not None and seen.payer_claim == payer_claim

        kept = [seen for seen in lines if not original(seen)]
        taken = len(lines) - len(kept)
        if taken:
            lines[:] = kept
            self._by_peer_day = None  # rebuilt without them when next asked
        key = (claim_id, billing_npi)
        self.withdrawn[key] = self.withdrawn.get(key, 0) + taken
        self.withdrawals.append((member_id, claim_id, billing_npi, payer_claim))
        return taken

    def _load(self, member_id: str) -> None:
        if member_id in self._added:
            return
        lines = self._added[member_id] = []
        for old in self._reference.history_for(member_id):
            seen = SeenLine(
                member_id=old.member_id,
                rendering_npi=old.rendering_npi or old.provider_npi,
                procedure=old.procedure,
                modifiers=tuple(sorted(old.modifiers)),
                service_date=old.service_date,
                units=old.units,
                claim_id=None,
                billing_npi=old.provider_npi,
                **_recorded(old),
            )
            lines.append(seen)

    def lines(self, member_id: str) -> list[SeenLine]:
        """The member's counted lines (history first, then the run's, in order)."""
        self._load(member_id)
        return self._added[member_id]

    def seen(self, line: SeenLine) -> str | None:
        """Where an identical line was seen before, if it was."""
        return self.origin(line.member_id, line.identity)

    def origin(
        self, member_id: str, identity: Identity, mine: SeenLine | None = None
    ) -> str | None:
        """Where a line of the member with this identity (`SeenLine.identity`) was seen before.

        With `mine` (the line checked), a line of history that `check --record` stored from
        that very claim and line of the same billing provider is named as such, with its day:
        the file was checked and recorded before, not billed twice."""
        if mine is not None:
            for seen in self.lines(member_id):
                if (
                    seen.recorded_as(mine.claim_id, mine.line_number, mine.billing_npi)
                    and seen.identity == identity
                ):
                    return (
                        f"itself: this claim's service line {mine.line_number} was already "
                        f"recorded on {seen.recorded_on} (peerclaims history show --claim "
                        f"{mine.claim_id})"
                    )
        self._load(member_id)
        who, day, procedure, modifiers, rendering_npi, units = identity
        # a line's identity starts with its member id, and the member's list holds every line
        # of that id in the order seen: the first equal one is the earliest. No index by
        # identity is kept: it cost a tuple and a dict entry per line (a third of a line's
        # memory), and the checks already go through the member's lines for each line.
        for seen in self._added.get(who, ()):
            if (
                seen.service_date == day
                and seen.procedure == procedure
                and seen.units == units
                and seen.modifiers == modifiers
                and seen.rendering_npi == rendering_npi
            ):
                return seen.origin
        return None

    def group_lines(self, rendering_npi: str, day: date) -> Iterator[SeenLine]:
        """Every counted line of any member (history and run) by this rendering peer on `day`."""
        if self._by_peer_day is None:
            self._by_peer_day = {}
            members = {h.member_id for h in self._reference.history} | set(self._added)
            for member in sorted(members):
                for seen in self.lines(member):
                    key = (seen.rendering_npi, seen.service_date)
                    self._by_peer_day.setdefault(key, []).append(seen)
        yield from self._by_peer_day.get((rendering_npi, day), ())

    def _compact(self, line: SeenLine) -> SeenLine:
        """`line` with its values shared with the run's other lines (equal, and of one form)."""
        share = self._shared.setdefault
        units = line.units
        form = units.as_tuple()
        return SeenLine(
            member_id=share(line.member_id, line.member_id),
            rendering_npi=share(line.rendering_npi, line.rendering_npi),
            procedure=share(line.procedure, line.procedure),
            modifiers=share(line.modifiers, line.modifiers),
            service_date=share(line.service_date, line.service_date),
            units=self._units.setdefault((form.sign, form.digits, form.exponent), units),
            claim_id=line.claim_id,
            line_number=line.line_number,
            billing_npi=share(line.billing_npi, line.billing_npi),
        )

    def add(self, lines: Iterable[SeenLine]) -> None:
        """Count accepted lines of a decided claim."""
        for seen in lines:
            line = self._compact(seen)
            self._load(line.member_id)
            self._added[line.member_id].append(line)
            if self._by_peer_day is not None:
                key = (line.rendering_npi, line.service_date)
                self._by_peer_day.setdefault(key, []).append(line)


_K = TypeVar("_K")
_V = TypeVar("_V")


class Lookups:
    """`ReferenceData`'s look-ups by key, each answer remembered (the data is frozen).

    Every look-up of `ReferenceData` reads a pydantic private attribute, about 2 us, and a claim
    makes half a dozen. At most `LIMIT` answers are kept per look-up (then it starts afresh), so
    memory stays flat whatever the ids a run sees.
    """

    LIMIT = 65536

    def __init__(self, reference: ReferenceData) -> None:
        self.reference = reference
        self._payers: dict[str, Payer | None] = {}
        self._providers: dict[str, Provider | None] = {}
        self._members: dict[str, Member | None] = {}
        self._authorizations: dict[str, tuple[Authorization, ...]] = {}
        self._contracts: dict[tuple[str, str], tuple[Contract, ...]] = {}

    def payer(self, payer_id: str) -> Payer | None:
        """`ReferenceData.payer`."""
        if payer_id in self._payers:
            return self._payers[payer_id]
        return _keep(self._payers, payer_id, self.reference.payer(payer_id))

    def provider(self, npi: str) -> Provider | None:
        """`ReferenceData.provider`."""
        if npi in self._providers:
            return self._providers[npi]
        return _keep(self._providers, npi, self.reference.provider(npi))

    def member(self, member_id: str) -> Member | None:
        """`ReferenceData.member`."""
        if member_id in self._members:
            return self._members[member_id]
        return _keep(self._members, member_id, self.reference.member(member_id))

    def authorizations_for(self, member_id: str) -> tuple[Authorization, ...]:
        """`ReferenceData.authorizations_for`."""
        found = self._authorizations.get(member_id)
        if found is None:
            found = self.reference.authorizations_for(member_id)
            _keep(self._authorizations, member_id, found)
        return found

    def contracts_for(self, payer_id: str, provider_npi: str) -> tuple[Contract, ...]:
        """`ReferenceData.contracts_for`."""
        key = (payer_id, provider_npi)
        found = self._contracts.get(key)
        if found is None:
            found = self.reference.contracts_for(payer_id, provider_npi)
            _keep(self._contracts, key, found)
        return found


def _keep(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    """Remember `value` under `key` (forgetting everything first when `memo` is full)."""
    if len(memo) >= Lookups.LIMIT:
        memo.clear()
    memo[key] = value
    return value


@dataclass(frozen=True, slots=True)
class Used:
    """A parameter value a rule read: for `--trace`."""

    name: str
    day: date
    entry: Entry | None


class ParameterReader:
    """Dated parameter values for one state, `{state}.` names resolved; reads are recorded."""

    def __init__(
        self,
        parameters: Parameters,
        state: str | None,
        cache: dict[tuple[str, date], tuple[Parameter | None, Entry | None]] | None = None,
    ) -> None:
        self._parameters = parameters
        self.state = state
        self.used: list[Used] | None = None
        """A list to record reads in (tracing), or None."""
        self._cache = {} if cache is None else cache
        """(name as written, day) -> (parameter, entry): shared by a run's claims of one state."""

    def resolve(self, name: str) -> str | None:
        """The real name of `name` for this state; None if templated and no state is known."""
        if name.startswith(STATE_TEMPLATE):
            if self.state is None:
                return None
            return self.state.lower() + name[len(STATE_TEMPLATE) :]
        return name

    def parameter(self, name: str) -> Parameter | None:
        """The parameter `name` resolves to, if a loaded pack defines it."""
        real = self.resolve(name)
        if real is None or real not in self._parameters:
            return None
        return self._parameters.get(real)

    def value(self, name: str, day: date) -> Value | None:
        """The value of `name` in force on `day` (None: undefined, not begun, or ended)."""
        found = self._cache.get((name, day))
        if found is None:
            parameter = self.parameter(name)
            found = (parameter, None if parameter is None else parameter.entry_on(day))
            self._cache[(name, day)] = found
        parameter, entry = found
        if parameter is None:
            return None
        if self.used is not None:
            self.used.append(Used(parameter.name, day, entry))
        return None if entry is None else entry.value

    def codes(self, name: str, day: date) -> tuple[str, ...] | None:
        """A code-list value, or None (`value`, inlined: the checks' most frequent read)."""
        found = self._cache.get((name, day))
        if found is None:
            return self._codes(self.value(name, day))
        parameter, entry = found
        if parameter is None:
            return None
        if self.used is not None:
            self.used.append(Used(parameter.name, day, entry))
        return None if entry is None else self._codes(entry.value)

    @staticmethod
    def _codes(value: Value | None) -> tuple[str, ...] | None:
        return value if isinstance(value, tuple) else None

    def number(self, name: str, day: date) -> Decimal | None:
        """A number value, or None."""
        value = self.value(name, day)
        return value if isinstance(value, Decimal) else None


@dataclass(slots=True)
class ClaimView:
    """One claim joined to what the checks look up, for one evaluation."""

    claim: Claim
    reference: Lookups
    history: RunHistory
    params: ParameterReader
    payer: Payer | None
    state: str | None
    member: Member | None
    first_date: date | None
    member_id: str
    """The member id as sent (empty when missing)."""
    billing_npi: str
    """The billing NPI as sent (empty when missing)."""
    lines: list[LineView] = field(default_factory=list)
    scope: StateScope | None = None
    """What the claim's state's packs encode (engine/checks/scope.py), for the scope checks."""
    denied: frozenset[int] = frozenset()
    """Numbers of the claim's lines judged denied: they use no benefit (caps, authorizations,
    duplicates) of the lines after them."""
    asked: set[int] = field(default_factory=set)
    """Numbers of the earlier lines some count took (`LineView.earlier_in_claim`): whether
    they are in `denied` is all this evaluation asked of it, so only a change of their status
    can change the evaluation (the settle loop, `RulesEngine.evaluate_settled`)."""

    def prior_authorization(self, line: ServiceLine) -> tuple[str, ...]:
        """REF*G1 numbers of the line, else of the claim."""
        if line.prior_authorizations:
            return line.prior_authorizations
        return (self.claim.prior_authorization,) if self.claim.prior_authorization else ()


@dataclass(slots=True)
class LineView:
    """One service line with its rendering peer, population and date resolved."""

    claim: ClaimView
    line: ServiceLine
    index: int
    """Position in the claim (0-based)."""
    day: date | None
    rendering_npi: str
    rendering_party: Party
    """The rendering provider as sent (2420A, else 2310B, else the billing provider)."""
    rendering_label: str
    provider: Provider | None
    modifiers: tuple[str, ...]
    """Sorted."""
    procedure: str
    """The procedure code (empty when missing)."""
    units: Decimal
    """SV104 (0 when missing)."""
    rate: tuple[tuple[Decimal, str] | None] | None = None
    """`pricing.rate_for` of the line once asked (in a 1-tuple: the rate may be None)."""
    authorizations: list[Any] | None = None
    """`kinds.covering_authorizations` of the line once asked."""
    contracts: tuple[list[Any] | None] | None = None
    """`kinds._mco_contracts` of the line once asked (in a 1-tuple: it may be None)."""
    served: tuple[str | None] | None = None
    """`parties.population` of the line once asked (in a 1-tuple: it may be None)."""
    _identity: tuple[Identity | None] | None = None

    @property
    def rendering_loc(self) -> Loc | None:
        """Where the rendering NPI was read."""
        return self.rendering_party.loc("npi")

    def seen(self) -> SeenLine | None:
        """This line as a `SeenLine` of its claim (None without a date of service). Not kept on
        the view: the view is in a reference cycle with its claim's, so what it keeps lives
        until a cyclic collection (`bench.rules_stage`'s cyclic garbage per claim)."""
        if self.day is None:
            return None
        return SeenLine(
            member_id=self.claim.member_id,
            rendering_npi=self.rendering_npi,
            procedure=self.procedure,
            modifiers=self.modifiers,
            service_date=self.day,
            units=self.units,
            claim_id=self.claim.claim.claim_id,
            line_number=self.line.number,
            billing_npi=self.claim.billing_npi,
        )

    @property
    def identity(self) -> Identity | None:
        """`SeenLine.identity` of this line (None without a date of service), remembered."""
        if self._identity is None:
            day = self.day
            self._identity = (
                None
                if day is None
                else (
                    self.claim.member_id,
                    day,
                    self.procedure,
                    self.modifiers,
                    self.rendering_npi,
                    self.units,
                ),
            )
        return self._identity[0]

    def spans_days(self) -> bool:
        """Whether the line's date of service is an RD8 range of more than one day."""
        end = self.line.service_date_end
        return end is not None and self.day is not None and end > self.day

    def earlier_in_claim(self, counts: Callable[[LineView], bool]) -> list[LineView]:
        """The lines before this one in its claim that `counts` takes and that would be paid
        (a denied line uses no benefit: it counts toward no cap, authorization or duplicate).
        The lines `counts` takes are noted in the claim's `asked`."""
        claim = self.claim
        taken = [each for each in claim.lines[: self.index] if counts(each)]
        if not taken:
            return taken
        claim.asked.update(each.line.number for each in taken)
        denied = claim.denied
        if not denied:
            return taken
        return [each for each in taken if each.line.number not in denied]


def rendering(claim: Claim, line: ServiceLine) -> tuple[str, Party, str]:
    """Rendering NPI (2420A, else 2310B, else the billing provider), that party and loop label."""
    if line.rendering is not None and line.rendering.npi:
        return line.rendering.npi, line.rendering, "2420A NM1-09"
    if claim.rendering is not None and claim.rendering.npi:
        return claim.rendering.npi, claim.rendering, "2310B NM1-09"
    return claim.billing.npi or "", claim.billing, "2010AA NM1-09"


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def _months_back(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def window(kind: str, day: date, year_start: tuple[int, int] = (7, 1)) -> tuple[date, date]:
    """The counting window containing `day`, both ends included.

    day; week (Monday to Sunday); month; year (calendar); state-fiscal-year (from
    `year_start` month/day); rolling-6-months (the six months ending on `day`).
    """
    if kind == "day":
        return day, day
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if kind == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if kind == "state-fiscal-year":
        month, first = year_start
        start = date(day.year, month, first)
        if day < start:
            start = date(day.year - 1, month, first)
        return start, date(start.year + 1, month, first) - timedelta(days=1)
    if kind == "rolling-6-months":
        return _months_back(day, 6) + timedelta(days=1), day
    raise ValueError(f"unknown window {kind!r}")
