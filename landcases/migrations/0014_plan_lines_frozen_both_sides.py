"""An update of a plan line or item is checked on both sides: moving a line (or an item) out of
an approved version into a draft changed the approved version as surely as editing it, and the
trigger of 0012 only looked at the row's new version."""

from django.db import migrations

SQL = """
create or replace function public.landtracker_plan_lines_frozen() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
    plans bigint[];
    frozen bigint;
begin
    if TG_TABLE_NAME = 'landcases_planline' then
        plans := array[NEW.plan_id, OLD.plan_id];
    else
        select array_agg(l.plan_id) into plans from public.landcases_planline l
        where l.id in (NEW.line_id, OLD.line_id);
    end if;
    select p.id into frozen from public.landcases_compensationplan p
    where p.id = any(plans) and p.frozen_at is not null limit 1;
    if frozen is not null then
        raise exception 'plan version % is approved: its lines never change', frozen
            using errcode = 'insufficient_privilege';
    end if;
    return coalesce(NEW, OLD);
end $$;
"""


class Migration(migrations.Migration):
    dependencies = [("landcases", "0013_inspection_board_customary_tenure")]

    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
