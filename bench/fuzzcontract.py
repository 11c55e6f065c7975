"""The command line's contract on hostile input, judged from one run's exit status and output.

Shared by `tests/test_fuzz.py` and `bench/fuzz.py`. A run of `peerclaims check FILE... --format
json` keeps the contract when: it ends by exit 0, 1 or 2, never a signal or a time-out; standard
error holds no traceback and no "internal error"; every standard-error line is one whole
problem (`peerclaims: FILE: ...` naming a byte, line or segment), with no raw control character
(below 0x20 but the final newline, 0x7f; C1 controls are counted apart), no longer than
`LONGEST_LINE` characters (echoed values cut short), and none of the input's member names,
ids, birth dates or diagnosis codes; the JSON on standard output (exit 0 or 1, and exit 2 when
it is there) is valid against `peerclaims schema`, every error has a position, and every
transaction set of the input yields one claim per CLM segment unless an error placed in that
transaction set (or a refusal of the whole file) says why not; a file that breaks a rule of
`invalid_reasons` (an envelope segment with extra elements, a negative charge or unit count)
does not come out clean; a single file refused (exit 2) gives exactly one line.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bench.fuzzlib import ALL_VALUES, decode, encode, segment_id, split

REFUSALS = frozenset({"input", "encoding", "not-x12", "isa"})
"""Error codes of a file refused whole (`InputError` and its subclasses)."""
DIAGNOSIS_QUALIFIERS = frozenset({"ABK", "ABF", "ABJ", "ABN", "APR", "BK", "BF", "BJ", "BN", "PR"})
"""HI code list qualifiers of diagnosis codes (ICD-10-CM and ICD-9-CM); a composite with another
qualifier (a segment run into the HI when its terminator is gone, say) is not a diagnosis."""
LONGEST_LINE = 1000
"""Characters a standard-error line may have: an echoed value is cut short well before."""
POSITION = re.compile(r"\b(byte|line|segment) \d+")
KINDS = (
    "crash", "hang", "traceback", "internal-error", "exit-code", "json-invalid",
    "schema-invalid", "claims-missing", "claims-extra", "invalid-accepted",
    "error-without-position", "stderr-control", "stderr-c1-control", "stderr-phi",
    "stderr-long-line", "multi-line", "line-without-file", "line-without-position",
    "refusal-not-one-line",
)  # fmt: skip
"""Every kind of violation, in the order reports list them."""


@dataclass(frozen=True)
class Outcome:
    """What one run did: exit status (negative: killed by that signal), its two streams."""

    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False


@dataclass(frozen=True)
class Violation:
    """One broken promise: its kind, the input file it concerns ("" for the whole run)."""

    kind: str
    file: str
    detail: str


@cache
def _validator() -> Any:
    import jsonschema_rs  # noqa: PLC0415 - a dependency of schemathesis (dev extra)

    from peerclaims.engine.result import json_schema_text  # noqa: PLC0415

    return jsonschema_rs.validator_for(json.loads(json_schema_text()))


def phi_tokens(data: bytes) -> set[str]:
    """Member names and ids (NM1*IL, NM1*QC), their street addresses (the N3 after them),
    birth dates (DMG02), diagnosis codes (HI).

    Values the mutations write themselves are left out, and so are tokens too short to tell
    from other text (under 4 characters, or under 6 when all digits).
    """
    doc = split(decode(data))
    if doc is None:
        return set()
    found: set[str] = set()
    member = False
    for segment, _ in doc.segments:
        elements = segment.split(doc.element)
        name = segment_id(segment, doc.element)
        values: list[str] = []
        if name == "NM1":
            member = len(elements) > 1 and elements[1] in ("IL", "QC")
        if name == "NM1" and member:
            values = [elements[i] for i in (3, 4, 5, 9) if i < len(elements)]
        elif name == "N3" and member:
            values = elements[1:3]
        elif name == "DMG" and len(elements) > 2:
            values = [elements[2]]
        elif name == "HI":
            parts = [e.split(doc.component) for e in elements[1:]]
            values = [p[1] for p in parts if len(p) > 1 and p[0] in DIAGNOSIS_QUALIFIERS]
        for raw in values:
            value = raw.strip()
            if value in ALL_VALUES or len(value) < 4 or (value.isdigit() and len(value) < 6):
                continue
            found.add(value)
    return found


ENVELOPE_MAX = {"ISA": 16, "GS": 8, "ST": 3, "SE": 2, "GE": 2, "IEA": 2}
"""Elements each envelope segment may have (X12.5 / the 837P guide's envelope)."""
_NEGATIVE = re.compile(r"-\s*0*[1-9]|-\s*0*\.0*[1-9]")


def invalid_reasons(data: bytes, *, rules: bool) -> list[str]:
    """Why the file must not come out clean: envelope segments with too many elements and, when
    rules run (`rules`), a negative SV102 charge, SV104 unit count or CLM02 total."""
    doc = split(decode(data))
    if doc is None:
        return []
    reasons: list[str] = []
    for number, (segment, _) in enumerate(doc.segments, start=1):
        name = segment_id(segment, doc.element)
        elements = segment.split(doc.element)
        if name in ENVELOPE_MAX and len(elements) - 1 > ENVELOPE_MAX[name]:
            reasons.append(f"segment {number} {name} has {len(elements) - 1} elements")
        spots = {"SV1": (2, 4), "CLM": (2,)}.get(name, ()) if rules else ()
        for position in spots:
            if position < len(elements) and _NEGATIVE.match(elements[position].strip()):
                reasons.append(f"segment {number} {name}{position:02d} is {elements[position]}")
    return reasons


def transaction_ranges(data: bytes) -> list[tuple[int, int, int]] | None:
    """Per ST segment: (first byte, byte after its range, CLM segments in it); None if unsplit.

    A range runs from its ST to the next ST (or the end of the file).
    """
    doc = split(decode(data))
    if doc is None:
        return None
    offset = len(encode(doc.prefix))
    starts: list[list[int]] = []
    for segment, after in doc.segments:
        name = segment_id(segment, doc.element)
        if name == "ST":
            starts.append([offset, 0])
        elif name == "CLM" and starts:
            starts[-1][1] += 1
        offset += len(encode(segment + after))
    ends = [s[0] for s in starts[1:]] + [offset + 1] * bool(starts)
    return [(s[0], end, s[1]) for s, end in zip(starts, ends, strict=True)]


def _stderr_lines(stderr: bytes) -> list[str]:
    text = decode(stderr)
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") if text else []


def _judge_stderr(
    stderr: bytes, files: dict[str, bytes], phi: dict[str, set[str]]
) -> list[Violation]:
    found: list[Violation] = []
    lines = _stderr_lines(stderr)
    for line in lines:
        if "internal error" in line:
            continue  # counted once, as internal-error
        named = next((f for f in files if line.startswith(f"peerclaims: {f}: ")), "")
        shown = repr(line[:160])
        if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", line):
            found.append(Violation("stderr-control", named, shown))
        if re.search(r"[\x80-\x9f]", line):
            found.append(Violation("stderr-c1-control", named, shown))
        if len(line) > LONGEST_LINE:
            found.append(Violation("stderr-long-line", named, f"{len(line)} characters: {shown}"))
        if not line.startswith("peerclaims: "):
            found.append(Violation("multi-line", named, shown))
            continue
        if not named:
            found.append(Violation("line-without-file", "", shown))
        elif not POSITION.search(line):
            found.append(Violation("line-without-position", named, shown))
        for file, tokens in phi.items():
            leaked = sorted(t for t in tokens if t in line)
            if leaked:
                found.append(Violation("stderr-phi", file, f"{leaked[:3]} in {shown}"))
    return found


def _judge_claims(
    document: dict[str, Any], files: dict[str, bytes], *, rules: bool
) -> list[Violation]:
    found: list[Violation] = []
    for error in document.get("errors", []):
        if not error.get("position"):
            found.append(Violation("error-without-position", error.get("file", ""), str(error)))
    for file, data in files.items():
        ranges = transaction_ranges(data)
        errors = [e for e in document.get("errors", []) if e.get("file") == file]
        claims = [c for c in document.get("claims", []) if c.get("file") == file]
        if any(e.get("code") in REFUSALS for e in errors):
            if claims:
                found.append(Violation("claims-extra", file, f"{len(claims)} claims, refused"))
            continue
        reasons = invalid_reasons(data, rules=rules)
        if reasons and not errors and all(c.get("status") == "accepted" for c in claims):
            found.append(Violation("invalid-accepted", file, "; ".join(reasons[:3])))
        if ranges is None:
            continue
        placed = [(e.get("position") or {}).get("byte", -1) for e in errors]
        bytes_of = [(c.get("position") or {}).get("byte", -1) for c in claims]
        for start, end, expected in ranges:
            got = sum(1 for b in bytes_of if start <= b < end)
            if got == expected or any(start <= b < end for b in placed):
                continue
            kind = "claims-missing" if got < expected else "claims-extra"
            detail = f"transaction set at byte {start}: {expected} CLM, {got} claims, no error"
            found.append(Violation(kind, file, detail))
    return found


def _judge_exit(
    outcome: Outcome, document: dict[str, Any] | None, files: dict[str, bytes]
) -> list[Violation]:
    code = outcome.returncode
    if document is None:
        return []
    errors = document.get("errors", [])
    refused = any(e.get("code") in REFUSALS for e in errors)
    rejected = any(c.get("status") != "accepted" for c in document.get("claims", []))
    want = 2 if refused else 1 if (errors or rejected) else 0
    if code != want:
        return [Violation("exit-code", "", f"exit {code}, the document says {want}")]
    if code == 2 and len(files) == 1 and len(_stderr_lines(outcome.stderr)) != 1:
        lines = len(_stderr_lines(outcome.stderr))
        return [Violation("refusal-not-one-line", next(iter(files)), f"{lines} lines")]
    return []


def judge(outcome: Outcome, files: dict[str, bytes], *, rules: bool) -> list[Violation]:
    """Every violation of the contract by one run over `files` (name as given -> bytes);
    `rules`: the run judged claims by the rule packs (not `--syntax-only`)."""
    whole = next(iter(files)) if len(files) == 1 else ""
    err = decode(outcome.stderr)
    if outcome.timed_out:
        return [Violation("hang", whole, "no exit within the time limit")]
    if outcome.returncode < 0:
        return [Violation("crash", whole, f"killed by signal {-outcome.returncode}")]
    found: list[Violation] = []
    if "Traceback (most recent call last)" in err:
        found.append(Violation("traceback", whole, err.strip().splitlines()[-1][:200]))
    if "internal error" in err:
        line = next(x for x in err.splitlines() if "internal error" in x)
        found.append(Violation("internal-error", whole, line[:200]))
    if outcome.returncode not in (0, 1, 2):
        found.append(Violation("exit-code", whole, f"exit {outcome.returncode}"))
    phi = {name: phi_tokens(data) for name, data in files.items()}
    found += _judge_stderr(outcome.stderr, files, phi)
    document: dict[str, Any] | None = None
    if outcome.stdout.strip() or outcome.returncode in (0, 1):
        try:
            document = json.loads(outcome.stdout)
        except ValueError as exc:
            if not found:  # a run that already failed is not blamed twice
                found.append(Violation("json-invalid", whole, str(exc)[:200]))
    if document is not None:
        errors = list(_validator().iter_errors(document))
        if errors:
            found.append(Violation("schema-invalid", whole, str(errors[0])[:200]))
        else:
            found += _judge_claims(document, files, rules=rules)
            found += _judge_exit(outcome, document, files)
    return found


def fatal(violations: Iterable[Violation]) -> bool:
    """Whether a run lost every file's result (a batch run is then redone file by file)."""
    lost = {"crash", "hang", "traceback", "internal-error", "json-invalid"}
    return any(v.kind in lost for v in violations)


def check_command(
    names: Sequence[str], reference: Path | None, *, syntax_only: bool, jobs: int = 1
) -> list[str]:
    """The `peerclaims check` arguments for `names` (JSON; the reference folder or syntax only;
    `--jobs` when more than 1)."""
    options = ["--syntax-only"] if syntax_only else ["--reference", str(reference)]
    parallel = ["--jobs", str(jobs)] if jobs > 1 else []
    return ["check", *names, "--format", "json", *options, *parallel]


def run_cli(args: Sequence[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> Outcome:
    """Run `python -m peerclaims.engine.cli ARGS` in a subprocess (a crash shows as a signal).

    The command runs in a process group of its own: on a time-out the whole group is killed,
    `--jobs` workers included, and the outcome is a hang.
    """
    with subprocess.Popen(
        [sys.executable, "-m", "peerclaims.engine.cli", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(b"", timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            return Outcome(-signal.SIGKILL, stdout, stderr, timed_out=True)
    return Outcome(process.returncode, stdout, stderr)
