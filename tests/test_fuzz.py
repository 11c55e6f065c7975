"""Hostile input through the real command line: mutated fixtures and corpus files keep the contract.

Each hypothesis example is a batch of one to four mutated files (`bench.fuzzlib`) checked by one
`peerclaims check FILE... --format json` subprocess, with the sample reference data or
`--syntax-only`, and judged by `bench.fuzzcontract.judge`: exit 0/1 with schema-valid JSON
holding every claim of the input, or exit 2 with one line per refused file; never a signal, a
traceback or "internal error"; no raw control character and no member name, id, birth date or
diagnosis on standard error. A process start costs about a second on the 2-core machine, so
files share a run; a run that loses every result (a crash, a traceback, an internal error) is
redone file by file, so each failure names its own input. Shrinking is off: every step would be
a subprocess, and a failure already reads as its reproducer (base file and mutations).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from conftest import CORPUS, REFERENCE, TEST_DATA_DIR
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bench.fuzzcontract import KINDS, Outcome, Violation, check_command, fatal, judge, run_cli
from bench.fuzzlib import FuzzCase, Mutation, aimed, apply, base_pool, fuzz_cases

POOL = base_pool(CORPUS)
"""Every claims fixture, plus the corpus files under 64 kB when the corpus is checked out."""
NC = "fixtures/nc/clean.837"
NC_BYTES = POOL[NC]


def _case(*mutations: Mutation, base: str = NC) -> FuzzCase:
    return FuzzCase(base, mutations)


ISSUE_INPUTS = {
    "units-1E17": _case(aimed(NC_BYTES, "SV104 units", "1E17")),
    "units-negative": _case(aimed(NC_BYTES, "SV104 units", "-1")),
    "charge-negative": _case(  # both lines -5.00, the claim's total -10.00: it adds up
        aimed(NC_BYTES, "SV102 charge", "-5.00", occurrence=0),
        aimed(NC_BYTES, "SV102 charge", "-5.00", occurrence=1),
        aimed(NC_BYTES, "CLM02 total", "-10.00"),
    ),
    "npi-with-letter": _case(aimed(NC_BYTES, "NM109 identifier", "197040002A", occurrence=2)),
    "amount-28-digits": _case(aimed(NC_BYTES, "CLM02 total", "1234567890123456789012345678")),
    "date-99991231": _case(aimed(NC_BYTES, "DTP03 date", "99991231")),
    "se02-escape": _case(aimed(NC_BYTES, "SE02 control number", "\x1b]0;pwned\x07")),
    "no-terminator": _case(Mutation("unterminated", 0, 0)),
    "ge-extra-element": _case(Mutation("extra", 4, 0)),
    "iea-extra-element": _case(Mutation("extra", 5, 0)),
}
"""The hostile inputs of the issue's table, written as the fuzzer writes them (`set` on the
billing provider's NM109 is its third NM1; `extra` 4 and 5 aim at GE and IEA)."""


def _env() -> dict[str, str]:
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(TEST_DATA_DIR)}
    environment.pop("PEERCLAIMS_DATABASE_URL", None)
    return environment


def _failures(
    cases: list[FuzzCase], syntax_only: bool, *, jobs: int = 1, timeout: float = 120
) -> list[str]:
    """Check `cases` in one CLI run (file by file when the run lost everything); the failures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files: dict[str, bytes] = {}
        described: dict[str, str] = {}
        for number, case in enumerate(cases):
            data, steps = apply(POOL[case.base], case.mutations)
            name = f"fuzz-{number}.837"
            (folder / name).write_bytes(data)
            files[name] = data
            described[name] = f"{case.base} with {'; '.join(steps)}"

        def run(names: list[str]) -> Outcome:
            command = check_command(names, REFERENCE, syntax_only=syntax_only, jobs=jobs)
            return run_cli(command, folder, _env(), timeout=timeout)

        rules = not syntax_only
        violations: list[Violation] = judge(run(list(files)), files, rules=rules)
        if len(files) > 1 and fatal(violations) and jobs == 1:  # --jobs runs are not split
            violations = [v for n in files for v in judge(run([n]), {n: files[n]}, rules=rules)]
    mode = "--syntax-only" if syntax_only else "--reference"
    return [
        f"{v.kind} ({mode}): {described.get(v.file, 'the batch')}: {v.detail}" for v in violations
    ]


@pytest.mark.parametrize(
    ("name", "syntax_only"),
    [(name, False) for name in ISSUE_INPUTS]
    + [("npi-with-letter", True), ("amount-28-digits", True), ("se02-escape", True)],
)
def test_issue_inputs_keep_the_contract(name: str, syntax_only: bool) -> None:
    """Each hostile input of the issue gets its claims or one clean line, never a crash or leak."""
    failures = _failures([ISSUE_INPUTS[name]], syntax_only)
    assert not failures, "\n".join(failures)


def test_issue_input_with_jobs_2_ends() -> None:
    """With `--jobs 2`, the units-1E17 file and a clean one get their result in time, no hang."""
    clean = FuzzCase("fixtures/nj/clean.837", ())
    failures = _failures([ISSUE_INPUTS["units-1E17"], clean], False, jobs=2, timeout=60)
    assert not failures, "\n".join(failures)


@settings(
    derandomize=True,
    deadline=None,
    max_examples=24,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
@given(
    cases=st.lists(fuzz_cases(POOL), min_size=1, max_size=4),
    syntax_only=st.booleans(),
)
def test_cli_keeps_its_contract_on_mutated_input(cases: list[FuzzCase], syntax_only: bool) -> None:
    """Mutated 837 files never crash, hang or leak the CLI: each gets its claims or one line."""
    failures = _failures(cases, syntax_only)
    assert not failures, "\n".join(failures)


def test_judge_sees_a_crash_a_leak_and_a_lost_claim() -> None:
    """The judge itself: a signal, an escape and a member id on stderr, a claim gone unexplained."""
    data, _ = apply(NC_BYTES, (aimed(NC_BYTES, "SV104 units", "2.5"),))
    files = {"a.837": data}
    kinds = {v.kind for v in judge(Outcome(-11, b"", b""), files, rules=True)}
    assert kinds == {"crash"}
    leak = b"peerclaims: a.837: member NCS0000401 \x1b[2J at line 16 (segment 16, byte 500)\n"
    empty = (
        b'{"schema": "peerclaims.result/1", "rule_packs": [], "summary": {"claims": 0, '
        b'"accepted": 0, "rejected": 0, "billed": "0.00", "expected_payment": "0.00"}, '
        b'"claims": [], "errors": []}'
    )
    kinds = {v.kind for v in judge(Outcome(1, empty, leak), files, rules=True)}
    assert kinds == {"stderr-phi", "stderr-control", "claims-missing", "exit-code"}
    long_line = b"peerclaims: a.837: SE id=" + b"A" * 2000 + b" at line 31 (segment 31, byte 990)\n"
    kinds = {v.kind for v in judge(Outcome(1, empty, long_line), files, rules=True)}
    assert kinds == {"stderr-long-line", "claims-missing", "exit-code"}
    assert kinds <= set(KINDS)
