"""Messages about an X12 file as shown: pyx12's texts with input values withheld or cut short.

pyx12 quotes the offending value in its error texts (`len("WINTHORPE…") = 63 > 60`,
`contains an invalid character(…)`, `Segment identifier "…" is invalid`). The reader passes
those texts through here: a problem (shown on standard error and in the service's answer) has
the values of its segment withheld when the segment may carry PHI (`shown.withhold_segment`);
a finding (the claim's own result) has them escaped and cut short; a message that does not name
its line and byte is given them.
"""

from __future__ import annotations

import re

from peerclaims.engine import shown
from peerclaims.engine.x12.scan import Scan

LONG = 200
"""A finding message longer than this may quote a long value: its values are cut short."""
_NAMES_POSITION = re.compile(r"line \d+.*byte \d+")
"""A message that already names its line and byte (`line 3 (segment 3, byte 175)`)."""
_QUOTED_ID = re.compile(r'(Segment identifier )"([^"]*)"')
"""How pyx12 quotes an unrecognized segment identifier (which may be a name run into it)."""


def _separators(s: Scan) -> list[str]:
    d = s.delimiters
    return [d.sub_element] + ([d.repetition] if d.repetition else [])


def withheld(s: Scan, text: str, index: int | None) -> str:
    """pyx12's `text` about segment `index` with the segment's values withheld or cut.

    A segment identifier pyx12 quotes (`Segment identifier "X"`) is withheld when it is data.
    """
    text = _QUOTED_ID.sub(lambda m: m[1] + shown.segment_id(m[2]), text)
    if index is None:
        return shown.line(text)
    return shown.withhold_segment(text, s.elements(index), _separators(s))


def cut_values(s: Scan, text: str, index: int) -> str:
    """A finding's `text` with segment `index`'s values escaped and cut short (not withheld)."""
    if len(text) <= LONG and text.isprintable():
        return text
    return shown.line(shown.cut_segment(text, s.elements(index), _separators(s)))


def with_position(s: Scan, message: str, index: int) -> str:
    """`message`, ending with segment `index`'s line, segment and byte unless it names them."""
    if _NAMES_POSITION.search(message):
        return message
    return f"{message}, {s.describe(index)}"
