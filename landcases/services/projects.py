"""Setting up a project: the project itself, its communes and key dates, its areas and its
plan register entries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from .. import messages as msg
from ..changes import registers_changed
from ..geometry import checked_outline, intersects_boundary
from ..models import (
    AdministrativeUnit,
    CompensationPlan,
    Parcel,
    PlanKind,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    UnitLevel,
)
from ..models.projects import VN2000_SRIDS
from .common import (
    CODE,
    LINE,
    PROSE,
    apply_changes,
    cleaned_text,
    decimal_places,
    entered_decimal,
    require_reason,
    save_with_history,
)
from .dates import check_register_date

PROJECT_EDITABLE = (
    "name",
    "purpose",
    "investor",
    "board",
    "legal_basis",
    "cutoff_date",
    "planned_decision_date",
    "earliest_act_date",
)
PROJECT_TEXT = {
    "code": CODE,
    "name": LINE,
    "purpose": PROSE,
    "investor": LINE,
    "board": LINE,
    "legal_basis": PROSE,
}
AREA_EDITABLE = ("code", "name", "commune", "km_from", "km_to", "geom")
AREA_TEXT = {"code": CODE, "name": LINE}
KM_PLACES = decimal_places(ProjectArea, "km_from")
PLAN_EDITABLE = ("title", "area")
RESERVED_CODES = {"new"}  # /projects/new/ is the page that creates one
PLAN_TEXT = {"number": CODE, "title": LINE}


def _shape(field: str, geom):
    """A pasted or drawn outline, checked like a parcel's, in EPSG:4326."""
    try:
        return checked_outline(geom)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


@transaction.atomic
def project_create(
    *,
    actor,
    code: str,
    name: str,
    province: AdministrativeUnit,
    source_srid: int,
    boundary,
    board_staff,
    reason: str,
) -> Project:
    """A new, empty project with its recovery boundary and its first board-staff member (who
    then sets up the rest). The app lets only superusers call this (landcases/views/setup.py)."""
    reason = require_reason(reason)
    text = cleaned_text({"code": code, "name": name}, PROJECT_TEXT)
    if province.level != UnitLevel.PROVINCE:
        raise ValidationError({"province": msg.NOT_A_PROVINCE})
    if source_srid not in VN2000_SRIDS:
        raise ValidationError({"source_srid": msg.CHOICE_UNKNOWN})
    if text["code"] in RESERVED_CODES:
        raise ValidationError({"code": msg.PROJECT_CODE_RESERVED})
    if Project.objects.filter(code=text["code"]).exists():
        raise ValidationError({"code": msg.PROJECT_CODE_TAKEN})
    project = Project(
        province=province,
        source_srid=source_srid,
        boundary=_shape("boundary", boundary),
        **text,
    )
    save_with_history(project, actor=actor, reason=reason)
    membership = ProjectMembership(user=board_staff, project=project, role=Role.BOARD_STAFF)
    save_with_history(membership, actor=actor, reason=reason)
    return project


def _check_project_dates(values: dict) -> None:
    for field in ("cutoff_date", "planned_decision_date"):
        check_register_date(field, values.get(field))
    # The earliest date of acts is a date that has come (a decision already taken).
    check_register_date("earliest_act_date", values.get("earliest_act_date"), past_only=True)


def _check_dates_follow_the_earliest(project: Project) -> None:
    """The key dates of the project come on or after its earliest date of acts (the map's
    replay starts at the earliest of them)."""
    earliest = project.earliest_act_date
    for field in ("cutoff_date", "planned_decision_date"):
        day = getattr(project, field)
        if earliest and day and day < earliest:
            raise ValidationError(
                {
                    field: ValidationError(
                        msg.DATE_BEFORE_EARLIEST,
                        params={"date": f"{day:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"},
                    )
                }
            )


@transaction.atomic
def project_update(*, project: Project, actor, reason: str, communes=None, **changes) -> list[str]:
    """Edit the project's description, key dates and (when given) its communes."""
    reason = require_reason(reason)
    changes = cleaned_text(changes, PROJECT_TEXT)
    _check_project_dates(changes)
    project = Project.objects.select_for_update().get(pk=project.pk)
    changed = apply_changes(project, changes, PROJECT_EDITABLE)
    _check_dates_follow_the_earliest(project)
    if communes is not None and _communes_set(project, communes):
        changed.append("communes")
    if changed:
        # One history record, with the communes as they now are (HistoricalRecords
        # m2m_fields copies them when the project is saved).
        fields = [f for f in changed if f != "communes"]
        save_with_history(project, actor=actor, reason=reason, update_fields=fields or None)
    return changed


def _communes_set(project: Project, communes) -> bool:
    wanted = {u.pk: u for u in communes}
    if any(u.level != UnitLevel.COMMUNE for u in wanted.values()):
        raise ValidationError({"communes": msg.NOT_ALL_COMMUNES})
    current = set(project.communes.values_list("pk", flat=True))
    removed = current - set(wanted)
    if set(wanted) == current:
        return False
    used = _communes_in_use(project, removed)
    if used:
        raise ValidationError(
            {
                "communes": ValidationError(
                    msg.COMMUNE_IN_USE, params={"codes": ", ".join(sorted(used))}
                )
            }
        )
    project.skip_history_when_saving = True  # type: ignore[attr-defined] # saved once below
    try:
        project.communes.set(list(wanted.values()))
    finally:
        del project.skip_history_when_saving  # type: ignore[attr-defined]
    return True


def _communes_in_use(project: Project, unit_ids: set[int]) -> set[str]:
    """Codes of the communes among `unit_ids` that a parcel (surveyed there or in a unit merged
    into it), an area or a commune official of the project refers to."""
    if not unit_ids:
        return set()
    parcels = Parcel.objects.filter(project=project).filter(
        Q(commune_at_survey__in=unit_ids) | Q(commune_at_survey__successor__in=unit_ids)
    )
    used = set(parcels.values_list("commune_at_survey__code", flat=True))
    used |= set(
        parcels.filter(commune_at_survey__successor__in=unit_ids).values_list(
            "commune_at_survey__successor__code", flat=True
        )
    )
    used |= set(
        ProjectArea.objects.filter(project=project, commune__in=unit_ids).values_list(
            "commune__code", flat=True
        )
    )
    used |= set(
        ProjectMembership.objects.filter(project=project, commune__in=unit_ids).values_list(
            "commune__code", flat=True
        )
    )
    codes = set(AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("code", flat=True))
    return used & codes


def _area_values(project: Project, values: dict, *, exclude_id=None) -> dict:
    values = cleaned_text(values, AREA_TEXT)
    for field in ("km_from", "km_to"):
        if field in values:
            values[field] = entered_decimal(values[field], places=KM_PLACES)
            if values[field] is not None and values[field] < 0:
                raise ValidationError({field: msg.KM_NEGATIVE})
    commune = values.get("commune")
    if commune is not None and not project.communes.filter(pk=commune.pk).exists():
        raise ValidationError({"commune": msg.COMMUNE_NOT_OF_PROJECT})
    if values.get("geom") is not None:
        values["geom"] = _shape("geom", values["geom"])
        if not intersects_boundary(values["geom"], project_id=project.id):
            raise ValidationError({"geom": msg.AREA_OUTSIDE_PROJECT})
    code = values.get("code")
    if code is not None:
        taken = ProjectArea.objects.filter(project=project, code=code).exclude(pk=exclude_id)
        if taken.exists():
            raise ValidationError({"code": msg.AREA_CODE_TAKEN})
    return values


def _check_km_range(area: ProjectArea) -> None:
    if area.km_from is not None and area.km_to is not None and area.km_to < area.km_from:
        raise ValidationError({"km_to": msg.KM_RANGE})


@transaction.atomic
def area_create(*, project: Project, actor, reason: str, **values) -> ProjectArea:
    """A section of the project (per commune, package or Km segment). An area moves no stage
    until parcels are put in it (parcel_update records that change)."""
    reason = require_reason(reason)
    area = ProjectArea(project=project)
    apply_changes(area, _area_values(project, values), AREA_EDITABLE)
    _check_km_range(area)
    save_with_history(area, actor=actor, reason=reason)
    return area


@transaction.atomic
def area_update(*, area: ProjectArea, actor, reason: str, **changes) -> list[str]:
    """Name, code, commune, Km and outline: none of them moves a stage."""
    reason = require_reason(reason)
    area = ProjectArea.objects.select_for_update().select_related("project").get(pk=area.pk)
    changes = _area_values(area.project, changes, exclude_id=area.pk)
    same = changes.get("geom") is not None and area.geom is not None
    if same and changes["geom"].equals_exact(area.geom, tolerance=1e-9):
        del changes["geom"]  # the same outline sent again is no change
    changed = apply_changes(area, changes, AREA_EDITABLE)
    _check_km_range(area)
    if changed:
        save_with_history(area, actor=actor, reason=reason, update_fields=changed)
    return changed


def _plan_area(project: Project, area: ProjectArea | None) -> None:
    if area is not None and area.project_id != project.id:
        raise ValidationError({"area": msg.AREA_OTHER_PROJECT})


@transaction.atomic
def plan_create(
    *,
    project: Project,
    actor,
    number: str,
    kind: str,
    title: str,
    area: ProjectArea | None = None,
    reason: str,
) -> CompensationPlan:
    """A plan register entry: the first version of a number is a draft; a revised or a
    supplementary version takes the next version number of the same plan number."""
    reason = require_reason(reason)
    text = cleaned_text({"number": number, "title": title}, PLAN_TEXT)
    _plan_area(project, area)
    if kind not in PlanKind.values:
        raise ValidationError({"kind": msg.CHOICE_UNKNOWN})
    # Lock the project row: two versions of one number written at once get 2 and 3, not 2 twice.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = CompensationPlan.objects.filter(project=project, number=text["number"]).aggregate(
        v=Max("version")
    )["v"]
    if last is None and kind != PlanKind.DRAFT:
        raise ValidationError({"kind": msg.PLAN_FIRST_IS_DRAFT})
    if last is not None and kind == PlanKind.DRAFT:
        raise ValidationError(
            {"kind": ValidationError(msg.PLAN_NUMBER_EXISTS, params={"number": text["number"]})}
        )
    base = (
        CompensationPlan.objects.filter(
            project=project, number=text["number"], version=last
        ).first()
        if last is not None
        else None
    )
    plan = CompensationPlan(
        project=project, area=area, kind=kind, version=(last or 0) + 1, base=base, **text
    )
    save_with_history(plan, actor=actor, reason=reason)
    return plan


@transaction.atomic
def plan_update(*, plan: CompensationPlan, actor, reason: str, **changes) -> list[str]:
    """Title and area of a plan entry (its number, version and kind are what it is: a
    correction of those is a new version). Moving a plan to another area moves the stages of
    the cases of both areas once the plan is approved: that is recorded as a register change."""
    reason = require_reason(reason)
    changes = cleaned_text(changes, PLAN_TEXT)
    plan = CompensationPlan.objects.select_for_update().select_related("project").get(pk=plan.pk)
    if "area" in changes:
        _plan_area(plan.project, changes["area"])
    before_area = plan.area_id
    changed = apply_changes(plan, changes, PLAN_EDITABLE)
    if changed:
        save_with_history(plan, actor=actor, reason=reason, update_fields=changed)
    if "area" in changed:
        areas = {a for a in (before_area, plan.area_id) if a is not None}
        parcels = Parcel.objects.filter(project_id=plan.project_id, area_id__in=areas)
        registers_changed(project_id=plan.project_id, parcels=parcels.values_list("id", flat=True))
    return changed
