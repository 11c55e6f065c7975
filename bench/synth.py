"""Seeded generator of synthetic, guide-valid peer-support 837P (005010X222A1) batches as X12 text.

Written from scratch for peerclaims, for tests, fixtures and benchmarks. Everything in the output is
made up: names, addresses, member ids, TINs, authorization numbers and NPIs (random digits with a
correct check digit; one may coincide with a real NPI by chance). The same ``seed`` always gives the
same text: all randomness comes from one ``random.Random(seed)``, never the global generator.

One ISA/GS per file and at most ``claims_per_st`` claims per ST (the guide recommends <= 5,000).
Delimiters: segment ``~`` followed by a newline, element ``*``, sub-element ``:``, repetition ``^``.
What one transaction set holds, in the implementation guide's loop names::

    ST, BHT
    1000A   NM1*41, PER                                   submitter
    1000B   NM1*40                                        receiver
    2000A   HL*n**20*1, PRV*BI*PXC*251S00000X             billing provider (repeats)
      2010AA  NM1*85*2 (XX NPI), N3, N4 (ZIP+4), REF*EI
      2000B   HL*n*parent*22*0, SBR*P*18*******MC         subscriber = patient (repeats)
        2010BA  NM1*IL*1 (MI member id), N3, N4, DMG
        2010BB  NM1*PR*2 (PI payer id from PAYERS)
        2300    CLM (CLM02 = sum of SV102; CLM05 = POS:B:1), REF*G1 on ~60 %, HI*ABK:..*ABF:..
          2310B   NM1*82*1 (XX NPI), PRV*PE*PXC*175T00000X  rendering peer
          2400    LX, SV1*HC:H0038[:modifiers]*charge*UN*units*[POS]**pointers, DTP*472*D8
    SE

Per subscriber: 1-3 claims, one population modifier (HE, HF, HA, HS, HR or none) and distinct
weekday service dates from the 20 weekdays starting at ``start``; per claim 1-4 lines and 1-3
ICD-10-CM codes; per line 1-8 units, HQ on ~20 % (group rate), telehealth (95 or GT with POS 02 or
10) on ~15 % of claims and ~10 % of other lines. Amounts are written with two decimals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

GUIDE = "005010X222A1"
MAX_CLAIMS_PER_ST = 5000
DEFAULT_START = dt.date(2026, 3, 2)
WINDOW_WEEKDAYS = 20  # service dates are drawn from this many weekdays from `start` on
SUBMITTED_DAYS_AFTER_WINDOW = 3  # ISA09/GS04/BHT04: a few days after the last possible service date
TIME = "0930"

SENDER_ID = "PCSYNTHSUB"
RECEIVER_ID = "PCSYNTHRCV"

PEER_TAXONOMY = "175T00000X"  # NUCC Peer Specialist (2310B PRV03)
AGENCY_TAXONOMY = "251S00000X"  # NUCC Community/Behavioral Health agency (2000A PRV03)
PROCEDURE = "H0038"  # self-help/peer services, per 15 minutes

# 2010BB NM109 payer id, NM103 payer name, state of the payer (and of its providers and members).
PAYERS: tuple[tuple[str, str, str], ...] = (
    ("CTMEDICAID", "CONNECTICUT MEDICAID", "CT"),
    ("TXMEDICAID", "TEXAS MEDICAID", "TX"),
    ("NCMEDICAID", "NORTH CAROLINA MEDICAID", "NC"),
    ("NJMEDICAID", "NEW JERSEY MEDICAID", "NJ"),
    ("WAMEDICAID", "WASHINGTON MEDICAID", "WA"),
    ("GAMEDICAID", "GEORGIA MEDICAID", "GA"),
    ("NYMEDICAID", "NEW YORK MEDICAID", "NY"),
)
PAYER_IDS: tuple[str, ...] = tuple(payer[0] for payer in PAYERS)

# City and a ZIP code of that city, per state.
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "CT": (("HARTFORD", "06103"), ("NEW HAVEN", "06510"), ("NORWICH", "06360")),
    "TX": (("AUSTIN", "78701"), ("EL PASO", "79901"), ("LUBBOCK", "79401")),
    "NC": (("RALEIGH", "27601"), ("ASHEVILLE", "28801"), ("DURHAM", "27701")),
    "NJ": (("TRENTON", "08608"), ("NEWARK", "07102"), ("CAMDEN", "08102")),
    "WA": (("SPOKANE", "99201"), ("TACOMA", "98402"), ("OLYMPIA", "98501")),
    "GA": (("ATLANTA", "30303"), ("MACON", "31201"), ("SAVANNAH", "31401")),
    "NY": (("ALBANY", "12207"), ("BUFFALO", "14202"), ("SYRACUSE", "13202")),
}

# ICD-10-CM billable codes, written without the dot as X12 wants (tests check each one).
MENTAL_HEALTH_DX = (
    "F331", "F332", "F320", "F321", "F411", "F410", "F4310", "F4312",
    "F4321", "F200", "F251", "F319", "F603",
)  # fmt: skip
SUBSTANCE_USE_DX = ("F1020", "F1120", "F1220", "F1420", "F1520", "F1320")
YOUTH_DX = ("F902", "F913", "F4321", "F411", "F331", "F4310")
ALL_DX: tuple[str, ...] = tuple(dict.fromkeys(MENTAL_HEALTH_DX + SUBSTANCE_USE_DX + YOUTH_DX))

# Population modifier of a subscriber's lines ("" = none: the state's default) and its weight.
POPULATIONS = ("", "HE", "HF", "HA", "HS", "HR")
_POPULATION_CUM = tuple(accumulate((30, 25, 25, 8, 6, 6)))
_LINES_CUM = tuple(accumulate((40, 30, 20, 10)))  # 1, 2, 3 or 4 lines per claim
_DX_CUM = tuple(accumulate((50, 35, 15)))  # 1, 2 or 3 diagnosis codes per claim
CLAIMS_PER_SUBSCRIBER = (1, 1, 1, 2, 2, 3)

TELEHEALTH_MODIFIERS = ("95", "GT")
TELEHEALTH_POS = ("02", "10")
IN_PERSON_POS = ("11", "11", "11", "53", "53", "12", "99", "04", "14", "27")
RATES_CENTS = (1250, 1375, 1519, 1600, 1788, 2010)  # per 15-minute unit, individual
GROUP_RATES_CENTS = (395, 450, 512, 600)  # per 15-minute unit, group (HQ)

FIRST_NAMES = (
    "AVERY", "BLAIR", "CORIN", "DALLAS", "EMERY", "FINLEY", "GRAYSON", "HOLLIS", "INDIA",
    "JORDAN", "KENDALL", "LENNON", "MARLOWE", "NOVA", "OAKLEY", "PARKER", "QUINN", "REMY",
    "SAGE", "TATUM", "URBAN", "VALE", "WREN", "ZION",
)  # fmt: skip
LAST_NAMES = (
    "ALDERWICK", "BRAMBLEY", "CASTELLO", "DUNMORE", "ELLSWORTH", "FARRINGDON", "GALLOWAY",
    "HARTWELL", "IVERSEN", "JANSSEN", "KESTREL", "LOCKHART", "MERRIDEW", "NORTHCOTT", "OSGOOD",
    "PENHALLOW", "QUILLAN", "ROOKWOOD", "STANBURY", "TREMAINE", "UPSHAW", "VANTERPOOL",
    "WINTHORPE", "YARDLEY",
)  # fmt: skip
ORG_NAMES = (
    "BLUESTEM", "CEDAR HOLLOW", "NORTH STAR", "RIVERBEND", "LANTERN", "WILLOW CREEK",
    "HIGH PLAINS", "TIDEWATER", "LAUREL RIDGE", "GRANITE HILL", "PRAIRIE WIND", "SUMMIT TRAIL",
)  # fmt: skip
ORG_KINDS = ("PEER RECOVERY CENTER", "PEER SUPPORT COLLECTIVE", "RECOVERY COMMUNITY", "PEER HUB")
STREETS = ("MAPLE", "RIVER", "HILLCREST", "ORCHARD", "MILL", "HARBOR", "ELM", "CHURCH", "PARK")
STREET_KINDS = ("ST", "AVE", "RD", "LN", "BLVD")


def npi_check_digit(first9: str) -> str:
    """Return the NPI check digit for nine digits: Luhn over the prefix 80840 plus the digits."""
    total = 0
    for position, char in enumerate(reversed("80840" + first9)):
        digit = int(char)
        if position % 2 == 0:  # doubled: the rightmost payload digit sits next to the check digit
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass(frozen=True, slots=True)
class _Peer:
    last: str
    first: str
    npi: str


@dataclass(frozen=True, slots=True)
class _Org:
    name: str
    npi: str
    tin: str
    street: str
    city: str
    state: str
    zip9: str
    payer_id: str
    payer_name: str
    rate_cents: int
    group_rate_cents: int
    peers: tuple[_Peer, ...]


class _Batch:
    """Draws organizations, subscribers and claims from one seeded generator, in a fixed order."""

    def __init__(self, rng: random.Random, start: dt.date, payer_ids: Sequence[str]) -> None:
        unknown = sorted(set(payer_ids) - set(PAYER_IDS))
        if unknown or not payer_ids:
            raise ValueError(f"payer ids must be a non-empty subset of {PAYER_IDS}, got {unknown}")
        self._rng = rng
        self._payers = [payer for payer in PAYERS if payer[0] in payer_ids]
        days: list[dt.date] = []
        day = start
        while len(days) < WINDOW_WEEKDAYS:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        self.submitted = days[-1] + dt.timedelta(days=SUBMITTED_DAYS_AFTER_WINDOW)
        self._days = [d.strftime("%Y%m%d") for d in days]
        self._npis: set[str] = set()
        self._members: set[str] = set()
        self._claims = 0
        self._claim_prefix = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3))
        self.orgs: list[_Org] = []

    def _npi(self) -> str:
        while True:
            first9 = f"{self._rng.randint(1, 2)}{self._rng.randrange(10**8):08d}"
            npi = first9 + npi_check_digit(first9)
            if npi not in self._npis:
                self._npis.add(npi)
                return npi

    def _name(self) -> tuple[str, str]:
        return self._rng.choice(LAST_NAMES), self._rng.choice(FIRST_NAMES)

    def _street(self) -> str:
        rng = self._rng
        return f"{rng.randint(10, 9899)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"

    def add_orgs(self, count: int) -> None:
        """Create `count` billing organizations, each with 2-6 rendering peers."""
        rng = self._rng
        for _ in range(count):
            payer_id, payer_name, state = rng.choice(self._payers)
            city, zip5 = rng.choice(PLACES[state])
            peers = tuple(_Peer(*self._name(), self._npi()) for _ in range(rng.randint(2, 6)))
            self.orgs.append(
                _Org(
                    name=f"{rng.choice(ORG_NAMES)} {rng.choice(ORG_KINDS)}",
                    npi=self._npi(),
                    tin=f"{rng.randint(10, 99)}{rng.randrange(10**7):07d}",
                    street=self._street(),
                    city=city,
                    state=state,
                    zip9=f"{zip5}{rng.randint(1, 9999):04d}",
                    payer_id=payer_id,
                    payer_name=payer_name,
                    rate_cents=rng.choice(RATES_CENTS),
                    group_rate_cents=rng.choice(GROUP_RATES_CENTS),
                    peers=peers,
                )
            )

    def transaction(self, number: int, claims: int) -> list[str]:
        """Return the segments (without terminators) of one ST..SE holding `claims` claims."""
        rng = self._rng
        control = f"{number:04d}"
        seg = [
            f"ST*837*{control}*{GUIDE}",
            f"BHT*0019*00*{self._claim_prefix}{control}*{self.submitted:%Y%m%d}*{TIME}*CH",
            f"NM1*41*2*PEERCLAIMS SYNTHETIC SUBMITTER*****46*{SENDER_ID}",
            "PER*IC*EDI DESK*TE*8605550100",
            f"NM1*40*2*PEERCLAIMS SYNTHETIC RECEIVER*****46*{RECEIVER_ID}",
        ]
        hl = 0
        left = claims
        org: _Org | None = None
        while left:
            choices = [o for o in self.orgs if o is not org] or self.orgs
            org = rng.choice(choices)
            hl += 1
            parent = hl
            seg += [
                f"HL*{parent}**20*1",
                f"PRV*BI*PXC*{AGENCY_TAXONOMY}",
                f"NM1*85*2*{org.name}*****XX*{org.npi}",
                f"N3*{org.street}",
                f"N4*{org.city}*{org.state}*{org.zip9}",
                f"REF*EI*{org.tin}",
            ]
            for _ in range(rng.randint(1, 40)):
                count = min(rng.choice(CLAIMS_PER_SUBSCRIBER), left)
                hl += 1
                self._subscriber(seg, hl, parent, org, count)
                left -= count
                if not left:
                    break
        seg.append(f"SE*{len(seg) + 1}*{control}")
        return seg

    def _subscriber(self, seg: list[str], hl: int, parent: int, org: _Org, claims: int) -> None:
        rng = self._rng
        population = rng.choices(POPULATIONS, cum_weights=_POPULATION_CUM)[0]
        if population == "HA":
            age = rng.randint(13, 20)
        elif population in ("HS", "HR"):
            age = rng.randint(5, 17)
        else:
            age = rng.randint(22, 70)
        birth = dt.date(self.submitted.year - age - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
        while True:
            member_id = f"{org.state}{rng.randrange(10**8):08d}"
            if member_id not in self._members:
                self._members.add(member_id)
                break
        last, first = self._name()
        city, zip5 = rng.choice(PLACES[org.state])
        seg += [
            f"HL*{hl}*{parent}*22*0",
            "SBR*P*18*******MC",
            f"NM1*IL*1*{last}*{first}****MI*{member_id}",
            f"N3*{self._street()}",
            f"N4*{city}*{org.state}*{zip5}",
            f"DMG*D8*{birth:%Y%m%d}*{rng.choice('FM')}",
            f"NM1*PR*2*{org.payer_name}*****PI*{org.payer_id}",
        ]
        sizes = [rng.choices((1, 2, 3, 4), cum_weights=_LINES_CUM)[0] for _ in range(claims)]
        dates = sorted(rng.sample(self._days, sum(sizes)))  # distinct: no duplicate lines
        first_line = 0
        for size in sizes:
            self._claim(seg, org, population, dates[first_line : first_line + size])
            first_line += size

    def _claim(self, seg: list[str], org: _Org, population: str, dates: list[str]) -> None:
        rng = self._rng
        self._claims += 1
        if population == "HF":
            principal = rng.choice(SUBSTANCE_USE_DX)
        elif population in ("HA", "HS", "HR"):
            principal = rng.choice(YOUTH_DX)
        else:
            principal = rng.choice(MENTAL_HEALTH_DX)
        codes = [principal]
        for _ in range(rng.choices((0, 1, 2), cum_weights=_DX_CUM)[0]):
            code = rng.choice(ALL_DX)
            if code not in codes:
                codes.append(code)
        telehealth = rng.random() < 0.15
        claim_pos = rng.choice(TELEHEALTH_POS if telehealth else IN_PERSON_POS)
        peer = rng.choice(org.peers)
        lines: list[str] = []
        total = 0
        for number, day in enumerate(dates, start=1):
            modifiers = [population] if population else []
            group = rng.random() < 0.2
            if group:
                modifiers.append("HQ")
            line_pos = ""
            if telehealth:
                modifiers.append(rng.choice(TELEHEALTH_MODIFIERS))
            elif rng.random() < 0.1:
                modifiers.append(rng.choice(TELEHEALTH_MODIFIERS))
                line_pos = rng.choice(TELEHEALTH_POS)
            units = rng.randint(1, 8)
            cents = units * (org.group_rate_cents if group else org.rate_cents)
            total += cents
            pointers = "1" if rng.random() < 0.5 else ":".join(map(str, range(1, len(codes) + 1)))
            sv101 = ":".join(["HC", PROCEDURE, *modifiers])
            lines += [
                f"LX*{number}",
                f"SV1*{sv101}*{_amount(cents)}*UN*{units}*{line_pos}**{pointers}",
                f"DTP*472*D8*{day}",
            ]
        claim_id = f"{self._claim_prefix}-{self._claims:06d}"
        seg.append(f"CLM*{claim_id}*{_amount(total)}***{claim_pos}:B:1*Y*A*Y*Y")
        if rng.random() < 0.6:
            seg.append(f"REF*G1*PA{rng.randrange(10**8):08d}")
        seg.append("*".join(["HI", f"ABK:{codes[0]}", *(f"ABF:{code}" for code in codes[1:])]))
        seg.append(f"NM1*82*1*{peer.last}*{peer.first}****XX*{peer.npi}")
        seg.append(f"PRV*PE*PXC*{PEER_TAXONOMY}")
        seg += lines


def generate(
    claims: int,
    seed: int = 0,
    *,
    claims_per_st: int = MAX_CLAIMS_PER_ST,
    start: dt.date = DEFAULT_START,
    payer_ids: Sequence[str] = PAYER_IDS,
    orgs_for: int | None = None,
) -> str:
    """Return one interchange (one ISA/GS, as many ST as needed) holding `claims` synthetic claims.

    The text is the same for the same arguments. Service dates are weekdays from `start` on (the
    20 weekdays starting at `start`); the interchange is dated a few days after the last of them.
    `payer_ids` limits the payers (and so the states) drawn from `PAYER_IDS`. The billing
    organizations are drawn as for a batch of `orgs_for` claims (default `claims`): a batch made
    with a larger batch's claim count there starts with that batch's claims (the same draws, up to
    its last subscriber, whose claims may be cut short).
    """
    if claims < 1:
        raise ValueError(f"claims must be at least 1, got {claims}")
    if claims_per_st < 1:
        raise ValueError(f"claims_per_st must be at least 1, got {claims_per_st}")
    rng = random.Random(seed)
    batch = _Batch(rng, start, payer_ids)
    batch.add_orgs(min(12, 1 + (claims if orgs_for is None else orgs_for) // 400))
    control = rng.randint(1, 999_999_999)
    day = batch.submitted
    isa = (
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{SENDER_ID:15}*ZZ*{RECEIVER_ID:15}"
        f"*{day:%y%m%d}*{TIME}*^*00501*{control:09d}*0*T*:"
    )
    segments = [isa, f"GS*HC*{SENDER_ID}*{RECEIVER_ID}*{day:%Y%m%d}*{TIME}*{control}*X*{GUIDE}"]
    transactions = 0
    for first in range(0, claims, claims_per_st):
        transactions += 1
        segments += batch.transaction(transactions, min(claims_per_st, claims - first))
    segments += [f"GE*{transactions}*{control}", f"IEA*1*{control:09d}"]
    return "~\n".join(segments) + "~\n"


def write(
    path: str | Path,
    claims: int,
    seed: int = 0,
    *,
    claims_per_st: int = MAX_CLAIMS_PER_ST,
    start: dt.date = DEFAULT_START,
    payer_ids: Sequence[str] = PAYER_IDS,
    orgs_for: int | None = None,
) -> Path:
    """Write `generate(...)` to `path` as ASCII, byte for byte (no newline translation)."""
    text = generate(
        claims,
        seed,
        claims_per_st=claims_per_st,
        start=start,
        payer_ids=payer_ids,
        orgs_for=orgs_for,
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="ascii", newline="")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m bench.synth --claims 1000 --seed 1 --out file.837``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth",
        description="Write a synthetic, valid peer-support 837P (005010X222A1) batch.",
    )
    parser.add_argument("--claims", type=int, required=True, help="number of claims (>= 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", help="output file; standard output when omitted or '-'")
    parser.add_argument(
        "--claims-per-st", type=int, default=MAX_CLAIMS_PER_ST, help="claims per ST (default 5000)"
    )
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=DEFAULT_START,
        help=f"first possible service date, ISO (default {DEFAULT_START.isoformat()})",
    )
    parser.add_argument(
        "--payer",
        action="append",
        choices=PAYER_IDS,
        dest="payers",
        help="payer id to draw from (repeatable; default: all)",
    )
    args = parser.parse_args(argv)
    if args.claims < 1 or args.claims_per_st < 1:
        parser.error("--claims and --claims-per-st must be at least 1")
    options = {"claims_per_st": args.claims_per_st, "start": args.start}
    payer_ids = tuple(args.payers or PAYER_IDS)
    if args.out in (None, "-"):
        sys.stdout.write(generate(args.claims, args.seed, payer_ids=payer_ids, **options))
    else:
        write(args.out, args.claims, args.seed, payer_ids=payer_ids, **options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
