"""Who attended a meeting and what each said, as the meeting form sends it: one JSON field
(however many attendees — a form field per row hit Django's 1,000-field limit at ~500 rows),
checked here into attendees and outcomes, or refused with a translated message."""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection

from landcases.text import clean

from . import messages as msg
from .meetings import Outcome
from .models import Case
from .rules.vocabulary import OPINIONS

MAX_ATTENDEES = 20_000
MAX_CONCERNS = 2_000


@dataclass(frozen=True)
class Attendance:
    land_users: list[int]
    outcomes: dict[int, tuple[str, str, bool]]  # land user → (opinion, concerns, dissent)


def parse_attendance(raw: str) -> Attendance:
    """[{"id": land user id, "opinion": code or "", "concerns": "…", "dissent": bool}, …]"""
    try:
        rows = json.loads(raw or "[]")
    except (TypeError, ValueError, RecursionError):  # [[[[… past Python's depth: unreadable
        raise ValidationError({"attendees": msg.ATTENDANCE_UNREADABLE}) from None
    if not isinstance(rows, list) or len(rows) > MAX_ATTENDEES:
        raise ValidationError({"attendees": msg.ATTENDANCE_UNREADABLE})
    users: list[int] = []
    outcomes: dict[int, tuple[str, str, bool]] = {}
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationError({"attendees": msg.ATTENDANCE_UNREADABLE})
        lu = row.get("id")
        if isinstance(lu, bool) or not isinstance(lu, int) or not 0 < lu < 2**63:
            raise ValidationError({"attendees": msg.ATTENDANCE_UNREADABLE})
        users.append(lu)
        opinion = row.get("opinion") or ""
        if opinion and opinion not in OPINIONS:
            raise ValidationError(
                {
                    "attendees": ValidationError(
                        msg.UNKNOWN_CHOICE, params={"value": str(opinion)[:20]}
                    )
                }
            )
        concerns = row.get("concerns") or ""
        if not isinstance(concerns, str):
            raise ValidationError({"attendees": msg.ATTENDANCE_UNREADABLE})
        concerns = clean(concerns, multiline=True)
        if len(concerns) > MAX_CONCERNS:
            raise ValidationError(
                {"attendees": ValidationError(msg.TEXT_TOO_LONG, params={"max": MAX_CONCERNS})}
            )
        if opinion:
            outcomes[lu] = (opinion, concerns, row.get("dissent") is True)
    return Attendance(sorted(set(users)), outcomes)


def cases_of_land_users(project_id: int, land_user_ids: list[int]) -> dict[int, int]:
    """Land user → case id, creating the cases not there yet (a write: the POST's). Land
    users of another project are left out (the meeting refuses them with a message)."""
    from .projection import _create_cases

    _create_cases(project_id, land_user_ids)
    return dict(
        Case.objects.filter(project_id=project_id, land_user_id__in=land_user_ids).values_list(
            "land_user_id", "id"
        )
    )


def to_case_outcomes(attendance: Attendance, case_of: dict[int, int]) -> tuple[list[int], list]:
    missing = [lu for lu in attendance.land_users if lu not in case_of]
    if missing:
        raise ValidationError(
            {"attendees": ValidationError(msg.MEETING_OUTSIDE_AREA, params={"id": missing[0]})}
        )
    attendees = [case_of[lu] for lu in attendance.land_users]
    outcomes = [
        Outcome(case_of[lu], opinion, concerns, dissent)
        for lu, (opinion, concerns, dissent) in sorted(attendance.outcomes.items())
    ]
    return attendees, outcomes


def area_land_users(area_id: int) -> set[int]:
    with connection.cursor() as cur:
        cur.execute(
            "select distinct h.land_user_id from landcases_holding h "
            "join landcases_parcel p on p.id = h.parcel_id where p.area_id = %s",
            [area_id],
        )
        return {r[0] for r in cur.fetchall()}
