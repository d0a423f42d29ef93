"""VN-2000 (issue 14): the TM-3 zones read from PROJ's EPSG database, a .prj recognised by
its code or its parameters, a province's zone (checked against EPSG's own areas of use), and
coordinates that do not fit their label."""

import re

import pytest
from django.utils import translation
from pyproj import CRS, Transformer

from landcases.imports import messages as msg
from landcases.imports import vn2000

ZONES = {z.epsg: z for z in vn2000.tm3_zones()}

# The .prj ArcGIS and many Vietnamese tools write for VN-2000: the WGS 84 ellipsoid and
# datum, no authority, the province's projection.
WGS84_DATUM_PRJ = (
    'PROJCS["VN2000_mui3_108-30",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",'
    'SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",108.5],PARAMETER["Scale_Factor",0.9999],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)


def without_authority(wkt: str) -> str:
    return re.sub(r',\s*(AUTHORITY|ID)\["EPSG",\s*"?\d+"?\]', "", wkt)


def test_the_tm3_zones_come_from_proj_with_their_parameters():
    assert set(range(9205, 9219)) <= set(ZONES)
    assert {5896, 5897, 5898, 5899} <= set(ZONES)
    for zone in ZONES.values():
        assert zone.name.startswith("VN-2000 / TM-3")
        assert zone.scale == 0.9999
        assert (zone.false_easting, zone.false_northing) == (500000.0, 0.0)
        named = re.search(r"(\d{3})-(\d{2})$", zone.name)
        if named:  # "VN-2000 / TM-3 108-30": the meridian is in the name
            assert zone.central_meridian == int(named[1]) + int(named[2]) / 60


def test_a_known_point_in_binh_thuan_lands_where_the_official_transformation_puts_it():
    to_wgs84 = Transformer.from_crs(9218, 4326, always_xy=True)
    lon, lat = to_wgs84.transform(550000, 1210000)
    # notes.md: (E 550000, N 1210000) → 108.95924063 °E, 10.94126419 °N
    assert lon == pytest.approx(108.95924063, abs=1e-8)
    assert lat == pytest.approx(10.94126419, abs=1e-8)
    assert vn2000.check_extent((549000, 1209000, 551000, 1211000), 9218) == []


@pytest.mark.parametrize("epsg", sorted(ZONES))
@pytest.mark.parametrize("flavour", ["WKT1_ESRI", "WKT1_GDAL", "WKT2_2019"])
def test_a_prj_with_the_zones_code_or_name_is_that_zone(epsg, flavour):
    found = vn2000.recognise_prj(CRS.from_epsg(epsg).to_wkt(flavour))
    assert found.epsg == epsg
    assert found.how == "authority"
    assert found.confidence >= vn2000.MIN_CONFIDENCE


def test_a_prj_without_authority_is_recognised_by_its_parameters():
    wkt = without_authority(CRS.from_epsg(9214).to_wkt("WKT1_GDAL"))
    wkt = (
        wkt.replace('"VN-2000 / TM-3 107-00"', '"Hue local grid"')
        .replace('GEOGCS["VN-2000"', 'GEOGCS["VN2000 Hue"')
        .replace("Vietnam_2000", "VN2000_Hue")
    )
    assert "9214" not in wkt and "AUTHORITY" not in wkt
    found = vn2000.recognise_prj(wkt)
    assert (found.epsg, found.how, found.confidence) == (9214, "parameters", 90)
    assert "107" in found.note


def test_a_prj_naming_the_wgs84_datum_is_taken_as_vn2000_with_a_warning():
    found = vn2000.recognise_prj(WGS84_DATUM_PRJ)
    assert (found.epsg, found.how, found.confidence) == (9218, "wgs84_datum", 60)
    assert "9218" in found.note


def test_a_105_meridian_prj_is_the_national_zone_with_the_same_projection():
    found = vn2000.recognise_prj(WGS84_DATUM_PRJ.replace("108.5", "105.0"))
    assert found.epsg == 5897
    assert ZONES[5897].central_meridian == 105.0


def test_other_systems_are_named_not_taken_for_vn2000():
    hanoi72 = vn2000.recognise_prj(CRS.from_epsg(2044).to_wkt("WKT1_GDAL"))  # Hanoi 1972 / GK
    assert (hanoi72.epsg, hanoi72.how) == (2044, "declared")
    assert hanoi72.confidence < vn2000.MIN_CONFIDENCE
    assert hanoi72.epsg not in ZONES
    # A transverse Mercator on Krassovsky's ellipsoid with no code: not VN-2000.
    krassovsky = WGS84_DATUM_PRJ.replace("6378137.0,298.257223563", "6378245.0,298.3")
    found = vn2000.recognise_prj(krassovsky)
    assert (found.epsg, found.how) == (None, "none")


def test_an_empty_or_unreadable_prj_is_refused_with_a_reason():
    with pytest.raises(vn2000.CrsError) as refused:
        vn2000.recognise_prj("  ")
    assert str(refused.value) == str(msg.PRJ_EMPTY)
    with translation.override("vi"), pytest.raises(vn2000.CrsError) as refused:
        vn2000.recognise_prj("PROJCS[garbage")
    with translation.override("en"):
        english = str(msg.PRJ_UNREADABLE)
    assert str(refused.value) != english  # in Vietnamese


def _epsg_provinces(area_name: str) -> list[str]:
    text = area_name.removeprefix("Vietnam - ").rstrip(".")
    for word in ("provinces", "province", "municipality", "cities", "city"):
        text = text.replace(word, "")
    parts = re.split(r";|,| and ", text)
    return [vn2000.plain_name(p) for p in parts if p.strip()]


def test_the_province_table_agrees_with_the_areas_of_use_of_the_epsg_zones():
    rows = {vn2000.plain_name(r.province): r for r in vn2000.province_zones()}
    assert len(rows) == 63
    assert len({r.province_2025 for r in rows.values()}) == 34
    confirmed = 0
    for zone in ZONES.values():
        if "onshore" in zone.area_name:
            continue  # the national zones (481, 482, 491) name no province
        for name in _epsg_provinces(zone.area_name):
            assert rows[name].central_meridian == zone.central_meridian, (name, zone.name)
            confirmed += 1
    assert confirmed == 53
    # The rest are on the meridians of 105°00' and 108°00'.
    assert all(r.zone is not None for r in rows.values())
    assert {r.zone.epsg for r in rows.values()} - {5897, 5898} <= set(range(9205, 9219)) | {5899}


def test_a_province_gives_its_zone_by_any_spelling():
    (binh_thuan,) = vn2000.zones_for_province("Tỉnh Bình Thuận")
    assert binh_thuan.zone.epsg == 9218
    (hue,) = vn2000.zones_for_province("thua thien - hue")
    assert hue.zone.epsg == 9214
    (hanoi,) = vn2000.zones_for_province("TP. Hà Nội")
    assert hanoi.zone.epsg == 5897


def test_a_province_of_2025_lists_the_zones_of_the_provinces_it_took_in():
    found = vn2000.zones_for_province("Lâm Đồng")
    assert {(r.province, r.zone.epsg) for r in found} == {
        ("Lâm Đồng", 5899),
        ("Đắk Nông", 9218),
        ("Bình Thuận", 9218),
    }
    assert len(vn2000.zones_for_province("Thành phố Hồ Chí Minh")) == 3


def test_an_unknown_province_is_refused_with_a_reason():
    with pytest.raises(vn2000.CrsError) as refused:
        vn2000.zones_for_province("Atlantis")
    assert str(refused.value) == str(msg.PROVINCE_UNKNOWN) % {"name": "Atlantis"}


def test_metres_labelled_as_degrees_are_refused():
    (problem,) = vn2000.check_extent((549000, 1209000, 551000, 1211000), 4326)
    assert (problem.code, problem.blocking) == ("metres_as_degrees", True)
    (problem,) = vn2000.check_extent((549000, 1209000, 551000, 1211000), vn2000.VN2000_GEOGRAPHIC)
    assert problem.code == "metres_as_degrees"


def test_degrees_labelled_as_metres_are_refused():
    (problem,) = vn2000.check_extent((108.9, 10.9, 109.0, 11.0), 9218)
    assert (problem.code, problem.blocking) == ("degrees_as_metres", True)


def test_a_layer_outside_vietnam_is_refused():
    (problem,) = vn2000.check_extent((549000, 5009000, 551000, 5011000), 9218)  # ~45° N
    assert (problem.code, problem.blocking) == ("outside_vietnam", True)
    (problem,) = vn2000.check_extent((2.3, 48.8, 2.4, 48.9), 4326)  # Paris
    assert problem.code == "outside_vietnam"


def test_a_layer_in_vietnam_but_outside_its_zone_is_a_warning():
    # Binh Thuan's coordinates read in Lai Chau's zone land in the Gulf of Thailand.
    (problem,) = vn2000.check_extent((549000, 1209000, 551000, 1211000), 9205)
    assert (problem.code, problem.blocking) == ("outside_zone", False)


def test_coordinates_that_are_not_numbers_are_refused():
    (problem,) = vn2000.check_extent((float("nan"), 0, 1, 1), 9218)
    assert (problem.code, problem.blocking) == ("not_finite", True)
