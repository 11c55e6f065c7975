"""A Dask worker keeps its rules engine from run to run, and builds it again when the packs or
the reference folder changed (engine/cluster_tasks.py `held_for_run`)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

from peerclaims.engine.check import CollectSink, Source, check_sources
from peerclaims.engine.checks.setup import build_engine
from peerclaims.engine.cli import rules_root
from peerclaims.engine.cluster import EngineSpec, check_sources_distributed
from peerclaims.engine.cluster_tasks import folders_digest, held_for_run
from peerclaims.engine.errors import DataError, InputError
from tests.conftest import FIXTURES, REFERENCE, run_cli

CLEAN = FIXTURES / "tx" / "clean.837"


def test_a_kept_engine_is_built_again_only_when_its_files_change(tmp_path: Path) -> None:
    """Same key and files: the kept value, refreshed once per run; a changed file or another
    key: built again."""
    folder = tmp_path / "reference"
    folder.mkdir()
    (folder / "members.yaml").write_text("[]\n", encoding="utf-8")
    built: list[int] = []
    refreshed: list[int] = []

    def build() -> int:
        built.append(len(built))
        return built[-1]

    def held(key: str, run: str) -> Any:
        return held_for_run("test", (key,), run, [str(folder)], build, refreshed.append)

    assert held("a", "run-1") == 0
    assert held("a", "run-1") == 0  # the same run: not even looked at again
    assert held("a", "run-2") == 0
    assert refreshed == [0]
    (folder / "members.yaml").write_text("[] \n", encoding="utf-8")
    assert held("a", "run-3") == 1
    assert held("b", "run-4") == 2
    assert refreshed == [0]


def test_the_digest_names_every_file() -> None:
    """A file's name and bytes both count; the store is a name."""
    assert folders_digest([str(REFERENCE)]) != folders_digest([str(FIXTURES / "tx")])
    assert folders_digest([None]) != folders_digest([])


def test_workers_keep_the_engine_and_see_a_changed_reference(
    dask_client: Any, tmp_path: Path
) -> None:
    """Every worker keeps its engine for a new run on the same files, and builds another after
    a member is taken out of the reference folder: the next run is judged on the new data, as
    in one process."""

    def engine_id(spec: EngineSpec) -> int:  # pickled by value: tests' modules stay here
        from peerclaims.engine.cluster_tasks import engine_for  # noqa: PLC0415

        return id(engine_for(spec))

    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    spec = EngineSpec.of(rules_root(), folder, None, False)
    sources = [Source.from_path(str(CLEAN))]

    def both() -> tuple[str, str]:
        one = CollectSink()
        run = check_sources(sources, one, engine=build_engine(rules_root(), folder))
        two = CollectSink()
        engine = build_engine(rules_root(), folder)
        done = check_sources_distributed(sources, two, dask_client, engine, spec.fresh())
        return run.result(one).to_json(), done.result(two).to_json()

    first = both()
    assert first[0] == first[1]
    kept = dask_client.run(engine_id, spec.fresh())
    assert dask_client.run(engine_id, spec.fresh()) == kept
    members = folder / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("TXS0000201", "TXS0000299"), encoding="utf-8")
    changed = both()
    assert changed[0] == changed[1]
    assert changed[0] != first[0]
    again = dask_client.run(engine_id, spec.fresh())
    assert all(again[worker] != kept[worker] for worker in kept)


def test_an_error_of_ours_crosses_from_a_worker_as_raised() -> None:
    """A data or input error pickles as its class, message and fields (a worker's reaches the
    command as one process raises it: their constructors take other arguments than `args`)."""
    for error in (DataError("rules/x.yaml", "bad \x1b value"), InputError("a.837", 7, "cut")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)
        assert again.__dict__ == error.__dict__


def test_a_bad_state_on_the_cluster_is_the_one_line_error_of_one_process(
    dask_client: Any,
) -> None:
    """The command builds no engine for a cluster run: an unknown `--state` is found by the
    workers' engines and reported as one process reports it."""
    args = ("check", "--format", "json", "--reference", REFERENCE, "--state", "ZZ", CLEAN)
    one = run_cli(*args)
    two = run_cli(*args, "--scheduler", dask_client.scheduler.address)
    assert one.returncode == two.returncode == 2
    assert two.stderr == one.stderr
    assert len(two.stderr.splitlines()) == 1
    assert b"ZZ" in two.stderr
