"""pyx12 with peerclaims' faster helpers (`engine/x12/speedups.py`) answers exactly as without.

Each input is validated by pyx12 itself twice, once with its own helpers and once with the
faster ones, and everything pyx12 produces is compared: the 999 (without the envelope segments,
which carry the time of the run and random control numbers), the JSON error tree, every call of
the segment callback (segment, map node path, valid flag), the return value, or the exception.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pyx12.map_if
import pyx12.nodeCounter
import pyx12.path
import pyx12.x12n_document
from conftest import CORPUS, FIXTURES, corpus_params
from pyx12.params import ParamsBase

from bench import synth
from peerclaims.engine.x12 import speedups
from peerclaims.engine.x12.reader import _PYX12_LOCK

ENVELOPE = re.compile(r"^(ISA|GS|GE|IEA)\b")


@pytest.fixture(autouse=True)
def _speedups_back_on() -> Iterator[None]:
    """Whatever a test does, leave the speed-ups enabled (the reader's default) afterwards."""
    try:
        yield
    finally:
        speedups.enable()


def _validate(source: str | io.StringIO) -> dict[str, Any]:
    """Everything pyx12 gives for one input, with the envelope of its 999 left out."""
    ack, tree = io.StringIO(), io.StringIO()
    calls: list[tuple[str, str | None, bool]] = []

    def callback(seg: Any, src: Any, node: Any, valid: bool) -> None:
        calls.append((seg.format(), None if node is None else node.x12path.format(), valid))

    with _PYX12_LOCK:
        try:
            ok: object = pyx12.x12n_document.x12n_document(
                param=ParamsBase(),
                src_file=source,
                fd_997=ack,
                fd_html=None,
                fd_json=tree,
                callback=callback,
            )
        except Exception as exc:  # noqa: BLE001 - an exception is part of the answer
            ok = f"{type(exc).__name__}: {exc}"
    segments = [s for s in ack.getvalue().replace("\n", "").split("~") if not ENVELOPE.match(s)]
    return {"ok": ok, "999": segments, "json": tree.getvalue(), "calls": calls}


def _both_ways(make_source: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    speedups.disable()
    plain = _validate(make_source())
    speedups.enable()
    fast = _validate(make_source())
    return plain, fast


def _assert_same(plain: dict[str, Any], fast: dict[str, Any]) -> None:
    assert fast["ok"] == plain["ok"]
    assert fast["json"] == plain["json"]
    assert fast["999"] == plain["999"]
    assert len(fast["calls"]) == len(plain["calls"])
    assert fast["calls"] == plain["calls"]


@pytest.mark.parametrize("name", corpus_params())
def test_corpus_file_validates_the_same_with_the_speedups(name: str) -> None:
    path = CORPUS / name
    plain, fast = _both_ways(lambda: str(path))
    _assert_same(plain, fast)


FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.837") if p.is_file())


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_validates_the_same_with_the_speedups(path: Path) -> None:
    plain, fast = _both_ways(lambda: str(path))
    _assert_same(plain, fast)


BROKEN = {
    "unit": ("*UN*", "*XX*"),
    "control-character": ("*UN*", "*U\x07N*"),
    "too-many-elements": ("\nSV1*", "\nSV1*HC:H0038*1*UN*1***1*****X*Y*Z~\nSV1*"),
    "bad-date": ("DTP*472*D8*2026", "DTP*472*D8*202613"),
    "missing-clm": ("\nCLM*", "\nXXX*"),
    "extra-loop": ("\nLX*2~", "\nLX*2~\nLX*3~"),
}


@pytest.mark.parametrize("change", sorted(BROKEN))
def test_broken_batch_validates_the_same_with_the_speedups(change: str) -> None:
    """Errors at segment, element and loop level come out the same (synthetic batch, 40 claims)."""
    old, new = BROKEN[change]
    text = synth.generate(40, 5, claims_per_st=15)
    assert old in text
    broken = text.replace(old, new, 3)
    plain, fast = _both_ways(lambda: io.StringIO(broken))
    assert plain["json"] != _validate_clean_json(), "the change must make pyx12 report an error"
    _assert_same(plain, fast)


def _validate_clean_json() -> str:
    return str(_validate(io.StringIO(synth.generate(40, 5, claims_per_st=15)))["json"])


def test_remembered_clean_segments_answer_as_validated_ones() -> None:
    """A segment node answers "clean" from memory only for a segment it validated clean: the
    same batch read twice (the second time from memory), then with every SV1 unit broken and
    every DTP date, still gives pyx12's own answers, errors on every broken segment included."""
    text = synth.generate(40, 5, claims_per_st=15)
    speedups.enable()
    first = _validate(io.StringIO(text))
    plain, fast = _both_ways(lambda: io.StringIO(text))
    _assert_same(plain, fast)
    _assert_same(first, fast)
    broken = text.replace("*UN*", "*XX*").replace("DTP*472*D8*2026", "DTP*472*D8*202613")
    plain, fast = _both_ways(lambda: io.StringIO(broken))
    _assert_same(plain, fast)
    assert fast["json"].count("SV1") >= text.count("\nSV1*"), "every broken SV1 is reported"
    clean = [
        len(node.__dict__.get("_speedups_clean", ()))
        for node in _segment_nodes(pyx12.map_if.load_map_file("837.5010.X222.A1.xml", ParamsBase()))
    ]
    assert 0 < max(clean) <= speedups._CLEAN_PER_NODE


def _segment_nodes(node: Any) -> Iterator[Any]:
    for child in (c for children in node.pos_map.values() for c in children):
        if child.is_segment():
            yield child
        elif child.is_loop():
            yield from _segment_nodes(child)


def test_speedups_are_on_by_default_and_can_be_turned_off() -> None:
    assert speedups.enabled()
    speedups.disable()
    assert not speedups.enabled()
    assert pyx12.nodeCounter.NodeCounter.reset_to_node is speedups._ORIGINALS["reset_to_node"]
    speedups.enable()
    assert pyx12.nodeCounter.NodeCounter.reset_to_node is speedups._reset_to_node


def test_node_path_equals_and_hashes_as_a_plain_path() -> None:
    """A map node's cached path is interchangeable with pyx12's own as a dict key."""
    for text in ("/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000A", "/ISA_LOOP/ISA", "SV101-2", "REF[G1]02"):
        node_path = speedups._NodePath(text)
        plain = pyx12.path.X12Path(text)
        assert node_path == plain
        assert hash(node_path) == hash(plain)
        assert node_path.format() == plain.format() == repr(plain)
        for child in (text + "/X", text, "/ISA_LOOP", text + "/2300/CLM"):
            assert node_path.is_child_path(child) == plain.is_child_path(child)
        assert {plain: 1}[node_path] == 1
