"""The ICD-10-CM index answers as simple-icd-10-cm does, and only a child process imports it.

The test process imports simple-icd-10-cm itself, as the oracle: `is_valid_item(code) and
is_leaf(code)`, a `ValueError` counting as False (what `icd10_valid` computed before the index).
Every test that loads the index points `PEERCLAIMS_DATA_DIR` at a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerclaims.engine.checks import icd10
from peerclaims.engine.checks.icd10 import BillableCodes, CodeSetError
from peerclaims.engine.checks.kinds import icd10_valid
from peerclaims.engine.reference.settings import Settings, get_settings

Oracle = Callable[[str], bool]

TRICKY = [
    "",
    " ",
    ".",
    "F17.210",
    "F17210",
    "f17.210",
    "F17.210 ",
    " F17.210",
    "F17 210",
    "F17.21",
    "F1721",
    "F17",
    "F17.",
    "F17..210",
    "F.17210",
    "F172.10",
    "A09",
    "A09.",
    "A00-A09",
    "A00.-A09",
    "C00-C96",
    "C00.-C96",
    "B99",
    "B99.9",
    "B999",
    "1",
    "22",
    "23",
    "0",
    "S72.001A",
    "S72001A",
    "s72.001a",
    "S72.001",
    "S72.001Z",
    "S72.001AA",
    "T07.XXXA",
    "T07XXXA",
    "T07.XXA",
    "T07",
    "Z00.00",
    "Z0000",
    "U07.1",
    "U071",
    "ZZZ.ZZZ",
    "A00.0\n",
    "A00\u00a00",
    "\uff2100.0",
]
"""Inputs around the edges: case, whitespace, dots, chapters, blocks, categories, 7th characters."""


def _library() -> Oracle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm as icd  # noqa: PLC0415  # the oracle, in the test process only

    def billable(code: str) -> bool:
        try:
            return bool(icd.is_valid_item(code)) and bool(icd.is_leaf(code))
        except ValueError:
            return False

    return billable


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    """simple-icd-10-cm's own answer: a valid item that is a leaf."""
    return _library()


@pytest.fixture(scope="module")
def all_codes() -> list[str]:
    """Every name in simple-icd-10-cm (chapters, blocks, codes), with dots and without."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm as icd  # noqa: PLC0415

    return [*icd.get_all_codes(with_dots=True), *icd.get_all_codes(with_dots=False)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The module's index, built once into a temporary data folder and loaded as the global one
    (`icd10_valid` answers from it); yields the cache file."""
    data = tmp_path_factory.mktemp("icd10-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEERCLAIMS_DATA_DIR", str(data))
        get_settings.cache_clear()
        patch.setattr(icd10, "_loaded", None)
        icd10.billable_codes()
        yield icd10.cache_file(Settings(data_dir=data), icd10.library_version())
    get_settings.cache_clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder that does not exist yet, as on a fresh machine; no index loaded."""
    folder = tmp_path / "fresh" / "data"
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(folder))
    get_settings.cache_clear()
    monkeypatch.setattr(icd10, "_loaded", None)
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The OUT argument of every child build this process starts, in order."""
    started: list[str] = []
    run = icd10.run_builder

    def counted(out: str) -> bytes:
        started.append(out)
        return run(out)

    monkeypatch.setattr(icd10, "run_builder", counted)
    return started


def _cache(folder: Path) -> Path:
    return icd10.cache_file(Settings(data_dir=folder), icd10.library_version())


# --- the answers ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("built")
def test_every_code_of_the_library_answers_as_the_library(
    oracle: Oracle, all_codes: list[str]
) -> None:
    """Every chapter, block and code, with and without the dot and lower-cased, answers as
    simple-icd-10-cm does; billable codes are found both ways."""
    asked = {*all_codes, *(code.lower() for code in all_codes)}
    differ = sorted(code for code in asked if icd10_valid(code) != oracle(code))
    assert differ == []
    assert sum(map(icd10_valid, asked)) > 140_000


@pytest.mark.usefixtures("built")
@pytest.mark.parametrize("code", TRICKY, ids=repr)
def test_tricky_inputs_answer_as_the_library(oracle: Oracle, code: str) -> None:
    """Odd spellings, chapters, blocks, categories and extended codes answer as the library."""
    assert icd10_valid(code) == oracle(code)


def test_known_answers_hold(built: Path) -> None:
    """A few answers the library gives today: billable leaves either way, not parents, not
    lower case, not blocks with a dot (the index's rejects)."""
    assert built.is_file()
    assert icd10_valid("F17.210")
    assert icd10_valid("F17210")
    assert icd10_valid("S72.001A")
    assert icd10_valid("T07XXXA")
    assert not icd10_valid("F17.21")
    assert not icd10_valid("f17.210")
    assert not icd10_valid(" F17.210")
    assert not icd10_valid("A00-A09")
    assert not icd10_valid("C00.-C96")
    assert "C00.-C96" in icd10.billable_codes().rejects


_ALPHABET = "0123456789ABCDEFGSTXZabsx.- \t"


@st.composite
def _mutations(draw: st.DrawFn, code: str) -> str:
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.integers(min_value=0, max_value=len(code)))
        change = draw(st.sampled_from(["drop", "insert", "replace", "lower", "dot", "pad"]))
        letter = draw(st.sampled_from(_ALPHABET))
        if change == "drop":
            code = code[:where] + code[where + 1 :]
        elif change == "insert":
            code = code[:where] + letter + code[where:]
        elif change == "replace":
            code = code[:where] + letter + code[where + 1 :]
        elif change == "lower":
            code = code.lower()
        elif change == "dot":
            code = code.replace(".", "") if "." in code else code[:3] + "." + code[3:]
        else:
            code = letter + code if where % 2 else code + letter
    return code


@pytest.mark.usefixtures("built")
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_codes_answer_as_the_library(
    oracle: Oracle, all_codes: list[str], data: st.DataObject
) -> None:
    """A real code with characters dropped, added or changed, a dot moved or case changed still
    answers as the library."""
    real = st.integers(min_value=0, max_value=len(all_codes) - 1).map(all_codes.__getitem__)
    code = data.draw(real.flatmap(_mutations), label="code")
    assert icd10_valid(code) == oracle(code)


@pytest.mark.usefixtures("built")
@settings(max_examples=1500, deadline=None)
@given(code=st.text(alphabet=_ALPHABET, max_size=9))
def test_short_strings_answer_as_the_library(oracle: Oracle, code: str) -> None:
    """Any short string of code-like characters answers as the library."""
    assert icd10_valid(code) == oracle(code)


# --- the checking process never imports the library ----------------------------------------------


def test_checking_process_never_imports_the_library(tmp_path: Path) -> None:
    """A fresh process asking `icd10_valid` builds the cache (in a child), then another reuses it;
    neither imports simple_icd_10_cm."""
    script = (
        "import sys\n"
        "from peerclaims.engine.checks.kinds import icd10_valid\n"
        "assert icd10_valid('F17.210') and not icd10_valid('F17.21')\n"
        "print('simple_icd_10_cm' in sys.modules)\n"
    )
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(tmp_path / "data")}
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=environment,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout.strip())
        cache = _cache(tmp_path / "data")
        assert cache.is_file()
        if len(runs) == 1:
            first = cache.stat().st_mtime_ns
    assert runs == ["False", "False"]
    assert cache.stat().st_mtime_ns == first


# --- the cache -----------------------------------------------------------------------------------


def test_cache_is_built_once_then_reused(data_dir: Path, builds: list[str]) -> None:
    """The first question creates the missing data folder and builds the file; later loads read
    it without a child and without rewriting it."""
    assert not data_dir.exists()
    assert icd10_valid("F17.210")
    cache = _cache(data_dir)
    assert builds == [str(cache)]
    written = cache.stat()
    again = icd10.load()
    assert again == icd10.billable_codes()
    assert builds == [str(cache)]
    assert cache.stat().st_mtime_ns == written.st_mtime_ns
    assert cache.stat().st_ino == written.st_ino
    assert [p.name for p in cache.parent.iterdir() if p.suffix == ".tmp"] == []


def test_concurrent_first_questions_build_once(data_dir: Path, builds: list[str]) -> None:
    """Eight threads asking at once get one index, built by one child."""
    start = threading.Barrier(8)
    seen: list[BillableCodes] = []

    def ask() -> None:
        start.wait()
        seen.append(icd10.billable_codes())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8
    assert all(index is seen[0] for index in seen)
    assert builds == [str(_cache(data_dir))]


def test_processes_started_together_build_once(tmp_path: Path) -> None:
    """Three processes loading a cold cache at once take turns: one child builds the file."""
    log = tmp_path / "builds.log"
    script = (
        "import sys\n"
        "from peerclaims.engine.checks import icd10\n"
        "run = icd10.run_builder\n"
        "def logged(out):\n"
        f"    with open({str(log)!r}, 'a') as file:\n"
        "        file.write(out + '\\n')\n"
        "    return run(out)\n"
        "icd10.run_builder = logged\n"
        "assert icd10.is_billable('F17.210')\n"
    )
    environment = {**os.environ, "PEERCLAIMS_DATA_DIR": str(tmp_path / "data")}
    started = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=REPO, env=environment, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    for process in started:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    assert log.read_text().splitlines() == [str(_cache(tmp_path / "data"))]


def test_cache_of_another_version_is_rebuilt(
    data_dir: Path, builds: list[str], built: Path
) -> None:
    """A file at the expected name whose header names another simple-icd-10-cm version is
    rebuilt, and the new file names the installed version."""
    version = icd10.library_version()
    cache = _cache(data_dir)
    cache.parent.mkdir(parents=True)
    original = built.read_bytes()
    cache.write_bytes(original.replace(f"simple-icd-10-cm={version} ".encode(), b"x=0.0.1 ", 1))
    assert icd10.load().codes
    assert builds == [str(cache)]
    assert cache.read_bytes() == original


def test_corrupt_cache_is_rebuilt(data_dir: Path, builds: list[str], built: Path) -> None:
    """A truncated file at the expected name is not trusted: it is rebuilt whole."""
    cache = _cache(data_dir)
    cache.parent.mkdir(parents=True)
    original = built.read_bytes()
    cache.write_bytes(original[: len(original) // 2])
    assert "F17210" in icd10.load().codes
    assert builds == [str(cache)]
    assert cache.read_bytes() == original


def _truncated(data: bytes) -> bytes:
    return data[:-1]


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _one_code_changed(data: bytes) -> bytes:
    return data.replace(b"\nF17210\n", b"\nF17211\n", 1)


def _one_code_dropped(data: bytes) -> bytes:
    return data.replace(b"\nF17210\n", b"\n", 1)


def _header_only(data: bytes) -> bytes:
    return data.partition(b"\n")[0] + b"\n"


def _other_format(data: bytes) -> bytes:
    return data.replace(f"format={icd10.FORMAT} ".encode(), b"format=999 ", 1)


def _counts_moved(data: bytes) -> bytes:
    return data.replace(b" rejects=12 ", b" rejects=13 ", 1).replace(b" codes=", b" codes=-1", 1)


def _not_utf8(data: bytes) -> bytes:
    return data.replace(b"\nF17210\n", b"\nF17\xff10\n", 1)


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _half,
        _one_code_changed,
        _one_code_dropped,
        _header_only,
        _other_format,
        _counts_moved,
        _not_utf8,
        lambda data: b"",
        lambda data: b"\n" * 10,
    ],
)
def test_damaged_files_are_refused(built: Path, damage: Callable[[bytes], bytes]) -> None:
    """`parse` takes only a whole file of the installed version: any damage gives None."""
    original = built.read_bytes()
    version = icd10.library_version()
    assert parse_ok(original, version)
    damaged = damage(original)
    assert damaged != original
    assert icd10.parse(damaged, version) is None


def parse_ok(data: bytes, version: str) -> bool:
    """The file parses, and to the index loaded in this process."""
    return icd10.parse(data, version) == icd10.billable_codes()


def test_an_upgrade_gets_its_own_cache_file(tmp_path: Path) -> None:
    """The file name carries the library version and the format, so an upgrade rebuilds."""
    here = Settings(data_dir=tmp_path)
    old, new = icd10.cache_file(here, "1.5.0"), icd10.cache_file(here, "1.6.0")
    assert old != new
    assert old.parent == new.parent == tmp_path / "cache"
    assert "1.5.0" in old.name
    assert f"f{icd10.FORMAT}" in old.name


def test_atomic_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails before the rename leaves the old file as it was and no temp file."""
    target = tmp_path / "index.txt"
    target.write_text("old\n")

    def fail(self: Path, other: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        icd10.write_atomically(target, "new\n" * 1000)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["index.txt"]


def test_unwritable_folder_falls_back_to_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[str]
) -> None:
    """When the cache folder cannot be made, the child prints the index and nothing is written."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv("PEERCLAIMS_DATA_DIR", str(blocker / "data"))
    get_settings.cache_clear()
    monkeypatch.setattr(icd10, "_loaded", None)
    try:
        assert icd10_valid("F17.210")
        assert not icd10_valid("F17.21")
    finally:
        get_settings.cache_clear()
    assert builds == ["-"]
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_failed_build_is_a_one_line_error(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the child fails, loading raises CodeSetError with one line naming the cache file
    and the child's last word; nothing is cached and the next question tries again."""
    monkeypatch.setattr(icd10, "MODULE", "peerclaims.engine.checks.no_such_module")
    with pytest.raises(CodeSetError) as raised:
        icd10_valid("F17.210")
    message = str(raised.value)
    assert "\n" not in message
    assert str(_cache(data_dir)) in message
    assert "no_such_module" in message
    assert icd10._loaded is None
    assert not _cache(data_dir).exists()


def test_child_refuses_bad_arguments() -> None:
    """The child's command line is `build OUT|-`; anything else is a usage error (status 2)."""
    assert icd10.main(["build"]) == 2
    assert icd10.main(["make", "-"]) == 2
