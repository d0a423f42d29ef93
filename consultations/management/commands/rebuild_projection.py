import time

from django.core.management.base import BaseCommand

from consultations.models import Event
from consultations.projection import rebuild
from landcases.models import Project


class Command(BaseCommand):
    help = "Recompute every case's stage intervals from the events (whole, not patched)."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="project code (default: all projects)")

    def handle(self, *args, project=None, **options):
        projects = Project.objects.all()
        if project:
            projects = projects.filter(code=project)
        for p in projects:
            started = time.monotonic()
            n = rebuild(
                project_id=p.id,
                progress=lambda done, total, code=p.code: self.stderr.write(
                    f"\r{code}: {done}/{total}", ending=""
                ),
            )
            seconds = time.monotonic() - started
            events = Event.objects.filter(project=p).count()
            self.stderr.write("")
            self.stdout.write(
                f"{p.code}: {n} cases, {events} events in {seconds:.1f} s "
                f"({events / seconds if seconds else 0:.0f} events/s)"
            )
