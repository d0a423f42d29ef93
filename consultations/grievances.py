"""Grievances (khiếu nại, kiến nghị): a complaint or a petition gets its identity — a
`Grievance` row numbered per project (KN-0001, KN-0002, …) — and its receipt through the one
door, in one transaction: a receipt the door refuses leaves no number behind. Its later acts
(accepted, refused, settled, appealed, withdrawn) are ordinary acts about it
(`event_record(subject=Subject(grievance=…))`), checked by consistency_grievances.py.

One sequence per project for complaints and petitions alike: a receipt corrected from a
petition to a complaint keeps its number. Denunciations (tố cáo) are out of scope (domain.md).
"""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q

from landcases.models import LandUser

from . import messages as msg
from .models import Case, Grievance
from .services import Recorded, Subject, event_record

NUMBER_PREFIX = "KN"
_NUMBER = re.compile(rf"^{NUMBER_PREFIX}-([0-9]+)$")
_LOCK = 4713  # pg_advisory_xact_lock(_LOCK, project): one numberer at a time per project


def grievance_number_next(project) -> str:
    """The project's next number (call inside the creating transaction, under its lock)."""
    numbers = Grievance.objects.filter(project=project).values_list("number", flat=True)
    used = [int(m.group(1)) for n in numbers if (m := _NUMBER.match(n))]
    return f"{NUMBER_PREFIX}-{max(used, default=0) + 1:04d}"


def grievance_create(
    *,
    project,
    actor,
    happened_on: date | None,
    values: dict[str, Any],
    evidence_files=(),
    submission_key=None,
) -> Recorded:
    """A grievance received: its number, then its `grievance_received` (values as the
    catalogue names them: grievance_kind, channel, taken_by, confirmed, about, cases, complex,
    remote, summary)."""
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(%s, %s)", [_LOCK, project.id])
        grievance = Grievance.objects.create(project=project, number=grievance_number_next(project))
        return event_record(
            project=project,
            actor=actor,
            kind="grievance_received",
            happened_on=happened_on,
            subject=Subject(grievance=grievance),
            values=values,
            evidence_files=evidence_files,
            submission_key=submission_key,
        )


def parse_land_users(project_id: int, raw: str) -> list[int]:
    """Land users of the project named by lookup code or #id (separated by spaces, commas or
    lines); anything else is refused, naming it."""
    tokens = [t for t in re.split(r"[\s,;]+", raw or "") if t]
    if not tokens:
        raise ValidationError({"land_users": msg.GRIEVANCE_LAND_USERS_REQUIRED})
    ids = {int(t[1:]) for t in tokens if re.fullmatch(r"#[0-9]{1,18}", t)}
    codes = {t.upper() for t in tokens if not t.startswith("#")}
    rows = dict(
        LandUser.objects.filter(project_id=project_id)
        .filter(Q(pk__in=ids) | Q(lookup_code__in=codes))
        .values_list("id", "lookup_code")
    )
    by_code = {code: i for i, code in rows.items()}
    chosen: list[int] = []
    unknown: list[str] = []
    for token in tokens:
        if re.fullmatch(r"#[0-9]{1,18}", token) and int(token[1:]) in rows:
            chosen.append(int(token[1:]))
        elif token.upper() in by_code:
            chosen.append(by_code[token.upper()])
        else:
            unknown.append(token[:20])
    if unknown:
        raise ValidationError(
            {
                "land_users": ValidationError(
                    msg.GRIEVANCE_LAND_USERS_UNKNOWN, params={"values": ", ".join(unknown[:10])}
                )
            }
        )
    return sorted(set(chosen))


def cases_of(project_id: int, land_user_ids: list[int]) -> list[Case]:
    """The land users' cases, created for those that have none yet (a write: the POST's)."""
    from .attendance import cases_of_land_users

    case_ids = cases_of_land_users(project_id, land_user_ids)
    return list(Case.objects.filter(pk__in=case_ids.values()).order_by("id"))
