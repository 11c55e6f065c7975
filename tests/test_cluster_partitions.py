"""A batch on a Dask cluster is partitioned by history key (member, and peer and day for group
lines): claims that share a key across files or transaction sets are judged together, in input
order, so the result equals one process's.

Each batch here is built so that judging a file or transaction set on its own would be wrong (an
earlier file or set holds the lines that change the outcome), and the cluster's result must
still equal the sequential one.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from peerclaims.engine.check import CollectSink, JsonSpool, Source, check_sources
from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.checks.setup import build_engine
from peerclaims.engine.cli import rules_root
from peerclaims.engine.cluster import ClaimKeys, EngineSpec, _homes, check_sources_distributed
from peerclaims.engine.cluster_partition import InOrder
from peerclaims.engine.reference.models import RecordedLine
from peerclaims.engine.result import Result
from tests.conftest import FIXTURES, REFERENCE

PEER = "1970200022"
"""The Texas fixtures' credentialed peer."""
MEMBER = "TXS0000201"
"""The Texas fixtures' member (4 units of H0038 in history)."""
EXTRA = [f"TXT{n:07d}" for n in range(301, 316)]
"""Members added to a copy of the fixtures' reference data (same birth date and enrollment)."""

Line = tuple[str, int, str]
"""SV101 modifiers after H0038 (":HQ" or ""), units, date of service (CCYYMMDD)."""


def _envelope(sets: Sequence[list[str]]) -> str:
    """One interchange holding `sets` (each the segments of one ST..SE, without its ST/SE)."""
    head = (FIXTURES / "tx" / "clean.837").read_text(encoding="ascii").split("~\n")
    out = head[:2]
    for number, body in enumerate(sets, start=1):
        control = f"{number:04d}"
        segments = [f"ST*837*{control}*005010X222A1", *head[3:13], *body]
        out += [*segments, f"SE*{len(segments) + 1}*{control}"]
    out += [f"GE*{len(sets)}*260200001", "IEA*1*260200001", ""]
    return "~\n".join(out)


def _claims(prefix: str, claims: Sequence[tuple[str, Sequence[Line]]]) -> list[str]:
    """The subscriber loops of one transaction set: one claim per (member, lines)."""
    segments: list[str] = []
    for number, (member, lines) in enumerate(claims, start=1):
        total = sum(units for _, units, _ in lines) * 5
        segments += [
            f"HL*{number + 1}*1*22*0",
            "SBR*P*18*******MC",
            f"NM1*IL*1*ESPARZA*LINCOLN****MI*{member}",
            "N3*4410 MAPLE AVE",
            "N4*LUBBOCK*TX*79401",
            "DMG*D8*19771103*M",
            "NM1*PR*2*TEXAS MEDICAID*****PI*TXMEDICAID",
            f"CLM*{prefix}-{number:04d}*{total}.00***11:B:1*Y*A*Y*Y",
            "HI*ABK:F4312",
            f"NM1*82*1*WHITCOMB*DARIO****XX*{PEER}",
            "PRV*PE*PXC*175T00000X",
            "NM1*DQ*1*ACHTERBERG*LORNA****XX*1970200097",
        ]
        for index, (modifiers, units, day) in enumerate(lines, start=1):
            segments += [
                f"LX*{index}",
                f"SV1*HC:H0038{modifiers}*{units * 5}.00*UN*{units}***1",
                f"DTP*472*D8*{day}",
            ]
    return segments


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures' reference data with the `EXTRA` Texas members."""
    folder = tmp_path_factory.mktemp("reference")
    for path in REFERENCE.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    with (folder / "members.yaml").open("a", encoding="utf-8") as members:
        for member in EXTRA:
            members.write(
                f"- member_id: {member}\n  birth_date: 1977-11-03\n  state: TX\n"
                "  enrollments:\n    - program: TX-MEDICAID\n      start: 2023-01-01\n"
                "      end: null\n"
            )
    return folder


def _write(folder: Path, name: str, sets: Sequence[list[str]]) -> str:
    path = folder / name
    path.write_text(_envelope(sets), encoding="ascii", newline="")
    return str(path)


def _engine(reference: Path, trace: bool = False) -> RulesEngine:
    return build_engine(rules_root(), reference, trace=trace)


def _sequential(reference: Path, paths: Sequence[str], **kw: bool) -> tuple[Result, list[str]]:
    """`--jobs 1`'s result and its `--record` lines (as JSON)."""
    sink = CollectSink()
    recorded: list[RecordedLine] = []
    run = check_sources(
        [Source.from_path(p) for p in paths],
        sink,
        engine=_engine(reference, **kw),
        recorded=recorded,
    )
    return run.result(sink), [line.model_dump_json() for line in recorded]


def _spec(reference: Path, trace: bool = False) -> EngineSpec:
    return EngineSpec.of(rules_root(), reference, None, trace)


def _parallel(
    client: Any, reference: Path, paths: Sequence[str], trace: bool = False
) -> tuple[Result, list[str]]:
    """The cluster's result and its `--record` lines."""
    sink = CollectSink()
    recorded: list[RecordedLine] = []
    sources = [Source.from_path(p) for p in paths]
    engine = _engine(reference, trace)
    run = check_sources_distributed(
        sources, sink, client, engine, _spec(reference, trace), recorded=recorded
    )
    return run.result(sink), [line.model_dump_json() for line in recorded]


def _status(result: Result, claim_id: str) -> tuple[str, list[str]]:
    claim = next(c for c in result.claims if c.claim_id == claim_id)
    return claim.status, [f.rule_id for f in claim.findings if f.severity == "error"]


def _limits(result: Result, claim_id: str) -> list[tuple[str, str]]:
    """The claim's limit findings (rule id, severity): a warning counts as much as an error for
    whether a worker saw the true history."""
    claim = next(c for c in result.claims if c.claim_id == claim_id)
    return [(f.rule_id, f.severity) for f in claim.findings if f.category == "limit"]


def _same(client: Any, reference: Path, paths: Sequence[str], *, trace: bool = False) -> Result:
    """Assert the cluster's result (and record lines) equal the sequential; return it."""
    one, one_recorded = _sequential(reference, paths, trace=trace)
    two, two_recorded = _parallel(client, reference, paths, trace=trace)
    assert two.to_json() == one.to_json()
    assert two_recorded == one_recorded
    return one


DAY = "20260408"
LATER = "20260410"


@pytest.mark.parametrize(("layout", "trace"), [("files", False), ("sets", True)])
def test_a_group_over_its_cap_only_with_an_earlier_file(
    dask_client: Any, reference: Path, tmp_path: Path, layout: str, trace: bool
) -> None:
    """12 members in one peer's group on a day, then a 13th in the next file (or set): only the
    peer-day key joining them makes the 13th over Texas' cap of 12 (a warning: counting HQ
    lines per peer and day is inferred, rules/README.md)."""
    first = _claims("GA", [(m, [(":HQ", 4, DAY)]) for m in EXTRA[:12]])
    second = _claims("GB", [(EXTRA[12], [(":HQ", 4, DAY)])])
    if layout == "files":
        paths = [_write(tmp_path, "a.837", [first]), _write(tmp_path, "b.837", [second])]
    else:
        paths = [_write(tmp_path, "ab.837", [first, second])]
    result = _same(dask_client, reference, paths, trace=trace)
    assert _status(result, "GA-0012")[0] == "accepted"
    assert _limits(result, "GA-0012") == []
    assert _limits(result, "GB-0001") == [("TX-LIM-0002", "warning")]


def test_limits_and_duplicates_across_files(
    dask_client: Any, reference: Path, tmp_path: Path
) -> None:
    """A member's units over 6 months and a duplicate line count across files."""
    first = _claims("LA", [(MEMBER, [("", 90, DAY)]), (EXTRA[0], [("", 4, DAY)])])
    second = _claims("LB", [(MEMBER, [("", 20, LATER)]), (EXTRA[0], [("", 4, DAY)])])
    paths = [_write(tmp_path, "a.837", [first]), _write(tmp_path, "b.837", [second])]
    result = _same(dask_client, reference, paths)
    assert _status(result, "LA-0001")[0] == "accepted"
    assert _status(result, "LB-0001") == ("rejected", ["TX-LIM-0001"])
    assert _status(result, "LB-0002") == ("rejected", ["FED-DUP-0001"])


def test_a_member_and_a_group_join_two_sets_into_one_partition(
    dask_client: Any, reference: Path, tmp_path: Path
) -> None:
    """The first claim of the second file is over the 6-month limit only because of the first
    file, so its group line does not count: the 12 other members of that later group stay
    within the cap only when the member key and the peer-day key put all of them with the first
    file's claim."""
    first = _claims("CA", [(MEMBER, [("", 100, DAY)])])
    second = _claims(
        "CB", [(MEMBER, [(":HQ", 4, LATER)]), *((m, [(":HQ", 4, LATER)]) for m in EXTRA[:12])]
    )
    paths = [_write(tmp_path, "a.837", [first]), _write(tmp_path, "b.837", [second])]
    result = _same(dask_client, reference, paths)
    assert _status(result, "CB-0001") == ("rejected", ["TX-LIM-0001"])
    assert _status(result, "CB-0013")[0] == "accepted"
    assert _limits(result, "CB-0013") == []


def test_partitions_follow_the_keys() -> None:
    """Claims sharing a member or a group's peer and day share a home set; others keep theirs."""
    day = date(2026, 4, 8)
    keys: dict[tuple[int, int], list[ClaimKeys]] = {
        (0, 0): [("A", ()), ("B", (("P", day),)), ("C", ())],
        (1, 0): [("A", ()), ("D", (("P", day),)), ("E", ()), ("E", ())],
    }
    homes = _homes(keys)
    assert homes[(1, 0, 0)] == homes[(0, 0, 0)] == (0, 0)  # A: first of two sets on a tie
    assert homes[(1, 0, 1)] == homes[(0, 0, 1)] == (0, 0)  # D joins B through P's group day
    assert homes[(0, 0, 2)] == (0, 0)
    assert homes[(1, 0, 2)] == homes[(1, 0, 3)] == (1, 0)  # E stays where it was read


def test_answers_go_out_in_input_order_as_soon_as_due() -> None:
    """Partitions finish in any order; each claim's answer is handed on once every earlier
    claim's is, and only answers of partitions done early wait."""
    sets = [(0, 0), (0, 1), (1, 0)]
    placed = InOrder(sets, {(0, 0): 2, (0, 1): 0, (1, 0): 2})
    out: list[tuple[int, str]] = []

    def emit(index: int, sent: object) -> None:
        out.append((index, str(sent)))

    placed.take([((1, 0, 1), "d"), ((0, 0, 1), "b")], emit)  # a later partition first
    assert out == []
    placed.take([((0, 0, 0), "a")], emit)
    assert out == [(0, "a"), (0, "b")]
    assert not placed.done
    placed.take([((1, 0, 0), "c")], emit)
    assert out == [(0, "a"), (0, "b"), (1, "c"), (1, "d")]
    assert placed.done


def test_record_and_json_spool_match(dask_client: Any, reference: Path, tmp_path: Path) -> None:
    """`--record` lines and the JSON spool's text on the cluster equal one process's."""
    first = _claims("RA", [(m, [(":HQ", 4, DAY)]) for m in EXTRA[:12]])
    second = _claims("RB", [(EXTRA[12], [(":HQ", 4, DAY)]), (MEMBER, [("", 4, DAY)])])
    paths = [_write(tmp_path, "a.837", [first]), _write(tmp_path, "b.837", [second, first])]
    sources = [Source.from_path(p) for p in paths]
    texts = []
    for on_cluster in (False, True):
        spool = JsonSpool()
        engine = _engine(reference)
        if on_cluster:
            run = check_sources_distributed(sources, spool, dask_client, engine, _spec(reference))
        else:
            run = check_sources(sources, spool, engine=engine)
        out = io.StringIO()
        spool.write_document(run.head(), out)
        texts.append(out.getvalue())
    assert texts[0] == texts[1]
    _, recorded = _sequential(reference, paths)
    # RA's 12, RB-0001 (over the group cap: a warning, accepted) and RB-0002 (the repeated
    # set's lines are duplicates)
    assert len(recorded) == 14
    assert _parallel(dask_client, reference, paths)[1] == recorded


def test_standard_input_is_read_once(dask_client: Any, reference: Path, tmp_path: Path) -> None:
    """A source that is no file (standard input) is read once, here, and its bytes go to the
    workers: the result is still one process's."""
    first = _claims("SA", [(MEMBER, [("", 90, DAY)]), (EXTRA[0], [("", 4, DAY)])])
    second = _claims("SB", [(MEMBER, [("", 20, LATER)]), (EXTRA[0], [("", 4, DAY)])])
    paths = [_write(tmp_path, "a.837", [first]), _write(tmp_path, "b.837", [second])]
    one, _ = _sequential(reference, paths)
    reads: list[str] = []

    def once(path: str) -> Source:
        data = Path(path).read_bytes()

        def load() -> bytes:
            reads.append(path)
            if reads.count(path) > 1:
                raise AssertionError(f"{path} read twice")
            return data

        return Source(name=path, load=load)

    sink = CollectSink()
    sources = [once(p) for p in paths]
    run = check_sources_distributed(
        sources, sink, dask_client, _engine(reference), _spec(reference)
    )
    assert run.result(sink).to_json() == one.to_json()
    assert sorted(reads) == sorted(paths)
