"""The database role the web and worker processes run as (settings: DB_ASSUME_ROLE).

It may read and write the registers and projections, but only SELECT and INSERT on the
append-only tables: the case record and every register's history. The login role (the owner)
runs migrations and this grant.
"""

from django.db import connection

APPEND_ONLY = (
    "consultations_event",
    "consultations_event_evidence",
    "consultations_evidence",
    "landcases_sensitivereadlog",
)


def append_only_tables() -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "select tablename from pg_tables where schemaname = 'public' "
            "and tablename like 'landcases_historical%%'"
        )
        history = [r[0] for r in cur.fetchall()]
    return [*APPEND_ONLY, *sorted(history)]


def grant_app_role(role: str) -> list[str]:
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cur:
        cur.execute("select 1 from pg_roles where rolname = %s", [role])
        if cur.fetchone() is None:
            cur.execute(f"create role {quoted} nologin")
        cur.execute("select current_user")
        (owner,) = cur.fetchone()
        cur.execute(f"grant {quoted} to {connection.ops.quote_name(owner)}")
        cur.execute(f"grant usage on schema public to {quoted}")
        cur.execute(
            f"grant select, insert, update, delete on all tables in schema public to {quoted}"
        )
        cur.execute(f"grant usage, select on all sequences in schema public to {quoted}")
        tables = append_only_tables()
        for table in tables:
            cur.execute(f"revoke update, delete, truncate on {table} from {quoted}")
    return tables
