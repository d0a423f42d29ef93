"""Invitations to a meeting: sent on a day, by a method, to the households of an area (all of
them but the exceptions), for a meeting of a kind planned for a day. The meeting then names its
invitation, so that the record shows who was invited and who came (meeting_selectors.py)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from . import messages as msg
from .attendance import area_land_users, cases_of_land_users
from .services import Recorded, Subject, event_record


@transaction.atomic
def invitation_record(
    *,
    project,
    actor,
    area,
    happened_on: date | None,
    meeting_kind: str,
    planned_on: date | None,
    method: str,
    exceptions: set[int] = frozenset(),  # type: ignore[assignment]
    evidence_files=(),
    submission_key=None,
) -> Recorded:
    land_users = sorted(area_land_users(area.id) - set(exceptions))
    if not land_users:
        raise ValidationError({"exceptions": msg.COLLECTIVE_NOBODY})
    case_of = cases_of_land_users(project.id, land_users)
    return event_record(
        project=project,
        actor=actor,
        kind="invitation_sent",
        happened_on=happened_on,
        subject=Subject(area=area),
        values={
            "meeting_kind": meeting_kind,
            "planned_on": planned_on,
            "method": method,
            "cases": sorted(case_of.values()),
        },
        evidence_files=evidence_files,
        submission_key=submission_key,
    )
