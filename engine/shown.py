"""Showing text that came from an input file: escaped, cut short, on one line, PHI withheld.

Every message that can carry input text (a refusal, a problem on standard error, a problem
response of the service) is made safe here and nowhere else:

- `escape` writes control characters and other non-printable characters as escapes (`\\x1b`,
  `\\r`, `\\n`, `\\u202e`), so a message stays one line and cannot drive the user's terminal;
- `value` escapes a value taken from the input and cuts it to `VALUE_CHARS` characters;
- `withhold` replaces values taken from segments that may carry protected health information
  (member names, ids, birth dates, addresses, diagnoses) with `WITHHELD`, `withhold_segment`
  those of one segment, `segment_id` a segment identifier that is data;
- `line` is the last step before a message is shown: escaped and cut to `LINE_CHARS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

VALUE_CHARS = 40
"""The most characters of one input value a message echoes."""
LINE_CHARS = 600
"""The most characters of one message line."""
ELLIPSIS = "…"
WITHHELD = "[withheld]"
"""What stands in a message for a value that may be protected health information."""
LONG_RUN = 160
"""Characters without a space past which a run of text is an echoed value (`line`)."""

PHI_SEGMENTS = frozenset({"NM1", "DMG", "HI", "N3", "N4", "REF", "PER", "PAT", "CLM", "SBR"})
"""Segments whose values a message never quotes: names and ids (NM1), birth dates and sex (DMG),
diagnoses (HI), addresses (N3, N4), identifiers (REF), contacts (PER), patient and claim data
(PAT, CLM, SBR)."""

_SHORTEST = 3
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str) -> str:
    """`text` with every control or non-printable character written as an escape (`\\x1b`).

    Printable text is left as it is (a backslash too), so escaping twice changes nothing.
    """
    if text.isprintable():
        return text
    return "".join(_escape_char(char) for char in text)


def cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last one an ellipsis when anything was dropped."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def value(text: str, limit: int = VALUE_CHARS) -> str:
    """An input value as a message may echo it: escaped, then cut to `limit` characters."""
    return cut(escape(text[: limit * 4]), limit)


_RUN = re.compile(rf"\S{{{LONG_RUN},}}")
"""A run of text with no space this long is an echoed value, never a word or a file path."""


def line(text: str) -> str:
    """A message as shown to the user: one line, escaped, at most `LINE_CHARS` characters.

    Every run of `LONG_RUN` or more characters without a space is first cut to `VALUE_CHARS`
    (a control number of 4,400 digits would otherwise push the position at the end of the
    message past the line's limit)."""
    text = _RUN.sub(lambda run: value(run[0]), text)
    return cut(escape(text[: LINE_CHARS * 4]), LINE_CHARS)


def withhold(text: str, values: Iterable[str], *, phi: bool) -> str:
    """`text` with each of `values` (from the input) withheld (`phi`) or shown cut short.

    Longer values are replaced first, so a value holding another is replaced whole. Values of
    fewer than `_SHORTEST` characters (qualifiers, initials, counts) are left: they would match
    inside ordinary words.
    """
    for found in sorted({v for v in values if len(v) >= _SHORTEST}, key=len, reverse=True):
        if found in text:
            text = text.replace(found, WITHHELD if phi else value(found))
    return text


def _looks_like_segment_id(text: str) -> bool:
    return 2 <= len(text) <= 3 and text.isascii() and text.isalnum() and text[0].isalpha()


def segment_id(text: str) -> str:
    """A segment identifier as a message quotes it (`'NM1'`); data where one should be, withheld.

    When segments run together (a lost terminator), the identifier position may hold a name or
    an id: anything not two or three letters and digits is shown as `[withheld]`.
    """
    return f"'{text}'" if _looks_like_segment_id(text) else WITHHELD


def segment_name(text: str) -> str:
    """A segment identifier as a location names it (`NM1`); data where one should be, withheld."""
    return text if _looks_like_segment_id(text) else WITHHELD


def _segment_values(elements: list[str], separators: Iterable[str]) -> set[str]:
    values: set[str] = set()
    for element in elements[1:]:
        parts = [element]
        for separator in separators:
            parts = [piece for part in parts for piece in [part, *part.split(separator)]]
        values.update(parts)
    return values


def cut_segment(text: str, elements: list[str], separators: Iterable[str]) -> str:
    """`text` with the values of one segment (`elements`, identifier first) escaped and cut."""
    return withhold(text, _segment_values(elements, separators) | {elements[0]}, phi=False)


def withhold_segment(text: str, elements: list[str], separators: Iterable[str]) -> str:
    """`text` (a message about one segment) with that segment's values withheld or cut short.

    `elements` are the segment's elements, its identifier first; `separators` split them into
    components and repeats. The values of a segment in `PHI_SEGMENTS`, or of one whose identifier
    is not one (a name or number where the identifier should be), are withheld; others are
    echoed escaped and cut short.
    """
    seg_id = elements[0] if elements else ""
    known = _looks_like_segment_id(seg_id.strip())
    phi = not known or seg_id.strip() in PHI_SEGMENTS
    values = _segment_values(elements, separators)
    if not known:
        values.add(seg_id)
    return withhold(text, values, phi=phi)
