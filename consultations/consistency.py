"""Acts that cannot have happened as told, refused at the door (unlawful acts are recorded and
warned about instead: warnings.py). Each check names the field it refuses."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from . import messages as msg
from .models import Event


def _standing_root(root_id: int) -> Event | None:
    """The version of a chain that stands now (None when the chain was voided)."""
    latest = Event.objects.filter(root_id=root_id).order_by("-id").first()
    return None if latest is None or latest.is_void else latest


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


def _lock_chain(root_id: int) -> None:
    """Acts that refer to one chain (its end, its responses) and the chain's own corrections
    are checked one writer at a time: two ends of one posting recorded at once both passed."""
    with connection.cursor() as cursor:
        cursor.execute("select pg_advisory_xact_lock(%s, %s)", [7301, root_id % 2_147_483_647])


def _standing_refs(kind: str, field: str, root_id: int):
    return Event.objects.filter(
        kind=kind, **{f"payload__{field}": root_id}, superseded_by__isnull=True, is_void=False
    )


def _posting_ended(act, payload) -> None:
    _lock_chain(payload["posting"])
    posting = _standing_root(payload["posting"])
    if posting is None:
        raise ValidationError({"posting": msg.REFERENCE_VOIDED})
    if act.subject.area is not None and posting.area_id != act.subject.area.id:
        raise ValidationError({"posting": msg.POSTING_OTHER_AREA})
    if act.happened_on < posting.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.POSTING_END_BEFORE_START, params={"start": _dmy(posting.happened_on)}
                )
            }
        )
    others = _standing_refs("posting_ended", "posting", payload["posting"])
    if act.supersedes is not None:
        others = others.exclude(root_id=act.supersedes.root_id)
    if others.exists():
        raise ValidationError({"posting": msg.POSTING_ALREADY_ENDED})


def _supervision_response(act, payload) -> None:
    _lock_chain(payload["finding"])
    finding = _standing_root(payload["finding"])
    if finding is None:
        raise ValidationError({"finding": msg.REFERENCE_VOIDED})
    if act.happened_on < finding.happened_on:
        raise ValidationError(
            {
                "happened_on": ValidationError(
                    msg.RESPONSE_BEFORE_FINDING, params={"date": _dmy(finding.happened_on)}
                )
            }
        )


def _persuasion(act, payload) -> None:
    ended = payload.get("ended_on")
    if ended and ended < act.happened_on.isoformat():
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    msg.ENDED_BEFORE_BEGUN, params={"date": _dmy(act.happened_on)}
                )
            }
        )


def _referred_to(kind: str, field: str, earliest_message: Any) -> Callable[[Any, dict], None]:
    """A posting or a finding re-dated after what refers to it (its end, its responses), or
    voided while they stand: the record would tell of an end before its start."""

    def check(act, payload) -> None:
        if act.supersedes is None:
            return
        root_id = act.supersedes.root_id
        _lock_chain(root_id)
        refs = _standing_refs(kind, field, root_id)
        if act.is_void:
            if refs.exists():
                raise ValidationError(msg.VOID_REFERRED_FIRST)
            return
        first = refs.order_by("happened_on").values_list("happened_on", flat=True).first()
        if first is not None and act.happened_on > first:
            raise ValidationError(
                {"happened_on": ValidationError(earliest_message, params={"date": _dmy(first)})}
            )
        if act.subject.area is not None and refs.exclude(area_id=act.subject.area.id).exists():
            raise ValidationError({"area": msg.POSTING_OTHER_AREA})

    return check


CHECKS: dict[str, Callable[[Any, dict], None]] = {
    "posting_started": _referred_to("posting_ended", "posting", msg.START_AFTER_END),
    "supervision": _referred_to("supervision_response", "finding", msg.FINDING_AFTER_RESPONSE),
    "posting_ended": _posting_ended,
    "supervision_response": _supervision_response,
    "persuasion": _persuasion,
}


def check_consistent(act, payload: dict) -> None:
    if act.is_void and act.kind not in ("posting_started", "supervision"):
        return
    check = CHECKS.get(act.kind)
    if check is not None:
        check(act, payload)
