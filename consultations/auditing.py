"""The compliance audit of one project, from the database: the registers as they stood at the
as-of date (their histories), the record (every version of every event), the overrides — fed
to the pure audit (consultations/rules/audit), which a scenario file also runs without a
database. This is the per-subject path that explains; the whole-project path at scale reads
the same facts in SQL (issue 13)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from landcases.models import (
    CompensationPlan,
    Holding,
    LandUseCode,
    LandUser,
    LandUserSensitive,
    Parcel,
    PlanLine,
    Project,
    ProjectArea,
    Tenure,
)

from .models import Case, Event
from .rules import registers as reg
from .rules.audit import evaluate
from .rules.audit.finding import Audit
from .rules.overrides import Override, parse_overrides
from .rules.packs import default_packs
from .rules.records import Record

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
AXES = ("recorded", "happened")


class AuditError(ValueError):
    """A translated message for the user (a bad as-of date, an unknown axis…)."""


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, VIETNAM) - timedelta(microseconds=1)


def _as_of(model, moment: datetime, **filters):
    """The rows of a register as they stood at `moment` (its history); a row entered only
    later (registers are often typed in after the acts they concern, like the demo's) is taken
    as it was first entered: the earliest thing known of it.

    The history rows themselves are answered (they carry the register's fields): turning them
    into instances costs a query per row for a model whose history excludes a field (the land
    users' stored search name)."""
    pk = model._meta.pk.attname
    latest = model.history.filter(history_date__lte=moment).latest_of_each().filter(**filters)
    rows = {getattr(h, pk): h for h in latest if h.history_type != "-"}
    later = (
        model.history.filter(history_date__gt=moment, history_type="+", **filters)
        .exclude(**{f"{pk}__in": list(rows)})
        .order_by(pk, "history_date")
    )
    for h in later:
        rows.setdefault(getattr(h, pk), h)
    return list(rows.values())


def registers_as_of(project: Project, day: date) -> reg.Registers:
    """What the registers said of the project's subjects at the end of `day`."""
    moment = end_of(day)
    groups = dict(LandUseCode.objects.values_list("code", "group"))
    areas = [reg.Area(a.id) for a in _as_of(ProjectArea, moment, project_id=project.id)]
    area_ids = {a.id for a in areas}
    parcels = [
        reg.Parcel(p.id, p.area_id, groups[p.land_use_id])
        for p in _as_of(Parcel, moment, project_id=project.id)
        if p.area_id in area_ids
    ]
    parcel_ids = {p.id for p in parcels}
    case_of = dict(Case.objects.filter(project=project).values_list("land_user_id", "id"))
    held: dict[int, list[int]] = {}
    customary: set[int] = set()  # holding customary land then (issue 11's tenure)
    for h in _as_of(Holding, moment, parcel__project_id=project.id):
        if h.parcel_id in parcel_ids:
            held.setdefault(h.land_user_id, []).append(h.parcel_id)
            if h.tenure == Tenure.CUSTOMARY:
                customary.add(h.land_user_id)
    flags = {
        s.land_user_id: s.vulnerabilities or []
        for s in _as_of(LandUserSensitive, moment, land_user__project_id=project.id)
    }
    cases = []
    for lu in _as_of(LandUser, moment, project_id=project.id):
        case_id = case_of.get(lu.id)
        if case_id is None:  # no act can name a land user without a case row
            continue
        vulnerable = flags.get(lu.id, [])
        cases.append(
            reg.Case(
                case_id,
                lu.kind,
                tuple(sorted(held.get(lu.id, ()))),
                bool(lu.resettlement_eligible),
                bool(vulnerable),
                "ethnic_minority" in vulnerable,
                lu.id in customary,
            )
        )
    case_ids = {c.id for c in cases}
    case_of_user = {lu: c for lu, c in case_of.items() if c in case_ids}
    lines: dict[int, dict[int, int]] = {}
    for line in _as_of(PlanLine, moment, plan__project_id=project.id):
        if line.land_user_id in case_of_user:
            lines.setdefault(line.plan_id, {})[case_of_user[line.land_user_id]] = line.net_vnd
    plans = [
        reg.PlanVersion(
            p.id,
            p.area_id if p.area_id in area_ids else None,
            p.kind,
            p.number,
            p.version,
            p.base_id,
            dict(sorted(lines.get(p.id, {}).items())),
        )
        for p in _as_of(CompensationPlan, moment, project_id=project.id)
    ]

    # In id order (the history's order is not fixed): the rows of the facts and the cases each
    # touches come out alike from here and from the SQL extraction (facts_sql).
    def by_id(rows):
        return tuple(sorted(rows, key=lambda r: r.id))

    return reg.Registers(
        reg.Project(project.id, tuple(project.rule_packs), province=project.province.code),
        by_id(areas),
        by_id(parcels),
        by_id(cases),
        by_id(plans),
    )


def project_records(project: Project, events=None) -> list[Record]:
    """Every version of every event of the project (or of `events`, a queryset of them): the
    facts keep what stood as of D."""
    events = Event.objects.filter(project=project) if events is None else events
    rows = events.values(
        "id", "root_id", "kind", "subject_type", "case_id", "area_id", "plan_id",
        "grievance_id", "project_id", "happened_on", "recorded_at", "payload", "is_void",
    )  # fmt: skip
    return [
        Record(
            r["id"],
            r["root_id"],
            r["kind"],
            r["subject_type"],
            r[f"{r['subject_type']}_id"],
            r["happened_on"],
            r["recorded_at"],
            r["payload"],
            r["is_void"],
        )
        for r in rows
    ]


def project_overrides(project: Project) -> tuple[Override, ...]:
    from .models import RuleOverride

    items = [o.as_entry() for o in RuleOverride.objects.filter(active=True)]
    return parse_overrides(items, default_packs())


def first_day(project: Project) -> date | None:
    return (
        Event.objects.filter(project=project)
        .order_by("happened_on")
        .values_list("happened_on", flat=True)
        .first()
    )


def check_as_of(project: Project, day: date, axis: str) -> None:
    from django.utils import timezone

    if axis not in AXES:
        raise AuditError(_("Unknown axis “%(axis)s”: recorded or happened.") % {"axis": axis})
    if day > timezone.localdate():
        raise AuditError(_("%(day)s is in the future.") % {"day": f"{day:%d/%m/%Y}"})
    first = first_day(project)
    if first is not None and day < first:
        raise AuditError(
            _("%(day)s is before the project's first recorded act, %(first)s.")
            % {"day": f"{day:%d/%m/%Y}", "first": f"{first:%d/%m/%Y}"}
        )


def audit_project(project: Project, *, as_of: date, axis: str = "recorded", explain=()) -> Audit:
    """Every finding of the project as of `as_of` on `axis`."""
    check_as_of(project, as_of, axis)
    return evaluate(
        registers_as_of(project, as_of),
        project_records(project),
        as_of=as_of,
        axis=axis,
        overrides=project_overrides(project),
        explain=explain,
    )
