"""manage.py audit <project> [--as-of YYYY-MM-DD] [--axis recorded|happened] [--format json|table]
    [--path sql|python] [--store]

Every finding of the project's compliance audit (docs/audit.md: the JSON shape). With --store
the run is kept with its findings (consultations/auditruns.py) and printed as stored; its id
goes to stderr."""

import json
from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consultations.auditing import AXES, AuditError, audit_project
from consultations.facts_sql.audit import audit_project_sql
from consultations.rules.audit.outcome import RESULTS
from landcases.models import Project


class Command(BaseCommand):
    help = "Run the compliance audit of a project and print every finding (JSON or a table)."

    def add_arguments(self, parser):
        parser.add_argument("project", help="the project's code")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--axis", default="recorded", help=" | ".join(AXES))
        parser.add_argument("--format", default="json", choices=("json", "table"))
        parser.add_argument(
            "--results", default="", help="only these results, comma-separated (e.g. fail,open)"
        )
        parser.add_argument(
            "--path",
            default="sql",
            choices=("sql", "python"),
            help="facts extracted in SQL for the whole project (default), or built per subject "
            "in Python (the reference path)",
        )
        parser.add_argument(
            "--store", action="store_true", help="store the run and its findings (as the system)"
        )

    def handle(self, *args, project, as_of, axis, format, results, path, store, **options):  # noqa: A002
        found = Project.objects.filter(code=project).select_related("province").first()
        if found is None:
            raise CommandError(f"no project with the code {project!r}")
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None
        wanted = [r for r in results.split(",") if r]
        unknown = [r for r in wanted if r not in RESULTS]
        if unknown:
            raise CommandError(f"--results: unknown {unknown}; one of {', '.join(RESULTS)}")
        if store:
            return self._store(found, day, axis, format, wanted)
        try:
            run = audit_project_sql if path == "sql" else audit_project
            audit = run(found, as_of=day, axis=axis)
        except AuditError as exc:
            raise CommandError(str(exc)) from exc
        findings = audit.findings(results=wanted or None)
        if format == "json":
            payload = {
                "project": found.code,
                "as_of": day.isoformat(),
                "axis": axis,
                "findings": [f.as_json() for f in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        tally = Counter((f.rule, f.result) for f in findings)
        codes = sorted({f.rule for f in findings})
        self.stdout.write(f"{'rule':<28}" + "".join(f"{r:>16}" for r in RESULTS))
        for code in codes:
            self.stdout.write(f"{code:<28}" + "".join(f"{tally[(code, r)]:>16}" for r in RESULTS))

    def _store(self, project, day, axis, format, wanted):  # noqa: A002
        from consultations.auditruns import audit_run_store, run_as_json

        try:
            run = audit_run_store(project=project, as_of=day, axis=axis, trigger="command")
        except AuditError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"stored audit run {run.id} ({run.findings_count} findings)")
        payload = run_as_json(run)
        if wanted:
            payload["findings"] = [f for f in payload["findings"] if f["result"] in wanted]
        if format == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        tally = Counter((f["rule"], f["result"]) for f in payload["findings"])
        codes = sorted({f["rule"] for f in payload["findings"]})
        self.stdout.write(f"{'rule':<28}" + "".join(f"{r:>16}" for r in RESULTS))
        for code in codes:
            self.stdout.write(f"{code:<28}" + "".join(f"{tally[(code, r)]:>16}" for r in RESULTS))
