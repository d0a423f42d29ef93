"""The one seeding path: demo, bench and test histories whose acts must look typed in days
after they happened (the audit's recorded axis needs them). It runs as the owner role, marks
its rows `seeded`, and the database refuses it outside demo, bench and test databases
(migrations/0005: landtracker_seeding_allowed). The application's role cannot use it."""

from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction


@contextmanager
def seeding(recorded_at: datetime):
    """Every event written inside is stamped `recorded_at` (and `seeded`) by the database."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "select set_config('landtracker.seed_recorded_at', %s, true)", [recorded_at.isoformat()]
        )
        yield
        # is_local lasts until the outermost transaction ends: stop seeding here.
        cur.execute("select set_config('landtracker.seed_recorded_at', '', true)")


def database_kind() -> str:
    with connection.cursor() as cur:
        cur.execute("select kind from landtracker_database")
        row = cur.fetchone()
    return row[0] if row else "production"
