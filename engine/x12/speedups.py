"""Faster stand-ins for a few of pyx12 4.0.0's hot helpers, with the same answers.

Profiling pyx12's validation of a 1,000-claim 837P (`bench/README.md`, "pyx12 speed-ups") shows
a third of its time in small helpers that redo the same work on every segment:

- `X12Path.__repr__` rebuilds a map node's path string on every hash and comparison (750,000
  calls for 1,000 claims), because `NodeCounter` keys its counts by those paths;
- `NodeCounter.reset_to_node` formats and splits every counted path on every loop start;
- `segment_if.get_child_node_by_idx` scans a segment's children for each element it validates;
- `Segment.get` parses the reference designator ("02", "03-1") through a regular expression
  each time;
- `contains_control_character` tests 23 characters one by one on every element value;
- `segment_if.is_valid_errors` validates every element of every segment, though a batch repeats
  most of its segments word for word (the billing provider's NM1, N3, N4 and PRV, the payer,
  SBR, the procedure's SV1, the dates): a quarter of a whole check's time.

`enable()` replaces them with versions that return the same values (and raise the same
errors): a map node's `x12path` becomes a `_NodePath`, whose text is computed once (nothing in
pyx12 changes a node's path after the map is built), the node counter compares cached path
parts, a segment keeps its children by position, designators are parsed once per text, a
value is searched for all control characters at once before the original function names the
first, and a segment node remembers the segments it found clean (`_CLEAN_PER_NODE` at most).
`disable()` puts pyx12's own functions back. `tests/test_pyx12_speedups.py` runs every corpus
file and the synthetic batches both ways and compares pyx12's 999, its JSON error tree and
every callback, so a difference shows as a failing test.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pyx12.map_if
import pyx12.map_if._base
import pyx12.map_if._segment
import pyx12.nodeCounter
import pyx12.path
import pyx12.segment
import pyx12.validation
from pyx12.errors import EngineError
from pyx12.path import X12Path

_ORIGINALS: dict[str, Any] = {
    "get_x12_path": pyx12.map_if._base.x12_node._get_x12_path,
    "reset_to_node": pyx12.nodeCounter.NodeCounter.reset_to_node,
    "get_child_node_by_idx": pyx12.map_if._segment.segment_if.get_child_node_by_idx,
    "parse_refdes": pyx12.segment.Segment._parse_refdes,
    "contains_control_character": pyx12.validation.contains_control_character,
    "segment_is_valid_errors": pyx12.map_if._segment.segment_if.is_valid_errors,
}
_LOCK = threading.Lock()
_STATE = {"enabled": False}


class _NodePath(X12Path):  # type: ignore[misc]  # pyx12 has no type information
    """A map node's path: the same fields and equality as `X12Path`, its text computed once."""

    _text: str
    _parts: tuple[str, ...]
    _hash: int

    def __init__(self, path_str: str) -> None:
        super().__init__(path_str)
        text = X12Path.__repr__(self)
        self._text = text
        self._parts = tuple(text.split("/"))
        self._hash = hash(text)

    def __repr__(self) -> str:
        return self._text

    def format(self) -> str:
        return self._text

    def __hash__(self) -> int:
        return self._hash

    __eq__ = X12Path.__eq__

    def is_child_path(self, child_path: str) -> bool:
        root = self._parts
        child = child_path.split("/")
        return len(root) < len(child) and tuple(child[: len(root)]) == root


def _get_x12_path(self: Any) -> Any:
    found = self._x12path
    if type(found) is _NodePath:
        return found
    path = _NodePath(self.get_path())
    self._x12path = path
    return path


def _parts(path: Any) -> tuple[str, ...]:
    if type(path) is _NodePath:
        parts: tuple[str, ...] = path._parts
        return parts
    return tuple(path.format().split("/"))


def _reset_to_node(self: Any, xpath: Any) -> None:
    """`NodeCounter.reset_to_node`: drop the counts of every path below `xpath`."""
    root = _parts(pyx12.nodeCounter.NodeCounter.makeX12Path(xpath))
    depth = len(root)
    counts = self._dict
    below = [k for k in counts if len(p := _parts(k)) > depth and p[:depth] == root]
    for key in below:
        del counts[key]


def _get_child_node_by_idx(self: Any, idx: int) -> Any:
    """`segment_if.get_child_node_by_idx`: the child whose `seq` is idx + 1, from an index."""
    children = self.children
    if idx >= len(children):
        return None
    by_seq: dict[int, list[Any]] | None = self.__dict__.get("_speedups_by_seq")
    if by_seq is None or self.__dict__.get("_speedups_count") != len(children):
        by_seq = {}
        for child in children:
            by_seq.setdefault(child.seq, []).append(child)
        self._speedups_by_seq = by_seq
        self._speedups_count = len(children)
    found = by_seq.get(idx + 1, ())
    if len(found) == 1:
        return found[0]
    raise EngineError(f"idx {idx} not found in {self.id}")


_designators: dict[str, tuple[str | None, int | None, int | None]] = {}
_DESIGNATORS_MAX = 4096


def _parse_refdes(self: Any, ref_des: str) -> tuple[int | None, int | None]:
    """`Segment._parse_refdes`: the designator's parse remembered per text."""
    parsed = _designators.get(ref_des)
    if parsed is None:
        xp = X12Path(ref_des)  # raises X12PathError as before; errors are not remembered
        parsed = (xp.seg_id, xp.ele_idx, xp.subele_idx)
        if len(_designators) < _DESIGNATORS_MAX:
            _designators[ref_des] = parsed
    seg_id, ele_idx, subele_idx = parsed
    if seg_id is not None and seg_id != self.seg_id:
        err_str = f"Invalid Reference Designator: {ref_des}, seg_id: {self.seg_id}"
        raise EngineError(err_str)
    return (
        ele_idx - 1 if ele_idx is not None else None,
        subele_idx - 1 if subele_idx is not None else None,
    )


_CONTROL = re.compile("[\x01-\x07\x09-\x0d\x11-\x17\x1c-\x1f]")
"""Every character `contains_control_character` looks for (10 control, 13 extended)."""


def _contains_control_character(
    str_val: str, charset: str = "B", icvn: str = "00401"
) -> tuple[bool, str | None]:
    """`contains_control_character`: one search first; the original names the character."""
    if _CONTROL.search(str_val) is None:
        return (False, None)
    original: Callable[[str, str, str], tuple[bool, str | None]] = _ORIGINALS[
        "contains_control_character"
    ]
    return original(str_val, charset, icvn)


_CLEAN_PER_NODE = 512
"""Clean segments a segment node remembers: past that, it validates each new one (memory stays
flat; the segments a batch repeats come early, and claim numbers and names never repeat)."""


def _segment_key(seg_data: Any) -> str | None:
    """The segment's id and values, joined by its own delimiters: values cannot hold them (the
    segment was split on them), so equal keys are equal segments, trailing empties included.
    None for the ISA, whose ISA16 value is the sub-element delimiter itself."""
    seg_id = seg_data.seg_id
    if seg_id == "ISA" or seg_id is None:
        return None
    sub: str = seg_data.subele_term
    ele: str = seg_data.ele_term
    return ele.join([seg_id, *[sub.join([e.value for e in c.elements]) for c in seg_data.elements]])


def _segment_is_valid_errors(self: Any, seg_data: Any) -> tuple[bool, list[Any]]:
    """`segment_if.is_valid_errors`, which is pure (pyx12: "returns (ok, errors) without
    touching an error handler"): a segment this node found clean before is clean again."""
    key = _segment_key(seg_data)
    clean: set[str] | None = self.__dict__.get("_speedups_clean")
    if key is not None and clean is not None and key in clean:
        return (True, [])
    original: Callable[[Any, Any], tuple[bool, list[Any]]] = _ORIGINALS["segment_is_valid_errors"]
    ok, errors = original(self, seg_data)
    if ok and not errors and key is not None:
        if clean is None:
            clean = self._speedups_clean = set()
        if len(clean) < _CLEAN_PER_NODE:
            clean.add(key)
    return (ok, errors)


def _install(enabled: bool) -> None:
    base = pyx12.map_if._base.x12_node
    if enabled:
        base.x12path = property(_get_x12_path)
        pyx12.nodeCounter.NodeCounter.reset_to_node = _reset_to_node
        pyx12.map_if._segment.segment_if.get_child_node_by_idx = _get_child_node_by_idx
        pyx12.segment.Segment._parse_refdes = _parse_refdes
        pyx12.validation.contains_control_character = _contains_control_character
        pyx12.map_if._segment.segment_if.is_valid_errors = _segment_is_valid_errors
    else:
        base.x12path = property(_ORIGINALS["get_x12_path"])
        pyx12.nodeCounter.NodeCounter.reset_to_node = _ORIGINALS["reset_to_node"]
        pyx12.map_if._segment.segment_if.get_child_node_by_idx = _ORIGINALS["get_child_node_by_idx"]
        pyx12.segment.Segment._parse_refdes = _ORIGINALS["parse_refdes"]
        pyx12.validation.contains_control_character = _ORIGINALS["contains_control_character"]
        pyx12.map_if._segment.segment_if.is_valid_errors = _ORIGINALS["segment_is_valid_errors"]


def enable() -> None:
    """Use the faster helpers (peerclaims' default, set when the reader is imported)."""
    with _LOCK:
        _install(True)
        _STATE["enabled"] = True


def disable() -> None:
    """Put pyx12's own helpers back (for comparisons and tests)."""
    with _LOCK:
        _install(False)
        _STATE["enabled"] = False


def enabled() -> bool:
    """Whether the faster helpers are in use."""
    return _STATE["enabled"]
