"""`manage.py import_parcels <project> FILE …`: the web's import (a ParcelImport job run by
landcases.services.parcel_imports), from the command line, with the report as JSON."""

import json
import os
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from landcases import messages as msg
from landcases.imports import archive
from landcases.imports import messages as imsg
from landcases.management.editor import register_editor
from landcases.models import JobStatus, MapKind, Project
from landcases.services.parcel_imports import (
    AREA_TOLERANCE_PCT,
    Params,
    parcel_import_enqueue,
    parcel_import_run,
    parcel_import_start,
)


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        target, sep, source = pair.partition("=")
        if not sep or not target or not source:
            raise CommandError(f"--map takes FIELD=COLUMN, not {pair!r}")
        out[target.strip()] = source.strip()
    return out


class Command(BaseCommand):
    help = "Import parcels from a cadastral file (zipped Shapefile, GeoPackage, GeoJSON, KML…)."

    def add_arguments(self, parser):
        parser.add_argument("project", help="the project's code")
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            required=True,
            help="who imports (kept in the history): a member who may edit the registers",
        )
        parser.add_argument("--layer", help="the layer (or the archive's dataset) to read")
        parser.add_argument("--srid", type=int, help="the source CRS (EPSG), if not the file's")
        parser.add_argument(
            "--encoding", default="auto", choices=["auto", "tcvn3", "vni", "utf-8", "ascii"]
        )
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
        parser.add_argument("--repair", action="store_true", help="ST_MakeValid invalid shapes")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write none")
        parser.add_argument("--survey-date", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--commune", help="the commune code when the file has none")
        parser.add_argument("--map-kind", default=MapKind.CADASTRAL, choices=MapKind.values)
        parser.add_argument("--area-tolerance", type=Decimal, default=AREA_TOLERANCE_PCT)
        parser.add_argument("--report", help="write the JSON report to this file")
        parser.add_argument("--queue", action="store_true", help="let the Celery worker do it")
        parser.add_argument("--language", default="vi")

    def handle(self, *args, **o):
        project = Project.objects.filter(code=o["project"]).first()
        if project is None:
            raise CommandError(str(msg.COMMAND_NO_PROJECT % {"code": o["project"]}))
        actor = register_editor(o["user"], project)
        size = os.stat(o["file"]).st_size
        if size > archive.LIMITS.upload_bytes:
            limit = archive.LIMITS.upload_bytes >> 20
            raise CommandError(str(imsg.FILE_TOO_LARGE % {"size": size >> 20, "limit": limit}))
        params = Params(
            layer=o["layer"],
            srid=o["srid"],
            encoding=o["encoding"],
            mapping=_mapping(o["map"]),
            repair=o["repair"],
            dry_run=o["dry_run"],
            survey_date=o["survey_date"],
            commune=o["commune"],
            map_kind=o["map_kind"],
            area_tolerance_pct=o["area_tolerance"],
        )
        with open(o["file"], "rb") as f:
            data = f.read()
        try:
            job = parcel_import_start(
                project=project,
                actor=actor,
                data=data,
                name=os.path.basename(o["file"]),
                params=params,
                language=o["language"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if o["queue"]:
            parcel_import_enqueue(job)
            self.stdout.write(f"queued: parcel import {job.id}")
            return
        job = parcel_import_run(job_id=job.id)
        text = json.dumps(job.report, ensure_ascii=False, indent=2)
        if o["report"]:
            with open(o["report"], "w", encoding="utf-8") as f:
                f.write(text)
        counts = job.report.get("counts", {})
        self.stdout.write(f"{job.get_status_display()}: {json.dumps(counts)}")
        if job.status != JobStatus.DONE:
            raise CommandError(job.report.get("message", job.status))
