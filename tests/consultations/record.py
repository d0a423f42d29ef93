"""Test helpers: acts recorded through the one door, as a board would."""

from consultations.meetings import Outcome, meeting_record
from consultations.services import Subject, event_record


def record(
    kind,
    /,
    *,
    actor,
    project,
    on,
    case=None,
    area=None,
    plan=None,
    grievance=None,
    files=(),
    **values,
):
    """One act through the door; answers the Recorded."""
    return event_record(
        project=project,
        actor=actor,
        kind=kind,
        happened_on=on,
        subject=Subject(case=case, area=area, plan=plan, grievance=grievance),
        values=values,
        evidence_files=files,
    )


def meeting(
    *,
    actor,
    project,
    area,
    on,
    kind="consultation",
    attendees=(),
    outcomes=(),
    officials=("commune_pc", "fatherland_front", "board"),
    signatories=("commune_pc", "fatherland_front", "household_representative"),
    place_name="Nhà văn hóa thôn",
):
    """A meeting with attendees (cases) and outcomes ((case, opinion[, concerns]) tuples)."""
    return meeting_record(
        project=project,
        actor=actor,
        area=area,
        kind=kind,
        happened_on=on,
        place_lng=108.0,
        place_lat=10.94,
        place_name=place_name,
        officials=list(officials),
        signatories=list(signatories),
        attendees=[c.id for c in attendees],
        outcomes=[Outcome(o[0].id, *o[1:]) for o in outcomes],
    )
