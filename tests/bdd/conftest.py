"""The one step vocabulary every feature shares: parties and lines given, a claim checked, findings.

Steps are fixtures: each Given step returns the new value of one fixture (`target_fixture`),
built from its current value, so nothing is shared but what a step returns. The When step
builds the reference data and the claim in memory and judges the claim with the rule packs,
loaded once per session. Tags are registered markers: every pack id and every rule id, as
written (pytest-bdd 9 applies `getattr(pytest.mark, tag)`, and pytest's `-m` grammar allows
'-' in a name, so `pytest tests/bdd -m FED-CRED-0002` selects a rule's scenarios).

    Given a payer "<id>" of state <ST> kind ffs|mco                          -> payers
    Given a member "<id>" born <date> [enrolled in <program> from <date> to <date>|open]
                                                                             -> members
    Given a peer with NPI <npi> [born <date>] holding credential <type> issued <date>
          [expires <date>]
    Given a peer with NPI <npi> holding no credential                        -> providers
    Given a billing provider with NPI <npi>                                  -> providers
    Given an authorization "<number>" for <code> with modifiers <mods> units <n>
          from <date> to <date>               (the member's, the billing provider's)
                                                                             -> authorizations
    Given a contract of payer "<id>" with the billing provider from <date> to <date>
          covering <code> with modifiers <mods> at <rate> per unit
          [capped at <n> units per day|week|month|year]                      -> contracts
    Given a line of claim "<id>" recorded before: <code> with modifiers <mods> units <n> on <date>
          rendered by NPI <npi> [and paid under payer claim "<number>"]       -> history
          (line 1 of that claim, billed by the last billing provider, recorded on 2026-03-05)
    Given the claim is a replacement|void of an earlier claim [naming payer claim "<number>"]
                                                                             -> frequency
          (CLM05-3 7 or 8, and REF*F8; the claim checked is always "PCN-1")
    Given a history line <code> with modifiers <mods> units <n> on <date> by NPI <npi>
          [rendered by NPI <npi>] [for <n> other members]                    -> history
          (`by NPI`: its billing provider, also its rendering one unless named)
    Given a claim line <code> with modifiers <mods> units <n> on <date> [through <date>]
          [charging <amount>]
          [at place of service <pos>] [in unit basis <basis>] [rendered by NPI <npi>]
                                                                             -> claim_lines
    Given the claim's principal diagnosis is <code>                          -> diagnoses
    Given the claim names billing NPI <npi>                                  -> billing_npi
    Given the claim names supervising NPI <npi>                              -> supervising_npi
    Given the claim's total charge is <amount>                               -> total_charge
    Given the claim cites prior authorization "<number>"                     -> cited_authorization
    Given the claim is billed to payer "<id>"                                -> claim_payer_id
    Given the claim is for member "<id>"                                     -> claim_member_id
    Given the rule packs include the test pack "<id>", which ...             -> packs
    When the claim is checked                                                -> result
    Then the claim has a finding by rule <id> [with severity <s>] [and CARC <carc>]
          [and RARC <rarc>]
    Then the claim has no finding by rule <id>
    Then the line's expected payment is <amount>|unknown
    Then the expected payment of line <n> is <amount>|unknown
    Then the claim is accepted|rejected
    Then the claim is fully checked|not fully checked
    Then the 277CA accepts the claim into adjudication
    Then the 277CA returns the claim with status <composite>     (its first STC composite)

`<mods>` is `none` or modifiers separated by spaces (`HF HQ`), and `with no modifiers` is the
same as `with modifiers none`; `expires never` is the same as no expiry; a claim's member, payer and
billing provider are the last of each given; a line's rendering peer is the last peer given
before it. The Then patterns of findings are `FINDING_STEP` and `NO_FINDING_STEP` of
engine/checks/features.py, which the rule-coverage test reads scenarios with.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from peerclaims.engine.check import judge
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.checks.features import FINDING_STEP, NO_FINDING_STEP
from peerclaims.engine.model import (
    BillingProvider,
    Claim,
    Diagnosis,
    Member,
    Provider,
    ServiceLine,
)
from peerclaims.engine.packs import Pack, load_pack, load_packs
from peerclaims.engine.reference import models as ref
from peerclaims.engine.result import ClaimResult
from peerclaims.engine.x12.claim_status import claim_statuses, status_tables

REPO = Path(__file__).resolve().parents[2]
RULES = Path(os.environ.get("PEERCLAIMS_RULES_DIR") or REPO / "rules")
"""The packs the scenarios run on: the checkout's, or a draft named by PEERCLAIMS_RULES_DIR."""
FEATURES = REPO / "features"

PEER_TAXONOMY = "175T00000X"
"""NUCC taxonomy of a peer specialist (reference-codes.md)."""
ORGANIZATION_TAXONOMY = "251S00000X"
"""NUCC taxonomy of a community behavioral health agency."""
CHARGE_PER_UNIT = Decimal("25.00")
"""What a line charges per unit when the scenario does not say (above every fee-schedule rate)."""

DATE = r"\d{4}-\d{2}-\d{2}"
MODIFIERS = r"(?:no modifiers|modifiers (?P<modifiers>none|[A-Z0-9]{2}(?: [A-Z0-9]{2})*))"
AMOUNT = r"\d+\.\d{2}"


def _tags() -> list[str]:
    """The pack ids (rules/federal, rules/states/<st>) and rule ids (checks/<RULE-ID>.yaml)."""
    folders = [RULES / "federal", *sorted(p for p in (RULES / "states").iterdir() if p.is_dir())]
    rules = sorted(path.stem for folder in folders for path in folder.glob("checks/*.yaml"))
    return [folder.name for folder in folders] + rules


def pytest_configure(config: pytest.Config) -> None:
    """Register every pack id and rule id as a marker, so feature tags pass --strict-markers.

    Read from the file names (a rule file is named by its id), so that a broken pack fails
    the scenarios with its own error, in `packs`, rather than as unknown tags.
    """
    for tag in _tags():
        config.addinivalue_line("markers", f"{tag}: the scenarios tagged @{tag} in features/")


@pytest.fixture(scope="session")
def packs() -> dict[str, Pack]:
    """The repository's rule packs, loaded once per session."""
    return load_packs(RULES)


# --- what a scenario starts from -----------------------------------------------------------------


@pytest.fixture
def payers() -> tuple[ref.Payer, ...]:
    """No payer until one is given."""
    return ()


@pytest.fixture
def providers() -> tuple[ref.Provider, ...]:
    """No provider until one is given."""
    return ()


@pytest.fixture
def members() -> tuple[ref.Member, ...]:
    """No member until one is given."""
    return ()


@pytest.fixture
def authorizations() -> tuple[ref.Authorization, ...]:
    """No authorization until one is given."""
    return ()


@pytest.fixture
def contracts() -> tuple[ref.Contract, ...]:
    """No contract until one is given."""
    return ()


@pytest.fixture
def history() -> tuple[ref.HistoryLine, ...]:
    """No earlier paid line until one is given."""
    return ()


@pytest.fixture
def claim_lines() -> tuple[ServiceLine, ...]:
    """No service line until one is given."""
    return ()


@pytest.fixture
def diagnoses() -> tuple[Diagnosis, ...]:
    """A substance-use principal diagnosis (opioid dependence), billable in every pack."""
    return (Diagnosis(qualifier="ABK", code="F1120"),)


@pytest.fixture
def billing_npi() -> str | None:
    """The billing NPI the claim names when it is not a billing provider on file (2010AA)."""
    return None


@pytest.fixture
def supervising_npi() -> str | None:
    """No supervising provider on the claim until one is named."""
    return None


@pytest.fixture
def total_charge() -> Decimal | None:
    """None: the claim's total is the sum of its lines' charges."""
    return None


@pytest.fixture
def frequency() -> tuple[str, str | None]:
    """An original claim (CLM05-3 1, no REF*F8) until it is said to replace or void one."""
    return ("1", None)


@pytest.fixture
def cited_authorization() -> str | None:
    """No REF*G1 on the claim until one is cited."""
    return None


@pytest.fixture
def claim_payer_id() -> str | None:
    """None: the claim is billed to the last payer given."""
    return None


@pytest.fixture
def claim_member_id() -> str | None:
    """None: the claim is for the last member given."""
    return None


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _modifiers(text: str | None) -> tuple[str, ...]:
    return () if text is None or text == "none" else tuple(text.split())


def _billing_npi(providers: tuple[ref.Provider, ...]) -> str:
    found = [p.npi for p in providers if p.kind == "organization"]
    assert found, "the scenario must give a billing provider before this step"
    return found[-1]


def _member(members: tuple[ref.Member, ...]) -> ref.Member:
    assert members, "the scenario must give a member before this step"
    return members[-1]


# --- Given ---------------------------------------------------------------------------------------


TEST_PACKS = Path(__file__).resolve().parent / "packs"
"""Test packs of no real state (`zz`: every kind of check encoded), for the scope scenarios."""


@given(
    parsers.re(r'the rule packs include the test pack "(?P<pack_id>[a-z]{2})", which .*'),
    target_fixture="packs",
)
def a_test_pack(packs: dict[str, Pack], pack_id: str) -> dict[str, Pack]:
    """The repository's packs and one test pack of tests/bdd/packs/ (not a real state's)."""
    return {**packs, pack_id: load_pack(TEST_PACKS / pack_id)}


@given(
    parsers.re(
        r'a payer "(?P<payer_id>[^"]+)" of state (?P<state>[A-Z]{2}) kind (?P<kind>ffs|mco)'
    ),
    target_fixture="payers",
)
def a_payer(
    payers: tuple[ref.Payer, ...], payer_id: str, state: str, kind: str
) -> tuple[ref.Payer, ...]:
    """A payer in payers.yaml: its state picks the packs, an MCO adds its contracts."""
    payer = ref.Payer(payer_id=payer_id, name=f"Payer {payer_id}", state=state, kind=kind)
    return (*payers, payer)


@given(
    parsers.re(
        rf'a member "(?P<member_id>[^"]+)" born (?P<birth>{DATE})'
        rf"(?: enrolled in (?P<program>\S+) from (?P<start>{DATE}) to (?P<end>{DATE}|open))?"
    ),
    target_fixture="members",
)
def a_member(
    members: tuple[ref.Member, ...],
    payers: tuple[ref.Payer, ...],
    member_id: str,
    birth: str,
    program: str | None,
    start: str | None,
    end: str | None,
) -> tuple[ref.Member, ...]:
    """A member in members.yaml, with one enrollment when given; the claim's member is the last."""
    enrollments: tuple[ref.Enrollment, ...] = ()
    if program is not None and start is not None:
        ends = None if end in {None, "open"} else _day(str(end))
        enrollments = (ref.Enrollment(program=program, start=_day(start), end=ends),)
    state = payers[-1].state if payers else (program or "XX").split("-")[0]
    member = ref.Member(
        member_id=member_id, birth_date=_day(birth), state=state, enrollments=enrollments
    )
    return (*(m for m in members if m.member_id != member_id), member)


@given(
    parsers.re(
        rf"a peer with NPI (?P<npi>\d{{10}})(?: born (?P<born>{DATE}))? holding "
        rf"(?:no credential|credential (?P<credential>\S+) issued (?P<issued>{DATE})"
        rf"(?: expires (?P<expires>{DATE}|never))?)"
    ),
    target_fixture="providers",
)
def a_peer(
    providers: tuple[ref.Provider, ...],
    npi: str,
    born: str | None,
    credential: str | None,
    issued: str | None,
    expires: str | None,
) -> tuple[ref.Provider, ...]:
    """An individual peer in providers.yaml; giving the same NPI again adds a credential (and
    keeps the date of birth given before, unless a new one is given)."""
    held: tuple[ref.Credential, ...] = ()
    if credential is not None and issued is not None:
        ends = None if expires in {None, "never"} else _day(str(expires))
        number = f"{credential}-{npi[-4:]}"
        held = (ref.Credential(type=credential, number=number, issued=_day(issued), expires=ends),)
    earlier = next((p for p in providers if p.npi == npi), None)
    birth = _day(born) if born is not None else None
    if earlier is not None:
        held = earlier.credentials + held
        birth = birth or earlier.birth_date
    peer = ref.Provider(
        npi=npi,
        name=f"Peer {npi}",
        kind="individual",
        taxonomy=PEER_TAXONOMY,
        birth_date=birth,
        credentials=held,
    )
    return (*(p for p in providers if p.npi != npi), peer)


@given(parsers.re(r"a billing provider with NPI (?P<npi>\d{10})"), target_fixture="providers")
def a_billing_provider(providers: tuple[ref.Provider, ...], npi: str) -> tuple[ref.Provider, ...]:
    """A peer-run organization in providers.yaml that bills the claim (2010AA)."""
    organization = ref.Provider(
        npi=npi,
        name=f"Organization {npi}",
        kind="organization",
        taxonomy=ORGANIZATION_TAXONOMY,
        peer_run=True,
    )
    return (*(p for p in providers if p.npi != npi), organization)


@given(
    parsers.re(
        rf'an authorization "(?P<number>[^"]+)" for (?P<procedure>\w+) with {MODIFIERS} '
        rf"units (?P<units>\d+) from (?P<start>{DATE}) to (?P<end>{DATE})"
    ),
    target_fixture="authorizations",
)
def an_authorization(
    authorizations: tuple[ref.Authorization, ...],
    members: tuple[ref.Member, ...],
    providers: tuple[ref.Provider, ...],
    number: str,
    procedure: str,
    modifiers: str | None,
    units: str,
    start: str,
    end: str,
) -> tuple[ref.Authorization, ...]:
    """A plan of care / prior authorization of the member, issued to the billing provider."""
    authorization = ref.Authorization(
        number=number,
        member_id=_member(members).member_id,
        procedure=procedure,
        modifiers=_modifiers(modifiers),
        units=Decimal(units),
        start=_day(start),
        end=_day(end),
        provider_npi=_billing_npi(providers),
    )
    return (*authorizations, authorization)


@given(
    parsers.re(
        rf'a contract of payer "(?P<payer_id>[^"]+)" with the billing provider from '
        rf"(?P<start>{DATE}) to (?P<end>{DATE}|open) covering (?P<procedure>\w+) with {MODIFIERS} "
        rf"at (?P<rate>{AMOUNT}) per unit"
        r"(?: capped at (?P<cap>\d+) units per (?P<per>day|week|month|year))?"
    ),
    target_fixture="contracts",
)
def a_contract(
    contracts: tuple[ref.Contract, ...],
    providers: tuple[ref.Provider, ...],
    payer_id: str,
    start: str,
    end: str,
    procedure: str,
    modifiers: str | None,
    rate: str,
    cap: str | None,
    per: str | None,
) -> tuple[ref.Contract, ...]:
    """An MCO contract with the billing provider covering one service at a rate per unit."""
    limit = ref.Cap(units=Decimal(cap), per=per) if cap is not None and per is not None else None
    service = ref.ContractService(
        procedure=procedure, modifiers=_modifiers(modifiers), rate_per_unit=Decimal(rate), cap=limit
    )
    contract = ref.Contract(
        payer_id=payer_id,
        provider_npi=_billing_npi(providers),
        start=_day(start),
        end=None if end == "open" else _day(end),
        services=(service,),
    )
    return (*contracts, contract)


@given(
    parsers.re(
        r'a line of claim "(?P<claim_id>[^"]+)" recorded before: '
        rf"(?P<procedure>\w+) with {MODIFIERS} units (?P<units>\d+) on (?P<day>{DATE}) "
        r"rendered by NPI (?P<npi>\d{10})"
        r'(?: and paid under payer claim "(?P<paid>[^"]+)")?'
    ),
    target_fixture="history",
)
def recorded_line(
    history: tuple[ref.HistoryLine, ...],
    members: tuple[ref.Member, ...],
    providers: tuple[ref.Provider, ...],
    claim_id: str,
    procedure: str,
    modifiers: str | None,
    units: str,
    day: str,
    npi: str,
    paid: str | None,
) -> tuple[ref.HistoryLine, ...]:
    """A line `check --record` stored from a claim of the last billing provider given (line 1
    of that claim), and, when paid, the payer claim number its 835 gave it (`remit --record`)."""
    line = ref.RecordedLine(
        member_id=_member(members).member_id,
        provider_npi=_billing_npi(providers),
        procedure=procedure,
        modifiers=_modifiers(modifiers),
        service_date=_day(day),
        units=Decimal(units),
        rendering_npi=npi,
        claim_id=claim_id,
        line=1,
        recorded_at=datetime(2026, 3, 5, tzinfo=UTC),
        payer_claim_id=paid,
    )
    return (*history, line)


@given(
    parsers.re(
        r"the claim is a (?P<kind>replacement|void) of an earlier claim"
        r'(?: naming payer claim "(?P<original>[^"]+)")?'
    ),
    target_fixture="frequency",
)
def replaces(kind: str, original: str | None) -> tuple[str, str | None]:
    """CLM05-3 7 (replacement) or 8 (void), with REF*F8 when a payer claim is named."""
    return ("7" if kind == "replacement" else "8", original)


@given(
    parsers.re(
        rf"(?:a history line|history lines) (?P<procedure>\w+) with {MODIFIERS} "
        rf"units (?P<units>\d+) on (?P<day>{DATE}) by NPI (?P<npi>\d{{10}})"
        r"(?: rendered by NPI (?P<rendering>\d{10}))?"
        r"(?: for (?P<others>\d+) other members)?"
    ),
    target_fixture="history",
)
def history_lines(
    history: tuple[ref.HistoryLine, ...],
    members: tuple[ref.Member, ...],
    procedure: str,
    modifiers: str | None,
    units: str,
    day: str,
    npi: str,
    rendering: str | None,
    others: str | None,
) -> tuple[ref.HistoryLine, ...]:
    """Earlier paid lines: the member's, or one each for `others` other members. `npi` is
    history.yaml's `provider_npi`, the billing provider (also the rendering one unless a
    `rendering` peer is named)."""
    if others is None:
        member_ids = [_member(members).member_id]
    else:
        member_ids = [f"OTHER-{index:02d}" for index in range(1, int(others) + 1)]
    added = tuple(
        ref.HistoryLine(
            member_id=member_id,
            provider_npi=npi,
            procedure=procedure,
            modifiers=_modifiers(modifiers),
            service_date=_day(day),
            units=Decimal(units),
            rendering_npi=rendering,
        )
        for member_id in member_ids
    )
    return history + added


@given(
    parsers.re(
        rf"a claim line (?P<procedure>\w+) with {MODIFIERS} units (?P<units>\d+(?:\.\d+)?) "
        rf"on (?P<day>{DATE})(?: through (?P<end>{DATE}))?(?: charging (?P<charge>{AMOUNT}))?"
        r"(?: at place of service (?P<pos>\w+))?(?: in unit basis (?P<basis>\w+))?"
        r"(?: rendered by NPI (?P<npi>\d{10}))?"
    ),
    target_fixture="claim_lines",
)
def a_claim_line(
    claim_lines: tuple[ServiceLine, ...],
    providers: tuple[ref.Provider, ...],
    procedure: str,
    modifiers: str | None,
    units: str,
    day: str,
    end: str | None,
    charge: str | None,
    pos: str | None,
    basis: str | None,
    npi: str | None,
) -> tuple[ServiceLine, ...]:
    """A service line (2400) rendered by the last peer given unless another NPI is named;
    `through <date>` makes its date of service an RD8 range."""
    peers = [p.npi for p in providers if p.kind == "individual"]
    rendering = npi or (peers[-1] if peers else None)
    count = Decimal(units)
    line = ServiceLine(
        number=len(claim_lines) + 1,
        procedure=procedure,
        modifiers=_modifiers(modifiers),
        charge=Decimal(charge) if charge is not None else count * CHARGE_PER_UNIT,
        unit_basis=basis or "UN",
        units=count,
        place_of_service=pos or "11",
        service_date=_day(day),
        service_date_end=_day(end) if end is not None else None,
        rendering=Provider(npi=rendering) if rendering else None,
    )
    return (*claim_lines, line)


@given(
    parsers.re(r"the claim's principal diagnosis is (?P<code>[A-Z0-9]+)"),
    target_fixture="diagnoses",
)
def principal_diagnosis(code: str) -> tuple[Diagnosis, ...]:
    """The claim's principal diagnosis (HI ABK), as written without the dot."""
    return (Diagnosis(qualifier="ABK", code=code),)


@given(parsers.re(r"the claim names billing NPI (?P<npi>\d{10})"), target_fixture="billing_npi")
def billing(npi: str) -> str:
    """The claim's billing provider NPI (2010AA NM109), whatever providers.yaml holds."""
    return npi


@given(
    parsers.re(r"the claim names supervising NPI (?P<npi>\d{10})"), target_fixture="supervising_npi"
)
def supervising(npi: str) -> str:
    """The claim's supervising provider (2310D NM1*DQ)."""
    return npi


@given(
    parsers.re(rf"the claim's total charge is (?P<total>{AMOUNT})"), target_fixture="total_charge"
)
def claim_total(total: str) -> Decimal:
    """CLM02 as billed, whatever the lines add up to."""
    return Decimal(total)


@given(
    parsers.re(r'the claim cites prior authorization "(?P<number>[^"]+)"'),
    target_fixture="cited_authorization",
)
def cites_authorization(number: str) -> str:
    """The claim's REF*G1 (prior authorization number)."""
    return number


@given(
    parsers.re(r'the claim is billed to payer "(?P<payer_id>[^"]+)"'),
    target_fixture="claim_payer_id",
)
def billed_to(payer_id: str) -> str:
    """The payer the claim names (2010BB NM109), known or not."""
    return payer_id


@given(
    parsers.re(r'the claim is for member "(?P<member_id>[^"]+)"'),
    target_fixture="claim_member_id",
)
def for_member(member_id: str) -> str:
    """The member the claim names (2010BA NM109), on file or not."""
    return member_id


# --- When ----------------------------------------------------------------------------------------


@when("the claim is checked", target_fixture="result")
def the_claim_is_checked(
    packs: dict[str, Pack],
    payers: tuple[ref.Payer, ...],
    providers: tuple[ref.Provider, ...],
    members: tuple[ref.Member, ...],
    authorizations: tuple[ref.Authorization, ...],
    contracts: tuple[ref.Contract, ...],
    history: tuple[ref.HistoryLine, ...],
    claim_lines: tuple[ServiceLine, ...],
    diagnoses: tuple[Diagnosis, ...],
    billing_npi: str | None,
    supervising_npi: str | None,
    total_charge: Decimal | None,
    cited_authorization: str | None,
    claim_payer_id: str | None,
    claim_member_id: str | None,
    frequency: tuple[str, str | None],
) -> ClaimResult:
    """Judge the claim against the packs and the reference data given (a fresh run history)."""
    reference = ref.ReferenceData(
        payers=payers,
        providers=providers,
        members=members,
        authorizations=authorizations,
        contracts=contracts,
        history=history,
    )
    member = _member(members)
    assert claim_lines, "the scenario must give at least one claim line"
    payer_id = claim_payer_id or (payers[-1].payer_id if payers else None)
    billing = [p.npi for p in providers if p.kind == "organization"]
    if billing_npi is not None:
        billing.append(billing_npi)
    total = total_charge
    if total is None:
        total = sum((line.charge or Decimal(0) for line in claim_lines), Decimal(0))
    claim = Claim(
        claim_id="PCN-1",
        file="features",
        transaction="0001",
        payer_id=payer_id,
        subscriber=Member(
            member_id=claim_member_id or member.member_id, birth_date=member.birth_date
        ),
        billing=BillingProvider(npi=billing[-1] if billing else None),
        supervising=Provider(npi=supervising_npi) if supervising_npi else None,
        prior_authorization=cited_authorization,
        diagnoses=diagnoses,
        total_charge=total,
        place_of_service="11",
        frequency=frequency[0],
        original_claim=frequency[1],
        lines=claim_lines,
    )
    return judge(claim, engine=RulesEngine(packs, reference))


# --- Then ----------------------------------------------------------------------------------------


def _listed(result: ClaimResult) -> str:
    found = [f"{f.rule_id} ({f.severity}, line {f.line}): {f.message}" for f in result.findings]
    return "; ".join(found) or "no findings"


def _rule_ids(packs: Mapping[str, Pack]) -> set[str]:
    return {rule.id for pack in packs.values() for rule in pack.rules}


@then(parsers.re(FINDING_STEP))
def has_finding(
    result: ClaimResult, rule_id: str, severity: str | None, carc: str | None, rarc: str | None
) -> None:
    """A finding by the rule is on the claim, with the severity, CARC and RARC named."""
    found = [f for f in result.findings if f.rule_id == rule_id]
    assert found, f"no finding by {rule_id}; the claim has: {_listed(result)}"
    if severity is not None:
        assert {f.severity for f in found} == {severity}, _listed(result)
    if carc is not None:
        assert {f.carc for f in found} == {carc}, _listed(result)
    if rarc is not None:
        assert {f.rarc for f in found} == {rarc}, _listed(result)


@then(parsers.re(NO_FINDING_STEP))
def has_no_finding(result: ClaimResult, packs: dict[str, Pack], rule_id: str) -> None:
    """No finding by the rule (which must be a loaded rule) is on the claim."""
    assert rule_id in _rule_ids(packs), f"{rule_id} is not a rule of the loaded packs"
    found = [f for f in result.findings if f.rule_id == rule_id]
    assert not found, f"unexpected finding by {rule_id}: {_listed(result)}"


@then(
    parsers.re(
        r"(?:the line's expected payment|the expected payment of line (?P<number>\d+)) "
        rf"is (?P<amount>{AMOUNT}|unknown)"
    )
)
def expected_payment(result: ClaimResult, number: str | None, amount: str) -> None:
    """A line's expected payment; `unknown` is JSON null (no rate known)."""
    if number is None:
        assert len(result.lines) == 1, "name the line: the claim has several"
        line = result.lines[0]
    else:
        line = next(line for line in result.lines if line.line == int(number))
    wanted = None if amount == "unknown" else amount
    assert line.expected_payment == wanted, _listed(result)


@then(parsers.re(r"the claim is (?P<status>accepted|rejected)"))
def claim_status(result: ClaimResult, status: str) -> None:
    """The claim's status: rejected when any finding is an error."""
    assert result.status == status, _listed(result)


@then("the 277CA accepts the claim into adjudication")
def acknowledgment_accepts(result: ClaimResult) -> None:
    """The 277CA's 2200D STC is A2:20: no front-end error, whatever the JSON denies."""
    found = [status.composite() for status in claim_statuses(result)]
    assert found == [status_tables().accepted.status.composite()], (
        f"277CA {found}; findings: {_listed(result)}"
    )


@then(parsers.re(r"the 277CA returns the claim with status (?P<composite>[A-Z0-9]+(:[A-Z0-9]+)*)"))
def acknowledgment_returns(result: ClaimResult, composite: str) -> None:
    """The 277CA's first 2200D STC composite (a front-end rejection, A3/A7)."""
    found = [status.composite() for status in claim_statuses(result)]
    assert found[0] == composite, f"277CA {found}; findings: {_listed(result)}"


@then(parsers.re(r"the claim is (?P<fully>fully|not fully) checked"))
def claim_fully_checked(result: ClaimResult, fully: str) -> None:
    """Whether every check ran on the claim with the power to deny (`fully_checked`), and that
    `not_checked` says why not."""
    wanted = fully == "fully"
    assert result.fully_checked is wanted, f"{_listed(result)}; not checked: {result.not_checked}"
    assert bool(result.not_checked) is not wanted, result.not_checked


@then(
    parsers.re(
        r"the finding by rule (?P<rule_id>[A-Z0-9-]+) "
        r'(?P<part>says|tells the administrator) "(?P<text>[^"]+)"'
    )
)
def finding_says(result: ClaimResult, rule_id: str, part: str, text: str) -> None:
    """A finding by the rule says these words: in its message or fix (`says`, the clerk's
    words), or in its `admin_fix` (`tells the administrator`)."""
    found = [f for f in result.findings if f.rule_id == rule_id]
    assert found, f"no finding by {rule_id}; the claim has: {_listed(result)}"
    if part == "says":
        said = [f"{f.message} {f.fix}" for f in found]
    else:
        said = [f.admin_fix or "" for f in found]
    assert any(text in words for words in said), said
