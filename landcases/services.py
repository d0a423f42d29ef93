"""Writes to the registers: one function per action, keyword-only, each in a transaction.

Every save records who and why in the register's history (django-simple-history).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from . import messages as msg
from .changes import registers_changed
from .geometry import checked_parcel_geometry, measure_parcel
from .models import (
    AdministrativeUnit,
    Holding,
    LandUseCode,
    LandUser,
    LandUserSensitive,
    Parcel,
    Project,
    ProjectArea,
    UnitLevel,
)

PARCEL_EDITABLE = (
    "area",
    "land_use",
    "legal_area_m2",
    "certificate_no",
    "origin",
    "address",
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
SENSITIVE_EDITABLE = ("citizen_id", "ethnicity", "vulnerabilities", "health_notes", "bank_account")


def _save(instance, *, actor, reason: str, update_fields=None) -> None:
    instance._history_user = actor
    instance._change_reason = reason
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save(update_fields=update_fields)


# Register fields that can move a stage or a map filter (the rest — phones, addresses,
# certificate numbers, sensitive data — invalidate nothing).
PARCEL_STAGE_FIELDS = {"area", "land_use"}
LAND_USER_STAGE_FIELDS = {"resettlement_eligible"}


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": msg.REASON_REQUIRED}, code="reason")
    return reason


def _check_commune(unit: AdministrativeUnit, survey_date: date) -> None:
    if unit.level != UnitLevel.COMMUNE:
        raise ValidationError(
            {"commune_at_survey": ValidationError(msg.COMMUNE_NOT_A_COMMUNE, params={"unit": unit})}
        )
    if not unit.valid_on(survey_date):
        raise ValidationError(
            {
                "commune_at_survey": ValidationError(
                    msg.COMMUNE_NOT_VALID_AT_SURVEY,
                    params={"code": unit.code, "date": survey_date.strftime("%d/%m/%Y")},
                )
            }
        )


def _land_use(code) -> LandUseCode:
    if isinstance(code, LandUseCode):
        return code
    found = LandUseCode.objects.filter(code=str(code).strip().upper()).first()
    if found is None:
        raise ValidationError(
            {"land_use": ValidationError(msg.LAND_USE_UNKNOWN, params={"code": code})}
        )
    return found


@transaction.atomic
def parcel_create(
    *,
    project: Project,
    actor,
    commune_at_survey: AdministrativeUnit,
    survey_date: date,
    map_kind: str,
    sheet_no: str,
    parcel_no: str,
    land_use,
    legal_area_m2: Decimal,
    geom,
    area: ProjectArea | None = None,
    certificate_no: str = "",
    origin: str = "",
    address: str = "",
    reason: str = "",
) -> Parcel:
    source_srid = geom.srid
    try:
        geom = checked_parcel_geometry(geom)
    except ValidationError as exc:
        raise ValidationError({"geom": exc.error_list}) from exc
    if survey_date > timezone.localdate():
        raise ValidationError({"survey_date": msg.SURVEY_DATE_IN_FUTURE})
    _check_commune(commune_at_survey, survey_date)
    if area is not None and area.project_id != project.id:
        raise ValidationError({"area": msg.AREA_OTHER_PROJECT})
    if legal_area_m2 is None or Decimal(legal_area_m2) <= 0:
        raise ValidationError({"legal_area_m2": msg.LEGAL_AREA_NOT_POSITIVE})
    land_use = _land_use(land_use)
    geometric, recovered, inside = measure_parcel(geom, project_id=project.id)
    if not inside:
        raise ValidationError({"geom": msg.PARCEL_OUTSIDE_PROJECT}, code="outside")
    parcel = Parcel(
        project=project,
        area=area,
        commune_at_survey=commune_at_survey,
        survey_date=survey_date,
        map_kind=map_kind,
        sheet_no=sheet_no.strip(),
        parcel_no=parcel_no.strip(),
        land_use=land_use,
        legal_area_m2=legal_area_m2,
        geometric_area_m2=geometric,
        recovered_area_m2=recovered,
        certificate_no=certificate_no,
        origin=origin,
        address=address,
        geom=geom,
        geom_web=geom.transform(3857, clone=True),
        source_srid=source_srid,
    )
    duplicate = Parcel.objects.filter(
        project=project,
        commune_at_survey=commune_at_survey,
        map_kind=map_kind,
        sheet_no=parcel.sheet_no,
        parcel_no=parcel.parcel_no,
    ).exists()
    if duplicate:
        raise _duplicate_key_error(parcel)
    try:
        with transaction.atomic():
            _save(parcel, actor=actor, reason=reason or "created")
    except IntegrityError as exc:  # a concurrent insert of the same key
        raise _duplicate_key_error(parcel) from exc
    registers_changed(project_id=project.id, parcels=[parcel.id])
    return parcel


def _duplicate_key_error(parcel: Parcel) -> ValidationError:
    return ValidationError(
        msg.PARCEL_DUPLICATE_KEY,
        params={
            "sheet": parcel.sheet_no,
            "number": parcel.parcel_no,
            "kind": parcel.get_map_kind_display(),
            "commune": parcel.commune_at_survey.code,
        },
        code="duplicate",
    )


def _apply(instance, changes: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for field, value in changes.items():
        if field not in allowed:
            raise TypeError(f"{field} cannot be edited here")
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


@transaction.atomic
def parcel_update(*, parcel: Parcel, actor, reason: str, **changes) -> list[str]:
    reason = _require_reason(reason)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if "land_use" in changes:
        changes["land_use"] = _land_use(changes["land_use"])
    area = changes.get("area")
    if area is not None and area.project_id != parcel.project_id:
        raise ValidationError({"area": msg.AREA_OTHER_PROJECT})
    if "legal_area_m2" in changes and (changes["legal_area_m2"] or 0) <= 0:
        raise ValidationError({"legal_area_m2": msg.LEGAL_AREA_NOT_POSITIVE})
    changed = _apply(parcel, changes, PARCEL_EDITABLE)
    if not changed:
        return []
    if "legal_area_m2" in changed:
        _check_affected_areas_fit(parcel)
    _save(parcel, actor=actor, reason=reason, update_fields=changed)
    if PARCEL_STAGE_FIELDS & set(changed):
        registers_changed(project_id=parcel.project_id, parcels=[parcel.id])
    return changed


def _check_affected_areas_fit(parcel: Parcel) -> None:
    largest = parcel.holdings.order_by("-affected_area_m2").first()
    if largest and largest.affected_area_m2 > parcel.legal_area_m2:
        raise ValidationError(
            {
                "legal_area_m2": ValidationError(
                    msg.AFFECTED_AREA_TOO_LARGE,
                    params={"affected": largest.affected_area_m2, "legal": parcel.legal_area_m2},
                )
            }
        )


@transaction.atomic
def land_user_create(*, project: Project, actor, reason: str = "", **fields) -> LandUser:
    lookup_code = fields.pop("lookup_code", None) or _new_lookup_code()
    land_user = LandUser(project=project, lookup_code=lookup_code)
    _apply(land_user, fields, LAND_USER_EDITABLE)
    _save(land_user, actor=actor, reason=reason or "created")
    land_users_index_names(land_user_ids=[land_user.id])
    registers_changed(project_id=project.id, land_users=[land_user.id])
    return land_user


_INDEX_NAMES_SQL = """
    update landcases_landuser
    set search_name = lower(unaccent(name || ' ' || representative))
    where {where}
"""


def land_users_index_names(*, land_user_ids=None, project_id: int | None = None) -> int:
    """Store the searchable form of the names (of these land users, or of a whole project
    after a bulk load): set-based, in the write's transaction."""
    with connection.cursor() as cur:
        if land_user_ids is not None:
            cur.execute(_INDEX_NAMES_SQL.format(where="id = any(%s)"), [list(land_user_ids)])
        else:
            cur.execute(_INDEX_NAMES_SQL.format(where="project_id = %s"), [project_id])
        return cur.rowcount


def _new_lookup_code() -> str:
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(10))
        if not LandUser.objects.filter(lookup_code=code).exists():
            return code


@transaction.atomic
def land_user_update(*, land_user: LandUser, actor, reason: str, **changes) -> list[str]:
    reason = _require_reason(reason)
    land_user = LandUser.objects.select_for_update().get(pk=land_user.pk)
    changed = _apply(land_user, changes, LAND_USER_EDITABLE)
    if changed:
        _save(land_user, actor=actor, reason=reason, update_fields=changed)
    if {"name", "representative"} & set(changed):
        land_users_index_names(land_user_ids=[land_user.id])
    if LAND_USER_STAGE_FIELDS & set(changed):
        registers_changed(project_id=land_user.project_id, land_users=[land_user.id])
    return changed


@transaction.atomic
def land_user_sensitive_set(
    *, land_user: LandUser, actor, reason: str, **values
) -> LandUserSensitive:
    reason = _require_reason(reason)
    record, _created = LandUserSensitive.objects.select_for_update().get_or_create(
        land_user=land_user
    )
    citizen_id = values.get("citizen_id")
    if citizen_id and not (len(citizen_id) == 12 and citizen_id.isdigit()):
        raise ValidationError({"citizen_id": msg.CITIZEN_ID_FORMAT})
    changed = _apply(record, values, SENSITIVE_EDITABLE)
    if changed or _created:
        _save(record, actor=actor, reason=reason)
    return record


def _check_holding(
    *, land_user: LandUser, parcel: Parcel, share_pct, affected_area_m2, exclude_id=None
) -> None:
    if land_user.project_id != parcel.project_id:
        raise ValidationError(msg.HOLDING_OTHER_PROJECT)
    if share_pct is None or not (0 < Decimal(share_pct) <= 100):
        raise ValidationError({"share_pct": msg.SHARE_OUT_OF_RANGE})
    if affected_area_m2 is None or Decimal(affected_area_m2) < 0:
        raise ValidationError({"affected_area_m2": msg.AFFECTED_AREA_NEGATIVE})
    if Decimal(affected_area_m2) > parcel.legal_area_m2:
        raise ValidationError(
            {
                "affected_area_m2": ValidationError(
                    msg.AFFECTED_AREA_TOO_LARGE,
                    params={"affected": affected_area_m2, "legal": parcel.legal_area_m2},
                )
            }
        )
    # Lock the parcel so that two holdings written at once cannot both pass the share check.
    Parcel.objects.select_for_update().filter(pk=parcel.pk).first()
    others = Holding.objects.filter(parcel=parcel).exclude(pk=exclude_id)
    total = (others.aggregate(s=Sum("share_pct"))["s"] or 0) + Decimal(share_pct)
    if total > 100:
        raise ValidationError(
            {
                "share_pct": ValidationError(
                    msg.SHARES_ABOVE_100, params={"parcel": parcel.label, "total": total}
                )
            }
        )


@transaction.atomic
def holding_create(
    *,
    land_user: LandUser,
    parcel: Parcel,
    actor,
    tenure: str,
    share_pct=Decimal(100),
    affected_area_m2,
    reason: str = "",
) -> Holding:
    _check_holding(
        land_user=land_user, parcel=parcel, share_pct=share_pct, affected_area_m2=affected_area_m2
    )
    if Holding.objects.filter(land_user=land_user, parcel=parcel).exists():
        raise ValidationError(msg.HOLDING_DUPLICATE)
    holding = Holding(
        land_user=land_user,
        parcel=parcel,
        tenure=tenure,
        share_pct=share_pct,
        affected_area_m2=affected_area_m2,
    )
    _save(holding, actor=actor, reason=reason or "created")
    registers_changed(project_id=parcel.project_id, parcels=[parcel.id], land_users=[land_user.id])
    return holding


@transaction.atomic
def holding_update(*, holding: Holding, actor, reason: str, **changes) -> list[str]:
    reason = _require_reason(reason)
    holding = (
        Holding.objects.select_for_update().select_related("parcel", "land_user").get(pk=holding.pk)
    )
    _check_holding(
        land_user=holding.land_user,
        parcel=holding.parcel,
        share_pct=changes.get("share_pct", holding.share_pct),
        affected_area_m2=changes.get("affected_area_m2", holding.affected_area_m2),
        exclude_id=holding.pk,
    )
    changed = _apply(holding, changes, ("tenure", "share_pct", "affected_area_m2"))
    if changed:
        _save(holding, actor=actor, reason=reason, update_fields=changed)
    return changed


def land_use_codes_sync(*, model=LandUseCode) -> int:
    """Load the national list (land_use_codes.py) into the table; used by the migration too."""
    from .land_use_codes import LAND_USE_CODES

    for c in LAND_USE_CODES:
        model.objects.update_or_create(
            code=c.code,
            defaults={
                "name_vi": c.name_vi,
                "name_en": c.name_en,
                "group": c.group,
                "in_2024_list": c.since_2024,
            },
        )
    return len(LAND_USE_CODES)
