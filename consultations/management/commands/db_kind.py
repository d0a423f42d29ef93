from django.core.management.base import BaseCommand, CommandError
from django.db import connection

KINDS = ("production", "demo", "bench", "test")


class Command(BaseCommand):
    help = (
        "Say what this database is for (run as the owner). Only demo, bench and test databases "
        "accept seeded histories (acts that look typed in late); production refuses them."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=KINDS)

    def handle(self, *args, kind, **options):
        with connection.cursor() as cur:
            if kind:
                try:
                    cur.execute("update landtracker_database set kind = %s", [kind])
                except Exception as exc:  # noqa: BLE001 - the app role may not
                    raise CommandError(
                        f"only the owner may say what the database is for: {exc}"
                    ) from exc
            cur.execute("select kind from landtracker_database")
            self.stdout.write(cur.fetchone()[0])
