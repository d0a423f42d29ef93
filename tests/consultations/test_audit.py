"""The audit from the database: registers as they stood, the record on either axis, the
command's JSON and its refusals, overrides through their service."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from consultations.auditing import audit_project, registers_as_of
from consultations.overrides import override_create
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.consultations.test_projection import typed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    actor, project, area, cases = make_world(2)
    project.rule_packs = ["vn-2024", "democracy-3406", "complaints-2011"]
    project.save(update_fields=["rule_packs"])
    kw = {"project": project, "actor": actor}
    with typed_in(D + timedelta(days=2)):
        record("notice_issued", **kw, area=area, on=D, number="1/TB")
    with typed_in(D + timedelta(days=3)):
        record("notice_delivered", **kw, case=cases[0], on=D + timedelta(days=1), method="post")
    with typed_in(D + timedelta(days=40)):  # typed in a month late
        record("notice_delivered", **kw, case=cases[1], on=D + timedelta(days=1), method="post")
    return actor, project, area, cases


def run(project, *args):
    out = StringIO()
    call_command("audit", project.code, *args, stdout=out)
    return json.loads(out.getvalue())


def by_rule(payload, rule, subject_type, subject_id):
    return next(
        f
        for f in payload["findings"]
        if f["rule"] == rule and f["subject"] == {"type": subject_type, "id": subject_id}
    )


def test_the_command_prints_every_finding_as_json(world):
    actor, project, area, (a, b) = world
    payload = run(project, "--as-of", (D + timedelta(days=10)).isoformat())
    codes = {f["rule"] for f in payload["findings"]}
    assert {"NOTICE-DELIVERED", "NOTICE-POSTED", "NOTICE-PRE-MEETING", "DEM-FRONT-PRESENT"} & codes
    finding = by_rule(payload, "NOTICE-DELIVERED", "case", a.id)
    assert finding["result"] == "pass" and finding["pack"]["id"] == "vn-2024"
    assert finding["basis"] and finding["calendar"].startswith("holidays")
    assert set(finding) >= {
        "rule",
        "result",
        "severity",
        "subject",
        "cases",
        "pack",
        "parameters",
        "basis",
        "facts",
        "since",
        "due_on",
        "axis",
    }


def test_the_recorded_axis_sees_what_was_typed_in_by_then(world):
    actor, project, area, (a, b) = world
    day = (D + timedelta(days=10)).isoformat()
    recorded = run(project, "--as-of", day, "--axis", "recorded")
    happened = run(project, "--as-of", day, "--axis", "happened")
    assert by_rule(recorded, "NOTICE-DELIVERED", "case", b.id)["result"] != "pass"
    assert by_rule(happened, "NOTICE-DELIVERED", "case", b.id)["result"] == "pass"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--as-of", "2099-01-01"], "tương lai"),
        (["--as-of", "1999-01-01"], "01/01/1999"),
        (["--as-of", "31/12/2025"], "not a date"),
        (["--axis", "sideways"], "“sideways”"),
        (["--results", "maybe"], "unknown"),
    ],
)
def test_bad_input_is_a_clear_error(world, args, needle):
    actor, project, area, cases = world
    with pytest.raises(CommandError, match=needle):
        run(project, *args)


def test_registers_are_taken_as_they_stood(world):
    from landcases import services as registers

    actor, project, area, (a, b) = world
    parcel = a.land_user.holdings.get().parcel
    before = registers_as_of(project, D)
    registers.parcel_update(parcel=parcel, actor=actor, reason="đo lại", land_use="ONT")
    from django.utils import timezone

    now = registers_as_of(project, timezone.localdate())
    group = {p.id: p.land_group for p in before.parcels}
    assert group[parcel.id] == "agricultural"
    assert {p.id: p.land_group for p in now.parcels}[parcel.id] == "non_agricultural"


def test_an_override_changes_a_finding_and_shows_beside_the_base(world):
    actor, project, area, (a, b) = world
    day = D + timedelta(days=20)
    override_create(
        actor=actor,
        project=project,
        pack="vn-2024",
        rule="NOTICE-LEAD-TIME",
        parameter="severity",
        value="minor",
        reason="QĐ của UBND tỉnh số 1",
    )
    audit = audit_project(project, as_of=day)
    lead = [f for f in audit.findings(codes=["NOTICE-LEAD-TIME"])]
    assert lead and all(f.severity == "minor" for f in lead)


def test_a_bad_or_overlapping_override_is_refused(world):
    actor, project, area, cases = world
    with pytest.raises(ValidationError, match="pack"):
        override_create(
            actor=actor,
            project=project,
            pack="vn-1990",
            rule="NOTICE-LEAD-TIME",
            parameter="severity",
            value="minor",
            reason="x",
        )
    with pytest.raises(ValidationError):
        override_create(
            actor=actor,
            project=project,
            pack="vn-2024",
            rule="NOTICE-LEAD-TIME",
            parameter="severity",
            value="catastrophic",
            reason="x",
        )
    override_create(
        actor=actor,
        project=project,
        pack="vn-2024",
        rule="NOTICE-LEAD-TIME",
        parameter="severity",
        value="minor",
        reason="QĐ 1",
    )
    with pytest.raises(ValidationError, match="same dates"):
        override_create(
            actor=actor,
            project=project,
            pack="vn-2024",
            rule="NOTICE-LEAD-TIME",
            parameter="severity",
            value="major",
            reason="QĐ 2",
        )
    with pytest.raises(ValidationError):
        override_create(
            actor=actor,
            project=project,
            pack="vn-2024",
            rule="NOTICE-LEAD-TIME",
            parameter="severity",
            value="minor",
            reason="  ",
        )


def test_audit_check_runs_scenario_files(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_check", "tests/rules/scenarios/grievance.yaml", "no-such-file.yaml")
    assert exit_info.value.code == 1
    call_command("audit_check", "tests/rules/scenarios/grievance.yaml")
    assert "met" in capsys.readouterr().out
