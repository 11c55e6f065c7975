"""Reference data for a synthetic 837P batch (bench.synth), so the rule packs run their full logic.

`bench.synth` writes claims whose parties exist nowhere: without reference data every line stops at
"payer unknown" / "provider not on file" and most rules never get past their first look-up. This
module reads the claims and makes up the reference data a clean batch would have, from the loaded
packs' own parameters on each date of service:

- payers: every `bench.synth.PAYERS` payer with its state, kind `ffs` (no contract rules run);
- providers: every billing organization (2010AA, `organization`, peer-run) and rendering peer
  (2420A, else 2310B; `individual`) with a credential accepted in its payer's state on each date
  it renders: the first code of `<st>.credentials.accepted`, or for a state that maps populations
  to credentials (`<st>.credentials.by_population`, Georgia) the code of each population its lines
  serve (by the population parameters engine/checks/kinds.py names); a peer of a state with
  `<st>.supervision.required_for` gets a made-up supervisor NPI;
- members: the claims' member ids with the DMG birth date, enrolled in the first program of
  `<st>.coverage.programs` on each date of service (none for a state without a pack: New York);
- authorizations: for lines whose procedure is in `<st>.authorization.required_for` (Connecticut),
  one per member, billing NPI, procedure and modifier set as billed, spanning those lines' dates,
  for all their units, numbered as the claims' REF*G1 names it (else `BENCH-n`).

What still fires on a synthetic batch is the packs' real content: members under a state's minimum
age (youth lines in CT and NJ), supervision (TX: the claims carry no 2310D), NJ's required
modifiers and diagnosis prefixes, states without a fee schedule ("no rate known", info), a REF*G1
number shared by lines of different modifier sets (an authorization has one set). Those findings
are part of the work a real batch costs.

Command line (from the repository root)::

    python -m bench.reference_for FILE.837 --json OUT.json     # ReferenceData as JSON
    python -m bench.reference_for FILE.837 --dir OUT_DIR       # a folder for check --reference
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from bench.synth import AGENCY_TAXONOMY, PAYERS, PEER_TAXONOMY, npi_check_digit
from peerclaims.engine.checks.kinds import DEFAULT_POPULATION, POPULATION_MODIFIERS
from peerclaims.engine.model import Claim
from peerclaims.engine.packs.pack import Pack, all_parameters, load_packs
from peerclaims.engine.packs.parameters import Parameters, Value
from peerclaims.engine.reference.models import (
    Authorization,
    Credential,
    Enrollment,
    Member,
    Payer,
    Provider,
    ReferenceData,
)

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
CREDENTIAL_ISSUED_DAYS_BEFORE = 400
"""A credential is issued this many days before the provider's first date of service."""
ENROLLED_DAYS_BEFORE = 200
"""An enrollment starts this many days before the member's first date of service."""


def read_claims(path: str | Path) -> Iterator[Claim]:
    """The claims of an 837P file, one at a time (the reader's findings are dropped)."""
    from peerclaims.engine.x12.reader import FileReader  # noqa: PLC0415  # pyx12 is heavy

    source = Path(path)
    reader = FileReader(source.read_bytes(), source.name)
    for report in reader.transactions():
        for reading in report.claims:
            yield reading.claim
        report.claims = []


class _Params:
    """Dated parameter values of the loaded packs, `<st>.` names built from a state."""

    def __init__(self, parameters: Parameters) -> None:
        self._parameters = parameters

    def value(self, name: str, day: dt.date) -> Value | None:
        if name not in self._parameters:
            return None
        return self._parameters.value_on(name, day)

    def codes(self, name: str, day: dt.date) -> tuple[str, ...]:
        value = self.value(name, day)
        return value if isinstance(value, tuple) else ()

    def has(self, name: str) -> bool:
        return name in self._parameters

    def population(self, modifiers: Sequence[str], day: dt.date) -> str | None:
        """The population a line serves (as engine/checks/kinds.py's `population`)."""
        mapping = self.value(POPULATION_MODIFIERS, day)
        if isinstance(mapping, Mapping):
            for name, marks in mapping.items():
                if set(marks) & set(modifiers):
                    return str(name)
        default = self.value(DEFAULT_POPULATION, day)
        return default if isinstance(default, str) else None

    def credential_codes(self, state: str, modifiers: Sequence[str], day: dt.date) -> list[str]:
        """The credential a peer needs for a line: the state's first accepted code on `day`."""
        st = state.lower()
        accepted = self.codes(f"{st}.credentials.accepted", day)
        if accepted:
            return [accepted[0]]
        by_population = self.value(f"{st}.credentials.by_population", day)
        if isinstance(by_population, Mapping):
            served = self.population(modifiers, day)
            codes = by_population.get(served or "", ())
            return [codes[0]] if codes else []
        return []


@dataclass(slots=True)
class _ProviderSeen:
    kind: str
    state: str
    taxonomy: str
    first_day: dt.date | None = None
    credentials: dict[str, None] = field(default_factory=dict)
    """Credential codes, in first-needed order."""
    supervised: bool = False


@dataclass(slots=True)
class _MemberSeen:
    state: str
    birth_date: dt.date | None
    first_day: dt.date | None = None
    programs: dict[str, None] = field(default_factory=dict)


@dataclass(slots=True)
class _AuthorizationSeen:
    units: Decimal = Decimal(0)
    start: dt.date | None = None
    end: dt.date | None = None
    numbers: dict[str, None] = field(default_factory=dict)
    """REF*G1 numbers the group's lines name, in order."""


def _earlier(current: dt.date | None, day: dt.date) -> dt.date:
    return day if current is None or day < current else current


def _later(current: dt.date | None, day: dt.date) -> dt.date:
    return day if current is None or day > current else current


def supervisor_npi(npi: str) -> str:
    """A made-up but well-formed NPI for the supervisor of the peer `npi` (deterministic)."""
    first9 = f"1{(int(npi[:9]) * 7 + 3) % 10**8:08d}"
    return first9 + npi_check_digit(first9)


class ReferenceBuilder:
    """Collects what the reference data needs from claims, one claim at a time (memory: small)."""

    def __init__(
        self,
        packs: Mapping[str, Pack],
        payers: Iterable[tuple[str, str, str]] = PAYERS,
    ) -> None:
        self._params = _Params(all_parameters(packs))
        self._payers = [Payer(payer_id=p, name=n, state=s, kind="ffs") for p, n, s in payers]
        self._state_of = {payer.payer_id: payer.state for payer in self._payers}
        self._providers: dict[str, _ProviderSeen] = {}
        self._members: dict[str, _MemberSeen] = {}
        self._authorizations: dict[tuple[str, str, str, tuple[str, ...]], _AuthorizationSeen] = {}
        self.claims = 0

    def add(self, claim: Claim) -> None:
        """Take what one claim says about its parties, dates and authorizations."""
        self.claims += 1
        state = self._state_of.get(claim.payer_id or "")
        if state is None:
            return
        st = state.lower()
        params = self._params
        billing_npi = claim.billing.npi or ""
        if billing_npi:
            self._providers.setdefault(
                billing_npi,
                _ProviderSeen("organization", state, claim.billing.taxonomy or AGENCY_TAXONOMY),
            )
        member_id = claim.member.member_id or ""
        member = None
        if member_id:
            member = self._members.setdefault(
                member_id, _MemberSeen(state, claim.member.birth_date)
            )
        supervised = params.has(f"{st}.supervision.required_for")
        for line in claim.lines:
            day = line.service_date
            if day is None:
                continue
            modifiers = tuple(sorted(set(line.modifiers)))
            party = line.rendering if line.rendering is not None else claim.rendering
            npi = party.npi if party is not None and party.npi else billing_npi
            needed = params.credential_codes(state, modifiers, day)
            for seen_npi in dict.fromkeys((npi, billing_npi)):
                if not seen_npi:
                    continue
                taxonomy = party.taxonomy if party is not None and seen_npi == npi else None
                provider = self._providers.setdefault(
                    seen_npi, _ProviderSeen("individual", state, taxonomy or PEER_TAXONOMY)
                )
                provider.first_day = _earlier(provider.first_day, day)
                provider.credentials.update(dict.fromkeys(needed))
                provider.supervised |= supervised and provider.kind == "individual"
            if member is not None:
                member.first_day = _earlier(member.first_day, day)
                programs = params.codes(f"{st}.coverage.programs", day)
                member.programs.update(dict.fromkeys(programs[:1]))
            procedure = line.procedure or ""
            if member_id and procedure in params.codes(f"{st}.authorization.required_for", day):
                key = (member_id, billing_npi, procedure, modifiers)
                group = self._authorizations.setdefault(key, _AuthorizationSeen())
                group.units += line.units or Decimal(0)
                group.start = _earlier(group.start, day)
                group.end = _later(group.end, day)
                named = line.prior_authorizations or (
                    (claim.prior_authorization,) if claim.prior_authorization else ()
                )
                group.numbers.update(dict.fromkeys(named))

    def build(self) -> ReferenceData:
        """The reference data (validated: every record through its model)."""
        providers = []
        for npi, seen in self._providers.items():
            first = seen.first_day or dt.date(2020, 1, 1)
            issued = first - dt.timedelta(days=CREDENTIAL_ISSUED_DAYS_BEFORE)
            credentials = tuple(
                Credential(type=code, number=f"{code}-{npi[-6:]}", issued=issued)
                for code in seen.credentials
            )
            individual = seen.kind == "individual"
            providers.append(
                Provider(
                    npi=npi,
                    name=f"SYNTHETIC {'PEER' if individual else 'AGENCY'} {npi}",
                    kind="individual" if individual else "organization",
                    taxonomy=seen.taxonomy,
                    peer_run=None if individual else True,
                    supervisor_npi=supervisor_npi(npi) if seen.supervised else None,
                    credentials=credentials,
                )
            )
        members = []
        for member_id, seen in self._members.items():
            if seen.birth_date is None:
                continue  # no DMG: the member stays unknown (the rules say so)
            start = (seen.first_day or dt.date(2020, 1, 1)) - dt.timedelta(
                days=ENROLLED_DAYS_BEFORE
            )
            members.append(
                Member(
                    member_id=member_id,
                    birth_date=seen.birth_date,
                    state=seen.state,
                    enrollments=tuple(
                        Enrollment(program=program, start=start) for program in seen.programs
                    ),
                )
            )
        authorizations = []
        used: set[str] = set()
        for (member_id, billing_npi, procedure, modifiers), group in self._authorizations.items():
            if group.start is None or group.end is None or group.units <= 0 or not billing_npi:
                continue
            numbers = [n for n in group.numbers if n not in used]
            if not numbers:
                numbers = [f"BENCH-{len(authorizations) + 1:07d}"]
            for number in numbers:
                used.add(number)
                authorizations.append(
                    Authorization(
                        number=number,
                        member_id=member_id,
                        procedure=procedure,
                        modifiers=modifiers,
                        units=group.units,
                        start=group.start,
                        end=group.end,
                        provider_npi=billing_npi,
                    )
                )
        return ReferenceData(
            payers=tuple(self._payers),
            providers=tuple(providers),
            members=tuple(members),
            authorizations=tuple(authorizations),
        )


def reference_for(claims: Iterable[Claim], packs: Mapping[str, Pack]) -> ReferenceData:
    """Reference data under which the synthetic `claims` run the loaded `packs` in full."""
    builder = ReferenceBuilder(packs)
    for claim in claims:
        builder.add(claim)
    return builder.build()


def write_json(reference: ReferenceData, path: str | Path) -> Path:
    """Write `reference` as JSON (`ReferenceData.model_validate_json` reads it back)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(reference.model_dump_json(), encoding="utf-8")
    return out


def read_json(path: str | Path) -> ReferenceData:
    """Reference data written by `write_json`."""
    return ReferenceData.model_validate_json(Path(path).read_bytes())


def write_dir(reference: ReferenceData, directory: str | Path) -> Path:
    """Write `reference` as a YAML folder that `peerclaims check --reference DIR` loads."""
    import yaml  # noqa: PLC0415  # only this command line needs it

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("payers", "providers", "members", "authorizations"):
        records = [
            record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            for record in getattr(reference, name)
        ]
        text = yaml.safe_dump(records, sort_keys=False, default_flow_style=None, width=100)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def counts(reference: ReferenceData) -> dict[str, int]:
    """How many records of each kind."""
    return {
        "payers": len(reference.payers),
        "providers": len(reference.providers),
        "members": len(reference.members),
        "authorizations": len(reference.authorizations),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.reference_for FILE (--json OUT | --dir DIR) [--rules rules]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.reference_for",
        description="Write reference data under which a bench.synth batch runs every rule pack.",
    )
    parser.add_argument("file", help="a bench.synth 837P file")
    parser.add_argument("--rules", type=Path, default=RULES, help="rule packs (default rules/)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--json", type=Path, help="write ReferenceData as JSON")
    target.add_argument("--dir", type=Path, help="write a YAML folder for check --reference")
    args = parser.parse_args(argv)
    reference = reference_for(read_claims(args.file), load_packs(args.rules))
    written = write_json(reference, args.json) if args.json else write_dir(reference, args.dir)
    made = ", ".join(f"{n} {kind}" for kind, n in counts(reference).items())
    sys.stderr.write(f"bench.reference_for: {made} -> {written}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
