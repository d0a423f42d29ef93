"""Loads the demo project once (demo/project/); a second run changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from demo import project as demo
from demo.sources import EPINAY, DataMissing, source_path


class Command(BaseCommand):
    help = (
        "Create the demo project (a coastal road in Bình Thuận with real French cadastral "
        "shapes moved into place) and one demo login per role. Does nothing if it exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--parcels", type=int, default=3000, help="at most this many parcels (default 3000)"
        )
        parser.add_argument(
            "--password", help="password of the demo logins (default: the demo_login password)"
        )
        parser.add_argument(
            "--force", action="store_true", help="accepted, but never deletes an existing demo"
        )

    def handle(self, *args, parcels, password, force, **options):
        if parcels < 1:
            raise CommandError("--parcels must be at least 1.")
        existing = demo.find_demo_project()
        if existing is not None:
            self.stdout.write(
                f"The demo project {demo.PROJECT_CODE} already exists "
                f"({existing.parcels.count()} parcels): nothing to do."
            )
            if force:
                self.stdout.write(
                    self.style.WARNING(
                        "--force deletes nothing: the registers keep their history. Load the "
                        "demo into a fresh database if you need it rebuilt."
                    )
                )
            self._print_logins(demo.demo_logins(), demo.current_password(password))
            return
        try:
            source_path(EPINAY)  # fail on missing data before anything is written
            password = demo.demo_password(password)
            result = demo.build_demo_project(max_parcels=parcels, password=password)
        except DataMissing as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo project {demo.PROJECT_CODE} created in {result.seconds:.1f} s: {counts}."
            )
        )
        self._print_logins(result.logins, password)

    def _print_logins(self, logins, password):
        shown = password or "(the password printed when the demo was created)"
        for username, role in logins:
            self.stdout.write(f"Login: {username} / {shown}  ({role})")
