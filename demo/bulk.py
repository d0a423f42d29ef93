"""The generators' bulk path for registers (the demo's 3,000 parcels, the benchmark's
100,000): psycopg COPY, then one set-based INSERT of their history rows (what
django-simple-history writes on a create: a snapshot of the tracked columns, type "+", who and
why), so that a generated register keeps its history like one edited through the services.
`bulk_create_with_history` took 2 ms a parcel (client-side composition of 36,000-placeholder
statements), the services one by one ~45 ms a parcel with its land users and holdings; this
takes a few seconds for 100,000."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from landcases.services.bulk import history_of_new_rows

# The columns the generators write (what the services would set; the measured areas and the
# Web Mercator copy come from landcases.geometry.remeasure_project_parcels).
PARCEL_COLUMNS = (
    "id",
    "project_id",
    "area_id",
    "commune_at_survey_id",
    "survey_date",
    "map_kind",
    "sheet_no",
    "parcel_no",
    "land_use_id",
    "legal_area_m2",
    "geometric_area_m2",
    "recovered_area_m2",
    "certificate_no",
    "origin",
    "address",
    "geom",
    "source_srid",
)
LAND_USER_COLUMNS = (
    "id",
    "project_id",
    "kind",
    "name",
    "representative",
    "members",
    "address",
    "phone",
    "lookup_code",
    "resettlement_eligible",
    "search_name",  # "" here: landcases.services.land_users_index_names fills it
)
SENSITIVE_COLUMNS = (
    "land_user_id",
    "citizen_id",
    "ethnicity",
    "vulnerabilities",
    "health_notes",
    "bank_account",
)
HOLDING_COLUMNS = ("id", "land_user_id", "parcel_id", "tenure", "share_pct", "affected_area_m2")


def new_ids(table: str, n: int) -> list[int]:
    """n ids from the table's own sequence."""
    with connection.cursor() as cur:
        cur.execute(
            "select nextval(pg_get_serial_sequence(%s, 'id')) from generate_series(1, %s)",
            [table, n],
        )
        return [r[0] for r in cur.fetchall()]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    count = 0
    with connection.cursor() as cur:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cur.copy(f"copy {table} ({names}) from stdin") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def copy_history(model, ids: list[int], *, actor, reason: str) -> int:
    """The history rows of these newly created rows (their current values): the registers'
    own set-based writer (landcases.services.bulk)."""
    with connection.cursor() as cur:
        who = (timezone.now(), "+", actor.pk, reason)
        history_of_new_rows(cur, model, ids, who, key=model._meta.pk.column)
        return cur.rowcount


def analyze(*tables: str) -> None:
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"analyze {table}")
