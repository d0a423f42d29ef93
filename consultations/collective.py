"""Collective acts: one act for every household of an area — or of a plan version (its lines)
— on one date, with the exceptions listed (a notice delivered to every household at a commune
meeting, the approved plan handed to each household of the version). One event per case,
through the one door, in one batch: the record says the same as if each were typed in."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from landcases.models import LandUser, PlanLine

from . import messages as msg
from .attendance import area_land_users, cases_of_land_users
from .models import Case
from .services import Act, Recorded, Subject, events_write

# Acts about each household that a board (or commune) does for many at once.
COLLECTIVE_KINDS = ("notice_delivered", "plan_delivered", "recovery_decided", "recovery_delivered")


def plan_land_users(plan_id: int) -> set[int]:
    """The households of a plan version: those with a line in it."""
    return set(PlanLine.objects.filter(plan_id=plan_id).values_list("land_user_id", flat=True))


def parse_exceptions(project_id: int, area_id: int, raw: str) -> set[int]:
    """Land users of the area named by lookup code or #id (one per line, or separated by
    commas); anything else is refused, naming it."""
    return parse_land_users(project_id, area_land_users(area_id), raw)


def parse_land_users(
    project_id: int,
    among: set[int],
    raw: str,
    *,
    field: str = "exceptions",
    message=msg.COLLECTIVE_UNKNOWN,
) -> set[int]:
    """Land users of `among` named by lookup code or #id; anything else (a code of no land
    user, of another project, of a household outside `among`) is refused, naming it."""
    tokens = [t for t in re.split(r"[\s,;]+", raw or "") if t]
    ids = {int(t[1:]) for t in tokens if re.fullmatch(r"#[0-9]{1,18}", t)}
    codes = {t.upper() for t in tokens if not t.startswith("#")}
    rows = LandUser.objects.filter(project_id=project_id).filter(
        Q(pk__in=ids) | Q(lookup_code__in=codes)
    )
    in_area = among
    by_id = {i for i, _ in rows.values_list("id", "lookup_code") if i in in_area}
    by_code = {c: i for i, c in rows.values_list("id", "lookup_code") if i in in_area}
    chosen, unknown = set(), []
    for token in tokens:
        if re.fullmatch(r"#[0-9]{1,18}", token) and int(token[1:]) in by_id:
            chosen.add(int(token[1:]))
        elif token.upper() in by_code:
            chosen.add(by_code[token.upper()])
        else:
            unknown.append(token[:20])
    if unknown:
        raise ValidationError(
            {field: ValidationError(message, params={"values": ", ".join(unknown[:10])})}
        )
    return chosen


@transaction.atomic
def collective_record(
    *,
    project,
    actor,
    kind: str,
    area=None,
    plan=None,
    happened_on,
    values: dict,
    exceptions: set[int],
    only: set[int] | None = None,
    values_of: dict[int, dict] | None = None,
    evidence_files=(),
    submission_key=None,
) -> list[Recorded]:
    """One act per household of the area (or of the plan version), or of `only` among them,
    but the exceptions; `values_of` adds a household's own details (the decision it got)."""
    assert kind in COLLECTIVE_KINDS, kind
    assert (area is None) != (plan is None), "an area or a plan version"
    households = area_land_users(area.id) if area is not None else plan_land_users(plan.id)
    if only is not None:
        households &= only
    land_users = sorted(households - set(exceptions))
    if not land_users:
        raise ValidationError({"exceptions": msg.COLLECTIVE_NOBODY})
    case_of = cases_of_land_users(project.id, land_users)
    cases = Case.objects.in_bulk(list(case_of.values()))
    acts = [
        Act(
            kind,
            Subject(case=cases[case_of[lu]]),
            happened_on,
            {**values, **(values_of or {}).get(lu, {})},
        )
        for lu in land_users
    ]
    return events_write(
        project=project,
        actor=actor,
        acts=acts,
        evidence_files=evidence_files,
        submission_key=submission_key,
    )
