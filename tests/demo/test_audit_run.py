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
