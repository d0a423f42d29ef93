"""The case page's sections on grievances, enforcement and safeguards (their context)."""

from landcases.access import Can

from ..access import may_record
from ..case_steps import case_steps
from ..grievance_selectors import grievance_rows, with_clocks
from .enforcement import ENFORCEMENT_ACTS

ACT_OF_STEP = {kind: name for name, (kind, _f, _t) in ENFORCEMENT_ACTS.items()}


def case_sections(access, case) -> dict:
    steps, safeguards = case_steps(case)
    return {
        "grievance_rows": with_clocks(grievance_rows(access.project.id, case=case)),
        "can_record_grievance": may_record(access, "grievance_received"),
        "enforcement_steps": [
            (
                step,
                ACT_OF_STEP.get(step.kind) if may_record(access, step.kind) else None,
            )
            for step in steps
        ],
        "enforcement_started": any(step.events for step in steps[1:]),
        "safeguards": safeguards if access.can(Can.READ_SENSITIVE) else [],
        "show_names": access.can(Can.READ_PERSONAL),
    }
