"""A rules folder for the states view tests: the repository's packs and a small Pennsylvania
pack that states its populations, benefit and review date (pack.yaml's evidence fields), with
no Oregon pack (a jurisdiction without a pack, whatever the repository holds).

The Pennsylvania facts follow the state fact base (PA: mental health covered since 2006-11-01, V;
substance use conflicting S; youth S; family U); the pack is test data, not a rule pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"

PA_PACK = """\
id: pa
version: "2099.1.1"
title: Pennsylvania Medicaid peer support (test pack)
state: PA
extends: [federal]
supported:
  start: 2019-01-01
  end: 2027-12-31
reviewed: 2026-12-01
sources:
  - id: S90
    title: Test source for the Pennsylvania states-view pack
    evidence: V (mental health), S (youth), U (family)
benefit:
  start: 2006-11-01
  evidence: V
  citation: "[S90] test: peer support a Pennsylvania Medicaid service since 2006-11-01"
populations:
  mental_health:
    status: covered
    evidence: V
    citation: "[S90] test: adults with serious mental illness"
    since: 2006-11-01
    programs: [PA-MEDICAID]
    credentials: [PA-CPS]
  sud:
    status: not_covered
    evidence: S
    citation: "[S90] test: one secondary source says no"
    note: conflicting secondary sources; no primary document read
  youth:
    status: covered
    evidence: S
    citation: "[S90] test: ages 14 to 26 at one provider"
    note: one provider's page only
    min_age: 14
    max_age: 26
  family:
    status: unknown
    evidence: U
    citation: "[S90] test: searched, not found"
    note: "searched, not found: a family peer service"
"""

PA_CREDENTIALS = """\
- code: PA-CPS
  label: Certified Peer Specialist (test)
  issuer: Pennsylvania Certification Board
  citation: "[S90] test"
  evidence: V
"""

PA_ACCEPTED = """\
description: Credential types a Pennsylvania rendering peer holds one of (test).
metadata:
  unit: code-list
  label: PA accepted peer credentials
  evidence: V
  reference:
    - title: "[S90] test"
values:
  2019-01-01: [PA-CPS]
"""

PA_PROCEDURES = """\
description: Procedures Pennsylvania covers as peer support (test).
metadata:
  unit: code-list
  label: PA peer support procedures
  evidence: S
  note: one secondary source
  reference:
    - title: "[S90] test"
values:
  2019-01-01: [H0038]
"""


def rules_with_pa(root: Path) -> Path:
    """A copy of the repository's rules under `root` with the test Pennsylvania pack as
    `states/pa` (replacing any) and no `states/or`; returns the copy's folder."""
    copy = root / "rules"
    shutil.copytree(RULES, copy)
    shutil.rmtree(copy / "states" / "or", ignore_errors=True)
    pack = copy / "states" / "pa"
    shutil.rmtree(pack, ignore_errors=True)
    files = {
        "pack.yaml": PA_PACK,
        "codes/credentials.yaml": PA_CREDENTIALS,
        "parameters/credentials/accepted.yaml": PA_ACCEPTED,
        "parameters/coverage/procedures.yaml": PA_PROCEDURES,
        "README.md": "# Pennsylvania (test pack)\n",
    }
    for relative, text in files.items():
        path = pack / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return copy
