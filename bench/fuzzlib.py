"""Hostile-input mutations of 837 files, shared by `tests/test_fuzz.py` and `bench/fuzz.py`.

A `Mutation` is three plain values (`kind`, `a`, `b`); `apply` resolves them against a file
(which segment, which element, which value of a vocabulary) and returns the mutated bytes with
a one-line description, so a failure reads as a reproducer ("SV104 of segment 26 := '1E17'").
The same mutations are drawn by hypothesis (`fuzz_cases`, which shrinks integers) and by a
seeded `random.Random` (`random_case`, for the long bench run).

Kinds: ``set`` an element chosen by meaning (units, charges, dates, NPIs, counts, control
numbers) to a value at or past its bounds; ``junk`` any element to control characters, unicode
or an overlong value; ``extra`` one more element on an envelope segment (ISA/GS/ST/SE/GE/IEA);
``stretch`` an element to the wrong length; ``duplicate``, ``delete``, ``swap`` segments;
``truncate`` the file; ``unterminated`` (segment terminators dropped or made newlines);
``raw`` bytes inserted anywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "claims"
CORPUS = REPO.parent / "shared" / "corpus" / "x12"
MAX_BASE_BYTES = 64_000
"""Larger corpus files are left out: one mutated input must take well under a second."""

UNITS = (
    "1E17", "1e17", "1E16", "99999999999999999", "100000000000000000", "1E308", "1e9999",
    "1E-7", "0", "-1", "-0", "2.5", "0.5", "NaN", "inf", "00000000000000000001", "24", "25",
    "+1", "1.", ".", "1,000", "9" * 40,
)  # fmt: skip
AMOUNTS = (
    "1234567890123456789012345678", "1234567890123456789012345678.00", "-5.00", "-0.01",
    "0", "0.00", "0.001", "1E17", "99999999999999999.99", "NaN", "12.345", "1,000.00", "-10.00",
    "-1E17", "9" * 400,
)  # fmt: skip
DATES = (
    "99991231", "00000000", "20260230", "20261301", "18991231", "19000101", "20991231",
    "21000101", "2026023", "202602301", "20260203-99991231", "20260205-20260203",
    "ABCDEFGH", "20250229", "20240229", "-2026020",
)  # fmt: skip
NPIS = (
    "197040002A", "1970400020", "0", "12345678901234567890", "197040002", "19704000280",
    "ZZZZZZZZZZ", "-197040002", "1E17", "9" * 60,
)  # fmt: skip
COUNTS = (
    "0", "-1", "99999999999", "1E17", "1.5", "", "18446744073709551616", "000000001",
    "9" * 400,
)  # fmt: skip
CONTROLS = (
    "\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x1b[31mRED\x1b[0m", "\x00", "\r", "\n", "\x7f",
    "\x08\x08\x08", "\x9b31m", "\t", "A\x1bB",
)  # fmt: skip
UNICODE = (
    "é", "\u202eLIVE", "\ufeff", "\U0001d7d9\U0001d7da", "\u2028", "\u0085", "日本",
    "\udcff", "\udcc3\udca9", "Ω" * 30,
)  # fmt: skip
LONG = ("A" * 1000, "9" * 4400, "X" * 100_000)
GENERIC = CONTROLS + UNICODE + LONG + ("", "X", "0", "-1", "1E17", "99991231")
PROCEDURES = ("HC:H0038:HQ:HQ:HQ:HQ:HQ", "HC:", "HC:H0038:\x1b[1m", "XX:H0038", ":::::", "HC")
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "units": UNITS,
    "amount": AMOUNTS,
    "date": DATES,
    "npi": NPIS,
    "count": COUNTS,
    "text": CONTROLS + UNICODE + LONG,
    "procedure": PROCEDURES + CONTROLS,
}
ALL_VALUES = frozenset(v for values in VOCABULARIES.values() for v in values) | frozenset(GENERIC)

# (label, segment id, element index, vocabulary): the elements worth aiming at.
SPOTS: tuple[tuple[str, str, int, str], ...] = (
    ("SV104 units", "SV1", 4, "units"),
    ("SV102 charge", "SV1", 2, "amount"),
    ("CLM02 total", "CLM", 2, "amount"),
    ("DTP03 date", "DTP", 3, "date"),
    ("DMG02 birth date", "DMG", 2, "date"),
    ("BHT04 date", "BHT", 4, "date"),
    ("GS04 date", "GS", 4, "date"),
    ("NM109 identifier", "NM1", 9, "npi"),
    ("REF02 identifier", "REF", 2, "npi"),
    ("SE01 count", "SE", 1, "count"),
    ("SE02 control number", "SE", 2, "text"),
    ("ST02 control number", "ST", 2, "text"),
    ("GE01 count", "GE", 1, "count"),
    ("IEA01 count", "IEA", 1, "count"),
    ("HL01 id", "HL", 1, "count"),
    ("HL02 parent", "HL", 2, "count"),
    ("LX01 line number", "LX", 1, "count"),
    ("SV107 pointer", "SV1", 7, "count"),
    ("CLM01 claim id", "CLM", 1, "text"),
    ("SV101 procedure", "SV1", 1, "procedure"),
    ("HI01 diagnosis", "HI", 1, "procedure"),
    ("CLM05 place of service", "CLM", 5, "procedure"),
)
SPOT_WEIGHT = {"units": 3, "amount": 3, "date": 2, "npi": 2}
"""How many times over a spot of each vocabulary is drawn (others once)."""
ENVELOPE = ("ISA", "GS", "ST", "SE", "GE", "IEA")
KINDS = (
    "set", "set", "set", "set", "junk", "extra", "stretch", "duplicate", "delete", "swap",
    "truncate", "unterminated", "raw",
)  # fmt: skip
"""Weighted: `set` (numbers at their bounds) is drawn four times as often as the others."""


@dataclass(frozen=True)
class Mutation:
    """One change to a file: `kind` and two integers that pick where and what (see `apply`)."""

    kind: str
    a: int
    b: int


@dataclass(frozen=True)
class FuzzCase:
    """A base file (by its name in the pool) and the mutations applied to it in order."""

    base: str
    mutations: tuple[Mutation, ...]


@dataclass
class Doc:
    """A file split into segments: text before the ISA, then (segment, what follows it)."""

    prefix: str
    segments: list[list[str]]
    element: str
    component: str

    def text(self) -> str:
        return self.prefix + "".join(seg + after for seg, after in self.segments)


def decode(data: bytes) -> str:
    """Bytes as text that encodes back to the same bytes (undecodable bytes as surrogates)."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def split(text: str) -> Doc | None:
    """The segments of an X12 text by its ISA's delimiters, or None when it has no usable ISA."""
    start = text.find("ISA")
    if start < 0 or len(text) < start + 106 or text[:start].strip("\ufeff \t\r\n"):
        return None
    element, component, terminator = text[start + 3], text[start + 104], text[start + 105]
    if terminator.isalnum() or element.isalnum() or terminator == element:
        return None
    segments: list[list[str]] = []
    position = start
    while position < len(text):
        end = text.find(terminator, position)
        if end < 0:
            segments.append([text[position:], ""])
            break
        after = end + 1
        while after < len(text) and text[after] in "\r\n":
            after += 1
        segments.append([text[position:end], text[end:after]])
        position = after
    return Doc(text[:start], segments, element, component)


def segment_id(segment: str, element: str) -> str:
    return segment.split(element, 1)[0].strip()


def _spots(ids: set[str]) -> list[tuple[str, str, int, str]]:
    """The spots of `SPOTS` whose segment the file has; units and amounts three times over (the
    engine's numbers are where the crashes were)."""
    return [spot for spot in SPOTS for _ in range(SPOT_WEIGHT.get(spot[3], 1)) if spot[1] in ids]


def _pick(values: tuple[str, ...], index: int) -> str:
    return values[index % len(values)]


def _set_element(doc: Doc, index: int, position: int, value: str) -> None:
    elements = doc.segments[index][0].split(doc.element)
    while len(elements) <= position:
        elements.append("")
    elements[position] = value
    doc.segments[index][0] = doc.element.join(elements)


def _shown(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}...' ({len(value)} chars)"


def _apply_to_doc(doc: Doc, mutation: Mutation) -> str:
    """Change `doc` in place; the description of what was done."""
    kind, a, b = mutation.kind, mutation.a, mutation.b
    ids = [segment_id(seg, doc.element) for seg, _ in doc.segments]
    n = len(doc.segments)
    if kind == "set":
        spots = _spots(set(ids))
        if not spots:
            return "set: no element to aim at"
        label, seg, position, vocabulary = spots[a % len(spots)]
        where = [i for i, name in enumerate(ids) if name == seg]
        index = where[(a // len(spots)) % len(where)]
        value = _pick(VOCABULARIES[vocabulary], b)
        _set_element(doc, index, position, value)
        return f"{label} of segment {index + 1} := {_shown(value)}"
    if kind == "junk":
        index = a % n
        fields = doc.segments[index][0].count(doc.element)
        position = 1 + (a // n) % max(fields, 1)
        value = _pick(GENERIC, b)
        _set_element(doc, index, position, value)
        return f"{ids[index]}{position:02d} of segment {index + 1} := {_shown(value)}"
    if kind == "extra":
        where = [i for i, name in enumerate(ids) if name in ENVELOPE] or list(range(n))
        index = where[a % len(where)]
        value = _pick(COUNTS + CONTROLS, b)
        doc.segments[index][0] += doc.element + value
        return f"{ids[index]} of segment {index + 1} gets an extra element {_shown(value)}"
    if kind == "stretch":
        index = a % n
        elements = doc.segments[index][0].split(doc.element)
        position = 1 + (a // n) % max(len(elements) - 1, 1)
        old = elements[position] if position < len(elements) else ""
        value = (old or "9") * (2 + b % 40) if b % 3 else old[:1]
        _set_element(doc, index, position, value)
        return (
            f"{ids[index]}{position:02d} of segment {index + 1}: length {len(old)} -> {len(value)}"
        )
    if kind == "duplicate":
        index, to = a % n, b % (n + 1)
        doc.segments.insert(to, list(doc.segments[index]))
        return f"segment {index + 1} ({ids[index]}) copied before segment {to + 1}"
    if kind == "delete":
        index = a % n
        del doc.segments[index]
        return f"segment {index + 1} ({ids[index]}) deleted"
    if kind == "swap":
        i, j = a % n, b % n
        doc.segments[i][0], doc.segments[j][0] = doc.segments[j][0], doc.segments[i][0]
        return f"segments {i + 1} ({ids[i]}) and {j + 1} ({ids[j]}) swapped"
    if kind == "unterminated":
        replacement = ("", "\n", "\r\n")[b % 3]
        first = 1 + a % n  # the ISA keeps its terminator: the delimiters stay readable
        for segment in doc.segments[first:]:
            segment[1] = replacement
        return f"segment terminators after segment {first} replaced by {replacement!r}"
    raise ValueError(f"unknown mutation kind {kind!r}")


def apply(data: bytes, mutations: tuple[Mutation, ...]) -> tuple[bytes, list[str]]:
    """The mutated bytes and one description per mutation, applied in order."""
    text = decode(data)
    described: list[str] = []
    for mutation in mutations:
        doc = split(text)
        if mutation.kind == "truncate" or (doc is None and mutation.kind != "raw"):
            cut = mutation.a % (len(text) + 1)
            text = text[:cut]
            described.append(f"truncated at character {cut}")
        elif mutation.kind == "raw":
            at = mutation.a % (len(text) + 1)
            value = _pick(CONTROLS + UNICODE, mutation.b)
            text = text[:at] + value + text[at:]
            described.append(f"{_shown(value)} inserted at character {at}")
        else:
            assert doc is not None
            if not doc.segments:
                described.append(f"{mutation.kind}: no segments")
                continue
            described.append(_apply_to_doc(doc, mutation))
            text = doc.text()
    return encode(text), described


def base_pool(corpus: Path | None = CORPUS) -> dict[str, bytes]:
    """The files mutations start from: every claims fixture, and the corpus files when present.

    Names are relative (`fixtures/nc/clean.837`, `corpus/pyx12/simple_837p.txt`); corpus files
    larger than `MAX_BASE_BYTES` are left out. The state fixtures the sample reference data
    accepts (`rules_clean`) come first: hypothesis draws the first ones most.
    """
    clean = sorted(
        FIXTURES.glob("*/clean.837"), key=lambda p: (p.parent.name == "clean", p.parent.name)
    )
    pool = {f"fixtures/{p.relative_to(FIXTURES).as_posix()}": p.read_bytes() for p in clean}
    for path in sorted(FIXTURES.rglob("*.837")):
        pool.setdefault(f"fixtures/{path.relative_to(FIXTURES).as_posix()}", path.read_bytes())
    if corpus is not None and corpus.is_dir():
        for path in sorted(corpus.rglob("*")):
            if (
                path.is_file()
                and path.name != "SOURCES.md"
                and not path.name.startswith(".")
                and path.stat().st_size <= MAX_BASE_BYTES
            ):
                pool[f"corpus/{path.relative_to(corpus).as_posix()}"] = path.read_bytes()
    return pool


def mutations() -> st.SearchStrategy[Mutation]:
    """A hypothesis strategy of one mutation."""
    return st.builds(
        Mutation,
        kind=st.sampled_from(KINDS),
        a=st.integers(min_value=0, max_value=1 << 20),
        b=st.integers(min_value=0, max_value=1 << 20),
    )


def fuzz_cases(pool: dict[str, bytes]) -> st.SearchStrategy[FuzzCase]:
    """A hypothesis strategy of a base file of `pool` and one to three mutations."""
    return st.builds(
        FuzzCase,
        base=st.sampled_from(list(pool)),
        mutations=st.lists(mutations(), min_size=1, max_size=3).map(tuple),
    )


def rules_clean(names: list[str]) -> list[str]:
    """The fixtures every rule passes with the sample reference data (`fixtures/<st>/clean.837`):
    mutations of these are the ones that reach the rules engine with every value."""
    return [n for n in names if n.endswith("/clean.837") and not n.startswith("fixtures/clean/")]


def random_case(rng: random.Random, names: list[str]) -> FuzzCase:
    """Like `fuzz_cases`, from a seeded `random.Random`: the base is one of `rules_clean` two
    times in five, any of `names` otherwise."""
    count = rng.choice((1, 1, 2, 3))
    clean = rules_clean(names)
    return FuzzCase(
        base=rng.choice(clean if clean and rng.randrange(5) < 2 else names),
        mutations=tuple(
            Mutation(rng.choice(KINDS), rng.randrange(1 << 20), rng.randrange(1 << 20))
            for _ in range(count)
        ),
    )


def aimed(data: bytes, label: str, value: str, occurrence: int = 0) -> Mutation:
    """The `set` mutation that writes `value` into the `occurrence`-th element named by `label`.

    `label` is a `SPOTS` label ("SV104 units"); `value` must be in that spot's vocabulary. For
    hand-picked examples: the hostile inputs of the issue, written as the fuzzer draws them.
    """
    doc = split(decode(data))
    if doc is None:
        raise ValueError("aimed: the file has no usable ISA")
    spots = _spots({segment_id(seg, doc.element) for seg, _ in doc.segments})
    index = next(i for i, s in enumerate(spots) if s[0] == label)
    return Mutation(
        "set", index + len(spots) * occurrence, VOCABULARIES[spots[index][3]].index(value)
    )
