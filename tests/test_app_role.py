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


@pytest.mark.django_db(transaction=True)
def test_no_temporary_table_or_search_path_of_the_app_role_turns_seeding_on():
    """The triggers name public tables and pin their search_path: a temporary table of the same
    name (any role may make one) answers nothing for them."""
    from tests.consultations.factories import D, make_world
    from tests.consultations.record import record

    actor, project, area, cases = make_world(2)
    first = record(
        "inventory_done", project=project, actor=actor, case=cases[0], on=D, participated=True
    ).event
    insert = (
        "insert into public.consultations_event (id, project_id, kind, subject_type, case_id, "
        "happened_on, recorded_by_id, recorded_role, payload, is_void, warnings, supersedes_id, "
        "reason_id) values (nextval('consultations_event_id_seq'), %s, 'inventory_done', 'case', "
        "%s, '2025-01-01', %s, 'board_staff', '{}', false, '[]', %s, null)"
    )
    with app_connection() as conn:
        conn.execute("create temp table landtracker_database (kind text)")
        conn.execute("insert into landtracker_database values ('test')")
        conn.execute(
            "create temp table consultations_event as select * from public.consultations_event"
        )
        conn.execute("update consultations_event set case_id = %s", [cases[1].pk])
        conn.execute("create temp table pg_tables as select * from pg_catalog.pg_tables")
        conn.execute("update pg_tables set tableowner = current_user")
        for path in ("pg_temp, public", "public"):
            conn.execute(f"set search_path = {path}")
            conn.execute("select set_config('landtracker.seed_recorded_at', '2020-01-01', false)")
            assert "seeding is refused" in refused(
                conn, insert, [project.pk, cases[1].pk, actor.pk, None]
            )
            conn.execute("select set_config('landtracker.seed_recorded_at', '', false)")
            # A correction moved to another case, its forged original agreeing, is refused.
            assert "must follow the act it corrects" in refused(
                conn, insert, [project.pk, cases[1].pk, actor.pk, first.pk]
            )


@pytest.mark.django_db(transaction=True)
def test_no_temporary_plan_table_of_the_app_role_unfreezes_an_approved_version():
    from landcases import services as registers
    from tests.consultations.factories import D, make_world
    from tests.consultations.test_money import M, approve, lines, plan

    actor, project, area, cases = make_world(2)
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines(cases, [20 * M] * 2)
    )
    approve(project, actor, v1, D)
    with app_connection() as conn:
        conn.execute(
            "create temp table landcases_compensationplan as "
            "select * from public.landcases_compensationplan"
        )
        conn.execute("update landcases_compensationplan set frozen_at = null")
        for path in ("pg_temp, public", "public"):
            conn.execute(f"set search_path = {path}")
            assert "never change" in refused(
                conn,
                "update public.landcases_planline set deductions_vnd = 0 where plan_id = %s",
                [v1.pk],
            )


@pytest.mark.django_db(transaction=True)
def test_the_clock_stamps_texts_evidence_reads_and_histories_for_the_app_role():
    from landcases.models import LandUser, Parcel
    from tests.consultations.factories import D, make_world
    from tests.consultations.record import record

    actor, project, area, cases = make_world(1)
    old = record(
        "inventory_done", project=project, actor=actor, case=cases[0], on=D, participated=True
    ).event
    parcel = Parcel.objects.filter(project=project).first()
    with app_connection() as conn:
        # Free text: its own digest, the clock's time; erased, never re-keyed.
        assert "its own digest" in refused(
            conn,
            "insert into consultations_freetext (project_id, text, salt, sha256, created_at, "
            "erasure_reason) values (%s, 'lời', 'ab', repeat('0', 64), '2000-01-01', '')",
            [project.pk],
        )
        text_id, created = conn.execute(
            "insert into consultations_freetext (project_id, text, salt, sha256, created_at, "
            "erasure_reason) values (%s, 'lời', 'ab', encode(sha256(convert_to('ablời', "
            "'UTF8')), 'hex'), '2000-01-01', '') returning id, created_at",
            [project.pk],
        ).fetchone()
        assert created.year > 2000
        assert "may only be erased" in refused(
            conn,
            "update consultations_freetext set id = id + 1000, text = '', "
            "erased_at = now() where id = %s",
            [text_id],
        )
        erased = conn.execute(
            "update consultations_freetext set text = '', erased_at = '2001-01-01' "
            "where id = %s returning erased_at",
            [text_id],
        ).fetchone()[0]
        assert erased.year > 2001
        # Evidence joins only an act recorded in the same transaction, of its own project.
        evidence_id, uploaded = conn.execute(
            "insert into consultations_evidence (project_id, file, original_name, content_type, "
            "size, sha256, uploaded_by_id, uploaded_at) values (%s, 'x.pdf', 'x.pdf', "
            "'application/pdf', 1, repeat('0', 64), %s, '2000-01-01') "
            "returning id, uploaded_at",
            [project.pk, actor.pk],
        ).fetchone()
        assert uploaded.year > 2000
        assert "same transaction" in refused(
            conn,
            "insert into consultations_event_evidence (event_id, evidence_id) values (%s, %s)",
            [old.pk, evidence_id],
        )
        # A read of sensitive data and a register history row carry the clock's time.
        read_at = conn.execute(
            "insert into landcases_sensitivereadlog (user_id, project_id, land_user_id, purpose, "
            "read_at) values (%s, %s, %s, 'x', '2000-01-01') returning read_at",
            [actor.pk, project.pk, LandUser.objects.filter(project=project).first().pk],
        ).fetchone()[0]
        assert read_at.year > 2000
        history = conn.execute(
            "insert into landcases_historicalparcel select (p).* from (select "
            "jsonb_populate_record(h, jsonb_build_object('history_id', "
            "nextval(pg_get_serial_sequence('landcases_historicalparcel', 'history_id')), "
            "'history_date', '2000-01-01')) p from landcases_historicalparcel h "
            "where h.id = %s limit 1) s returning history_date",
            [parcel.pk],
        ).fetchone()[0]
        assert history.year > 2000
