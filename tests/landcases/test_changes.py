"""Register changes ask the case record to apply them once per transaction."""

from unittest import mock

import pytest
from django.db import transaction

from landcases import changes
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_many_changes_in_one_transaction_enqueue_one_task(django_capture_on_commit_callbacks):
    project, _area, _commune = make_project()
    other, _area, _commune = make_project("du-an-khac")
    with (
        mock.patch("celery.current_app.send_task") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with transaction.atomic():  # rolled back: its callback goes with it
            changes.registers_changed(project_id=project.id, parcels=[1])
            transaction.set_rollback(True)
        for n in range(5):
            changes.registers_changed(project_id=project.id, parcels=[n + 2])
        changes.registers_changed(project_id=other.id, land_users=[7])
    assert sorted(c.kwargs["args"] for c in send.call_args_list) == sorted(
        [(project.id,), (other.id,)]
    )
    assert changes.RegisterChange.objects.filter(project_id=project.id).count() == 5
