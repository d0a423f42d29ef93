"""The application's database role holds the record, whatever SQL it runs (architecture.md §6).

Every statement here runs on the application's own connection (APP_DATABASE_URL, the role the
web and worker processes log in as), not the owner's.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from consultations.roles import append_only_tables
from tests.conftest import app_database_url

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def app_connection():
    url = app_database_url().replace("postgis://", "postgresql://", 1)
    return psycopg.connect(url, autocommit=True)


def refused(conn, sql, params=None) -> str:
    with pytest.raises(psycopg.Error) as info:
        conn.execute(sql, params)
    return str(info.value)


def test_the_app_role_is_neither_superuser_nor_owner_nor_member():
    with app_connection() as conn:
        user, superuser, createrole = conn.execute(
            "select current_user, rolsuper, rolcreaterole from pg_roles where rolname = current_user"
        ).fetchone()
        owner = conn.execute(
            "select tableowner from pg_tables where tablename = 'consultations_event'"
        ).fetchone()[0]
        member_of = conn.execute(
            "select count(*) from pg_auth_members m join pg_roles r on r.oid = m.member "
            "where r.rolname = current_user"
        ).fetchone()[0]
    assert not superuser and not createrole and user != owner and member_of == 0


def test_no_sql_of_the_app_role_changes_an_append_only_table():
    from django.db import connection

    tables = append_only_tables()
    assert "consultations_event" in tables and "landcases_historicalparcel" in tables
    # Stored audit runs and their findings (issue 13): only their job row may change.
    assert {"consultations_auditrun", "consultations_auditfinding"} <= set(tables)
    assert "consultations_auditrunjob" not in tables
    with connection.cursor() as cur:
        cur.execute("select tableowner from pg_tables where tablename = 'consultations_event'")
        (owner,) = cur.fetchone()
    with app_connection() as conn:
        for table in tables:
            column = conn.execute(
                "select column_name from information_schema.columns "
                "where table_name = %s order by ordinal_position limit 1",
                [table],
            ).fetchone()[0]
            assert "permission denied" in refused(conn, f"update {table} set {column} = {column}")
            assert "permission denied" in refused(conn, f"delete from {table}")
            assert "permission denied" in refused(conn, f"truncate {table}")
            assert "must be owner" in refused(conn, f"alter table {table} disable trigger all")
            # Every way back to another role is closed.
            for escape in (
                "set role none",
                "reset role",
                "select set_config('role', 'none', false)",
            ):
                conn.execute(escape)
                assert "permission denied" in refused(conn, f"delete from {table}")
            assert "permission denied" in refused(conn, f"set role {owner}")
            assert "permission denied" in refused(conn, f"set session authorization {owner}")
            assert "permission denied" in refused(
                conn, "select set_config('role', %s, false)", [owner]
            )
            assert "permission denied" in refused(
                conn, "select set_config('session_authorization', %s, false)", [owner]
            )


def test_the_app_role_cannot_supply_or_forge_the_known_time():
    insert = (
        "insert into consultations_event (project_id, kind, subject_type, happened_on, "
        "recorded_by_id, recorded_role, payload, is_void, warnings{extra}) values "
        "(1, 'notice_issued', 'project', '2025-01-01', 1, 'board_staff', '{{}}', false, '[]'{value})"
    )
    with app_connection() as conn:
        for column, value in (
            ("recorded_at", "'2020-01-01'"),
            ("seeded", "true"),
            ("root_id", "1"),
        ):
            sql = insert.format(extra=f", {column}", value=f", {value}")
            assert "permission denied" in refused(conn, sql)
        # The seeding path is the owner's on a demo, bench or test database, never the app's.
        conn.execute("select set_config('landtracker.seed_recorded_at', '2020-01-01', false)")
        assert "seeding is refused" in refused(conn, insert.format(extra="", value=""))
        assert "permission denied" in refused(conn, "update landtracker_database set kind = 'demo'")


def test_the_app_role_writes_the_registers_and_projections():
    with app_connection() as conn:
        conn.execute("update consultations_case set opinion = opinion")
        conn.execute("update landcases_parcel set address = address")
        conn.execute("update consultations_auditrunjob set status = status")
        conn.execute("select count(*) from consultations_event").fetchone()


PROBE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.db import connection, transaction
with connection.cursor() as cur:
    cur.execute("select current_user, rolsuper from pg_roles where rolname = current_user")
    print(*cur.fetchone())
try:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("delete from consultations_event")
except Exception as exc:
    print("refused:", type(exc).__name__)
"""


def test_app_processes_log_in_as_the_app_role_through_the_pool():
    env = dict(os.environ, DB_POOL="true", DATABASE_URL=app_database_url())
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[:2] == ["landtracker_app", "False"]
    assert "refused:" in out.stdout and "ProgrammingError" in out.stdout
