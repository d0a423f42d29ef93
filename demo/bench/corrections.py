"""The corrections a real record carries, made through the services after the histories:
re-dated deliveries (a few corrected twice), corrected payment amounts, voided opinions written
against the wrong household (and the right one's written opinion), minutes signed by the
households' representative after the meeting, and re-dated dialogues (with their outcomes)."""

from __future__ import annotations

from datetime import timedelta

from consultations.models import Event
from consultations.seeding import seeding
from consultations.services import Subject, event_values
from consultations.signatures import signatures_record

from . import slips
from .history import History


def _sample(history: History, share: float, **filters) -> list[Event]:
    ids = list(
        Event.objects.filter(project=history.bench.project, supersedes__isnull=True, **filters)
        .order_by("id")
        .values_list("id", flat=True)
    )
    chosen = sorted(history.rng.sample(ids, round(len(ids) * share)))
    events = Event.objects.select_related("case", "area", "plan", "grievance", "project")
    return list(events.filter(id__in=chosen).order_by("id"))


def make_corrections(history: History) -> int:
    out, board, rng, made = history.out, history.bench.board, history.rng, 0
    out.flush()
    for old in _sample(history, 0.001, kind="notice_delivered"):
        on = history.day(old.happened_on, 2)
        new = out.correct(
            old, board, happened_on=on, reason="Ngày giao ghi nhầm; sửa theo biên bản giao nhận."
        ).event
        made += 1
        if rng.random() < 0.1:  # and corrected once more
            out.correct(new, board, happened_on=old.happened_on, reason="Sửa lại theo bản gốc.")
            made += 1
    for old in _sample(history, 0.001, kind="payment"):
        values = dict(event_values(old), amount=old.payload["amount"] + 1_250_000)
        out.correct(old, board, values=values, reason="Nhập sai số tiền; sửa theo phiếu chi.")
        made += 1
    # Opinions not yet summarized (an area still in dialogue): a summary stays true.
    unsummarized = [c[0] for c in history.bench.cases if history.levels[c[1]] == 3]
    for old in _sample(
        history, 0.002, kind="opinion", payload__channel="meeting", case_id__in=unsummarized
    ):
        void = out.void(old, board, reason="Ý kiến ghi nhầm vào biên bản của hộ liền kề.").event
        values = {"opinion": "other", "channel": "written", "plan": old.payload.get("plan")}
        act = out.act(
            "opinion",
            Subject(case=old.case),
            history.day(old.happened_on, 12),
            values,
            after=void.recorded_at,
        )
        out.write(board, act)
        made += 1
    for meeting, attendees in history.unsigned:
        if history.story.slip("never signed", slips.NEVER_SIGNED, nth=1):
            continue  # MINUTES-SIGNED fails on it
        roll = rng.random()
        on = history.day(meeting.happened_on, rng.randint(5, 15))
        if roll < 0.65 and len(attendees) > 1:  # each household signs the paper minutes
            with seeding(out.typed_in(on, after=meeting.recorded_at)):
                signatures_record(
                    project=history.bench.project,
                    actor=board,
                    meeting=meeting,
                    happened_on=on,
                    cases=attendees[:-1],
                )
            continue
        act = out.act(
            "minutes_signed",
            Subject(area=meeting.area),
            on,
            {"meeting": meeting.root_id, "role": "household_representative"},
            after=meeting.recorded_at,
        )
        out.write(board, act)
    for meeting in _sample(history, 0.02, kind="meeting", payload__meeting_kind="dialogue"):
        on = min(history.today, meeting.happened_on + timedelta(days=1))
        out.correct_meeting(meeting, board, happened_on=on, reason="Ngày họp nhập nhầm.")
        made += 1
    return made
