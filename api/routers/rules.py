"""`GET /v1/rules` and `GET /v1/rules/{rule_id}`: the rules of the loaded packs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peerclaims.api.access import visible_packs
from peerclaims.api.dependencies import KeyDep, ServiceDep, strict_query
from peerclaims.api.openapi import AUTH_PROBLEMS, problem
from peerclaims.api.problems import ApiProblem
from peerclaims.api.schemas import ParameterOut, ParameterValueOut, RuleDetail, RuleOut
from peerclaims.engine.checks.kinds import bind
from peerclaims.engine.checks.spec import STATE_TEMPLATE, Rule
from peerclaims.engine.packs.pack import FEDERAL, Pack
from peerclaims.engine.packs.parameters import value_text

router = APIRouter(prefix="/v1", tags=["rules"], dependencies=[Depends(strict_query)])


def _summary(pack: Pack, rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "pack": pack.id,
        "pack_version": pack.version,
        "title": rule.title,
        "category": rule.category,
        "severity": rule.severity,
        "start": rule.start,
        "end": rule.end,
        "citation": rule.citation,
        "carc": rule.carc,
        "rarc": rule.rarc,
    }


@router.get("/rules", responses=AUTH_PROBLEMS)
def list_rules(
    key: KeyDep,
    service: ServiceDep,
    pack: Annotated[
        str | None,
        Query(description="Only this pack's rules (federal, ct, nj, ...)", pattern=r"^[A-Za-z]+$"),
    ] = None,
) -> list[RuleOut]:
    """Every rule of the packs the key may see: id, pack, category, severity, dates, title."""
    wanted = pack.lower() if pack else None
    return [
        RuleOut.model_validate(_summary(each, rule))
        for each in visible_packs(key, service.packs)
        if wanted is None or each.id == wanted
        for rule in each.rules
    ]


@router.get(
    "/rules/{rule_id}",
    responses={**AUTH_PROBLEMS, 404: problem("No such rule in the packs the key may see")},
)
def show_rule(
    key: KeyDep,
    service: ServiceDep,
    rule_id: Annotated[str, Path(description="A rule id, e.g. NJ-COD-0001", max_length=64)],
) -> RuleDetail:
    """One rule: what it checks, its citation, dates, codes, and the parameters it reads."""
    packs = visible_packs(key, service.packs)
    wanted = rule_id.upper()
    for pack in packs:
        for rule in pack.rules:
            if rule.id == wanted:
                return _detail(pack, rule, packs)
    raise ApiProblem(
        status.HTTP_404_NOT_FOUND, "unknown-rule", f"no rule {rule_id} in the loaded packs"
    )


def _detail(pack: Pack, rule: Rule, packs: Sequence[Pack]) -> RuleDetail:
    check = bind(rule)
    names = check.kind.parameters(check.options) + rule.applies_to.parameters()
    by_id = {each.id: each for each in packs}
    parameters = []
    for name in names:
        if name.startswith(STATE_TEMPLATE):
            rest = name[len(STATE_TEMPLATE) :]
            resolved = [f"{p.id}{rest}" for p in packs if p.id != FEDERAL and p.state]
        else:
            resolved = [name]
        for real in resolved:
            owner = by_id.get(real.split(".", 1)[0])
            if owner is None or real not in owner.parameters:
                continue
            entries = owner.parameters.get(real).entries
            values = [ParameterValueOut(start=e.start, value=value_text(e.value)) for e in entries]
            parameters.append(ParameterOut(name=real, values=values))
    return RuleDetail.model_validate(
        {
            **_summary(pack, rule),
            "kind": rule.kind,
            "check": {k: _plain(v) for k, v in rule.check.items() if k != "kind"},
            "applies_to": rule.applies_to.model_dump(exclude_none=True),
            "message": rule.message,
            "fix": rule.fix,
            "admin_fix": rule.admin_fix,
            "note": rule.note,
            "parameters": parameters,
        }
    )


def _plain(value: object) -> object:
    """A check option as JSON can carry it (decimals and dates as text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value
