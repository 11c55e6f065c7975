"""Check kinds: the registry of the small set of Python that turns a rule's `check:` into a
fact field, and the validation of a rule's check against its kind.

The kinds live by family: `kind.py` (the base, `Outcome`, message values), `parties.py`,
`authorization.py`, `code_sets.py`, `limits.py`, `contracts.py`, `youth.py`, `populations.py`
(what a state's populations and credential codes say), and `scope.py` (what could not be
checked). A new parameter, state variant or date is a YAML change; a new kind is Python and
needs a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from peerclaims.engine.checks.authorization import (
    Authorization,
    Supervision,
    covering_authorizations,
    units_used,
)
from peerclaims.engine.checks.code_sets import (
    ClaimBalance,
    CodeList,
    DiagnosisCodeSet,
    HcpcsCode,
    NpiCheckDigit,
    icd10_valid,
)
from peerclaims.engine.checks.context import ClaimView, LineView
from peerclaims.engine.checks.contracts import (
    ContractCap,
    ContractNetwork,
    ContractService,
    RateKnown,
)
from peerclaims.engine.checks.frequency import OriginalClaimKnown
from peerclaims.engine.checks.kind import (
    CLAIM_VALUES,
    DEFAULT_POPULATION,
    GROUP_MODIFIERS,
    LINE_VALUES,
    PASSED,
    POPULATION_MODIFIERS,
    Detail,
    Kind,
    MessageValues,
    Outcome,
    common_claim_values,
    common_line_values,
)
from peerclaims.engine.checks.limits import (
    AgeMax,
    AgeMin,
    Duplicate,
    GroupSize,
    SingleDay,
    UnitsWindow,
    WholeUnits,
)
from peerclaims.engine.checks.parties import (
    CredentialAccepted,
    Enrollment,
    MemberOnFile,
    PayerKnown,
    ProviderOnFile,
    population,
)
from peerclaims.engine.checks.populations import POPULATION_KINDS
from peerclaims.engine.checks.scope import SCOPE_KINDS
from peerclaims.engine.checks.spec import Rule, template_fields
from peerclaims.engine.checks.youth import YouthModifierAge
from peerclaims.engine.packs.parameters import describe

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        PayerKnown(),
        MemberOnFile(),
        ProviderOnFile(),
        CredentialAccepted(),
        Enrollment(),
        Authorization(),
        Supervision(),
        ClaimBalance(),
        NpiCheckDigit(),
        DiagnosisCodeSet(),
        CodeList(),
        HcpcsCode(),
        AgeMin(),
        AgeMax(),
        UnitsWindow(),
        GroupSize(),
        Duplicate(),
        WholeUnits(),
        SingleDay(),
        ContractNetwork(),
        ContractService(),
        ContractCap(),
        RateKnown(),
        YouthModifierAge(),
        *POPULATION_KINDS,
        OriginalClaimKnown(),
        *SCOPE_KINDS,
    )
}
"""Every check kind, by the name rule files use."""


@dataclass(frozen=True, slots=True)
class BoundCheck:
    """A rule's check: its kind and validated options."""

    kind: Kind
    options: Any

    def outcome(self, target: LineView | ClaimView) -> Outcome | None:
        """Run the kind on a line or a claim view."""
        if isinstance(target, LineView):
            return self.kind.line(self.options, target)
        return self.kind.claim(self.options, target)


def bind(rule: Rule) -> BoundCheck:
    """The rule's kind with its options validated (the rule was validated on load)."""
    kind = KINDS[rule.kind]
    return BoundCheck(kind, kind.options.model_validate(rule.check))


def validate_rule(rule: Rule) -> str | None:
    """A problem with the rule's check or templates, or None."""
    kind = KINDS.get(rule.kind)
    if kind is None:
        return f"check.kind: {rule.kind!r} is not a check kind ({', '.join(sorted(KINDS))})"
    try:
        kind.options.model_validate(rule.check)
    except ValidationError as exc:
        return f"check: {describe(exc)}"
    offered = (LINE_VALUES if kind.scope == "line" else CLAIM_VALUES) | kind.offers
    for name, text in (
        ("message", rule.message),
        ("fix", rule.fix),
        ("admin_fix", rule.admin_fix or ""),
    ):
        unknown = sorted(template_fields(text) - offered)
        if unknown:
            return (
                f"{name}: {{{unknown[0]}}} is not a value of check kind {kind.name} "
                f"(it offers {', '.join(sorted(offered))})"
            )
    if kind.scope == "claim" and rule.applies_to.parameters():
        return "applies_to: a claim-level check applies to the whole claim"
    return None


Deriver = Callable[[LineView | ClaimView], Outcome | None]


__all__ = [
    "CLAIM_VALUES",
    "DEFAULT_POPULATION",
    "GROUP_MODIFIERS",
    "KINDS",
    "LINE_VALUES",
    "PASSED",
    "POPULATION_MODIFIERS",
    "BoundCheck",
    "Deriver",
    "Detail",
    "Kind",
    "MessageValues",
    "Outcome",
    "bind",
    "common_claim_values",
    "common_line_values",
    "covering_authorizations",
    "icd10_valid",
    "population",
    "units_used",
    "validate_rule",
]
