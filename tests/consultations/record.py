"""Test helpers: acts recorded through the one door, as a board would."""

from consultations.meetings import Outcome, meeting_record
from consultations.rules.catalog import KINDS
from consultations.services import Subject, event_record


def record(kind, /, *, actor, project, on, files=(), **values):
    """One act through the door; answers the Recorded. `case=`, `area=`, `plan=`, `grievance=`
    name the subject when the kind is about one of these, else they are details of the act
    (a posting's `plan`, a signature's `case`)."""
    subjects = KINDS[kind].subjects if kind in KINDS else ()
    subject = Subject(
        **{
            name: values.pop(name)
            for name in ("case", "area", "plan", "grievance")
            if name in values and name in subjects
        }
    )
    return event_record(
        project=project,
        actor=actor,
        kind=kind,
        happened_on=on,
        subject=subject,
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
    plan=None,
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
        plan=plan,
    )
