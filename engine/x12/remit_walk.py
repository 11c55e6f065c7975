"""The pyx12 boundary for what comes back: validate one 835 or 277CA transaction set and walk it.

Like `reader.py` for the 837P (whose `run_pyx12` it shares: cached maps, lock, sub-document),
this hands pyx12 4.0.0 one transaction set inside its own ISA/GS and synthetic GE/IEA trailers,
with a callback that records, in file order, every segment pyx12 matched and the loop it matched
it in. The remittance reader (`engine/remit/read.py`) builds its claims from that walk, so a
segment pyx12 never reached (it stopped, or it raised) is never read. pyx12's JSON error tree is
joined to the segments by their ordinal and returned as one-line messages with the file position;
values that may be PHI are withheld (`messages.withheld`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from peerclaims.engine.x12 import messages
from peerclaims.engine.x12.reader import run_pyx12
from peerclaims.engine.x12.scan import Group, Interchange, Scan, Transaction


@dataclass(frozen=True, slots=True)
class Walked:
    """One transaction set as pyx12 walked it."""

    segments: list[tuple[int, str | None]]
    """(segment index in the file, loop id pyx12 matched it in, None when unrecognised)."""
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    """(segment index or None, one-line message naming the position) per pyx12 error."""
    valid: bool = True
    stopped: str | None = None
    """Why pyx12 stopped before the end (an exception), None when it walked the whole set."""


def walk(s: Scan, isa: Interchange, gs: Group, st: Transaction) -> Walked:
    """Validate transaction set `st` with pyx12 and return the segments it matched, in order."""
    body = st.segments
    seen: list[tuple[int, str | None]] = []

    def callback(seg: Any, src: Any, node: Any, valid: bool) -> None:
        at = src.get_cur_line() - 3
        if 0 <= at < len(body):
            seg_id = seg.get_seg_id()
            recognised = node is not None and node.id == seg_id
            seen.append((body.start + at, node.get_parent().id if recognised else None))

    run = run_pyx12(s, isa, gs, st, callback)
    ok, stopped = run.ok, run.stopped
    tree = json.loads(run.error_json) if run.error_json else {}
    errors = _errors(s, tree, run.mapping, st)
    if not ok and not errors and stopped is None:
        errors.append(
            (
                gs.gs,
                f"an element of the ISA, GS or ST at {s.describe(gs.gs)} is invalid "
                "(pyx12 rejects it without naming it)",
            )
        )
    return Walked(segments=seen, errors=errors, valid=bool(ok) and not errors, stopped=stopped)


def _errors(
    s: Scan, tree: dict[str, Any], mapping: Any, st: Transaction
) -> list[tuple[int | None, str]]:
    found: list[tuple[int | None, str]] = []
    anchor = st.se if st.se is not None else st.st
    for interchange in tree.get("interchanges", []):
        for err in interchange.get("errors", []):
            found.append((None, f"ISA/IEA: {err.get('err_str', '')}".strip()))
        for group in interchange.get("groups", []):
            for err in group.get("errors", []):
                found.append((None, f"GS/GE: {err.get('err_str', '')}".strip()))
            for txn in group.get("transactions", []):
                for err in txn.get("errors", []):
                    text = messages.withheld(s, str(err.get("err_str", "")).strip(), anchor)
                    found.append((anchor, f"{text} at {s.describe(anchor)}"))
                for segment in txn.get("segments", []):
                    ordinal = int(segment.get("cur_line") or 0)
                    index = mapping[ordinal - 1] if 0 < ordinal <= len(mapping) else None
                    texts = [str(x.get("err_str", "")) for x in segment.get("errors", [])]
                    for element in segment.get("elements", []):
                        texts.extend(str(x.get("err_str", "")) for x in element.get("errors", []))
                    where = s.describe(index) if index is not None else f"ST {st.control}"
                    for text in texts:
                        shown_text = messages.withheld(s, text.strip(), index)
                        found.append((index, f"{shown_text} at {where}"))
    return found
