from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consultations.roles import RoleMissing, grant_app_role


class Command(BaseCommand):
    help = (
        "Grant the application's database role its privileges (run as the owner after every "
        "migration): SELECT/INSERT only on the append-only tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=getattr(settings, "DB_APP_ROLE", "landtracker_app"))

    def handle(self, *args, role, **options):
        try:
            tables = grant_app_role(role)
        except RoleMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"role {role}: SELECT/INSERT only on {len(tables)} append-only tables")
