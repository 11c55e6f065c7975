"""The remittance reader's speed against pyx12 alone, on the same file in the same run.

    python -m bench.remit [FILE] [--rounds N]

FILE defaults to the largest 835 of the public corpus that both read (shared/corpus/x12-remit/
oopfactory-x12/835_WithMultipleInterchanges.txt: 3 interchanges, 56 claims, 91 service lines;
the larger 835_DeIdent_01.dat is refused by both: its GS08 is masked). Each round runs two fresh
interpreters, interleaved: **pyx12 alone** (`x12n_document` on the text, BOM stripped, decoded
Latin-1, as a `StringIO`, its logger silenced, nothing of peerclaims imported) and **peerclaims**
(`read_remit` on the bytes: scan, pyx12 validation with the walking callback, claims built). Each
child times a first call (cold: pyx12 parses its XML maps) and a second call on the same text
(warm: peerclaims keeps the parsed maps, pyx12 as shipped parses them again). The medians over the
rounds are printed with the raw samples.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = (
    REPO.parent
    / "shared"
    / "corpus"
    / "x12-remit"
    / "oopfactory-x12"
    / "835_WithMultipleInterchanges.txt"
)

_PYX12 = """
import io, json, logging, sys, time
logging.getLogger("pyx12").setLevel(logging.CRITICAL + 1)
logging.getLogger("pyx12").propagate = False
import pyx12.params, pyx12.x12n_document
data = open(sys.argv[1], "rb").read()
text = data[3:].decode("latin-1") if data.startswith(b"\\xef\\xbb\\xbf") else data.decode("latin-1")
times = []
for _ in range(2):
    start = time.perf_counter()
    pyx12.x12n_document.x12n_document(param=pyx12.params.ParamsBase(), src_file=io.StringIO(text),
        fd_997=None, fd_html=None, fd_json=io.StringIO())
    times.append(time.perf_counter() - start)
print(json.dumps({"cold": times[0], "warm": times[1]}))
"""

_PEERCLAIMS = """
import json, sys, time
from peerclaims.engine.remit.read import read_remit
data = open(sys.argv[1], "rb").read()
times, claims = [], 0
for _ in range(2):
    start = time.perf_counter()
    claims = len(read_remit(data, sys.argv[1]).claims)
    times.append(time.perf_counter() - start)
print(json.dumps({"cold": times[0], "warm": times[1], "claims": claims}))
"""


def _child(code: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main(argv: list[str] | None = None) -> None:
    """Run the rounds and print the medians (seconds) and the samples as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    samples: dict[str, list[dict[str, float]]] = {"pyx12": [], "peerclaims": []}
    for _ in range(args.rounds):
        samples["pyx12"].append(_child(_PYX12, args.file))
        samples["peerclaims"].append(_child(_PEERCLAIMS, args.file))
    medians = {
        kind: {when: statistics.median(s[when] for s in runs) for when in ("cold", "warm")}
        for kind, runs in samples.items()
    }
    print(json.dumps({"file": str(args.file), "medians": medians, "samples": samples}, indent=2))
    for when in ("cold", "warm"):
        ours, theirs = medians["peerclaims"][when], medians["pyx12"][when]
        print(
            f"{when}: peerclaims {ours * 1000:.1f} ms, pyx12 alone {theirs * 1000:.1f} ms "
            f"(ratio {ours / theirs:.2f})",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
