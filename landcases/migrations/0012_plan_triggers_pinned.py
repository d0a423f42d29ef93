"""The plan-freezing triggers of 0010, pinned like the record's (consultations 0007): every
name schema-qualified and the functions run with `search_path = pg_catalog, pg_temp`, so that a
temporary table named like a plan (the application role may create temporary tables) cannot
answer in the real one's place and let an approved version's lines change."""

from django.db import migrations

SQL = """
create or replace function public.landtracker_plan_lines_frozen() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
    plan_id bigint;
begin
    if TG_TABLE_NAME = 'landcases_planline' then
        plan_id := coalesce(NEW.plan_id, OLD.plan_id);
    else
        select l.plan_id into plan_id from public.landcases_planline l
        where l.id = coalesce(NEW.line_id, OLD.line_id);
    end if;
    if exists (select 1 from public.landcases_compensationplan p
               where p.id = plan_id and p.frozen_at is not null) then
        raise exception 'plan version % is approved: its lines never change', plan_id
            using errcode = 'insufficient_privilege';
    end if;
    return coalesce(NEW, OLD);
end $$;

create or replace function public.landtracker_plan_stays_frozen() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
    if OLD.frozen_at is not null and (NEW.frozen_at is null or NEW.frozen_at <> OLD.frozen_at) then
        raise exception 'plan version % is approved: it stays frozen', OLD.id
            using errcode = 'insufficient_privilege';
    end if;
    return NEW;
end $$;
"""


class Migration(migrations.Migration):
    dependencies = [("landcases", "0011_spreadsheet_jobs")]

    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
