"""The generated remittance batch whose answer is known: the 14 state fixtures, checked against
the sample reference data, answered by a synthetic 835 (bench/remit835.py) as planned below.

Plan (claim: what the payer does) and the cells it puts each line in:
- accepted, paid: CT, GA, NC, TX clean claims (2 lines each): paid as predicted;
- MCC-000001 partly paid: line 1 paid (66.00 of 80.00, CO 45), line 2 denied CARC 119 / N362:
  1 line paid as predicted, 1 missed;
- NJC-000001 denied CARC 96 / N95 on both lines: 2 missed;
- WAC-000001 paid, then reversed (CLP02 22): left out of the counts;
- rejected by a rule and denied with its CARC: CTF (FED-CRED-0002, B7), GAF (GA-COD-0001, 4),
  NCF (NC-COD-0001, 182), NJF (NJ-COD-0001, 4), TXF (FED-COV-0004, 6): denied as predicted;
- rejected by a rule but paid: MCF-000001 (FED-CONT-0003), WAF-000001 (FED-CRED-0002): false alarms.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, REFERENCE, run_cli

STATES = ("ct", "tx", "nj", "nc", "wa", "ga", "mco")
ANSWERS = {
    "MCC-000001": "paid;denied:119:N362",
    "NJC-000001": "denied:96:N95",
    "MCF-000001": "paid",
    "WAF-000001": "paid",
}
REVERSE = frozenset({"WAC-000001"})

EXPECTED_LINES = {
    "paid_as_predicted": {"lines": 9, "billed": "620.00", "paid": "589.40"},
    "denied_as_predicted": {"lines": 5, "billed": "456.00", "paid": "0.00"},
    "missed": {"lines": 3, "billed": "400.00", "paid": "0.00"},
    "false_alarm": {"lines": 2, "billed": "288.00", "paid": "288.00"},
}


def claim_files() -> list[Path]:
    """The 14 state fixture files (a clean one and a rule-breaking one per folder)."""
    return sorted(p for state in STATES for p in (FIXTURES / state).glob("*.837"))


def check_batch(out: Path, env: dict[str, str] | None = None, *extra: str) -> Path:
    """`peerclaims check` the batch with the sample reference data; the result JSON at `out`."""
    done = run_cli(
        "check", "--reference", REFERENCE, "-f", "json", "-o", out, *extra, *claim_files(), env=env
    )
    assert done.returncode == 1, done.stderr.decode()  # 7 claims are rejected
    return out
