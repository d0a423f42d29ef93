"""Land users and their sensitive data."""

import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from .. import messages as msg
from ..changes import registers_changed
from ..models import LandUser, LandUserSensitive, Project
from ..text import ascii_digits
from .common import (
    CODE,
    LINE,
    PROSE,
    apply_changes,
    cleaned_text,
    optional_reason,
    require_reason,
    save_with_history,
)

LAND_USER_EDITABLE = (
    "kind",
    "name",
    "representative",
    "members",
    "address",
    "phone",
    "resettlement_eligible",
)
LAND_USER_TEXT = {"name": LINE, "representative": LINE, "address": LINE, "phone": CODE}
SENSITIVE_EDITABLE = ("citizen_id", "ethnicity", "vulnerabilities", "health_notes", "bank_account")
SENSITIVE_TEXT = {
    "citizen_id": CODE,
    "ethnicity": LINE,
    "health_notes": PROSE,
    "bank_account": CODE,
}
# Register fields that can move a stage or a map filter (phones, addresses, sensitive data
# invalidate nothing).
LAND_USER_STAGE_FIELDS = {"resettlement_eligible"}
PHONE_CHARACTERS = set("0123456789 +-.()")


def _land_user_text(values: dict) -> dict:
    values = cleaned_text(values, LAND_USER_TEXT)
    phone = values.get("phone")
    digits = sum(c.isdigit() for c in phone or "")
    if phone and not (set(phone) <= PHONE_CHARACTERS and 8 <= digits <= 15):
        raise ValidationError({"phone": msg.PHONE_FORMAT})
    return values


def land_user_checked(values: dict) -> dict:
    """A land user's text fields cleaned and checked as land_user_create does (ValidationError);
    the import of land users checks its rows with it."""
    return _land_user_text(values)


def sensitive_checked(values: dict) -> dict:
    """Sensitive values cleaned and checked as land_user_sensitive_set does (ValidationError)."""
    return _sensitive_text(values)


@transaction.atomic
def land_user_create(*, project: Project, actor, reason: str = "", **fields) -> LandUser:
    reason = optional_reason(reason, default="created")
    lookup_code = fields.pop("lookup_code", None) or _new_lookup_code()
    land_user = LandUser(project=project, lookup_code=lookup_code)
    apply_changes(land_user, _land_user_text(fields), LAND_USER_EDITABLE)
    save_with_history(land_user, actor=actor, reason=reason)
    land_users_index_names(land_user_ids=[land_user.id])
    registers_changed(project_id=project.id, land_users=[land_user.id])
    return land_user


SEARCH_NAME_SQL = "lower(unaccent(name || ' ' || representative))"
_INDEX_NAMES_SQL = (
    "update landcases_landuser set search_name = " + SEARCH_NAME_SQL + " where {where}"  # noqa: S608
)


def land_users_index_names(*, land_user_ids=None, project_id: int | None = None) -> int:
    """Store the searchable form of the names (of these land users, or of a whole project
    after a bulk load): PostgreSQL's unaccent is not immutable, so the writes store it."""
    with connection.cursor() as cur:
        if land_user_ids is not None:
            cur.execute(_INDEX_NAMES_SQL.format(where="id = any(%s)"), [list(land_user_ids)])
        else:
            cur.execute(_INDEX_NAMES_SQL.format(where="project_id = %s"), [project_id])
        return cur.rowcount


def _new_lookup_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(10))
        if not LandUser.objects.filter(lookup_code=code).exists():
            return code


@transaction.atomic
def land_user_update(*, land_user: LandUser, actor, reason: str, **changes) -> list[str]:
    reason = require_reason(reason)
    changes = _land_user_text(changes)
    land_user = LandUser.objects.select_for_update().get(pk=land_user.pk)
    changed = apply_changes(land_user, changes, LAND_USER_EDITABLE)
    if changed:
        save_with_history(land_user, actor=actor, reason=reason, update_fields=changed)
    if {"name", "representative"} & set(changed):
        land_users_index_names(land_user_ids=[land_user.id])
    if LAND_USER_STAGE_FIELDS & set(changed):
        registers_changed(project_id=land_user.project_id, land_users=[land_user.id])
    return changed


def _sensitive_text(values: dict) -> dict:
    try:
        values = cleaned_text(values, SENSITIVE_TEXT)
    except ValidationError as exc:
        # A CCCD with a hidden character or Arabic-Indic / full-width digits is not a CCCD:
        # one message for every way of getting it wrong.
        if "citizen_id" in exc.error_dict:
            exc.error_dict["citizen_id"] = [ValidationError(msg.CITIZEN_ID_FORMAT)]
        raise
    citizen_id = values.get("citizen_id")
    if citizen_id and not ascii_digits(citizen_id, 12):
        raise ValidationError({"citizen_id": msg.CITIZEN_ID_FORMAT})
    return values


@transaction.atomic
def land_user_sensitive_set(
    *, land_user: LandUser, actor, reason: str, **values
) -> LandUserSensitive:
    reason = require_reason(reason)
    values = _sensitive_text(values)
    record, _created = LandUserSensitive.objects.select_for_update().get_or_create(
        land_user=land_user
    )
    changed = apply_changes(record, values, SENSITIVE_EDITABLE)
    if changed or _created:
        save_with_history(record, actor=actor, reason=reason)
    return record
