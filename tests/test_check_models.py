"""`judge` builds its result models without validating them again: they must be valid anyway.

`check.judge` makes `LineResult` and `ClaimResult` with `model_construct` (no validation) for
speed. These tests judge every fixture claim, and a synthetic batch over every state pack, with
the rule packs, and validate each result model from its own dump: a value of the wrong type or a
missing field would fail validation here, and the JSON must be the same either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import synth
from bench.reference_for import reference_for
from peerclaims.engine.check import judge
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.checks.setup import build_engine
from peerclaims.engine.cli import rules_root
from peerclaims.engine.errors import InputError
from peerclaims.engine.packs.pack import load_packs
from peerclaims.engine.result import ClaimResult
from peerclaims.engine.x12.reader import FileReader, read_bytes
from tests.conftest import FIXTURES, REPO

REFERENCE = REPO / "fixtures" / "reference"


def _judged(
    data: bytes, name: str, *, trace: bool, engine: RulesEngine | None = None
) -> list[ClaimResult]:
    engine = engine or build_engine(rules_root(), REFERENCE, trace=trace)
    try:
        reader = FileReader(data, name)
    except InputError:
        return []
    return [
        judge(reading.claim, reading.findings, reading.position, engine)
        for report in reader.transactions()
        for reading in report.claims
    ]


def _assert_valid(results: list[ClaimResult]) -> None:
    for result in results:
        validated = ClaimResult.model_validate(result.model_dump())
        assert validated == result
        assert validated.model_dump_json(indent=2) == result.model_dump_json(indent=2)
        for line in result.lines:
            assert type(line).model_validate(line.model_dump()) == line


FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.837") if p.is_file())


@pytest.mark.parametrize("trace", [False, True], ids=["plain", "trace"])
def test_fixture_results_are_valid_models(trace: bool) -> None:
    """Every fixture claim's result validates from its own dump, with and without a trace."""
    results = [
        result
        for path in FIXTURE_FILES
        for result in _judged(path.read_bytes(), str(path.relative_to(REPO)), trace=trace)
    ]
    assert len(results) > 20
    assert {r.status for r in results} == {"accepted", "rejected"}
    _assert_valid(results)


def test_synthetic_results_are_valid_models() -> None:
    """Synthetic batches for every payer of the generator (every state pack) give valid models."""
    packs = load_packs(rules_root())
    results: list[ClaimResult] = []
    for payer in synth.PAYER_IDS:
        data = synth.generate(15, 11, payer_ids=(payer,)).encode("latin-1")
        claims = [c.claim for c in read_bytes(data, f"{payer}.837").claims]
        engine = RulesEngine(packs, reference_for(claims, packs))
        results += _judged(data, f"{payer}.837", trace=False, engine=engine)
    assert len(results) == 15 * len(synth.PAYER_IDS)
    assert len({r.state for r in results}) == len(synth.PAYER_IDS)
    assert {r.status for r in results} == {"accepted", "rejected"}
    _assert_valid(results)


def test_a_wrong_value_would_be_caught() -> None:
    """The check above can fail: a constructed result with a wrong type does not validate."""
    path = Path(FIXTURES / "nc" / "clean.837")
    result = _judged(path.read_bytes(), "nc.837", trace=False)[0]
    broken = ClaimResult.model_construct(**{**dict(result), "billed": 60})
    with pytest.raises(ValueError, match="billed"):
        ClaimResult.model_validate(broken.model_dump())
