"""The reference-data records of product.md, validated, and `ReferenceData` that looks them up.

One model per record kind of the YAML directory (`payers.yaml` → `Payer`, ...), frozen and
refusing unknown fields. Validation here is what a record says on its own (types, code shapes,
NPI check digit, date order); what needs other records or the loaded rule packs (duplicate keys,
unknown program and credential codes, references between files) is checked by the loader.

The value types (`Npi`, `Modifiers`, `Day`, ...) are in `fields`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from peerclaims.engine.reference.fields import (
    Day,
    Modifiers,
    Money,
    Npi,
    Procedure,
    State,
    Taxonomy,
    Text,
    Units,
    not_before,
    within,
)

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _duplicates(keys: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    repeated = []
    for key in keys:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated


def _group(items: Iterable[_V], key: Callable[[_V], _K]) -> dict[_K, tuple[_V, ...]]:
    groups: dict[_K, list[_V]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in groups.items()}


def covers(listed: Iterable[str], billed: Iterable[str], delivery: frozenset[str]) -> bool:
    """Whether a service listed with modifiers `listed` (an authorization's, a contract's) covers a
    line billed with `billed`: the same modifiers apart from `delivery` (those describing delivery
    or billing, engine/checks/modifiers.py), and every delivery modifier it lists on the line."""
    listed_set = frozenset(listed)
    billed_set = frozenset(billed)
    return listed_set - delivery == billed_set - delivery and listed_set & delivery <= billed_set


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Payer(_Record):
    """A payer (`payers.yaml`): the state its claims are judged under and whether it is an MCO."""

    payer_id: Text
    """As sent in 2010BB NM1*PR NM109."""
    name: Text
    state: State
    kind: Literal["ffs", "mco"]


class Credential(_Record):
    """A credential held by a provider; `type` is a code defined by a rule pack (e.g. `CT-RSS`)."""

    type: Text
    number: Text
    issued: Day
    expires: Day | None = None
    """None: never expires."""

    @field_validator("expires")
    @classmethod
    def _after_issued(cls, value: date | None, info: ValidationInfo) -> date | None:
        return not_before(value, info, "issued")

    def current_on(self, day: date) -> bool:
        """Whether the credential is current on `day` (issued <= day <= expires)."""
        return within(day, self.issued, self.expires)


class Provider(_Record):
    """A provider (`providers.yaml`): a peer (`individual`) or a billing `organization`."""

    npi: Npi
    name: Text
    kind: Literal["individual", "organization"]
    taxonomy: Taxonomy
    peer_run: bool | None = None
    """Organizations only: whether the organization is peer-run."""
    supervisor_npi: Npi | None = None
    """Individuals only: the supervising professional (SMD #07-011's supervision minimum)."""
    birth_date: Day | None = None
    """Individuals only, optional: the peer's date of birth, for a credential that bounds the
    peer's age when certified (a youth peer credential for peers aged 18 to 30)."""
    credentials: tuple[Credential, ...] = ()

    @field_validator("peer_run")
    @classmethod
    def _organizations_only(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value is not None and info.data.get("kind") == "individual":
            raise PydanticCustomError("kind_field", "only organizations are peer-run or not")
        return value

    @field_validator("supervisor_npi")
    @classmethod
    def _individuals_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") == "organization":
            raise PydanticCustomError("kind_field", "only individuals have a supervisor")
        return value

    @field_validator("birth_date")
    @classmethod
    def _born_in_the_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return value
        if info.data.get("kind") == "organization":
            raise PydanticCustomError("kind_field", "only individuals have a date of birth")
        if value > date.today():
            raise PydanticCustomError(
                "future_date", "{value} is in the future", {"value": value.isoformat()}
            )
        return value

    def credentials_current_on(self, day: date) -> tuple[Credential, ...]:
        """The credentials current on `day`."""
        return tuple(c for c in self.credentials if c.current_on(day))


class Enrollment(_Record):
    """A member's enrollment in a program; `program` is a code defined by a rule pack."""

    program: Text
    start: Day
    end: Day | None = None
    """None: open-ended."""

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        return not_before(value, info, "start")

    def active_on(self, day: date) -> bool:
        """Whether the enrollment spans `day`."""
        return within(day, self.start, self.end)


class Member(_Record):
    """A Medicaid member (`members.yaml`) with the programs they are enrolled in."""

    member_id: Text
    """As sent in 2010BA NM1*IL NM109."""
    birth_date: Day
    state: State
    enrollments: tuple[Enrollment, ...] = ()

    def programs_on(self, day: date) -> frozenset[str]:
        """The program codes the member is enrolled in on `day`."""
        return frozenset(e.program for e in self.enrollments if e.active_on(day))


class Authorization(_Record):
    """A plan of care or prior authorization (`authorizations.yaml`) for a billing provider."""

    number: Text
    """What REF*G1 names."""
    member_id: Text
    procedure: Procedure
    modifiers: Modifiers = ()
    units: Units
    start: Day
    end: Day
    provider_npi: Npi
    """The billing provider it was issued to."""

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        return not_before(value, info, "start")

    def spans(self, day: date) -> bool:
        """Whether `day` falls within the authorized period."""
        return within(day, self.start, self.end)


class Cap(_Record):
    """A contract's unit cap for a service: at most `units` per calendar `per`."""

    units: Units
    per: Literal["day", "week", "month", "year"]


class ContractService(_Record):
    """A service a contract covers, at its rate, with an optional unit cap."""

    procedure: Procedure
    modifiers: Modifiers = ()
    rate_per_unit: Money
    cap: Cap | None = None


class Contract(_Record):
    """An MCO contract (`contracts.yaml`): a provider in a payer's network for some services."""

    payer_id: Text
    provider_npi: Npi
    start: Day
    end: Day | None = None
    """None: open-ended."""
    services: tuple[ContractService, ...] = ()

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        return not_before(value, info, "start")

    @field_validator("services")
    @classmethod
    def _services_unique(cls, value: tuple[ContractService, ...]) -> tuple[ContractService, ...]:
        repeated = _duplicates((s.procedure, s.modifiers) for s in value)
        if repeated:
            procedure, modifiers = repeated[0]
            raise PydanticCustomError(
                "service_repeated",
                "{procedure} with modifiers {modifiers} is listed twice",
                {"procedure": procedure, "modifiers": list(modifiers)},
            )
        return value

    def active_on(self, day: date) -> bool:
        """Whether the contract is in force on `day`."""
        return within(day, self.start, self.end)

    def service(
        self, procedure: str, modifiers: Iterable[str], delivery: frozenset[str] = frozenset()
    ) -> ContractService | None:
        """The covered service for this procedure and modifiers, if the contract lists one that
        `covers` them (`delivery`: the modifiers that describe delivery or billing); of several,
        the one listing the most modifiers (`H0038 HE GT` before `H0038 HE` for a GT line)."""
        billed = tuple(modifiers)
        found: ContractService | None = None
        for service in self.services:
            if service.procedure != procedure or not covers(service.modifiers, billed, delivery):
                continue
            if found is None or len(service.modifiers) > len(found.modifiers):
                found = service
        return found


class HistoryLine(_Record):
    """An earlier paid service line (`history.yaml`), seen by duplicate and limit checks."""

    member_id: Text
    provider_npi: Npi
    """The billing provider of the line (2010AA NM1*85), an organization when providers.yaml
    lists it: an authorization issued to it is used up by its lines only."""
    procedure: Procedure
    modifiers: Modifiers = ()
    service_date: Day
    units: Units
    rendering_npi: Npi | None = None
    """The rendering provider (2420A, else 2310B); None: the billing provider rendered it."""


class RecordedLine(HistoryLine):
    """An accepted line stored by `check --record`: a history line with its claim and line."""

    claim_id: Text
    """CLM01."""
    line: int = Field(ge=1)
    """The service line number within the claim (LX01)."""
    recorded_at: datetime | None = None
    """When `check --record` stored it (UTC); None before migration 0005 and while judging."""
    payer_claim_id: Text | None = None
    """The payer's claim control number (CLP07) once an 835 paid it (migration 0006)."""


class ReferenceData(BaseModel):
    """Everything the rules look up, with indexes built once: payer, provider, member by key;
    authorizations and history by member; contracts by payer and provider.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    payers: tuple[Payer, ...] = ()
    providers: tuple[Provider, ...] = ()
    members: tuple[Member, ...] = ()
    authorizations: tuple[Authorization, ...] = ()
    contracts: tuple[Contract, ...] = ()
    history: tuple[HistoryLine, ...] = ()

    _payers: dict[str, Payer] = PrivateAttr(default_factory=dict)
    _providers: dict[str, Provider] = PrivateAttr(default_factory=dict)
    _members: dict[str, Member] = PrivateAttr(default_factory=dict)
    _authorizations: dict[str, tuple[Authorization, ...]] = PrivateAttr(default_factory=dict)
    _contracts: dict[tuple[str, str], tuple[Contract, ...]] = PrivateAttr(default_factory=dict)
    _history: dict[str, tuple[HistoryLine, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _keys_unique(self) -> ReferenceData:
        for name, keys in (
            ("payer_id", (p.payer_id for p in self.payers)),
            ("npi", (p.npi for p in self.providers)),
            ("member_id", (m.member_id for m in self.members)),
            ("authorization number", (a.number for a in self.authorizations)),
        ):
            repeated = _duplicates(keys)
            if repeated:
                raise PydanticCustomError(
                    "duplicate_key",
                    "{name} '{key}' is given twice",
                    {"name": name, "key": repeated[0]},
                )
        return self

    def model_post_init(self, context: Any, /) -> None:
        """Build the look-up indexes (also for `model_construct`); the first of a key wins."""
        self._payers = {}
        for payer in self.payers:
            self._payers.setdefault(payer.payer_id, payer)
        self._providers = {}
        for provider in self.providers:
            self._providers.setdefault(provider.npi, provider)
        self._members = {}
        for member in self.members:
            self._members.setdefault(member.member_id, member)
        self._authorizations = _group(self.authorizations, lambda a: a.member_id)
        self._contracts = _group(self.contracts, lambda c: (c.payer_id, c.provider_npi))
        self._history = _group(self.history, lambda h: h.member_id)

    def payer(self, payer_id: str) -> Payer | None:
        """The payer with this id, if known."""
        return self._payers.get(payer_id)

    def provider(self, npi: str) -> Provider | None:
        """The provider with this NPI, if known."""
        return self._providers.get(npi)

    def member(self, member_id: str) -> Member | None:
        """The member with this id, if known."""
        return self._members.get(member_id)

    def authorizations_for(self, member_id: str) -> tuple[Authorization, ...]:
        """The member's authorizations, in file order."""
        return self._authorizations.get(member_id, ())

    def contracts_for(self, payer_id: str, provider_npi: str) -> tuple[Contract, ...]:
        """The payer's contracts with the provider, in file order."""
        return self._contracts.get((payer_id, provider_npi), ())

    def history_for(self, member_id: str) -> tuple[HistoryLine, ...]:
        """The member's earlier paid lines, in file order."""
        return self._history.get(member_id, ())
