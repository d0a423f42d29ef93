"""The record's triggers name nothing the application's role could shadow.

The triggers run with the rights of whoever inserts (the app role). Before this migration their
SQL named tables without a schema, so a temporary table of the same name (every role may create
one) or a changed search_path could answer in their place: a forged `landtracker_database` or
`consultations_event` turned seeding on or hid the act a correction claims to follow. Every
name is now schema-qualified, the owner is read from the catalogue by oid, and each function
runs with `search_path = pg_catalog, pg_temp` (pg_temp last, so nothing temporary comes first).

New guarantees in the same place:
- a correction is younger than the act it corrects (its id is greater);
- free text is hashed as the application says it is (the trigger checks the digest) and stamped
  by the clock; an erasure is stamped by the clock and keeps the row's id;
- evidence is stamped by the clock and joins only an act of its own project recorded in the same
  transaction (no file is slipped into an old act later);
- a grievance's, a submission's and a read of sensitive data's times come from the clock, and
  so does every register history row's (manage.py db_app_role puts that trigger on each
  history table, including ones later migrations add).
The owner on a demo, bench or test database may still seed past times (manage.py db_kind).
"""

from django.db import migrations

PIN = "set search_path = pg_catalog, pg_temp"

SQL = f"""
create or replace function public.landtracker_seeding_allowed() returns boolean
language sql stable {PIN} as $$
    select current_user = (select pg_catalog.pg_get_userbyid(c.relowner)
                           from pg_catalog.pg_class c
                           where c.oid = 'public.consultations_event'::pg_catalog.regclass)
       and exists (select 1 from public.landtracker_database
                   where kind in ('demo', 'bench', 'test'))
$$;

create or replace function public.landtracker_append_only() returns trigger
language plpgsql {PIN} as $$
begin
    raise exception 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        using errcode = 'insufficient_privilege';
end $$;

create or replace function public.landtracker_event_stamp() returns trigger
language plpgsql {PIN} as $$
declare
    seed text := nullif(pg_catalog.current_setting('landtracker.seed_recorded_at', true), '');
    old public.consultations_event%rowtype;
begin
    if NEW.recorded_at is not null or seed is not null then
        if not public.landtracker_seeding_allowed() then
            raise exception 'recorded_at comes from the database clock: seeding is refused here'
                using errcode = 'insufficient_privilege';
        end if;
        NEW.recorded_at := coalesce(NEW.recorded_at, seed::timestamptz);
        NEW.seeded := true;
    else
        NEW.recorded_at := pg_catalog.clock_timestamp();
        NEW.seeded := false;
    end if;
    if NEW.supersedes_id is null then
        NEW.root_id := NEW.id;
    else
        select * into old from public.consultations_event where id = NEW.supersedes_id;
        if not found or old.project_id <> NEW.project_id or old.kind <> NEW.kind
           or old.subject_type <> NEW.subject_type
           or old.case_id is distinct from NEW.case_id
           or old.area_id is distinct from NEW.area_id
           or old.plan_id is distinct from NEW.plan_id
           or old.grievance_id is distinct from NEW.grievance_id
           or old.is_void or NEW.recorded_at < old.recorded_at or NEW.id <= old.id then
            raise exception 'a correction must follow the act it corrects (same project, kind and subject, not void)'
                using errcode = 'check_violation';
        end if;
        NEW.root_id := old.root_id;
    end if;
    return NEW;
end $$;

create or replace function public.landtracker_freetext_guard() returns trigger
language plpgsql {PIN} as $$
begin
    if TG_OP = 'INSERT' then
        if NEW.sha256 <> pg_catalog.encode(
               pg_catalog.sha256(pg_catalog.convert_to(NEW.salt || NEW.text, 'UTF8')), 'hex')
           or NEW.erased_at is not null then
            raise exception 'free text must come with its own digest and unerased'
                using errcode = 'check_violation';
        end if;
        if not public.landtracker_seeding_allowed() or NEW.created_at is null then
            NEW.created_at := pg_catalog.clock_timestamp();
        end if;
        return NEW;
    end if;
    if TG_OP = 'DELETE' or NEW.id <> OLD.id or NEW.text <> '' or OLD.erased_at is not null
       or NEW.sha256 <> OLD.sha256 or NEW.salt <> OLD.salt
       or NEW.project_id <> OLD.project_id or NEW.created_at <> OLD.created_at then
        raise exception 'free text of the record may only be erased'
            using errcode = 'insufficient_privilege';
    end if;
    NEW.erased_at := pg_catalog.clock_timestamp();
    return NEW;
end $$;

drop trigger if exists consultations_freetext_guard on public.consultations_freetext;
create trigger consultations_freetext_guard
    before insert or update or delete on public.consultations_freetext
    for each row execute function public.landtracker_freetext_guard();

-- A column stamped by the clock (TG_ARGV[0]) unless the owner seeds a demo, bench or test.
create or replace function public.landtracker_stamp_now() returns trigger
language plpgsql {PIN} as $$
begin
    if public.landtracker_seeding_allowed()
       and (pg_catalog.to_jsonb(NEW) -> TG_ARGV[0]) <> 'null'::jsonb then
        return NEW;
    end if;
    NEW := pg_catalog.jsonb_populate_record(
        NEW, pg_catalog.jsonb_build_object(TG_ARGV[0], pg_catalog.clock_timestamp()));
    return NEW;
end $$;

create or replace function public.landtracker_evidence_link() returns trigger
language plpgsql {PIN} as $$
begin
    if not exists (
        select 1 from public.consultations_event e
        join public.consultations_evidence v on v.id = NEW.evidence_id
        where e.id = NEW.event_id and v.project_id = e.project_id
          and (e.recorded_at >= pg_catalog.now() or public.landtracker_seeding_allowed())
    ) then
        raise exception 'evidence joins an act of its own project, recorded in the same transaction'
            using errcode = 'check_violation';
    end if;
    return NEW;
end $$;

create trigger consultations_event_evidence_link before insert
    on public.consultations_event_evidence
    for each row execute function public.landtracker_evidence_link();
create trigger consultations_evidence_stamp before insert on public.consultations_evidence
    for each row execute function public.landtracker_stamp_now('uploaded_at');
create trigger consultations_grievance_stamp before insert on public.consultations_grievance
    for each row execute function public.landtracker_stamp_now('created_at');
create trigger consultations_submission_stamp before insert on public.consultations_submission
    for each row execute function public.landtracker_stamp_now('submitted_at');
create trigger landcases_sensitivereadlog_stamp before insert on public.landcases_sensitivereadlog
    for each row execute function public.landtracker_stamp_now('read_at');
"""

UNSQL = """
drop trigger if exists consultations_event_evidence_link on public.consultations_event_evidence;
drop trigger if exists consultations_evidence_stamp on public.consultations_evidence;
drop trigger if exists consultations_grievance_stamp on public.consultations_grievance;
drop trigger if exists consultations_submission_stamp on public.consultations_submission;
drop trigger if exists landcases_sensitivereadlog_stamp on public.landcases_sensitivereadlog;
drop function if exists public.landtracker_evidence_link();
drop function if exists public.landtracker_stamp_now();
"""


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_submissions"), ("landcases", "0009_land_user_search_name")]
    operations = [migrations.RunSQL(SQL, UNSQL)]
