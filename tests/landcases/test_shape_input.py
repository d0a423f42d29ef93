"""Shapes as people give them to the parcel form: pasted in VN-2000 metres or WGS 84, drawn
(GeoJSON from the map), and the malformed ones refused with a clear, translated message."""

from decimal import Decimal

import pytest
from django.urls import reverse

from landcases import messages as msg
from landcases.geometry import MAX_NESTING
from landcases.models import Parcel, Role
from tests.factories import make_project, make_user, vn2000_rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    user = make_user("canbo")
    project, area, commune = make_project(members=[(user, Role.BOARD_STAFF)])
    client.force_login(user)
    return client, project, commune


def post(client, project, commune, *, geom, srid=9218, legal="240"):
    return client.post(
        reverse("landcases:parcel_create", args=[project.code]),
        {
            "commune_at_survey": commune.id,
            "survey_date": "2024-03-01",
            "map_kind": "cadastral",
            "sheet_no": "7",
            "parcel_no": "12",
            "land_use": "LUC",
            "legal_area_m2": legal,
            "srid": srid,
            "geom": geom,
        },
    )


def refusal(response) -> str:
    assert response.status_code == 200  # the form again, with the message
    return response.content.decode()


def test_a_drawn_shape_arrives_as_geojson_in_wgs84_and_saves(board):
    client, project, commune = board
    shape = vn2000_rect(0, 0, 12.34, 20.17)
    shape.transform(4326)
    response = post(client, project, commune, geom=shape.json, srid=4326, legal="248.90")
    assert response.status_code == 302
    parcel = Parcel.objects.get()
    # 12.34 × 20.17 = 248.8978 m²: kept to one place as measured, not refused.
    assert parcel.geometric_area_m2 == Decimal("248.9")
    assert parcel.legal_area_m2 == Decimal("248.9")  # "248.90" typed: the zero is no place


def test_a_shape_with_heights_is_kept_flat(board):
    client, project, commune = board
    x, y = 450_000, 1_210_000
    wkt = f"POLYGON Z(({x} {y} 5, {x + 10} {y} 5, {x + 10} {y + 10} 6, {x} {y} 5))"
    assert post(client, project, commune, geom=wkt).status_code == 302
    assert not Parcel.objects.get().geom.hasz


@pytest.mark.parametrize(
    "geom",
    [
        '{"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}",
        "GEOMETRYCOLLECTION(" * 5000 + ")" * 5000,
    ],
    ids=["geojson-5000-deep", "wkt-5000-deep"],
)
def test_a_shape_nested_5000_deep_is_a_message_not_a_crash(board, geom):
    client, project, commune = board
    body = refusal(post(client, project, commune, geom=geom))
    assert str(msg.GEOMETRY_TOO_NESTED) in body
    assert Parcel.objects.count() == 0


def test_nesting_of_a_real_feature_is_well_below_the_limit(board):
    client, project, commune = board
    shape = vn2000_rect(0, 0, 10, 10)
    feature = '{"type": "Feature", "properties": {"a": {"b": 1}}, "geometry": ' + shape.json + "}"
    assert feature.count("[") < MAX_NESTING
    assert post(client, project, commune, geom=feature).status_code == 302


@pytest.mark.parametrize(
    ("geom", "srid", "message"),
    [
        ("", 9218, "Trường này là bắt buộc."),
        ("POLYGON EMPTY", 9218, msg.GEOMETRY_UNREADABLE),
        ('{"type": "Polygon", "coordinates": []}', 9218, msg.GEOMETRY_UNREADABLE),
        (
            '{"type": "Polygon", "coordinates": [[[NaN, 0], [1, 0], [1, 1], [NaN, 0]]]}',
            4326,
            msg.GEOMETRY_UNREADABLE,
        ),
        ("POLYGON((0 0, 1e400 0, 1 1, 0 0))", 9218, msg.COORDINATES_NOT_FINITE),
        ("POLYGON((0 0, 1e300 0, 1e300 1e300, 0 0))", 9218, msg.CRS_OUT_OF_RANGE),
        ("POLYGON((200 0, 201 0, 201 1, 200 0))", 4326, msg.CRS_OUT_OF_RANGE),
        (
            "POLYGON((0 0, 0 0, 0 0, 0 0))",
            9218,
            msg.GEOS_REASONS["Too few points in geometry component"],
        ),
        ("POINT(450000 1210000)", 9218, msg.GEOMETRY_NOT_POLYGON),
        # VN-2000 metres given as degrees: far outside the world.
        (
            "POLYGON((450000 1210000, 450010 1210000, 450010 1210010, 450000 1210000))",
            4326,
            msg.CRS_OUT_OF_RANGE,
        ),
        # A valid square, but in Hà Nội's sea of zeros: outside the project.
        (
            "POLYGON((500000 2300000, 500010 2300000, 500010 2300010, 500000 2300000))",
            9218,
            msg.PARCEL_OUTSIDE_PROJECT,
        ),
    ],
    ids=[
        "blank",
        "empty-wkt",
        "empty-geojson",
        "nan",
        "infinite",
        "absurd-metres",
        "longitude-200",
        "zero-size",
        "point",
        "metres-as-degrees",
        "elsewhere",
    ],
)
def test_empty_and_absurd_coordinates_are_refused_clearly(board, geom, srid, message):
    client, project, commune = board
    body = refusal(post(client, project, commune, geom=geom, srid=srid))
    text = str(message) % {"srid": srid} if "%(srid)" in str(message) else str(message)
    assert text in body
    assert Parcel.objects.count() == 0
