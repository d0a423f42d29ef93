"""The privileges of the application's database role (architecture.md §6).

The web and worker processes log in as their own LOGIN role (settings.DB_APP_ROLE, created by
bin/setup with a generated password): neither superuser, nor the tables' owner, nor a member
of either, so that no SQL it runs — `SET ROLE`, `RESET ROLE`, `SET SESSION AUTHORIZATION`,
`set_config`, `ALTER TABLE … DISABLE TRIGGER` — can reach more. This grant, run by the owner
after every migration (manage.py db_app_role), gives it:

- read and write on the registers and the projections;
- SELECT and INSERT only on the append-only tables (the case record, evidence, the read log,
  every register history, the stored audit runs and their findings), and on the event table
  INSERT of every column but the ones the database stamps (recorded_at, seeded, root_id);
- UPDATE of the free-text table (a trigger lets it erase words, nothing else);
- SELECT only on what says what the database is for (landtracker_database).

It also puts the clock's stamp on every register history table (history_date), so that a
history row added by a later migration is stamped like the others.
"""

from django.db import connection

APPEND_ONLY = (
    "consultations_auditfinding",
    "consultations_auditrun",
    "consultations_event",
    "consultations_event_evidence",
    "consultations_evidence",
    "consultations_grievance",
    "landcases_sensitivereadlog",
)
READ_ONLY = ("landtracker_database", "spatial_ref_sys", "django_migrations")
STAMPED_EVENT_COLUMNS = ("recorded_at", "seeded", "root_id")


def append_only_tables() -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "select tablename from pg_tables where schemaname = 'public' "
            "and tablename like '%%historical%%'"
        )
        history = [r[0] for r in cur.fetchall()]
    return [*APPEND_ONLY, *sorted(history)]


def _event_insert_columns() -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'public' and table_name = 'consultations_event' "
            "order by ordinal_position"
        )
        return [r[0] for r in cur.fetchall() if r[0] not in STAMPED_EVENT_COLUMNS]


class RoleMissing(Exception):
    pass


def grant_app_role(role: str) -> list[str]:
    """(Re)grant the app role's privileges on every table; answer the append-only tables."""
    q = connection.ops.quote_name(role)
    with connection.cursor() as cur:
        cur.execute(
            "select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = %s",
            [role],
        )
        row = cur.fetchone()
        if row is None:
            raise RoleMissing(f"the database role {role} does not exist (bin/setup creates it)")
        if any(row):
            raise RoleMissing(f"the database role {role} must not be superuser nor create roles")
        cur.execute(
            "select 1 from pg_auth_members m join pg_roles r on r.oid = m.roleid "
            "join pg_roles u on u.oid = m.member where u.rolname = %s",
            [role],
        )
        if cur.fetchone():
            raise RoleMissing(f"the database role {role} must not be a member of any role")
        cur.execute(f"revoke all on all tables in schema public from {q}")
        cur.execute(f"grant usage on schema public to {q}")
        cur.execute(f"grant select, insert, update, delete on all tables in schema public to {q}")
        cur.execute(f"grant usage, select on all sequences in schema public to {q}")
        tables = append_only_tables()
        for table in tables:
            cur.execute(f"revoke update, delete, truncate on {table} from {q}")
        cur.execute(f"revoke insert on consultations_event from {q}")
        columns = ", ".join(connection.ops.quote_name(c) for c in _event_insert_columns())
        cur.execute(f"grant insert ({columns}) on consultations_event to {q}")
        cur.execute(f"revoke references, trigger, truncate on all tables in schema public from {q}")
        for table in READ_ONLY:
            cur.execute(
                "select 1 from pg_tables where schemaname = 'public' and tablename = %s", [table]
            )
            if cur.fetchone():
                cur.execute(f"revoke insert, update, delete on {table} from {q}")
        cur.execute("revoke delete on consultations_freetext from " + q)
        cur.execute(
            "select table_name from information_schema.columns where table_schema = 'public' "
            "and column_name = 'history_date'"
        )
        dated = {name for (name,) in cur.fetchall()}
        for table in tables:
            if "historical" in table:
                # The stamp naming history_date where the table has it (no to_jsonb per row).
                stamp = (
                    "landtracker_stamp_history()"
                    if table in dated
                    else "landtracker_stamp_now('history_date')"
                )
                cur.execute(
                    f"create or replace trigger {table}_stamp before insert on public.{table} "
                    f"for each row execute function public.{stamp}"
                )
    return tables
