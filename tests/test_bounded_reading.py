"""Files are read bounded: special files refused unopened, sizes and YAML nesting limited.

Real special files are used: a FIFO made with `os.mkfifo`, a symlink to `/dev/zero`, a sparse
file past the size limit, YAML nested thousands deep. Where the contract is the CLI's, the CLI
runs in a subprocess with a timeout, so a read that blocks or never ends fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REFERENCE, REPO, run_cli

from peerclaims.engine.errors import DataError
from peerclaims.engine.files import FileRefused, read_limited
from peerclaims.engine.packs.pack import load_pack
from peerclaims.engine.reference.loader import ReferenceDataError, load_reference_dir
from peerclaims.engine.reference.settings import get_settings
from peerclaims.engine.yamlfile import read_yaml

CLAIM = FIXTURES / "ct" / "clean.837"
TIMEOUT = 120
MIB = 1024 * 1024


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """A copy of the sample reference folder, to damage."""
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    return folder


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set `PEERCLAIMS_*` variables for this test; settings are read again before and after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def _one_line(stderr: bytes) -> str:
    lines = stderr.decode().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _special(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


WORDS = {
    "fifo": "it is a named pipe (FIFO), not a regular file",
    "zero": "it is a character device, not a regular file",
}


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_members_yaml_that_is_a_special_file_is_refused(reference: Path, kind: str) -> None:
    """`check --reference` with members.yaml a FIFO or /dev/zero: one line, exit 2, at once."""
    _special(reference / "members.yaml", kind)
    done = run_cli("check", "--reference", reference, CLAIM, timeout=TIMEOUT)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert line == f"peerclaims: {reference / 'members.yaml'}: cannot be read: {WORDS[kind]}"


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_837_that_is_a_special_file_is_refused(tmp_path: Path, kind: str) -> None:
    """`check` of a FIFO or of a symlink to /dev/zero: refused with its position, exit 2."""
    path = tmp_path / "in.837"
    _special(path, kind)
    done = run_cli("check", "--syntax-only", "--format", "json", path, timeout=TIMEOUT)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert line == f"peerclaims: {path}: line 1, byte 0: cannot read the file: {WORDS[kind]}"


def test_a_pack_file_that_is_a_special_file_is_refused(tmp_path: Path) -> None:
    """A rule pack whose pack.yaml is a FIFO is a one-line DataError, not a hang."""
    pack = tmp_path / "federal"
    shutil.copytree(REPO / "rules" / "federal", pack)
    _special(pack / "pack.yaml", "fifo")
    with pytest.raises(DataError, match=r"pack\.yaml: cannot be read: it is a named pipe \(FIFO\)"):
        load_pack(pack)


def test_a_pack_file_larger_than_the_limit_is_refused(
    tmp_path: Path, settings_env: pytest.MonkeyPatch
) -> None:
    """A pack file past PEERCLAIMS_MAX_PACK_FILE_BYTES is refused, naming the setting."""
    pack = tmp_path / "federal"
    shutil.copytree(REPO / "rules" / "federal", pack)
    size = (pack / "pack.yaml").stat().st_size
    settings_env.setenv("PEERCLAIMS_MAX_PACK_FILE_BYTES", str(size - 1))
    get_settings.cache_clear()
    with pytest.raises(DataError, match=r"larger than the limit .*PEERCLAIMS_MAX_PACK_FILE_BYTES"):
        load_pack(pack)


def test_a_reference_file_of_200_mb_is_refused_from_its_size(reference: Path) -> None:
    """A 200 MB members.yaml (sparse: nothing is written) is refused before it is read."""
    with (reference / "members.yaml").open("r+b") as handle:
        handle.truncate(200 * MIB)
    done = run_cli("check", "--reference", reference, CLAIM, timeout=TIMEOUT)
    assert done.returncode == 2
    assert _one_line(done.stderr) == (
        f"peerclaims: {reference / 'members.yaml'}: cannot be read: it is 209,715,200 bytes, "
        "larger than the limit of 67,108,864 bytes (set PEERCLAIMS_MAX_REFERENCE_BYTES to allow "
        "more)"
    )


def test_the_size_limit_allows_a_file_of_exactly_the_limit(tmp_path: Path) -> None:
    """`read_limited` reads a file of `limit` bytes and refuses one of `limit + 1`."""
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100, "SETTING") == b"x" * 100
    with pytest.raises(FileRefused, match=r"^it is 100 bytes, larger than the limit of 99 bytes"):
        read_limited(path, 99, "SETTING")


def test_the_reference_size_limit_is_a_setting(
    reference: Path, settings_env: pytest.MonkeyPatch
) -> None:
    """PEERCLAIMS_MAX_REFERENCE_BYTES bounds every reference file: at the size read, below not."""
    size = max(p.stat().st_size for p in reference.glob("*.yaml"))
    settings_env.setenv("PEERCLAIMS_MAX_REFERENCE_BYTES", str(size))
    get_settings.cache_clear()
    known = {"known_programs": frozenset({"CT-MHW"}), "known_credentials": frozenset({"CT-RSS"})}
    try:
        load_reference_dir(reference, **known)
    except ReferenceDataError as exc:  # read, then refused for its codes: not for its size
        assert "PEERCLAIMS_MAX_REFERENCE_BYTES" not in str(exc)
    settings_env.setenv("PEERCLAIMS_MAX_REFERENCE_BYTES", str(size - 1))
    get_settings.cache_clear()
    with pytest.raises(ReferenceDataError, match="PEERCLAIMS_MAX_REFERENCE_BYTES"):
        load_reference_dir(reference, **known)


def test_standard_input_is_read_bounded() -> None:
    """`check -` refuses standard input past PEERCLAIMS_MAX_INPUT_BYTES, in one line."""
    data = CLAIM.read_bytes()
    env = {"PEERCLAIMS_MAX_INPUT_BYTES": str(len(data) - 1)}
    done = run_cli(
        "check", "--syntax-only", "--format", "json", "-", stdin=data, env=env, timeout=TIMEOUT
    )
    assert done.returncode == 2
    assert _one_line(done.stderr) == (
        f"peerclaims: <stdin>: line 1, byte 0: cannot read the file: it is more than "
        f"{len(data) - 1:,} bytes, larger than the limit of {len(data) - 1:,} bytes (set "
        "PEERCLAIMS_MAX_INPUT_BYTES to allow more)"
    )
    allowed = run_cli(
        "check",
        "--syntax-only",
        "-",
        stdin=data,
        env={"PEERCLAIMS_MAX_INPUT_BYTES": str(len(data))},
    )
    assert allowed.returncode == 0, allowed.stderr


def _nested(depth: int, flow: bool) -> str:
    if flow:
        return "[" * depth + "1" + "]" * depth + "\n"
    return (
        "".join("  " * level + "-\n" for level in range(depth - 1)) + "  " * (depth - 1) + "- 1\n"
    )


LOADERS = {"python": yaml.SafeLoader, "libyaml": getattr(yaml, "CSafeLoader", yaml.SafeLoader)}


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_yaml_nesting_is_bounded_on_both_sides_of_the_limit(
    tmp_path: Path, loader: str, flow: bool
) -> None:
    """Both parsers read a document 64 levels deep (its scalar the 64th) and refuse 65."""
    path = tmp_path / "deep.yaml"
    path.write_text(_nested(63, flow))
    bounds = {"limit": MIB, "setting": "S", "depth": 64}
    value = read_yaml(path, LOADERS[loader], DataError, **bounds)
    for _ in range(63):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == 1
    path.write_text(_nested(64, flow))
    with pytest.raises(DataError, match="nested deeper than 64 levels"):
        read_yaml(path, LOADERS[loader], DataError, **bounds)


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_reference_yaml_nested_thousands_deep_is_a_one_line_refusal(
    reference: Path, flow: bool
) -> None:
    """members.yaml nested 5,000 deep: the CLI refuses it in one line (no RecursionError)."""
    (reference / "members.yaml").write_text(_nested(5000, flow))
    done = run_cli("check", "--reference", reference, CLAIM, timeout=TIMEOUT)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert line.startswith(f"peerclaims: {reference / 'members.yaml'}: line "), line
    assert line.endswith(
        "YAML syntax error: nested deeper than 64 levels (PEERCLAIMS_MAX_YAML_DEPTH)"
    )
