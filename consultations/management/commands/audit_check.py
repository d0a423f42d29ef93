"""manage.py audit_check FILE… — run audit scenario files (docs/scenarios.md) without a
database: each expectation printed as met or not; exit status 1 when one is not met."""

import sys

from django.core.management.base import BaseCommand

from consultations.rules.scenario import check_files


class Command(BaseCommand):
    help = "Check audit scenario files (YAML: events in, expected findings out)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        status = check_files(files, out=sys.stdout)
        if status:
            sys.exit(status)
