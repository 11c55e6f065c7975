"""A 10,000-claim batch, and the suite's edge batches, give on Dask the bytes of one process.

The big batch (tests/bigbatch.py) covers every payer, with reference data and history made for
its claims; group lines of one peer and day, and duplicates, join claims of different files, so
its partitions cross files. It is made once for the module and each command runs once per side:
`check --format json` and `impact --format json` in one process and with `--jobs 2`, compared
byte for byte with their standard error and exit code.

The edge batches are the hostile and out-of-range inputs the other tests check one process with
(test_bounded_values, test_bad_inputs, test_fuzz's issue inputs, test_frequency's replacement
and void): here all of them in one batch, on the session's local cluster (`--scheduler`).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.fuzzlib import apply
from tests.bigbatch import CHANGED, Batch, write_batch
from tests.conftest import FIXTURES, REFERENCE, REPO, same_output
from tests.test_bad_inputs import BAD_INPUTS
from tests.test_bounded_values import BAD, NEGATIVE, _three_claims
from tests.test_frequency import _as
from tests.test_fuzz import ISSUE_INPUTS, POOL

BIG_CLAIMS = 10_000
DRAFT_VALUES = {
    Path("states", "tx", "parameters", "limits", "max_group_size.yaml"): 2,
    Path("states", "nj", "parameters", "limits", "max_units_per_day.yaml"): 4,
}
"""A rule change from 2026-01-01 (the batch's service dates are in 2026), the rules of the big
`check` and the after side of `impact`: Texas' group cap (its members counted per peer and day,
across files) and New Jersey's daily cap."""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The 10,000 claims (22 files) and their reference data; about 10 s to make."""
    batch = write_batch(tmp_path_factory.mktemp("big"), BIG_CLAIMS)
    assert batch.claims == BIG_CLAIMS
    assert batch.group_keys_across_files > 100
    assert batch.members_across_files > 100
    return batch


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ with `DRAFT_VALUES` dated 2026-01-01."""
    rules = tmp_path_factory.mktemp("draft") / "rules"
    shutil.copytree(REPO / "rules", rules)
    for path, value in DRAFT_VALUES.items():
        with (rules / path).open("a", encoding="utf-8") as parameter:
            parameter.write(f"  2026-01-01: {value}\n")
    return rules


def test_ten_thousand_claims_with_jobs_2_give_the_bytes_of_one_process(
    big: Batch, draft: Path
) -> None:
    """`check --jobs 2` on 10,000 claims whose partitions cross files: one process's JSON. The
    rules are the draft's, whose Texas group cap of 2 makes group sizes (counted across files)
    show in the result; the workers get the draft's folder from the command."""
    args = ("check", "--format", "json", "--reference", big.reference, *big.files)
    one = same_output(args, "--jobs", "2", env={"PEERCLAIMS_RULES_DIR": str(draft)})
    assert one.returncode == 1, one.stderr.decode()[-2000:]
    document = json.loads(one.stdout)
    assert document["summary"]["claims"] == BIG_CLAIMS
    rules = Counter(f["rule_id"] for c in document["claims"] for f in c["findings"])
    assert rules["FED-DUP-0001"] > 500  # the resent set's claims and the history's lines
    assert rules["NC-LIM-0001"] > 0  # the history's earlier lines count toward a limit
    assert rules["TX-LIM-0002"] > 10  # groups over the draft's cap of 2
    # some replacements and voids of resent.837 found their original in the run
    assert 0 < rules["FED-FREQ-0001"] < 2 * CHANGED
    accepted = Counter(c["status"] for c in document["claims"])
    assert accepted["accepted"] > BIG_CLAIMS // 2


def test_impact_on_ten_thousand_claims_with_jobs_2(big: Batch, draft: Path) -> None:
    """`impact --jobs 2` on the big batch, for the draft's caps: one process's report."""
    args = (
        "impact",
        "--claims",
        big.files[0].parent,
        "--before",
        REPO / "rules",
        "--after",
        draft,
        "--reference",
        big.reference,
        "--format",
        "json",
    )
    one = same_output(args, "--jobs", "2")
    assert one.returncode == 0, one.stderr.decode()[-2000:]
    summary = json.loads(one.stdout)["summary"]
    assert summary["claims"] == BIG_CLAIMS
    assert summary["accepted_to_rejected"] > 100
    # the Texas group cap is a warning (inferred group size): no status changes by it
    assert [rule["rule_id"] for rule in json.loads(one.stdout)["rules"]] == ["NJ-LIM-0001"]


def _edge_batch(folder: Path) -> list[Path]:
    """Every edge input of the other tests' batches, each in its file, among clean files."""
    files = [FIXTURES / "nj" / "clean.837", _as("7", folder), _as("8", folder)]
    for name, (old, new, _, _) in sorted({**BAD, **NEGATIVE}.items()):
        path = folder / f"bounded-{name}.837"
        path.write_text(_three_claims((old, new)), encoding="latin-1")
        files.append(path)
    for name, case in sorted(ISSUE_INPUTS.items()):
        path = folder / f"issue-{name}.837"
        path.write_bytes(apply(POOL[case.base], case.mutations)[0])
        files.append(path)
    bad_folder = folder / "bad"
    bad_folder.mkdir()
    files += [BAD_INPUTS[name].make(bad_folder) for name in sorted(BAD_INPUTS)]
    files += [FIXTURES / "tx" / "clean.837", FIXTURES / "clean" / "three-claims.837"]
    return files


def test_edge_batches_on_the_cluster_give_the_bytes_of_one_process(
    dask_client: Any, tmp_path: Path
) -> None:
    """Out-of-range values, hostile envelopes, unreadable files, a replacement and a void of a
    claim of the same run: JSON, stderr and exit code of one process, with rules and without."""
    files = _edge_batch(tmp_path)
    address = dask_client.scheduler.address
    with_rules = ("check", "--format", "json", "--reference", REFERENCE, *files)
    one = same_output(with_rules, "--scheduler", address)
    assert one.returncode == 2  # unreadable files among them
    document = json.loads(one.stdout)
    rules = {f["rule_id"] for c in document["claims"] for f in c["findings"]}
    assert {"X12-VAL-0001", "X12-VAL-0002", "X12-ENV-0001"} <= rules
    assert len(one.stderr.splitlines()) > len(BAD_INPUTS)
    syntax = ("check", "--format", "json", "--syntax-only", *files)
    assert same_output(syntax, "--scheduler", address).returncode == 2
