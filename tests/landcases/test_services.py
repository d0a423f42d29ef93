from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils import timezone

from landcases import messages as msg
from landcases import services
from landcases.geometry import MAX_VERTICES, parse_geometry
from landcases.models import AdministrativeUnit, Holding, LandUser, Parcel
from tests.factories import make_parcel, make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    user = make_user("canbo")
    project, area, commune = make_project()
    return user, project, area, commune


def codes(exc: ValidationError) -> set:
    return (
        {e.code for e in exc.error_list}
        if not hasattr(exc, "error_dict")
        else {e.code for errors in exc.error_dict.values() for e in errors}
    )


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_parcel_create_keeps_history_with_who(setup):
    user, project, area, commune = setup
    parcel = make_parcel(project, commune, actor=user, area=area)
    record = parcel.history.get()
    assert record.history_user == user
    assert record.history_type == "+"


def test_self_intersecting_geometry_is_refused(setup):
    user, project, area, commune = setup
    bowtie = Polygon(
        (
            (450000, 1210000),
            (450020, 1210020),
            (450020, 1210000),
            (450000, 1210020),
            (450000, 1210000),
        ),
        srid=9218,
    )
    with pytest.raises(ValidationError) as exc:
        services.parcel_create(
            project=project,
            actor=user,
            commune_at_survey=commune,
            survey_date=date(2024, 1, 1),
            map_kind="cadastral",
            sheet_no="1",
            parcel_no="1",
            land_use="LUC",
            legal_area_m2=Decimal(100),
            geom=bowtie,
        )
    # GEOS's English reason is shown in the user's language, with the point where it is.
    assert str(msg.GEOS_REASONS["Self-intersection"]) in messages_of(exc.value)
    assert "450010 1210010" in messages_of(exc.value)
    assert Parcel.objects.count() == 0


def test_wrong_crs_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse_geometry("POLYGON((0 0,1 0,1 1,0 0))", 3857)
    assert "EPSG:3857" in messages_of(exc.value)


def test_vn2000_coordinates_labelled_wgs84_are_refused(setup):
    user, project, area, commune = setup
    geom = vn2000_rect(0, 0, 10, 10)
    geom.srid = 4326  # metres claimed to be degrees
    with pytest.raises(ValidationError) as exc:
        make_parcel_from(geom, user, project, commune)
    assert "crs_range" in codes(exc.value)


def make_parcel_from(geom, user, project, commune, **kw):
    params = dict(
        project=project,
        actor=user,
        commune_at_survey=commune,
        survey_date=date(2024, 1, 1),
        map_kind="cadastral",
        sheet_no="1",
        parcel_no="1",
        land_use="LUC",
        legal_area_m2=Decimal(100),
        geom=geom,
    )
    params.update(kw)
    return services.parcel_create(**params)


def test_too_many_vertices_refused_before_validation(setup):
    user, project, area, commune = setup
    n = MAX_VERTICES + 10
    import math

    ring = [
        (450000 + 50 * math.cos(2 * math.pi * i / n), 1210000 + 50 * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]
    ring.append(ring[0])
    with pytest.raises(ValidationError) as exc:
        make_parcel_from(Polygon(ring, srid=9218), user, project, commune)
    assert "too_complex" in codes(exc.value)


def test_parcel_outside_boundary_refused(setup):
    user, project, area, commune = setup
    with pytest.raises(ValidationError) as exc:
        make_parcel_from(vn2000_rect(5000, 5000, 10, 10), user, project, commune)
    assert str(msg.PARCEL_OUTSIDE_PROJECT) in messages_of(exc.value)


def test_duplicate_natural_key_refused_with_the_key_in_the_message(setup):
    user, project, area, commune = setup
    make_parcel(project, commune, actor=user, sheet="12", no="34")
    with pytest.raises(ValidationError) as exc:
        make_parcel(project, commune, actor=user, sheet="12", no="34", dx=100)
    assert "12/34" in messages_of(exc.value)
    assert Parcel.objects.count() == 1


def test_unknown_land_use_code_refused(setup):
    user, project, area, commune = setup
    with pytest.raises(ValidationError) as exc:
        make_parcel(project, commune, actor=user, land_use="XYZ")
    assert "XYZ" in messages_of(exc.value)


def test_commune_not_valid_at_survey_date_refused(setup):
    user, project, area, commune = setup
    merged = AdministrativeUnit.objects.get(code="26000")  # valid from 2025-07-01
    with pytest.raises(ValidationError) as exc:
        make_parcel_from(
            vn2000_rect(0, 0, 10, 10), user, project, merged, survey_date=date(2024, 5, 1)
        )
    assert "26000" in messages_of(exc.value)


def test_survey_date_in_future_refused(setup):
    user, project, area, commune = setup
    with pytest.raises(ValidationError):
        make_parcel_from(
            vn2000_rect(0, 0, 10, 10),
            user,
            project,
            commune,
            survey_date=timezone.localdate() + timedelta(days=1),
        )


def test_current_unit_follows_the_merger(setup):
    _, _, _, commune = setup
    assert commune.current().code == "26000"


@pytest.fixture
def parcel_and_user(setup):
    user, project, area, commune = setup
    parcel = make_parcel(project, commune, actor=user)
    land_user = services.land_user_create(
        project=project, actor=user, kind="household", name="Hộ ông Nguyễn Văn A"
    )
    return user, parcel, land_user


def test_affected_area_negative_refused(parcel_and_user):
    user, parcel, lu = parcel_and_user
    with pytest.raises(ValidationError) as exc:
        services.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=user,
            tenure="certificate",
            affected_area_m2=Decimal(-1),
        )
    assert str(msg.AFFECTED_AREA_NEGATIVE) in messages_of(exc.value)


def test_affected_area_larger_than_parcel_refused(parcel_and_user):
    user, parcel, lu = parcel_and_user
    with pytest.raises(ValidationError) as exc:
        services.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=user,
            tenure="certificate",
            affected_area_m2=Decimal("600.1"),
        )
    assert "600.1" in messages_of(exc.value)
    assert Holding.objects.count() == 0


def test_shares_above_100_refused(parcel_and_user):
    user, parcel, lu = parcel_and_user
    other = services.land_user_create(
        project=parcel.project, actor=user, kind="individual", name="Bà Trần Thị B"
    )
    services.holding_create(
        land_user=lu,
        parcel=parcel,
        actor=user,
        tenure="co_user",
        share_pct=Decimal(60),
        affected_area_m2=Decimal(600),
    )
    with pytest.raises(ValidationError) as exc:
        services.holding_create(
            land_user=other,
            parcel=parcel,
            actor=user,
            tenure="co_user",
            share_pct=Decimal(50),
            affected_area_m2=Decimal(600),
        )
    assert "110" in messages_of(exc.value)
    assert Holding.objects.count() == 1


def test_holding_across_projects_refused(parcel_and_user):
    user, parcel, lu = parcel_and_user
    other_project, _, _ = make_project("du-an-khac")
    stranger = services.land_user_create(
        project=other_project, actor=user, kind="household", name="Hộ khác"
    )
    with pytest.raises(ValidationError):
        services.holding_create(
            land_user=stranger,
            parcel=parcel,
            actor=user,
            tenure="certificate",
            affected_area_m2=Decimal(1),
        )


def test_edit_needs_a_reason_and_keeps_it(parcel_and_user):
    user, parcel, lu = parcel_and_user
    with pytest.raises(ValidationError):
        services.land_user_update(land_user=lu, actor=user, reason=" ", name="X")
    changed = services.land_user_update(
        land_user=lu, actor=user, reason="Chủ hộ mất, con thừa kế", name="Hộ bà Nguyễn Thị C"
    )
    assert changed == ["name"]
    latest = LandUser.objects.get(pk=lu.pk).history.first()
    assert latest.history_change_reason == "Chủ hộ mất, con thừa kế"
    assert latest.history_user == user
    assert latest.prev_record.name == "Hộ ông Nguyễn Văn A"


def test_lowering_legal_area_below_an_affected_area_refused(parcel_and_user):
    user, parcel, lu = parcel_and_user
    services.holding_create(
        land_user=lu, parcel=parcel, actor=user, tenure="certificate", affected_area_m2=Decimal(500)
    )
    with pytest.raises(ValidationError):
        services.parcel_update(
            parcel=parcel, actor=user, reason="đo lại", legal_area_m2=Decimal(400)
        )
    parcel.refresh_from_db()
    assert parcel.legal_area_m2 == Decimal("600.0")


def test_citizen_id_must_have_12_digits(parcel_and_user):
    user, parcel, lu = parcel_and_user
    with pytest.raises(ValidationError):
        services.land_user_sensitive_set(
            land_user=lu, actor=user, reason="nhập", citizen_id="12345"
        )
    record = services.land_user_sensitive_set(
        land_user=lu, actor=user, reason="nhập", citizen_id="060123456789", ethnicity="Chăm"
    )
    assert record.citizen_id == "060123456789"


def test_geojson_input_in_vn2000_is_accepted(setup):
    user, project, area, commune = setup
    rect = vn2000_rect(10, 10, 10, 10)
    geom = parse_geometry(rect.json, 9218)
    parcel = make_parcel_from(geom, user, project, commune)
    assert parcel.geometric_area_m2 == Decimal("100.0")
    assert isinstance(parcel.geom, MultiPolygon)
    assert GEOSGeometry(parcel.geom.wkt).num_coords == 5


def test_empty_geometry_is_refused_not_a_crash(setup):
    user, project, area, commune = setup
    with pytest.raises(ValidationError):
        make_parcel_from(GEOSGeometry("POLYGON EMPTY", srid=9218), user, project, commune)


def test_a_parcel_whose_area_is_not_a_round_number_is_created(setup):
    user, project, area, commune = setup
    parcel = make_parcel_from(vn2000_rect(0, 0, 10.3, 12.7), user, project, commune)
    parcel.refresh_from_db()
    assert parcel.geometric_area_m2 == Decimal("130.8")
    assert parcel.recovered_area_m2 == Decimal("130.8")
