"""Generated histories written through the one door of the case record, as a board types them
in: days after the acts happened (the audit's "as recorded by" axis needs that), in batches.

Every act goes through `consultations.services.events_write` (checked against the catalogue,
warned about, its free text set apart), meetings through `meeting_record`, corrections
through `event_correct` / `event_void` / `meeting_correct`; the known time through the one
seeding path (an `Act.seeded_at`, or `with seeding(…)` around a service call), which only the
owner role may use, on a demo, bench or test database. Batches and meetings leave the
projection to the caller (`projection.rebuild` once at the end); corrections recompute their
own cases.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from consultations.meetings import OUTCOME_KINDS, meeting_correct, meeting_record
from consultations.models import Event
from consultations.seeding import database_kind, seeding
from consultations.services import Act, Recorded, Subject, event_correct, event_void, events_write

SEEDABLE = ("demo", "bench", "test")
# Days between an act and its typing in: mostly the same week, sometimes two.
LAG_DAYS = (0, 1, 1, 2, 3, 5, 8, 14)


class NotSeedable(Exception):
    pass


def require_seedable() -> str:
    """The database must say it holds demo, bench or test data (manage.py db_kind)."""
    kind = database_kind()
    if kind not in SEEDABLE:
        raise NotSeedable(
            f"This database is marked {kind!r}: generated histories go only into a demo, bench "
            "or test database (as the owner role: manage.py db_kind demo)."
        )
    return kind


class Writer:
    """Acts queued per recorder and written in batches. An act written at once (`write`, a
    meeting) does not wait for the queue: call `flush()` first when it reads what is queued
    (a compulsory inventory reads the persuasion). Corrections flush: they read the record."""

    def __init__(self, project, rng: random.Random, *, batch: int = 2000):
        self.project = project
        self.rng = rng
        self.batch = batch
        self.now = timezone.now()
        self.pending: list[Act] = []
        self.pending_actor = None

    # -- when it was typed in -----------------------------------------------------------------

    def typed_in(self, on: date, *, after: datetime | None = None) -> datetime:
        """Some days after `on`, in office hours; never before `after` (what it refers to or
        corrects was typed in first) and never in the future."""
        lag = timedelta(
            days=self.rng.choice(LAG_DAYS),
            hours=8 + self.rng.randrange(9),
            minutes=self.rng.randrange(60),
        )
        moment = timezone.make_aware(datetime.combine(on, dtime.min)) + lag
        if after is not None:
            moment = max(moment, after + timedelta(minutes=self.rng.randint(5, 90)))
        moment = min(moment, self.now)
        return max(moment, after) if after is not None else moment

    # -- acts ----------------------------------------------------------------------------------

    def act(
        self,
        kind: str,
        subject: Subject,
        on: date,
        values: dict[str, Any] | None = None,
        *,
        after: datetime | None = None,
    ) -> Act:
        return Act(kind, subject, on, dict(values or {}), seeded_at=self.typed_in(on, after=after))

    def add(self, actor, act: Act) -> None:
        """Queue an act (written with the next batch)."""
        if self.pending and actor != self.pending_actor:
            self.flush()
        self.pending_actor = actor
        self.pending.append(act)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        acts, actor = self.pending, self.pending_actor
        self.pending, self.pending_actor = [], None
        self.write_many(actor, acts)

    def write(self, actor, act: Act) -> Event:
        """Write this act now and answer its event."""
        return self.write_many(actor, [act])[0].event

    def write_many(self, actor, acts: Sequence[Act]) -> list[Recorded]:
        """These acts in one call of the door (checked together, written together)."""
        return events_write(project=self.project, actor=actor, acts=acts, recompute_cases=False)

    # -- service calls -------------------------------------------------------------------------

    def meeting(self, actor, *, happened_on: date, after: datetime | None = None, **kw) -> Recorded:
        """A meeting with its outcomes and signatures (consultations.meetings), typed in at once."""
        with seeding(self.typed_in(happened_on, after=after)):
            return meeting_record(
                project=self.project,
                actor=actor,
                happened_on=happened_on,
                recompute_cases=False,  # like the batches: the caller rebuilds at the end
                **kw,
            )

    def correct(self, event: Event, actor, *, reason: str, **kw) -> Recorded:
        """A correction of the act (its date and/or its details), typed in after it."""
        self.flush()
        on = max(kw.get("happened_on") or event.happened_on, event.happened_on)
        with seeding(self.typed_in(on, after=event.recorded_at)):
            return event_correct(event=event, actor=actor, reason=reason, **kw)

    def void(self, event: Event, actor, *, reason: str) -> Recorded:
        self.flush()
        with seeding(self.typed_in(event.happened_on, after=event.recorded_at)):
            return event_void(event=event, actor=actor, reason=reason)

    def correct_meeting(self, meeting: Event, actor, *, reason: str, **kw) -> Recorded:
        """Re-date (or void) a meeting with what was recorded at it, typed in after all of it."""
        self.flush()
        followers = Event.objects.filter(
            project_id=meeting.project_id,
            kind__in=(*OUTCOME_KINDS, "minutes_signed"),
            payload__meeting=meeting.root_id,
        )
        last = max(
            meeting.recorded_at,
            followers.aggregate(m=Max("recorded_at"))["m"] or meeting.recorded_at,
        )
        on = max(kw.get("happened_on") or meeting.happened_on, meeting.happened_on)
        with seeding(self.typed_in(on, after=last)):
            return meeting_correct(meeting=meeting, actor=actor, reason=reason, **kw)
