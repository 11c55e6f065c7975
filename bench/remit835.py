"""Write the 835 a payer would send for the claims of a result document, with chosen answers.

    python -m bench.remit835 RESULT.json [--answer CLAIM=SPEC ...] [--reverse CLAIM ...] [--out F]

Every claim of the result is answered, in order, by default as predicted ("follow"): an accepted
line paid its expected payment (the charge when no rate is known; the difference adjusted
``CAS*CO*45``), a rejected line denied with the CARC and RARC of the rule that rejected it. An
``--answer`` overrides a claim: ``paid`` (every line paid), ``denied:CARC[:RARC]`` (every line),
or one spec per line separated by ``;`` (``paid;denied:119:N362``). A ``--reverse`` claim gets,
after its payment, a reversal (CLP02 22, the amounts negated), as a payer takes a payment back.
Line item control numbers (``REF*6R``) carry the 837 line numbers. The text is one 835
005010X221A1 transaction that pyx12's 835 map accepts (the tests check it); parties are
synthetic.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from peerclaims.engine.result import ClaimResult, LineResult, Result

DAY = "20261207"
TIME = "1200"
FEE_SCHEDULE = "45"


@dataclass(frozen=True, slots=True)
class LineAnswer:
    """What the payer does with a line: paid (None carc) or denied with a CARC and RARC."""

    carc: str | None = None
    rarc: str | None = None


def parse_answer(spec: str, claim: ClaimResult) -> list[LineAnswer]:
    """The answer of each line of `claim` for a spec ('follow', 'paid', 'denied:96:N95', ...)."""
    specs = spec.split(";")
    if len(specs) == 1:
        specs = specs * len(claim.lines)
    if len(specs) != len(claim.lines):
        raise SystemExit(
            f"{claim.claim_id}: {len(specs)} line answers for {len(claim.lines)} lines"
        )
    out = []
    for one, line in zip(specs, claim.lines, strict=True):
        if one == "follow":
            out.append(_followed(claim, line))
        elif one == "paid":
            out.append(LineAnswer())
        elif one.startswith("denied:"):
            parts = one.split(":")
            out.append(LineAnswer(parts[1], parts[2] if len(parts) > 2 else None))
        else:
            raise SystemExit(f"{claim.claim_id}: unknown answer {one!r}")
    return out


def _followed(claim: ClaimResult, line: LineResult) -> LineAnswer:
    if line.status == "accepted":
        return LineAnswer()
    for finding in claim.findings:
        if finding.severity == "error" and finding.line in (None, line.line) and finding.carc:
            return LineAnswer(finding.carc, finding.rarc)
    return LineAnswer("16", None)


def _money(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _date(line: LineResult) -> str:
    return line.service_date.strftime("%Y%m%d") if line.service_date else DAY


def _claim(
    claim: ClaimResult, answers: list[LineAnswer], number: int, sign: int
) -> tuple[list[str], Decimal]:
    """The 2100 and 2110 segments of one claim, and what it paid."""
    lines: list[str] = []
    paid_total = Decimal(0)
    charge_total = Decimal(0)
    for line, answer in zip(claim.lines, answers, strict=True):
        charge = Decimal(line.charge or "0")
        if answer.carc is None:
            expected = line.expected_payment if line.status == "accepted" else None
            paid = Decimal(expected) if expected is not None else charge
            paid = min(paid, charge)
            adjustment = (FEE_SCHEDULE, charge - paid) if paid < charge else None
        else:
            paid, adjustment = Decimal(0), (answer.carc, charge)
        charge_total += charge
        paid_total += paid
        code = ":".join(["HC", line.procedure or "H0038", *line.modifiers])
        lines.append(f"SVC*{code}*{_money(sign * charge)}*{_money(sign * paid)}**{line.units or 1}")
        lines.append(f"DTM*472*{_date(line)}")
        if adjustment is not None:
            lines.append(f"CAS*CO*{adjustment[0]}*{_money(sign * adjustment[1])}")
        lines.append(f"REF*6R*{line.line}")
        if answer.rarc:
            lines.append(f"LQ*HE*{answer.rarc}")
    status = "22" if sign < 0 else ("4" if paid_total == 0 and charge_total > 0 else "1")
    head = [
        f"CLP*{claim.claim_id}*{status}*{_money(sign * charge_total)}*{_money(sign * paid_total)}"
        f"**MC*PCN{number:08d}",
        f"NM1*QC*1*PATIENT*MEMBER****MI*{claim.member_id or 'UNKNOWN'}",
    ]
    return head + lines, sign * paid_total


def build_835(
    result: Result,
    answers: dict[str, str] | None = None,
    reverse: frozenset[str] = frozenset(),
    payer_id: str | None = None,
    payee_npi: str = "1234567893",
) -> str:
    """The 835 text answering every claim of `result` (see the module docstring); `payer_id`
    goes in N1*PR (qualifier XV), `payee_npi` in N1*PE (the billing provider paid)."""
    answers = answers or {}
    body: list[str] = []
    total = Decimal(0)
    for number, claim in enumerate(result.claims, start=1):
        answer = parse_answer(answers.get(claim.claim_id, "follow"), claim)
        segments, paid = _claim(claim, answer, number, 1)
        body += segments
        total += paid
        if claim.claim_id in reverse:
            segments, paid = _claim(claim, answer, number, -1)
            body += segments
            total += paid
    if total > 0:
        bpr = f"BPR*I*{_money(total)}*C*CHK************{DAY}"
    else:
        bpr = f"BPR*H*0*C*NON************{DAY}"
    head = [
        "ST*835*0001",
        bpr,
        "TRN*1*CHK000000001*1999999999",
        f"DTM*405*{DAY}",
        "N1*PR*SYNTHETIC MEDICAID" + (f"*XV*{payer_id}" if payer_id else ""),
        "N3*1 STATE ST",
        "N4*HARTFORD*CT*06101",
        "PER*BL*EDI HELP DESK*TE*8005550100",
        f"N1*PE*SYNTHETIC PEER SUPPORT*XX*{payee_npi}",
        "LX*1",
    ]
    transaction = head + body
    transaction.append(f"SE*{len(transaction) + 1}*0001")
    envelope = [
        "ISA*00*          *00*          *ZZ*SYNTHPAYER     *ZZ*SYNTHSUBMIT    *"
        f"{DAY[2:]}*{TIME}*^*00501*000000001*0*T*:",
        f"GS*HP*SYNTHPAYER*SYNTHSUBMIT*{DAY}*{TIME}*1*X*005010X221A1",
        *transaction,
        "GE*1*1",
        "IEA*1*000000001",
    ]
    return "~\n".join(envelope) + "~\n"


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", type=Path)
    parser.add_argument("--answer", action="append", default=[], metavar="CLAIM=SPEC")
    parser.add_argument("--reverse", action="append", default=[], metavar="CLAIM")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    result = Result.model_validate_json(args.result.read_text(encoding="utf-8"))
    answers = dict(a.split("=", 1) for a in args.answer)
    text = build_835(result, answers, frozenset(args.reverse))
    if args.out is not None:
        args.out.write_text(text, encoding="ascii")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
