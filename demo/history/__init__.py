"""Consultation histories for the demo project (manage.py demo_history).

The demo road (demo.project) has four areas of 2 km; each gets a history of its own, dated in
the past and told in the order it happened (script.py):

- Km0–2 far ahead: dissemination meetings, notice issued and delivered, inventories, prices and
  the draft plan posted 30 days, consultation meetings per hamlet, written opinions of absentees,
  dialogues with most objectors; the opinion summary; the plan revised (the crop prices the
  Front questioned), appraised and approved (one decision for the version, effective days
  later), announced at hamlet meetings and delivered; resettlement plots allocated and handed
  over; the recovery decided and delivered for nearly everyone; payments against each line's
  net, in one to three instalments (a few late, a few partial), refusals and State Treasury
  deposits, an unsettled inheritance waiting; early-handover and earlier-recovery agreements;
  most sites handed over; later a revised version (re-measured plots, the difference paid) and
  a supplementary one (a support item). `paid` and `handed_over` come from the amounts
  (conclusion.py, approval.py, money.py; the lines: plans.py, prices.py).
- Km2–4 at consultation and dialogue (a meeting without the Fatherland Front, a dialogue whose
  minutes lack the households' signatures, half of the objectors still waiting for a dialogue,
  the board's opinion summary differing from the record's count); its draft plan has lines.
- Km4–6 at inventory: two thirds inventoried, a few refusals, persuasion, compulsory inventory.
- Km6–8 just notified: dissemination meetings, notice issued, some deliveries, two publications.

Plus Fatherland Front findings and recommendations with the board's responses (some resolved,
some open), a corrected delivery date, a corrected payment, minutes signed after a finding, a
re-dated dialogue and one voided opinion (front.py).

And what issue 11 put on record (safeguards.py, steps.py): the cut-off date announced with each
notice and the census closed where the inventory is done; Km0–2's complaints about recovery
decisions and a plan version (one accepted late, one settled past its deadline, one settled
and brought again, one waiting) and a petition in Km2–4; enforcement for two households that
kept their site (one carried out without the decision delivered, warned; one under way);
targeted support for every other vulnerable household of Km0–2; consent records for the
relocated ethnic-minority households; invitations before Km2–4's consultation sessions, and
one session's minutes signed on paper by each household present but one, the commune People's
Committee's signature confirmed by the commune official.

Every act goes through the one door (demo/writing.py): per-case acts in batches, meetings
through `meeting_record`, corrections through `event_correct`, `event_void` and
`meeting_correct`, each typed in 0–14 days after it happened (the seeding path: the owner role,
on a demo or test database). The cases come from the registers' changes
(`projection.apply_register_changes`); the projection is rebuilt once at the end.
Same seed and same day, same history.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from consultations import projection
from consultations.models import Case, Event
from landcases.models import Holding, Project

from ..writing import require_seedable
from . import front, lawful, plans, safeguards, steps, violations
from .conclusion import conclude
from .script import SCRIPTS, SEED
from .story import Story

__all__ = ["SEED", "HistoryResult", "build_demo_history", "summarize"]


@dataclass
class HistoryResult:
    project: Project
    created: bool
    seconds: float = 0.0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    stages_by_area: dict[str, Counter] = field(default_factory=dict)
    warned_events: int = 0
    corrections: int = 0
    named: dict[str, tuple[str, int]] = field(default_factory=dict)  # violations.py


def tell(story: Story) -> None:
    story.load()
    for i, s in enumerate(SCRIPTS[: len(story.areas)]):
        hs = story.of_area(i)
        if not hs:
            continue
        steps.disseminate(story, i, s, hs)
        steps.notify(story, i, s, hs)
        if s.inventory:
            steps.inventory(story, i, s, hs)
        safeguards.census_and_cutoff(story, i, s)
        steps.post_prices_and_plan(story, i, s)
        if s.consultation:
            steps.consult(story, i, s, hs)
            if s.summary:
                plans.opinion_summary(story, i, s, story.drafts[i])
        if s.dialogue:
            steps.hold_dialogues(story, i, s, hs)
        if s.approval:
            conclude(story, i, s, hs)
    safeguards.grievances(story)
    safeguards.enforce(story)
    safeguards.support_and_consent(story)
    front.supervise(story)
    front.correct(story)
    violations.commit(story)  # deliberate violations for the audit (docs/audit.md)
    lawful.keep(story)
    story.out.flush()
    projection.rebuild(project_id=story.project.id)


def build_demo_history(project: Project, *, seed: int = SEED) -> HistoryResult:
    """Record the demo history once: a project that has events already is left alone."""
    started = time.monotonic()
    created = False
    named: dict[str, tuple[str, int]] = {}
    with transaction.atomic():
        if not Event.objects.filter(project=project).exists():
            require_seedable()
            story = Story(project, seed=seed)
            tell(story)
            named = dict(story.marks.get("named", {}))
            created = True
    result = summarize(project)
    result.created = created
    result.named = named
    result.seconds = time.monotonic() - started
    return result


def summarize(project: Project) -> HistoryResult:
    """Events by kind and cases by stage per area (a case counts in the first area it holds
    land in)."""
    events = Event.objects.filter(project=project)
    by_kind = dict(events.order_by().values_list("kind").annotate(n=Count("id")))
    areas = list(project.areas.order_by("km_from", "id"))
    rank = {a.id: i for i, a in enumerate(areas)}
    first: dict[int, int] = {}
    holdings = Holding.objects.filter(land_user__project=project, parcel__area__isnull=False)
    for case_id, area_id in holdings.values_list("land_user__case__id", "parcel__area_id"):
        if case_id is not None and (case_id not in first or rank[area_id] < first[case_id]):
            first[case_id] = rank[area_id]
    stages: dict[str, Counter] = {a.code: Counter() for a in areas}
    for case_id, stage in Case.objects.filter(project=project).values_list("id", "stage"):
        label = areas[first[case_id]].code if case_id in first else "-"
        stages.setdefault(label, Counter())[stage] += 1
    return HistoryResult(
        project=project,
        created=False,
        events_by_kind=by_kind,
        stages_by_area=stages,
        warned_events=events.exclude(warnings=[]).count(),
        corrections=events.filter(supersedes__isnull=False).count(),
    )
