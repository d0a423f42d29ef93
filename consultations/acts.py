"""The first steps of consultation, each a thin layer over `event_record` that checks its
own facts and says what breaks the law (as warnings, never as refusals)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from . import messages as msg
from .models import Case, Event, EventKind
from .services import Recorded, Subject, event_record

DELIVERY_METHODS = ("in_person", "post", "via_commune", "refused_minutes")
POSTING_WHATS = (
    "notice",
    "land_user_list",
    "land_prices",
    "asset_prices",
    "resettlement_plan",
    "draft_plan",
)
PERSUASION_DAYS, COMPULSORY_AFTER_DAYS = 15, 10  # LL2024 Art. 87-88 (rules.md)


def notice_issue(*, project, actor, area, happened_on: date, number: str, evidence_files=()):
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.NOTICE_ISSUED,
        happened_on=happened_on,
        subject=Subject(area=area),
        payload={"number": number.strip()},
        evidence_files=evidence_files,
    )


def _notice_of(case: Case, happened_on: date) -> Event | None:
    area_ids = case.land_user.holdings.values_list("parcel__area_id", flat=True)
    return (
        Event.objects.filter(
            kind=EventKind.NOTICE_ISSUED,
            area_id__in=area_ids,
            happened_on__lte=happened_on,
            is_void=False,
            superseded_by__isnull=True,
        )
        .order_by("-happened_on")
        .first()
    )


def notice_deliver(
    *, project, actor, case: Case, happened_on: date, method: str, signed: bool, evidence_files=()
) -> Recorded:
    if method not in DELIVERY_METHODS:
        raise ValidationError(
            {"method": ValidationError(msg.UNKNOWN_CHOICE, params={"value": method})}
        )
    notice = _notice_of(case, happened_on)
    warnings = [] if notice else [msg.warn("WARN_NOTICE_NOT_ISSUED")]
    payload = {"method": method, "signed": bool(signed), "notice": notice.id if notice else None}
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.NOTICE_DELIVERED,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload=payload,
        evidence_files=evidence_files,
        warnings=warnings,
    )


def notice_publish(
    *,
    project,
    actor,
    case: Case,
    happened_on: date,
    newspaper_issues: int,
    radio_broadcasts: int,
    evidence_files=(),
) -> Recorded:
    payload = {"newspaper_issues": int(newspaper_issues), "radio_broadcasts": int(radio_broadcasts)}
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.NOTICE_PUBLISHED,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload=payload,
        evidence_files=evidence_files,
    )


def posting_start(
    *, project, actor, area, happened_on: date, what: str, place: str, plan=None, evidence_files=()
) -> Recorded:
    if what not in POSTING_WHATS:
        raise ValidationError({"what": ValidationError(msg.UNKNOWN_CHOICE, params={"value": what})})
    payload = {"what": what, "place": place.strip(), "plan": plan.id if plan else None}
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.POSTING_STARTED,
        happened_on=happened_on,
        subject=Subject(area=area),
        payload=payload,
        evidence_files=evidence_files,
    )


def posting_end(*, project, actor, posting: Event, happened_on: date, evidence_files=()):
    if happened_on < posting.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.POSTING_END_BEFORE_START,
                    params={"start": f"{posting.happened_on:%d/%m/%Y}"},
                )
            }
        )
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.POSTING_ENDED,
        happened_on=happened_on,
        subject=Subject(area=posting.area),
        payload={"posting": posting.root_id or posting.id},
        evidence_files=evidence_files,
    )


def inventory_record(
    *,
    project,
    actor,
    case: Case,
    happened_on: date,
    done: bool,
    participated: bool = True,
    signed: bool = True,
    evidence_files=(),
):
    kind = EventKind.INVENTORY_DONE if done else EventKind.INVENTORY_REFUSED
    payload = {"participated": bool(participated), "signed": bool(signed)} if done else {}
    return event_record(
        project=project,
        actor=actor,
        kind=kind,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload=payload,
        evidence_files=evidence_files,
    )


def persuasion_record(
    *,
    project,
    actor,
    case: Case,
    happened_on: date,
    ended_on: date | None,
    by_roles: list[str],
    evidence_files=(),
):
    payload = {"ended_on": ended_on.isoformat() if ended_on else None, "by": sorted(by_roles)}
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.PERSUASION,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload=payload,
        evidence_files=evidence_files,
    )


def compulsory_inventory_decide(
    *, project, actor, case: Case, happened_on: date, number: str, evidence_files=()
) -> Recorded:
    warnings = []
    first = (
        Event.objects.filter(
            case=case, kind=EventKind.PERSUASION, is_void=False, superseded_by__isnull=True
        )
        .order_by("happened_on")
        .first()
    )
    need = PERSUASION_DAYS + COMPULSORY_AFTER_DAYS
    days = (happened_on - first.happened_on).days if first else 0
    if first is None or days < need:
        warnings.append(msg.warn("WARN_PERSUASION_SHORT", days=days, need=need))
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.COMPULSORY_INVENTORY,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload={"number": number.strip()},
        evidence_files=evidence_files,
        warnings=warnings,
    )


def written_opinion(
    *,
    project,
    actor,
    case: Case,
    happened_on: date,
    opinion: str,
    concerns: str = "",
    plan=None,
    evidence_files=(),
) -> Recorded:
    payload = {
        "opinion": opinion,
        "channel": "written",
        "concerns": concerns.strip()[:2000],
        "plan": plan.id if plan else None,
    }
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.OPINION,
        happened_on=happened_on,
        subject=Subject(case=case),
        payload=payload,
        evidence_files=evidence_files,
    )


@transaction.atomic
def supervision_record(
    *, project, actor, happened_on: date, kind: str, text: str, area=None, evidence_files=()
) -> Recorded:
    """A Fatherland Front finding or social-criticism recommendation (giám sát, phản biện)."""
    payload = {"finding_kind": kind, "text": text.strip()[:4000]}
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.SUPERVISION,
        happened_on=happened_on,
        subject=Subject(area=area),
        payload=payload,
        evidence_files=evidence_files,
    )


def supervision_respond(
    *,
    project,
    actor,
    finding: Event,
    happened_on: date,
    text: str,
    resolves: bool,
    evidence_files=(),
) -> Recorded:
    payload = {
        "finding": finding.root_id or finding.id,
        "text": text.strip()[:4000],
        "resolves": bool(resolves),
    }
    return event_record(
        project=project,
        actor=actor,
        kind=EventKind.SUPERVISION_RESPONSE,
        happened_on=happened_on,
        subject=Subject(area=finding.area),
        payload=payload,
        evidence_files=evidence_files,
    )
