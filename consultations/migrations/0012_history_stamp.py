"""The history tables' insert stamp names its column (history_date) instead of finding it
through to_jsonb(NEW): serialising every history row — a parcel's geometry with it — cost
150–225 µs a parcel in a bulk import. Same rule as landtracker_stamp_now: the clock's time
unless the owner seeds a demo, bench or test database. manage.py db_app_role points the
history tables' triggers at it."""

from django.db import migrations

PIN = "set search_path = pg_catalog, pg_temp"

SQL = f"""
create or replace function public.landtracker_stamp_history() returns trigger
language plpgsql {PIN} as $$
begin
    if NEW.history_date is not null and public.landtracker_seeding_allowed() then
        return NEW;
    end if;
    NEW.history_date := pg_catalog.clock_timestamp();
    return NEW;
end $$;
"""

# Back to the generic stamp first (db_app_role recreates the triggers), then drop this one.
UNSQL = """
do $$
declare t text;
begin
    for t in select tgrelid::regclass::text from pg_trigger
             where tgfoid = 'public.landtracker_stamp_history'::regproc loop
        execute format('create or replace trigger %s before insert on %s for each row '
                       'execute function public.landtracker_stamp_now(''history_date'')',
                       replace(t, 'public.', '') || '_stamp', t);
    end loop;
end $$;
drop function if exists public.landtracker_stamp_history();
"""


class Migration(migrations.Migration):
    dependencies = [("consultations", "0011_audit_run_facts")]
    operations = [migrations.RunSQL(SQL, UNSQL)]
