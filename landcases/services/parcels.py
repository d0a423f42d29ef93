"""Parcels and holdings (land user ↔ parcel)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from .. import messages as msg
from ..changes import registers_changed
from ..geometry import checked_parcel_geometry, measure_parcel
from ..models import (
    AdministrativeUnit,
    Holding,
    LandUseCode,
    LandUser,
    MapKind,
    Parcel,
    Project,
    ProjectArea,
    UnitLevel,
)
from .common import (
    CODE,
    LINE,
    apply_changes,
    cleaned_text,
    decimal_places,
    entered_decimal,
    optional_reason,
    require_reason,
    save_with_history,
)
from .dates import check_register_date

PARCEL_EDITABLE = (
    "area",
    "land_use",
    "legal_area_m2",
    "certificate_no",
    "origin",
    "address",
)
PARCEL_TEXT = {
    "sheet_no": CODE,
    "parcel_no": CODE,
    "certificate_no": CODE,
    "origin": LINE,
    "address": LINE,
}
# Register fields that can move a stage or a map filter (the rest — addresses, certificate
# numbers — invalidate nothing).
PARCEL_STAGE_FIELDS = {"area", "land_use"}
LEGAL_PLACES = decimal_places(Parcel, "legal_area_m2")
SHARE_PLACES = decimal_places(Holding, "share_pct")
AFFECTED_PLACES = decimal_places(Holding, "affected_area_m2")


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
    text = cleaned_text({"land_use": str(code or "")}, {"land_use": CODE})["land_use"]
    found = LandUseCode.objects.filter(code=text.upper()).first() if len(text) <= 8 else None
    if found is None:
        raise ValidationError(
            {"land_use": ValidationError(msg.LAND_USE_UNKNOWN, params={"code": text[:20]})}
        )
    return found


def _legal_area(value) -> Decimal:
    value = entered_decimal(value, places=LEGAL_PLACES)
    if not isinstance(value, Decimal | int) or value <= 0:
        raise ValidationError({"legal_area_m2": msg.LEGAL_AREA_NOT_POSITIVE})
    return Decimal(value)


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
    reason = optional_reason(reason, default="created")
    text = cleaned_text(
        {
            "sheet_no": sheet_no,
            "parcel_no": parcel_no,
            "certificate_no": certificate_no,
            "origin": origin,
            "address": address,
        },
        PARCEL_TEXT,
    )
    source_srid = geom.srid
    try:
        geom = checked_parcel_geometry(geom)
    except ValidationError as exc:
        raise ValidationError({"geom": exc.error_list}) from exc
    if survey_date > timezone.localdate():
        raise ValidationError({"survey_date": msg.SURVEY_DATE_IN_FUTURE})
    check_register_date("survey_date", survey_date)
    _check_commune(commune_at_survey, survey_date)
    if map_kind not in MapKind.values:
        raise ValidationError({"map_kind": msg.CHOICE_UNKNOWN})
    if area is not None and area.project_id != project.id:
        raise ValidationError({"area": msg.AREA_OTHER_PROJECT})
    legal_area_m2 = _legal_area(legal_area_m2)
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
        land_use=land_use,
        legal_area_m2=legal_area_m2,
        geometric_area_m2=geometric,
        recovered_area_m2=recovered,
        geom=geom,
        geom_web=geom.transform(3857, clone=True),
        source_srid=source_srid,
        **text,
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
            save_with_history(parcel, actor=actor, reason=reason)
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


@transaction.atomic
def parcel_update(*, parcel: Parcel, actor, reason: str, **changes) -> list[str]:
    reason = require_reason(reason)
    changes = cleaned_text(changes, PARCEL_TEXT)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if "land_use" in changes:
        changes["land_use"] = _land_use(changes["land_use"])
    area = changes.get("area")
    if area is not None and area.project_id != parcel.project_id:
        raise ValidationError({"area": msg.AREA_OTHER_PROJECT})
    if "legal_area_m2" in changes:
        changes["legal_area_m2"] = _legal_area(changes["legal_area_m2"])
    changed = apply_changes(parcel, changes, PARCEL_EDITABLE)
    if not changed:
        return []
    if "legal_area_m2" in changed:
        _check_affected_areas_fit(parcel)
    save_with_history(parcel, actor=actor, reason=reason, update_fields=changed)
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


def _check_holding(
    *, land_user: LandUser, parcel: Parcel, share_pct, affected_area_m2, exclude_id=None
) -> None:
    if land_user.project_id != parcel.project_id:
        raise ValidationError(msg.HOLDING_OTHER_PROJECT)
    holding_numbers_check(share_pct, affected_area_m2, parcel.legal_area_m2)
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


def holding_numbers_check(share_pct, affected_area_m2, legal_area_m2) -> None:
    """A holding's share and affected area against its parcel's legal area (ValidationError);
    the import of land users checks its rows with it too."""
    if not isinstance(share_pct, Decimal | int) or not (0 < share_pct <= 100):
        raise ValidationError({"share_pct": msg.SHARE_OUT_OF_RANGE})
    if not isinstance(affected_area_m2, Decimal | int) or affected_area_m2 < 0:
        raise ValidationError({"affected_area_m2": msg.AFFECTED_AREA_NEGATIVE})
    if affected_area_m2 > legal_area_m2:
        raise ValidationError(
            {
                "affected_area_m2": ValidationError(
                    msg.AFFECTED_AREA_TOO_LARGE,
                    params={"affected": affected_area_m2, "legal": legal_area_m2},
                )
            }
        )


def _holding_numbers(values: dict) -> dict:
    out = dict(values)
    if "share_pct" in out:
        out["share_pct"] = entered_decimal(out["share_pct"], places=SHARE_PLACES)
    if "affected_area_m2" in out:
        out["affected_area_m2"] = entered_decimal(out["affected_area_m2"], places=AFFECTED_PLACES)
    return out


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
    reason = optional_reason(reason, default="created")
    numbers = _holding_numbers({"share_pct": share_pct, "affected_area_m2": affected_area_m2})
    _check_holding(land_user=land_user, parcel=parcel, **numbers)
    if Holding.objects.filter(land_user=land_user, parcel=parcel).exists():
        raise ValidationError(msg.HOLDING_DUPLICATE)
    holding = Holding(land_user=land_user, parcel=parcel, tenure=tenure, **numbers)
    save_with_history(holding, actor=actor, reason=reason)
    registers_changed(project_id=parcel.project_id, parcels=[parcel.id], land_users=[land_user.id])
    return holding


@transaction.atomic
def holding_update(*, holding: Holding, actor, reason: str, **changes) -> list[str]:
    reason = require_reason(reason)
    changes = _holding_numbers(changes)
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
    changed = apply_changes(holding, changes, ("tenure", "share_pct", "affected_area_m2"))
    if changed:
        save_with_history(holding, actor=actor, reason=reason, update_fields=changed)
    return changed


def land_use_codes_sync(*, model=LandUseCode) -> int:
    """Load the national list (land_use_codes.py) into the table; used by the migration too."""
    from ..land_use_codes import LAND_USE_CODES

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
