"""Reads of the registers, already scoped to one project by the gate (access.py)."""

from dataclasses import dataclass

from django.db.models import Count, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Lower

from .models import (
    AdministrativeUnit,
    CompensationPlan,
    Holding,
    LandUser,
    Parcel,
    Project,
    ProjectMembership,
)


@dataclass(frozen=True)
class ParcelFilters:
    q: str = ""
    area: int | None = None
    land_group: str = ""
    commune: int | None = None
    map_kind: str = ""
    holders: str = ""  # "none" | "several" | ""


def parcel_list(*, project: Project, filters: ParcelFilters) -> QuerySet[Parcel]:
    qs = (
        Parcel.objects.filter(project=project)
        .select_related("land_use", "area", "commune_at_survey")
        .annotate(holder_count=Count("holdings"))
        .defer("geom")
        .order_by("sheet_no", "parcel_no", "id")
    )
    if filters.q:
        q = filters.q.strip()
        term = Q(parcel_no__iexact=q) | Q(sheet_no__iexact=q) | Q(certificate_no__icontains=q)
        term |= Q(address__icontains=q)
        if "/" in q:
            sheet, _, number = q.partition("/")
            term |= Q(sheet_no__iexact=sheet.strip(), parcel_no__iexact=number.strip())
        qs = qs.filter(term)
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.land_group:
        qs = qs.filter(land_use__group=filters.land_group)
    if filters.commune:
        qs = qs.filter(commune_at_survey_id=filters.commune)
    if filters.map_kind:
        qs = qs.filter(map_kind=filters.map_kind)
    if filters.holders == "none":
        qs = qs.filter(holder_count=0)
    elif filters.holders == "several":
        qs = qs.filter(holder_count__gt=1)
    return qs


def parcel_holdings(*, parcel: Parcel) -> QuerySet[Holding]:
    return parcel.holdings.select_related("land_user").order_by("land_user__name")


@dataclass(frozen=True)
class LandUserFilters:
    q: str = ""
    kind: str = ""
    area: int | None = None


def land_user_list(*, project: Project, filters: LandUserFilters, by_name: bool) -> QuerySet:
    qs = LandUser.objects.filter(project=project).annotate(
        parcel_count=Count("holdings", distinct=True)
    )
    if filters.q:
        q = filters.q.strip()
        term = Q(lookup_code__iexact=q)
        if by_name:  # roles that may not see names may not search by them either
            named = name_matches(LandUser.objects.filter(project=project), q)
            term |= Q(pk__in=named.values("pk")) | Q(address__icontains=q)
        qs = qs.filter(term)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area:
        qs = qs.filter(holdings__parcel__area_id=filters.area).distinct()
    return qs.order_by("name", "id") if by_name else qs.order_by("id")


def land_user_holdings(*, land_user: LandUser) -> QuerySet[Holding]:
    return land_user.holdings.select_related("parcel", "parcel__land_use", "parcel__area").order_by(
        "parcel__sheet_no", "parcel__parcel_no"
    )


def plan_list(*, project: Project) -> QuerySet[CompensationPlan]:
    return (
        CompensationPlan.objects.filter(project=project)
        .select_related("area")
        .order_by("number", "version")
    )


def membership_list(*, project: Project) -> QuerySet[ProjectMembership]:
    return (
        ProjectMembership.objects.filter(project=project)
        .select_related("user", "commune")
        .order_by("role", "user__username")
    )


def history_of(instance, *, limit: int = 50) -> list[dict]:
    """The edits of one register record, newest first: who, when, what changed, why."""
    history = instance.history.select_related("history_user").order_by("-history_date")
    records = list(history[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [
                (_field_label(instance, c.field), _shown(c.old), _shown(c.new))
                for c in delta.changes
            ]
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "type": newer.history_type,
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries[:limit]


def _field_label(instance, name: str) -> str:
    try:
        return str(instance._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed keeps its raw name
        return name


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return _units_of_rows(value)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(value)


def _units_of_rows(rows: list[dict]) -> str:
    """A many-to-many change to administrative units (a project's communes), as their codes."""
    ids = [r.get("administrativeunit") for r in rows]
    codes = AdministrativeUnit.objects.filter(pk__in=[i for i in ids if i]).values_list(
        "code", flat=True
    )
    return ", ".join(sorted(set(codes))) or "—"


def search_words(q: str) -> list[str]:
    """The words of a name search, as the stored search names hold them (lower case; the
    diacritics are removed by PostgreSQL's unaccent in the query itself)."""
    from .text import clean

    return [w for w in clean(q or "").lower().split(" ") if w][:6]


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


def name_matches(qs: QuerySet[LandUser], q: str, *, field: str = "search_name") -> QuerySet:
    """Land users whose name or representative holds every word of `q`, with or without
    diacritics ("nguyen van" finds "Nguyễn Văn"): LIKE on the trigram-indexed search name."""
    for word in search_words(q):
        qs = qs.filter(**{f"{field}__contains": Lower(Unaccent(Value(word)))})
    return qs
