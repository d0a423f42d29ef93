from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from tests.factories import make_parcel, make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db

# notes.md / issue: EPSG:9218 (E 550000, N 1210000) → 108.95924063 °E, 10.94126419 °N.
PIN = (108.95924063, 10.94126419)
FIVE_CM_IN_DEGREES = 0.05 / 111_320


def test_vn2000_pin_through_geos():
    p = Point(550_000, 1_210_000, srid=9218)
    p.transform(4326)
    assert abs(p.x - PIN[0]) < FIVE_CM_IN_DEGREES
    assert abs(p.y - PIN[1]) < FIVE_CM_IN_DEGREES


def test_vn2000_pin_through_postgis():
    with connection.cursor() as cur:
        cur.execute(
            "select ST_X(g), ST_Y(g) from (select ST_Transform("
            "ST_SetSRID(ST_MakePoint(550000, 1210000), 9218), 4326) g) t"
        )
        x, y = cur.fetchone()
    assert abs(x - PIN[0]) < FIVE_CM_IN_DEGREES
    assert abs(y - PIN[1]) < FIVE_CM_IN_DEGREES


def test_the_often_copied_towgs84_string_is_not_what_we_use():
    # The +towgs84 string found in many repositories lands ~0.5 m away: our path must not.
    with connection.cursor() as cur:
        cur.execute(
            "select ST_Distance(ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 9218),"
            " ST_SetSRID(ST_MakePoint(550000, 1210000), 9218))",
            PIN,
        )
        (metres,) = cur.fetchone()
    assert metres < 0.05


def test_areas_are_computed_in_vn2000_not_degrees():
    user = make_user("a")
    project, area, commune = make_project()
    parcel = make_parcel(project, commune, actor=user, w=20, h=30)
    assert parcel.geometric_area_m2 == Decimal("600.0")
    assert parcel.recovered_area_m2 == Decimal("600.0")
    assert parcel.source_srid == 9218
    assert parcel.geom.srid == 4326


def test_recovered_area_is_the_part_inside_the_boundary():
    user = make_user("a")
    project, area, commune = make_project()
    # The boundary's east edge is at dx=+500: this 40 m wide parcel straddles it by half.
    parcel = make_parcel(project, commune, actor=user, dx=480, w=40, h=10, legal=Decimal("400"))
    assert parcel.geometric_area_m2 == Decimal("400.0")
    assert parcel.recovered_area_m2 == Decimal("200.0")


def test_vn2000_rect_is_where_we_think():
    g = vn2000_rect(0, 0, 1, 1)
    g.transform(4326)
    assert 107.9 < g.centroid.x < 108.1 and 10.9 < g.centroid.y < 11.0
