"""What a key may see of the loaded rule packs: a state key its states' packs and the federal one.

Submitter and payer keys see every pack (the rules that may judge their claims); a state key
sees `federal` and the packs of the states in its scopes, and nothing else exists for it.
"""

from __future__ import annotations

from collections.abc import Mapping

from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.reference.keys import ApiKey


def visible_packs(key: ApiKey, packs: Mapping[str, Pack]) -> list[Pack]:
    """The packs the key may see, federal first, then by id."""
    ordered = sorted(packs.values(), key=lambda pack: (pack.id != FEDERAL, pack.id))
    if key.role != "state":
        return ordered
    states = {scope.upper() for scope in key.scopes}
    return [pack for pack in ordered if pack.id == FEDERAL or (pack.state or "") in states]
