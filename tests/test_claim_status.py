"""The 277CA status tables as data (`rules/x12/claim_status.yaml`): every composite they name is
valid in pyx12's 277 map, every row maps the findings it lists, and a broken file is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from peerclaims.engine.errors import DataError
from peerclaims.engine.findings import Finding
from peerclaims.engine.x12.ack277 import render_277ca
from peerclaims.engine.x12.claim_status import (
    TABLES,
    ClaimStatus,
    finding_status,
    load_status_tables,
    status_tables,
)
from tests.test_ack277 import NJ_FAILING, assert_valid, check, finding

SHIPPED = Path(__file__).resolve().parents[1] / "rules" / TABLES


def test_every_row_of_the_tables_maps_its_findings_and_validates_with_the_277_map() -> None:
    """Each CARC/RARC row, CARC row and category row gives its composite (the entity from the
    row, since the finding points at a loop naming no party); all of them, and the fixed ones,
    pass pyx12's 277 (005010X214) code lists in STC01, STC10 and STC11."""
    tables = status_tables()
    expected: list[tuple[Finding, ClaimStatus]] = []
    for row in tables.by_carc_rarc:
        expected.append((finding("coverage", row.carc, row.rarc, front_end=True), row.status))
    for group in tables.by_carc:
        for carc in group.carcs:
            expected.append((finding("coverage", carc, front_end=True), group.status))
    for category, status in tables.by_category.items():
        if category not in ("syntax", "guide"):  # those two are always unprocessable
            expected.append((finding(category, None, front_end=False), status))
    wrong = [(f, s) for f, s in expected if finding_status(f) != s]
    assert not wrong
    assert len(expected) > 40
    result, readings = check([NJ_FAILING])
    template = result.claims[0]
    findings = [f.model_copy(update={"front_end": True}) for f, _ in expected]
    claims = [
        template.model_copy(update={"findings": findings[k : k + 3]})
        for k in range(0, len(findings), 3)
    ]
    segs = assert_valid(render_277ca(result.model_copy(update={"claims": claims}), readings))
    written = {c for seg in segs if seg[0] == "STC" for c in seg[1:] if ":" in c}
    named = {s.composite() for s in tables.all_statuses()} - {tables.accepted.status.composite()}
    assert named <= written, named - written
    assert tables.received.status.composite() == "A1:19:PR"  # 2200B/2200C of every 277CA
    assert tables.evidence.mapping.evidence == "I" and tables.evidence.codes.evidence == "S"


def test_a_status_needing_an_entity_takes_it_from_the_loop_the_finding_points_at() -> None:
    """562 (NPI) names the party of the loop; 453 (modifier) needs none and keeps none."""
    tables = status_tables()
    for loop, entity in tables.loop_entity.items():
        given = finding("code-set", "207", location=f"{loop} NM1-09")
        assert finding_status(given) == ClaimStatus("A7", "562", entity)
    assert finding_status(finding("coverage", "4", location="2310B NM1-09")).entity == ""


def _broken(tmp_path: Path, change: dict[str, object]) -> str:
    document = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    document.update(change)
    path = tmp_path / "claim_status.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_status_tables(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return message


def test_a_broken_table_file_is_one_line_naming_the_file_and_the_field(tmp_path: Path) -> None:
    """Repeated CARCs, a malformed composite, an unknown category or field, a reversed date
    range and a file that is not a mapping are refused with the file and what is wrong."""
    shipped = load_status_tables(SHIPPED)
    assert shipped == status_tables()
    rows = [dict(r) for r in yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["by_carc"]]
    twice = [*rows, {"carcs": ["4"], "status": "A7:453", "meaning": "again"}]
    assert "by_carc: CARC 4 is listed twice" in _broken(tmp_path, {"by_carc": twice})
    bad = {"syntax": "A3-481"}
    assert "by_category.syntax: 'A3-481' is not a status composite" in _broken(
        tmp_path, {"by_category": bad}
    )
    assert "by_category" in _broken(tmp_path, {"by_category": {"billing": "A3:481"}})
    assert "colour" in _broken(tmp_path, {"colour": "red"})
    assert "end 2011-01-01 is before start 2012-01-01" in _broken(tmp_path, {"end": "2011-01-01"})
    assert "evidence.mapping: note: required when evidence is I" in _broken(
        tmp_path,
        {
            "evidence": {
                "codes": {"evidence": "V", "citation": "c"},
                "mapping": {"evidence": "I", "citation": "c"},
            }
        },
    )
    listed = tmp_path / "list.yaml"
    listed.write_text("- A1:19\n", encoding="utf-8")
    with pytest.raises(DataError, match="expected a mapping of fields, got a list"):
        load_status_tables(listed)
