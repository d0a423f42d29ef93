"""The demo's plan versions and what is recorded about them before the money: each version a
register entry with one line per household (prices.py), through the registers' services; the
opinion summary of a consulted draft, its counts proposed from the recorded opinions (the
board confirms them, or in one area corrects them, so that the difference stays visible).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from consultations.models import Case, Event
from consultations.services import Subject
from landcases.models import CompensationPlan, PlanLine

from .prices import Entitled, Prices, line_of
from .script import Script
from .story import Household, Story

RAISED_CROPS = {"dragon_fruit": 520_000, "cashew": 1_300_000}  # after the Front's recommendation
TALLIED = ("agree", "disagree", "other")


def prices_of(s: Script, *, raised: bool = True, positions_up: bool = False) -> Prices:
    factor = Decimal(s.land_factor)
    if not raised:
        return Prices(factor)
    return Prices(factor, RAISED_CROPS["dragon_fruit"], RAISED_CROPS["cashew"], positions_up)


def version(
    story: Story,
    i: int,
    kind: str,
    title: str,
    prices: Prices,
    households: Iterable[Household] | None = None,
    who: Callable[[Household], Entitled] | None = None,
) -> CompensationPlan:
    """A version of area i's plan with a line for each of these households (by default every
    land user holding land in the area), priced with `prices`."""
    plan = story.plan_version(i, kind, title)
    chosen = [h for h in (households or story.households) if i in h.held]
    story.plan_lines(
        plan,
        [
            (h, line_of(h.case.land_user_id, (who or (lambda h: h.entitled_in(i)))(h), prices))
            for h in chosen
        ],
    )
    return plan


def proposed_tally(plan: CompensationPlan) -> tuple[dict[str, int], date | None]:
    """The counts the record proposes: the latest standing opinion (at a meeting or in
    writing) of each household with a line in the version, about this version or none; and
    the day of the last of them."""
    lined = set(PlanLine.objects.filter(plan=plan).values_list("land_user_id", flat=True))
    cases = set(Case.objects.filter(land_user_id__in=lined).values_list("id", flat=True))
    rows = Event.objects.filter(
        project_id=plan.project_id, kind="opinion", case_id__in=cases
    ).values_list(
        "id", "supersedes_id", "is_void", "case_id", "happened_on", "recorded_at", "payload"
    )
    rows = list(rows)
    superseded = {r[1] for r in rows if r[1] is not None}
    latest: dict[int, tuple] = {}
    for event_id, _old, void, case_id, on, at, payload in rows:
        if event_id in superseded or void or case_id not in cases:
            continue  # only what stands now
        if payload.get("plan") not in (None, plan.id):
            continue
        key = (on, at, event_id)
        if case_id not in latest or key > latest[case_id][0]:
            latest[case_id] = (key, payload["opinion"])
    tally = dict.fromkeys(TALLIED, 0)
    for _key, opinion in latest.values():
        if opinion in tally:
            tally[opinion] += 1
    return tally, max((key[0] for key, _o in latest.values()), default=None)


def opinion_summary(story: Story, i: int, s: Script, plan: CompensationPlan) -> None:
    """The board's summary of the draft's consultation: the counts it confirms, beside those
    the record proposes. In one area the board counted two late written agreements that the
    record does not hold (OPINION-TALLY will see the difference)."""
    assert s.summary is not None
    summarize(story, plan, story.day(s.summary), corrected=s.summary_corrected)


def summarize(story: Story, plan: CompensationPlan, on: date, *, corrected: bool) -> Event:
    """The summary on `on` (or two days after the last opinion); `corrected`: the board's
    counts differ from the record's."""
    story.out.flush()
    proposed, last = proposed_tally(plan)
    counted = dict(proposed)
    if corrected:
        counted["agree"] += 2
        counted["other"] = max(0, counted["other"] - 1)
    values = {**counted, **{f"proposed_{k}": n for k, n in proposed.items()}}
    on = max(on, story.after(last, 2)) if last else on
    act = story.out.act("opinion_summary", Subject(plan=plan), on, values)
    return story.out.write(story.board, act)
