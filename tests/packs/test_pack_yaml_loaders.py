"""Pack YAML parsed on libyaml's parser reads exactly as on PyYAML's own (`_PackLoader`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerclaims.engine.errors import DataError
from peerclaims.engine.packs import parameters
from tests.conftest import REPO

PACK_FILES = sorted((REPO / "rules").rglob("*.yaml"))


def test_every_pack_file_reads_the_same_on_both_parsers() -> None:
    """Same values and same types (exact Decimals, dates kept as text) for every file."""
    fast = parameters._FastPackLoader
    if fast is None:
        pytest.skip("this PyYAML has no libyaml")
    assert len(PACK_FILES) > 50
    for path in PACK_FILES:
        text = path.read_text(encoding="utf-8-sig")
        slow_doc = yaml.load(text, Loader=parameters._PackLoader)
        fast_doc = yaml.load(text, Loader=fast)
        assert repr(fast_doc) == repr(slow_doc), path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 1\na: 2\n", "line 2, column 1: YAML syntax error: key 'a' is given twice"),
        ("a: [1\n", "YAML syntax error"),
    ],
)
def test_a_broken_pack_file_is_refused_as_before(tmp_path: Path, text: str, problem: str) -> None:
    """A document libyaml refuses is read again by `_PackLoader`: the same one-line error."""
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=problem):
        parameters.read_yaml(path)
