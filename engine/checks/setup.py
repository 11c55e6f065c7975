"""Build a rules engine the way the CLI and the service do: packs, then reference data.

Reference data comes from a YAML directory (`--reference DIR`, validated against the codes the
loaded packs define) or, without one, from the configured store (embedded SQLite by default),
which is created empty on first use so that a fresh machine can check claims at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peerclaims.engine.checks.evaluate import RulesEngine
from peerclaims.engine.packs.pack import Pack, known_credentials, known_programs, load_packs
from peerclaims.engine.reference.loader import load_reference_dir
from peerclaims.engine.reference.models import ReferenceData
from peerclaims.engine.reference.settings import get_settings

if TYPE_CHECKING:
    from peerclaims.engine.reference.history_lock import Marks


def load_reference(packs: dict[str, Pack], directory: Path | None) -> ReferenceData:
    """Reference data from `directory` (files read before kept parsed under the data folder),
    else from the configured store."""
    if directory is not None:
        return load_reference_dir(
            directory,
            known_programs=known_programs(packs),
            known_credentials=known_credentials(packs),
            cache_dir=get_settings().data_dir / "cache" / "reference",
        )
    from peerclaims.engine.reference.store import Store  # noqa: PLC0415 - SQLAlchemy on use

    with Store.from_settings() as store:
        store.migrate()
        return store.reference()


def build_engine(
    rules: Path,
    reference_dir: Path | None = None,
    *,
    state: str | None = None,
    trace: bool = False,
) -> RulesEngine:
    """Load the packs under `rules` and the reference data; a ready engine for one run."""
    packs = load_packs(rules)
    reference = load_reference(packs, reference_dir)
    return RulesEngine(packs, reference, default_state=state, trace=trace)


def build_recording_engine(
    rules: Path, *, state: str | None = None, trace: bool = False
) -> tuple[RulesEngine, Marks]:
    """`build_engine` on the store's reference data, with the history's lock-bucket versions
    read just before it (`Store.record` compares them: history_lock.py)."""
    from peerclaims.engine.reference.store import Store  # noqa: PLC0415 - SQLAlchemy on use

    packs = load_packs(rules)
    with Store.from_settings() as store:
        store.migrate()
        reference, marks = store.reference_marked()
    return RulesEngine(packs, reference, default_state=state, trace=trace), marks
