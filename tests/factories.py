"""Test data built through the services (the one door for writes)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Polygon

from landcases import services
from landcases.models import (
    AdministrativeUnit,
    LandUseCode,
    Project,
    ProjectArea,
    ProjectMembership,
    UnitLevel,
)

# A point in Bình Thuận in VN-2000 / TM-3 108-30 (EPSG:9218), metres.
ORIGIN_E, ORIGIN_N = 450_000.0, 1_210_000.0


def vn2000_rect(dx: float, dy: float, w: float, h: float) -> Polygon:
    """A w×h metre rectangle at (origin + dx, origin + dy) in EPSG:9218."""
    x0, y0 = ORIGIN_E + dx, ORIGIN_N + dy
    return Polygon(((x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h), (x0, y0)), srid=9218)


def make_units():
    # Transactional (browser) tests truncate every table, the migration-loaded list included.
    if not LandUseCode.objects.exists():
        services.land_use_codes_sync()
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="60",
        valid_from=date(1992, 1, 1),
        defaults={"name": "Bình Thuận", "level": UnitLevel.PROVINCE, "valid_to": date(2025, 7, 1)},
    )
    new, _ = AdministrativeUnit.objects.get_or_create(
        code="26000",
        valid_from=date(2025, 7, 1),
        defaults={"name": "Xã Tân Thành (mới)", "level": UnitLevel.COMMUNE},
    )
    old, _ = AdministrativeUnit.objects.get_or_create(
        code="22999",
        valid_from=date(2000, 1, 1),
        defaults={
            "name": "Xã Thuận Quý",
            "level": UnitLevel.COMMUNE,
            "valid_to": date(2025, 7, 1),
            "successor": new,
            "parent": province,
        },
    )
    return province, old, new


def make_project(code="du-an-thu", *, members=()):
    province, old, new = make_units()
    boundary = MultiPolygon(vn2000_rect(-500, -500, 1000, 1000), srid=9218)
    boundary.transform(4326)
    project = Project.objects.create(
        code=code,
        name=f"Dự án {code}",
        province=province,
        boundary=boundary,
        source_srid=9218,
        rule_packs=["vn-2024", "democracy-3406", "complaints-2011"],
    )
    project.communes.set([old, new])
    area = ProjectArea.objects.create(project=project, code="KV1", name="Km0 – Km1", commune=old)
    for user, role in members:
        ProjectMembership.objects.create(user=user, project=project, role=role)
    return project, area, old


def make_user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, password="pw-Thu-nghiem-9", **extra
    )


def make_parcel(
    project,
    commune,
    *,
    actor,
    no="1",
    sheet="10",
    dx=0,
    dy=0,
    w=20,
    h=30,
    legal=Decimal("600.0"),
    land_use="LUC",
    area=None,
):
    return services.parcel_create(
        project=project,
        actor=actor,
        commune_at_survey=commune,
        survey_date=date(2024, 3, 1),
        map_kind="cadastral",
        sheet_no=sheet,
        parcel_no=no,
        land_use=land_use,
        legal_area_m2=legal,
        geom=vn2000_rect(dx, dy, w, h),
        area=area,
    )
