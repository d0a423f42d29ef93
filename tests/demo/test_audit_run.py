"""Issue 13, done when: the stored run of the demo project equals the command's JSON."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from consultations.auditruns import audit_run_store, overdue_update, run_as_json
from consultations.models import ParcelStage
from demo import project as demo
from demo.history import build_demo_history

pytestmark = pytest.mark.django_db
PARCELS = 150


@pytest.fixture(scope="module")
def demo_project(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = demo.build_demo_project(max_parcels=PARCELS, password="x")
        build_demo_history(built.project)
        yield built.project
        transaction.set_rollback(True)


@pytest.mark.parametrize("axis", ["recorded", "happened"])
def test_the_stored_run_of_the_demo_equals_the_commands_json(demo_project, axis):
    today = timezone.localdate().isoformat()
    out = StringIO()
    call_command("audit", demo_project.code, "--as-of", today, "--axis", axis, stdout=out)
    expected = json.loads(out.getvalue())
    run = audit_run_store(project=demo_project, as_of=today, axis=axis, trigger="nightly")
    assert len(expected["findings"]) > 100
    assert run_as_json(run) == expected
    if axis == "recorded":
        overdue = overdue_update(run)
        flagged = ParcelStage.objects.filter(
            project=demo_project, overlays__contains=["overdue"]
        ).count()
        assert (overdue > 0) == (flagged > 0)


def test_the_failing_explained_by_column_equal_the_findings_one_by_one(demo_project):
    """Audit.explained (the whole-project path: rows selected by column, shared parts and
    distinct deadlines derived once) gives the same findings as building each one alone."""
    from consultations.facts_sql.audit import audit_project_sql

    audit = audit_project_sql(demo_project, as_of=timezone.localdate(), axis="recorded")
    for results in (["fail"], ["open", "cannot_evaluate"]):
        one_by_one = [f.as_json() for f in audit.findings(results=results)]
        explained = audit.explained(results)
        assert len(explained) == len(one_by_one) > 0
        assert [f.as_json() for f in explained] == one_by_one
        assert explained[-1].as_json() == one_by_one[-1]
        assert explained[len(explained) // 2].as_json() == one_by_one[len(one_by_one) // 2]
    assert all(f["explanation"] for f in one_by_one if f["result"] == "fail")
    assert [json.loads(f.json_text()) for f in explained] == one_by_one


def test_the_facts_kept_with_a_run_read_back_as_they_were(demo_project):
    """facts_sql/stored.py: every table, column (missing dates and codes too), the cases each
    row touches and the payments, as extracted."""
    import numpy as np

    from consultations.facts_sql import stored
    from consultations.facts_sql.extract import extract_facts

    facts = extract_facts(demo_project, as_of=timezone.localdate(), axis="recorded")
    again = stored.load(stored.dump(facts))
    assert (again.as_of, again.axis) == (facts.as_of, facts.axis)
    assert set(again.tables) == set(facts.tables)
    for subject, table in facts.tables.items():
        back = again.tables[subject]
        assert back.ids.tolist() == table.ids.tolist()
        for column in table.schema:
            a, b = table.columns[column.name], back.columns[column.name]
            assert a.dtype == b.dtype, (subject, column.name)
            if a.dtype.kind == "M":
                assert np.array_equal(a, b, equal_nan=True), (subject, column.name)
            else:
                assert a.tolist() == b.tolist(), (subject, column.name)
        assert list(back.touches) == list(table.touches)
        if "payments" in table.extra:
            assert list(back.extra["payments"]) == list(table.extra["payments"])
    assert any(len(t) for t in facts.tables["case"].extra["payments"])


def test_a_run_keeps_its_failing_findings_whole_and_assembles_the_others_again(demo_project):
    from consultations.auditstore import findings_of
    from consultations.models import AuditFinding

    run = audit_run_store(project=demo_project, as_of=timezone.localdate(), axis="recorded")
    rows = AuditFinding.objects.filter(run=run)
    assert rows.exists() and not rows.exclude(result="fail").exists()
    assert not rows.filter(data__isnull=True).exists()
    assert rows.count() == run.counts["fail"] == sum(c.get("fail", 0) for c in run.tally.values())
    assert sum(run.counts.values()) == run.findings_count
    passing = findings_of(run, results=["pass"], codes=["NOTICE-DELIVERED"])
    assert len(passing) == run.tally["NOTICE-DELIVERED"]["pass"] > 0
    assert passing[0]["result"] == "pass" and passing[-1]["facts"]
    assert [f["result"] for f in passing[:3]] == ["pass"] * min(3, len(passing))


def test_a_run_whose_packs_have_changed_shows_its_failing_whole_and_says_why(
    demo_project, monkeypatch, client
):
    """When the packs are no longer those of the run, its other findings are not assembled
    again with today's law: the page shows them by their stored verdict, and says so."""
    from django.urls import reverse

    from consultations import auditruns
    from consultations.auditstore import StoredRunError
    from landcases.models import ProjectMembership

    run = audit_run_store(project=demo_project, as_of=timezone.localdate(), axis="recorded")
    member = ProjectMembership.objects.filter(project=demo_project, role="board_staff").first()
    client.force_login(member.user)
    url = reverse("consultations:audit_run", kwargs={"code": demo_project.code, "run_id": run.pk})
    before = client.get(url, {"result": "pass", "rule": "NOTICE-DELIVERED"})
    assert before.status_code == 200 and not before.context["not_whole"]
    shown = before.context["rows"]
    assert shown and {(r["rule"], r["result"]) for r in shown} == {("NOTICE-DELIVERED", "pass")}
    monkeypatch.setattr(auditruns, "packs_digest", lambda *args, **kw: "another")
    with pytest.raises(StoredRunError):
        run_as_json(run)
    failing = client.get(url)
    assert failing.status_code == 200 and not failing.context["not_whole"]
    assert failing.context["rows"] and all(r["result"] == "fail" for r in failing.context["rows"])
    passing = client.get(url, {"result": "pass"})
    assert passing.status_code == 200 and passing.context["not_whole"]
    assert passing.context["rows"] == []


def test_a_run_stored_before_its_facts_were_kept_still_shows_every_finding(demo_project):
    """Runs stored by the earlier code have a row, whole, for every finding and no facts or
    counts per rule: the page, the counts and the command's JSON read them from their rows."""
    from consultations.auditstore import findings_of
    from consultations.models import AuditFinding, AuditRun
    from consultations.views.audit_runs import _tally

    run = audit_run_store(project=demo_project, as_of=timezone.localdate(), axis="recorded")
    expected = run_as_json(run)
    old = AuditRun.objects.create(
        project=demo_project,
        as_of=run.as_of,
        axis=run.axis,
        trigger="command",
        packs=run.packs,
        packs_digest=run.packs_digest,
        calendar=run.calendar,
        code_version="git old",
        projection_version=run.projection_version,
        started_at=run.started_at,
        finished_at=run.started_at,
        counts=run.counts,
        findings_count=run.findings_count,
    )
    AuditFinding.objects.bulk_create(  # every finding whole, as the earlier code stored them
        [
            AuditFinding(
                run=old,
                rule=f["rule"],
                result=f["result"],
                reason_key=f["reason_key"][:40],
                severity=f["severity"],
                subject_type=f["subject"]["type"],
                subject_id=f["subject"]["id"],
                cases=f["cases"],
                data=f,
            )
            for f in expected["findings"]
        ]
    )
    assert run_as_json(old)["findings"] == expected["findings"]
    passing = findings_of(old, results=["pass"], codes=["NOTICE-DELIVERED"])
    assert len(passing) == run.tally["NOTICE-DELIVERED"]["pass"]
    assert {(r, res): n for r, res, n in _tally(old)} == {
        (r, res): n for r, c in run.tally.items() for res, n in c.items()
    }
