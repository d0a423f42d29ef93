"""Every kind of the catalogue through the door, with a value for every field: the stored
payload holds only the allow-listed keys, each an id, a date, a number or a code — never free
text, never a name (architecture.md, Core design 2)."""

from datetime import date

import pytest

from consultations.models import Event, Grievance
from consultations.rules.catalog import KINDS, stored_keys
from consultations.rules.vocabulary import VOCABULARIES
from consultations.services import Subject, event_record
from landcases.models import CompensationPlan
from tests.consultations.factories import D, make_world
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Bình"  # a name that must never reach a payload


def _value(f, refs, made):
    base, arg = f.base, f.arg
    if base == "date":
        return D
    if base == "int":
        return max(f.min or 0, 1)
    if base == "vnd":
        return 123_000_000
    if base == "decimal":
        return 12.5
    if base == "bool":
        return True
    if base == "number":
        return "12/QĐ-UBND"
    if base == "point":
        return (108.0, 10.94)
    if base == "code":
        return VOCABULARIES[arg][0]
    if base == "codes":
        return list(VOCABULARIES[arg][:2])
    if base == "ref":
        return refs[arg]
    if base == "refs":
        return [refs[arg]]
    if base == "event":
        kinds = [k for k in arg.split("|") if k != "*"] or list(made)
        return next(made[k] for k in kinds if k in made)
    if base == "text":
        return f"Ý kiến của {NAME}"
    raise AssertionError(base)


def _order():
    """Kinds in an order where every event a kind names is already made."""
    left, done = dict(KINDS), []
    while left:
        for code, kind in list(left.items()):
            needs = {
                k
                for f in kind.fields.values()
                if f.base == "event"
                for k in f.arg.split("|")
                if k != "*"
            }
            if needs <= set(done) and (not any(f.arg == "*" for f in kind.fields.values()) or done):
                done.append(code)
                del left[code]
    return done


def test_every_kind_stores_only_allow_listed_keys_and_values():
    actor, project, area, (case,) = make_world(1)
    for role, username in (("front_supervisor", "mttq"), ("commune_official", "xa")):
        project.memberships.create(user=make_user(username), role=role)
    front = project.memberships.get(role="front_supervisor").user
    plan = CompensationPlan.objects.create(
        project=project, area=area, number="PA-1", kind="draft", title="Phương án"
    )
    grievance = Grievance.objects.create(project=project, number="KN-1")
    from landcases.services import ItemInput, LineInput, plan_lines_replace

    plan_lines_replace(
        plan=plan,
        actor=actor,
        reason="nhập",
        lines=[LineInput(case.land_user_id, items=[ItemInput("other", 10**8)])],
    )
    event_record(
        project=project,
        actor=actor,
        kind="plan_approved",
        happened_on=D,
        subject=Subject(plan=plan),
        values={"number": "1/QĐ", "effective_on": D, "authority": "commune_pc"},
    )
    refs = {
        "case": case.id,
        "area": area.id,
        "plan": plan.id,
        "user": actor.id,
        "land_user": case.land_user_id,
    }
    subjects = {
        "case": Subject(case=case),
        "area": Subject(area=area),
        "plan": Subject(plan=plan),
        "grievance": Subject(grievance=grievance),
        "project": Subject(),
    }
    made: dict[str, int] = {}
    for code in _order():
        kind = KINDS[code]
        values = {name: _value(f, refs, made) for name, f in kind.fields.items()}
        who = front if code == "supervision" else actor
        if code == "supervision":
            values["body"] = "fatherland_front"
        rec = event_record(
            project=project,
            actor=who,
            kind=code,
            happened_on=D,
            subject=subjects[kind.subjects[0]],
            values=values,
        )
        made[code] = rec.event.id
    assert set(made) == set(KINDS)
    for event in Event.objects.filter(project=project):
        keys = set(event.payload)
        assert keys <= stored_keys(event.kind), (event.kind, keys - stored_keys(event.kind))
        assert NAME not in str(event.payload) and "Ý kiến" not in str(event.payload)
        for key, value in event.payload.items():
            if key.endswith("_sha256"):
                assert isinstance(value, str) and len(value) == 64
            elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
                date.fromisoformat(value)  # an ISO date
            else:
                assert isinstance(value, int | float | bool | list | str), (event.kind, key)
                if isinstance(value, str):
                    assert len(value) <= 60, (event.kind, key)  # a code or a number
