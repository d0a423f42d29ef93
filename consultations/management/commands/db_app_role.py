from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.roles import grant_app_role


class Command(BaseCommand):
    help = "Create or refresh the application's database role (append-only case record)."

    def add_arguments(self, parser):
        parser.add_argument("--role", default=getattr(settings, "DB_APP_ROLE", "landtracker_app"))

    def handle(self, *args, role, **options):
        tables = grant_app_role(role)
        self.stdout.write(f"role {role}: SELECT/INSERT only on {len(tables)} append-only tables")
