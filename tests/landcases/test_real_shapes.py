"""Parcels from real shapes (issue 9, part 1): the first 200 parcels of a real cadastre save
with their areas as measured, whether given in WGS 84 or in VN-2000 metres.

Before the fix, areas measured as floats were validated against one-decimal Decimal fields:
only areas ending in .0 or .5 passed."""

import gzip
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from pyproj import Transformer

from landcases import services
from landcases.geometry import remeasure_project_parcels
from landcases.models import Parcel, Project
from tests.factories import ORIGIN_E, ORIGIN_N, make_project, make_user

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "cadastre-91216-first200.geojson.gz"


def real_shapes_in_vn2000() -> list[tuple[dict, shapely.Geometry]]:
    """The shapes as surveyed (Lambert-93 metres), moved as a block to Bình Thuận, EPSG:9218."""
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    to_lambert = Transformer.from_crs(4326, 2154, always_xy=True)
    shapes = [
        shapely.transform(
            shapely.geometry.shape(f["geometry"]), to_lambert.transform, interleaved=False
        )
        for f in features
    ]
    cx, cy = shapely.union_all(shapes).centroid.coords[0]
    moved = [
        shapely.transform(s, lambda xy, cx=cx, cy=cy: xy - (cx, cy) + (ORIGIN_E, ORIGIN_N))
        for s in shapes
    ]
    return list(zip([f["properties"] for f in features], moved, strict=True))


def project_around(shapes, code: str) -> Project:
    project, _area, _commune = make_project(code)
    around = shapely.box(*shapely.union_all(shapes).bounds).buffer(100)
    boundary = MultiPolygon(GEOSGeometry(around.wkt, srid=9218), srid=9218)
    boundary.transform(4326)
    Project.objects.filter(pk=project.pk).update(boundary=boundary)
    project.refresh_from_db()
    return project


@pytest.mark.parametrize("srid", [4326, 9218])
def test_first_200_real_parcels_save_with_their_areas(srid):
    user = make_user("canbo")
    placed = real_shapes_in_vn2000()
    assert len(placed) == 200
    project = project_around([s for _p, s in placed], f"thuc-te-{srid}")
    commune = project.communes.get(code="22999")
    to_wgs84 = Transformer.from_crs(9218, 4326, always_xy=True)
    for props, shape in placed:
        given = (
            shape
            if srid == 9218
            else shapely.transform(shape, to_wgs84.transform, interleaved=False)
        )
        parcel = services.parcel_create(
            project=project,
            actor=user,
            commune_at_survey=commune,
            survey_date=date(2022, 1, 1),
            map_kind="cadastral",
            sheet_no=props["section"],
            parcel_no=props["numero"],
            land_use="ONT",
            legal_area_m2=props["contenance"],  # an int, as in the source
            geom=GEOSGeometry(given.wkt, srid=srid),
        )
        parcel.refresh_from_db()
        # As computed: the planar area in VN-2000, to the field's one decimal place.
        assert isinstance(parcel.geometric_area_m2, Decimal)
        assert parcel.geometric_area_m2.as_tuple().exponent == -1
        assert abs(parcel.geometric_area_m2 - Decimal(shape.area)) <= Decimal("0.0501"), props
        assert parcel.recovered_area_m2 == parcel.geometric_area_m2  # all inside the boundary
        assert parcel.legal_area_m2 == props["contenance"]
        assert parcel.source_srid == srid
    assert Parcel.objects.filter(project=project).count() == 200


def test_the_set_based_remeasure_rounds_as_the_single_measure():
    user = make_user("canbo")
    placed = real_shapes_in_vn2000()[:40]
    project = project_around([s for _p, s in placed], "do-lai")
    commune = project.communes.get(code="22999")
    for props, shape in placed:
        services.parcel_create(
            project=project,
            actor=user,
            commune_at_survey=commune,
            survey_date=date(2022, 1, 1),
            map_kind="cadastral",
            sheet_no=props["section"],
            parcel_no=props["numero"],
            land_use="ONT",
            legal_area_m2=Decimal(props["contenance"]),
            geom=GEOSGeometry(shape.wkt, srid=9218),
        )
    fields = ("id", "geometric_area_m2", "recovered_area_m2")
    before = set(Parcel.objects.filter(project=project).values_list(*fields))
    assert remeasure_project_parcels(project_id=project.id) == 40
    assert set(Parcel.objects.filter(project=project).values_list(*fields)) == before
