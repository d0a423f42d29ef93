"""Teach PostGIS the VN-2000 TM-3 zones (EPSG:9205-9218).

PostGIS 3.3's spatial_ref_sys predates them. PostGIS asks PROJ for "EPSG:<srid>" by the
auth_name/auth_srid of the row, so PROJ applies the official VN-2000 transformation; the
proj4text is only a fallback (and its towgs84 would be ~0.5 m off, see notes.md).
"""

import warnings

from django.db import migrations
from pyproj import CRS
from pyproj.enums import WktVersion

SRIDS = range(9205, 9219)


def add_rows(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        for srid in SRIDS:
            crs = CRS.from_epsg(srid)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # the PROJ string is a fallback
                proj4 = crs.to_proj4()
            cur.execute(
                "insert into spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                "values (%s, 'EPSG', %s, %s, %s) on conflict (srid) do nothing",
                [srid, srid, crs.to_wkt(WktVersion.WKT1_GDAL), proj4],
            )


def remove_rows(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute("delete from spatial_ref_sys where srid between 9205 and 9218")


class Migration(migrations.Migration):
    dependencies = [("landcases", "0001_initial")]
    operations = [migrations.RunPython(add_rows, remove_rows)]
