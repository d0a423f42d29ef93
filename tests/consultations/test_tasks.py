import pytest

from consultations.models import Case
from consultations.tasks import rebuild_projection
from tests.consultations.factories import D, make_world

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_rebuild_runs_on_a_real_worker_and_restores_the_projection(celery_worker_process):
    from consultations import acts

    actor, project, area, cases = make_world(3)
    acts.notice_deliver(
        project=project, actor=actor, case=cases[0], happened_on=D, method="post", signed=True
    )
    Case.objects.filter(pk=cases[0].pk).update(stage="handed_over", stage_rank=9)  # damaged
    result = rebuild_projection.delay(project.id)
    assert result.get(timeout=60) == {"cases": 3}
    cases[0].refresh_from_db()
    assert cases[0].stage == "notified"
