"""The registers' half of keeping derived data fresh: a write that may move a stage records
what it touched (landcases.RegisterChange) in its own transaction and, on commit, asks the
case record to apply it. The task is named, not imported: the registers never import the case
record (architecture.md, Core design 1). A periodic sweep applies what a lost message left.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from .models.changes import RegisterChange

logger = logging.getLogger(__name__)

APPLY_TASK = "consultations.apply_register_changes"


def registers_changed(
    *, project_id: int, parcels: Iterable[int] = (), land_users: Iterable[int] = ()
) -> RegisterChange | None:
    """Record that these parcels and land users changed in a way that may move a stage.
    Call inside the write's transaction."""
    parcel_ids, user_ids = sorted(set(parcels)), sorted(set(land_users))
    if not parcel_ids and not user_ids:
        return None
    change = RegisterChange.objects.create(
        project_id=project_id, parcels=parcel_ids, land_users=user_ids
    )
    # One task per project and transaction: it applies every change not yet applied (an import
    # of 3,000 parcels through the services enqueued 8,000 tasks otherwise).
    pending = transaction.get_connection().run_on_commit
    if not any(isinstance(fn, _Enqueue) and fn.project_id == project_id for _s, fn, _r in pending):
        transaction.on_commit(_Enqueue(project_id))
    return change


class _Enqueue:
    """The on-commit callback (a class, so that a pending one can be recognised; a savepoint
    rolled back takes its callbacks with it, and the next change registers one again)."""

    def __init__(self, project_id: int):
        self.project_id = project_id

    def __call__(self) -> None:
        from celery import current_app

        try:
            current_app.send_task(APPLY_TASK, args=(self.project_id,), retry=False)
        except Exception:  # noqa: BLE001 - the periodic sweep applies it; the write stands
            logger.warning(
                "could not enqueue %s for project %s", APPLY_TASK, self.project_id, exc_info=True
            )
