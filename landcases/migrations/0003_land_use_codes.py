"""Load the national list of land-use codes (landcases/land_use_codes.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from landcases.services import land_use_codes_sync

    land_use_codes_sync(model=apps.get_model("landcases", "LandUseCode"))


class Migration(migrations.Migration):
    dependencies = [("landcases", "0002_vn2000_spatial_ref_sys")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
