"""A meeting and, on the same submit, every attending land user's outcome and the minutes'
signatures: one `meeting` event (subject: the area), one outcome per land user (subject: the
case) and one `minutes_signed` per signing role, all through the door and recomputed in one
id-ordered batch.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from . import messages as msg
from .models import Case, Event
from .projection import cases_touched, recompute
from .services import Act, Recorded, Subject, event_values, events_write

OUTCOME_KINDS = ("opinion", "dialogue_outcome")


@dataclass(frozen=True)
class Outcome:
    case_id: int
    opinion: str  # consultation: the opinion; dialogue: the result, on the same scale
    concerns: str = ""
    dissent: bool = False


def _holding_land_in(area_id: int, case_ids: Sequence[int]) -> set[int]:
    """Which of these cases hold land in the area (only these are looked up: listing every case
    of a 3,000-parcel area took 40 ms a meeting)."""
    with connection.cursor() as cur:
        cur.execute(
            """
            select distinct c.id from consultations_case c
            join landcases_holding h on h.land_user_id = c.land_user_id
            join landcases_parcel p on p.id = h.parcel_id
            where p.area_id = %s and c.id = any(%s)
            """,
            [area_id, list(case_ids)],
        )
        return {r[0] for r in cur.fetchall()}


def _check_attendance(area, attendees: Sequence[int], outcomes: Sequence[Outcome]) -> None:
    if not attendees:
        raise ValidationError({"attendees": msg.NO_ATTENDEES})
    in_area = _holding_land_in(area.id, attendees)
    for case_id in attendees:
        if case_id not in in_area:
            raise ValidationError(
                {"attendees": ValidationError(msg.MEETING_OUTSIDE_AREA, params={"id": case_id})}
            )
    attending = set(attendees)
    for outcome in outcomes:
        if outcome.case_id not in attending:
            raise ValidationError(
                {
                    "attendees": ValidationError(
                        msg.OUTCOME_NOT_ATTENDING, params={"id": outcome.case_id}
                    )
                }
            )


@transaction.atomic
def meeting_record(
    *,
    project,
    actor,
    area,
    kind: str,
    happened_on: date,
    place_lng: float | None,
    place_lat: float | None,
    place_name: str = "",
    officials: Sequence[str],
    signatories: Sequence[str] = (),
    attendees: Sequence[int],
    outcomes: Sequence[Outcome] = (),
    plan=None,
    invitation=None,
    evidence_files=(),
    submission_key=None,
    recompute_cases: bool = True,
) -> Recorded:
    """`recompute_cases=False`: a bulk load that rebuilds the projection itself afterwards (as
    `events_write` allows); every check stays."""
    if place_lng is None or place_lat is None:
        raise ValidationError({"place": msg.MEETING_PLACE_REQUIRED})
    _check_attendance(area, attendees, outcomes)
    meeting = Act(
        "meeting",
        Subject(area=area),
        happened_on,
        {
            "meeting_kind": kind,
            "place": [place_lng, place_lat],
            "place_name": place_name,
            "officials": list(officials),
            "cases": sorted(set(attendees)),
            "plan": plan,
            "invitation": invitation,
        },
        warn_context={"signatories": list(signatories)},
    )
    [recorded] = events_write(
        project=project,
        actor=actor,
        acts=[meeting],
        evidence_files=evidence_files,
        recompute_cases=False,
        submission_key=submission_key,
    )
    root = recorded.event.id
    cases = Case.objects.in_bulk([o.case_id for o in outcomes])
    outcome_kind = "dialogue_outcome" if kind == "dialogue" else "opinion"
    follow: list[Act] = []
    if kind in ("consultation", "dialogue"):
        for o in outcomes:
            values = {"opinion": o.opinion, "meeting": root, "concerns": o.concerns}
            if o.dissent:
                values["dissent"] = True
            if outcome_kind == "opinion":
                values.update(channel="meeting", plan=plan)
            follow.append(Act(outcome_kind, Subject(case=cases[o.case_id]), happened_on, values))
    for role in dict.fromkeys(signatories):
        follow.append(
            Act("minutes_signed", Subject(area=area), happened_on, {"meeting": root, "role": role})
        )
    written = events_write(project=project, actor=actor, acts=follow, recompute_cases=False)
    if recompute_cases:
        recompute(cases_touched([r.event for r in written]), project_id=project.id)
    recorded.others = [r.event.id for r in written]
    return recorded


def _followers(meeting: Event) -> list[Event]:
    """The standing acts recorded at this meeting: outcomes and signatures."""
    return list(
        Event.objects.filter(
            project_id=meeting.project_id,
            kind__in=(*OUTCOME_KINDS, "minutes_signed"),
            payload__meeting=meeting.root_id,
            superseded_by__isnull=True,
            is_void=False,
        ).select_related("case", "area", "plan", "grievance", "project")
    )


@transaction.atomic
def meeting_correct(
    *,
    meeting: Event,
    actor,
    reason: str,
    happened_on: date | None = None,
    void: bool = False,
    submission_key=None,
) -> Recorded:
    """Re-date or void a meeting together with what was recorded at it (its outcomes and
    signatures): an outcome cannot outlive its meeting, nor keep the meeting's old date.
    Written in one batch; every case it touches recomputed once, in id order.

    A void is refused while anything else rests on the meeting or its signatures (the door's
    `check_void`): above all an official's confirmation of a signature, which is their own
    organisation's act — the board may not void it (only its recorder may), and voiding the
    signature under it would leave the record confirming a signature that never was. The
    official takes the confirmation back first; then the meeting goes with its outcomes."""
    followers = _followers(meeting)
    acts = []
    for event in [meeting, *followers]:
        if void:
            acts.append(
                Act(
                    event.kind,
                    Subject.of(event),
                    event.happened_on,
                    supersedes=event,
                    is_void=True,
                    reason=reason,
                )
            )
        else:
            day = (
                happened_on
                if event.kind != "minutes_signed"
                else max(happened_on or event.happened_on, event.happened_on)
            )
            acts.append(
                Act(
                    event.kind,
                    Subject.of(event),
                    day or event.happened_on,
                    event_values(event),
                    supersedes=event,
                    reason=reason,
                )
            )
    written = events_write(project=meeting.project, actor=actor, acts=acts, recompute_cases=False)
    recompute(
        cases_touched([r.event for r in written]) + [f.case_id for f in followers if f.case_id],
        project_id=meeting.project_id,
    )
    first = written[0]
    first.others = [r.event.id for r in written[1:]]
    return first
