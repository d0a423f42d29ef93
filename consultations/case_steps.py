"""Reads for the case page's sections on enforcement and the lenders' safeguards: the standing
acts of each step, in the order the law asks for them (ENFORCEMENT-PRECONDITIONS: LL2024
Art. 89(2)). What is missing is shown as missing; whether it breaks the rule is the audit's."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Case, Event

# (step, what it is): the facts ENFORCEMENT-PRECONDITIONS reads, then the execution.
ENFORCEMENT_FACTS = (
    ("recovery_decided", _("Recovery decision (in force)")),
    ("persuasion", _("Persuasion before enforcement (commune PC, Front, board)")),
    ("enforcement_decided", _("Enforcement decision issued")),
    ("enforcement_posted", _("Enforcement decision posted")),
    ("enforcement_delivered", _("Enforcement decision delivered, or its refusal in minutes")),
    ("enforcement_executed", _("Enforcement carried out")),
)
# A support measure tells that a household is vulnerable, a consent record that it belongs to
# an ethnic minority: sensitive (domain.md), shown only to roles that may read sensitive data.
SAFEGUARD_KINDS = ("support_measure", "fpic_record")


@dataclass
class Step:
    kind: str
    title: object
    events: list[Event] = field(default_factory=list)


def case_steps(case: Case) -> tuple[list[Step], list[Event]]:
    """(the enforcement steps with their acts, the safeguard acts) of a case, in one query."""
    if case.pk is None:
        return [Step(k, t) for k, t in ENFORCEMENT_FACTS], []
    kinds = [k for k, _t in ENFORCEMENT_FACTS] + list(SAFEGUARD_KINDS)
    events = list(
        Event.objects.filter(
            case=case, kind__in=kinds, is_void=False, superseded_by__isnull=True
        ).order_by("happened_on", "id")
    )
    steps = []
    for kind, title in ENFORCEMENT_FACTS:
        mine = [e for e in events if e.kind == kind]
        if kind == "persuasion":
            mine = [e for e in mine if e.payload.get("purpose") == "enforcement"]
        steps.append(Step(kind, title, mine))
    return steps, [e for e in events if e.kind in SAFEGUARD_KINDS]
