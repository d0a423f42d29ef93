"""`manage.py export_parcels <project> --format gpkg|shp|geojson [--names] OUT`: the parcels with
their stage, as the project page's download writes them (consultations/parcel_export.py).
For administrators: no role is checked, so `--names` is theirs to ask for; sensitive data is
never in this file."""

import shutil
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from consultations.parcel_export import FORMATS, write_parcels
from landcases.models import Project


class Command(BaseCommand):
    help = "Write a project's parcels with their stage as GeoPackage, zipped Shapefile or GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("project", help="project code")
        parser.add_argument("out", help="the file to write (a zipped Shapefile for shp)")
        parser.add_argument("--format", choices=sorted(FORMATS), default="gpkg")
        parser.add_argument("--names", action="store_true", help="include land users' names")
        parser.add_argument("--language", default="vi", help="of the labels (default vi)")

    def handle(self, *args, project, out, format, names, language, **options):  # noqa: A002
        found = Project.objects.filter(code=project).first()
        if found is None:
            raise CommandError(f"no project {project!r}")
        started = time.monotonic()
        with translation.override(language):
            handle = write_parcels(found, FORMATS[format], with_names=names)
        with handle, open(out, "wb") as target:
            shutil.copyfileobj(handle, target, 1 << 20)
        self.stdout.write(
            f"{found.code}: {found.parcels.count()} parcels to {out} "
            f"in {time.monotonic() - started:.1f} s"
        )
