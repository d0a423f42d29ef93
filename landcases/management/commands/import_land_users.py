"""`manage.py import_land_users <project> FILE.xlsx [--dry-run] [--report FILE.json]`: the
land users' workbook through the page's own path (services.land_user_import.import_workbook),
all or nothing; the report as JSON (counts, each refused row with its number and reasons)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from landcases import messages as msg
from landcases.management.editor import register_editor
from landcases.models import JobStatus, Project
from landcases.services.land_user_import import import_workbook
from landcases.xlsx import MAX_UPLOAD_BYTES


class Command(BaseCommand):
    help = "Import land users and their holdings from a workbook filled in from the template."

    def add_arguments(self, parser):
        parser.add_argument("project", help="the project's code")
        parser.add_argument("file", help="the workbook (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--report", help="write the report to this JSON file")
        parser.add_argument(
            "--user",
            help="the user the history names (a username): a member who may edit the registers",
        )
        parser.add_argument("--reason", help="the reason kept in the history")

    def handle(self, *args, **options):
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            raise CommandError(str(msg.COMMAND_NO_PROJECT % {"code": options["project"]}))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(
                _("The file is %(mb)s MB; at most %(limit)s MB.")
                % {"mb": round(path.stat().st_size / 2**20, 1), "limit": MAX_UPLOAD_BYTES // 2**20}
            )
        actor = register_editor(options["user"], project) if options["user"] else None
        reason = options["reason"] or _("Import of the land users' list %(name)s") % {
            "name": path.name
        }
        try:
            status, report, _sheet = import_workbook(
                path.read_bytes(),
                project=project,
                actor=actor,
                reason=reason,
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        report = {"status": str(status), "file": path.name, "project": project.code, **report}
        if options["report"]:
            Path(options["report"]).write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(self._summary(status, report))
        if status != JobStatus.DONE:
            raise CommandError(_("Refused: nothing was written."))

    def _summary(self, status, report: dict) -> str:
        if report.get("message"):
            return report["message"]
        if status != JobStatus.DONE:
            lines = [
                _("row %(n)s: %(errors)s") % {"n": r["row"], "errors": "; ".join(r["reasons"])}
                for r in report["refused_rows"][:50]
            ]
            return "\n".join(lines)
        done = _("%(users)s land users with %(holdings)s holdings.") % {
            "users": report["land_users"],
            "holdings": report["holdings"],
        }
        return (_("Checked (dry run, nothing written): ") if report.get("dry_run") else "") + done
