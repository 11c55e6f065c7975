"""A reference file read before with the same bytes comes from the parsed cache, identically."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from peerclaims.engine.cli import rules_root
from peerclaims.engine.packs.pack import known_credentials, known_programs, load_packs
from peerclaims.engine.reference import loader, parsed_cache
from peerclaims.engine.reference.loader import ReferenceDataError, load_reference_dir
from peerclaims.engine.reference.models import ReferenceData
from tests.conftest import REFERENCE

from .conftest import KNOWN_CREDENTIALS, KNOWN_PROGRAMS, VALID


def _load(path: Path, cache: Path, programs: frozenset[str] = KNOWN_PROGRAMS) -> ReferenceData:
    return load_reference_dir(
        path, known_programs=programs, known_credentials=KNOWN_CREDENTIALS, cache_dir=cache
    )


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make any YAML parse of a reference file fail the test; return the files parsed."""
    parsed: list[Path] = []

    def refuse(path: Path) -> object:
        parsed.append(path)
        raise AssertionError(f"{path.name} was parsed again")

    monkeypatch.setattr(loader, "_parse", refuse)
    return parsed


def test_a_second_load_reads_the_cache_and_equals_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same records, same types, same look-ups; the YAML is not parsed the second time."""
    cache = tmp_path / "cache"
    first = _load(VALID, cache)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == sorted(
        p.name for p in VALID.glob("*.yaml")
    )
    _no_yaml(monkeypatch)
    second = _load(VALID, cache)
    assert second == first
    assert repr(second) == repr(first)


def test_the_sample_reference_reads_the_same_from_the_cache(tmp_path: Path) -> None:
    """fixtures/reference (every record kind the samples use) survives the round trip."""
    packs = load_packs(rules_root())
    fresh = load_reference_dir(
        REFERENCE, known_programs=known_programs(packs), known_credentials=known_credentials(packs)
    )
    cache = tmp_path / "cache"
    for _ in range(2):
        cached = load_reference_dir(
            REFERENCE,
            known_programs=known_programs(packs),
            known_credentials=known_credentials(packs),
            cache_dir=cache,
        )
        assert repr(cached) == repr(fresh)


def test_changed_bytes_are_read_again_and_their_errors_reported(tmp_path: Path) -> None:
    """The cache is named by the file's bytes: an edited file is parsed (and refused) afresh."""
    folder = tmp_path / "ref"
    shutil.copytree(VALID, folder)
    cache = tmp_path / "cache"
    _load(folder, cache)
    members = folder / "members.yaml"
    members.write_text(members.read_text(encoding="utf-8") + "- {member_id: 1}\n", "utf-8")
    with pytest.raises(ReferenceDataError, match=r"members\.yaml: record \d+"):
        _load(folder, cache)


def test_checks_across_files_run_on_cached_records(tmp_path: Path) -> None:
    """A program code no loaded pack defines is refused even when the file comes from the cache."""
    cache = tmp_path / "cache"
    _load(VALID, cache)
    with pytest.raises(ReferenceDataError, match="unknown program code 'CT-MHW'"):
        _load(VALID, cache, programs=KNOWN_PROGRAMS - {"CT-MHW"})


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-model"])
def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path: Path, damage: str) -> None:
    """Unreadable, cut short or made for another model: parsed again, same result, rewritten."""
    cache = tmp_path / "cache"
    first = _load(VALID, cache)
    target = next(cache.glob("members.yaml-*"))
    text = target.read_bytes()
    if damage == "garbage":
        target.write_bytes(b"\x00not json")
    elif damage == "truncated":
        target.write_bytes(text[: len(text) // 2])
    else:
        target.write_bytes(text.replace(b'"model":"', b'"model":"x', 1))
    assert _load(VALID, cache) == first
    assert target.read_bytes() == text


def test_only_the_newest_cache_files_of_a_name_are_kept(tmp_path: Path) -> None:
    """Each edit of a file makes a new cache file; the oldest beyond `KEEP` are removed."""
    folder = tmp_path / "ref"
    shutil.copytree(VALID, folder)
    cache = tmp_path / "cache"
    members = folder / "members.yaml"
    original = members.read_text(encoding="utf-8")
    for n in range(parsed_cache.KEEP + 2):
        members.write_text(original + f"# edit {n}\n", "utf-8")
        _load(folder, cache)
    assert len(list(cache.glob("members.yaml-*"))) == parsed_cache.KEEP
    assert len(list(cache.glob("payers.yaml-*"))) == 1


def test_a_fifo_in_place_of_a_cache_file_is_ignored_not_waited_on(tmp_path: Path) -> None:
    """A named pipe where a cache file should be: the YAML is parsed again and the cache file
    rewritten, at once (a blocking read would wait for a writer forever)."""
    cache = tmp_path / "cache"
    first = _load(VALID, cache)
    target = next(cache.glob("members.yaml-*"))
    text = target.read_bytes()
    target.unlink()
    os.mkfifo(target)
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(_load(VALID, cache)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # let the blocked read go before failing
        os.close(os.open(target, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=30)
        pytest.fail("loading waited on the FIFO")
    assert results == [first]
    assert target.read_bytes() == text
