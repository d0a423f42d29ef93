"""Append-only tables refuse UPDATE and DELETE at the row level, whoever asks through the ORM.

The guarantee that holds against a determined caller is the database role the application
runs as (manage.py db_app_role): it has no UPDATE, DELETE or TRUNCATE on these tables.
"""

from django.db import migrations

TABLES = ("consultations_event", "consultations_event_evidence", "consultations_evidence")

FUNCTION = """
create or replace function landtracker_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        using errcode = 'insufficient_privilege';
end $$;
"""


def forwards_sql():
    sql = [FUNCTION]
    for table in TABLES:
        sql.append(
            f"create trigger {table}_append_only before update or delete on {table} "
            f"for each row execute function landtracker_append_only();"
        )
    return "\n".join(sql)


def backwards_sql():
    return "\n".join(f"drop trigger if exists {t}_append_only on {t};" for t in TABLES)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunSQL(forwards_sql(), backwards_sql())]
