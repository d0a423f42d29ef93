"""What issue 11 put on record, in the bench's areas (the demo's own: demo/history/safeguards.py):
consent of the ethnic-minority households on customary land or to be relocated, documented
before their decision (LND-FPIC); a targeted-support measure for each vulnerable household
before it hands over (LND-VULNERABLE); enforcement for some of those who refused the money
(ENFORCEMENT-PRECONDITIONS); complaints about recovery decisions through `grievance_create`,
accepted, settled, some appealed or withdrawn (GRV-ACCEPT, GRV-RESOLVE). The slips: slips.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from consultations.models import Event
from consultations.services import Subject

from ..history.safeguards import MEASURE_OF, receive
from ..history.script import PERSUADERS, Script, authority
from ..history.story import Household
from . import slips

REFUSED = "Quyết định bị khiếu nại không liên quan trực tiếp đến quyền lợi của người khiếu nại."


def consent(story, s: Script, hs: list[Household]) -> None:
    """FPIC records before the consultation's end: given (most), given after a pending first
    record, or withheld (no consent by the decision)."""
    rng = story.rng
    holders = story.holders
    for h in hs:
        holder = holders[h.case.id]
        if "ethnic_minority" not in holder.flags or not (holder.eligible or holder.customary):
            continue
        on = story.day(s.notice, 200 + rng.randint(0, 15))
        basis = "relocation" if holder.eligible else "customary_land"
        withheld = story.slip("no consent", slips.NO_CONSENT)
        first = "withheld" if withheld else "pending" if rng.random() < 0.1 else "given"
        values = {"basis": basis, "consultation_on": on - timedelta(days=3), "consent": first}
        story.case_act("fpic_record", h, on, values)
        if first == "pending":
            later = story.after(on, rng.randint(20, 60))
            values = {"basis": basis, "consultation_on": later, "consent": "given"}
            story.case_act("fpic_record", h, later, values)


def support(story, hs: list[Household], effective: date) -> None:
    """A measure for each vulnerable household, a week before its handover (or some weeks
    after the approval took effect); a few forgotten."""
    rng = story.rng
    handed = _first_of(story, hs, "handover")
    for h in hs:
        flags = story.holders[h.case.id].flags
        if not flags or story.slip("unsupported", slips.UNSUPPORTED):
            continue
        measure = next((MEASURE_OF[v] for v in flags if v in MEASURE_OF), "livelihood_restoration")
        on = handed.get(h.case.id)
        on = on - timedelta(days=7) if on else story.after(effective, rng.randint(20, 40))
        story.case_act("support_measure", h, on, {"measure": measure})
    story.out.flush()


def enforce(story, refusers: list[Household]) -> None:
    """Some of those who refused the money and kept their site: persuaded by the three bodies,
    an enforcement decision posted and delivered, then carried out (a few decisions never
    posted)."""
    rng = story.rng
    decided = _first_of(story, refusers, "recovery_decided")
    steps: dict[int, tuple] = {}
    for h in refusers:
        if h.case.id not in decided or rng.random() >= slips.ENFORCED:
            continue
        begun = story.after(decided[h.case.id], 45 + rng.randint(0, 20))
        ended = story.after(begun, 15)
        number = story.number("enforcement", "QĐ-CC")
        acts = [
            ("persuasion", begun, {"by": PERSUADERS, "purpose": "enforcement", "ended_on": ended}),
            (
                "enforcement_decided",
                story.after(ended, 10),
                {"number": number, "authority": authority(ended)},
            ),
            ("enforcement_posted", story.after(ended, 12), {"places": ["commune_office"]}),
            ("enforcement_delivered", story.after(ended, 14), {"method": "refused_minutes"}),
            ("enforcement_executed", story.after(ended, 40), {}),
        ]
        if story.slip("unposted", slips.UNPOSTED, nth=2):
            acts = [x for x in acts if x[0] != "enforcement_posted"]
        steps[h.case.id] = (h, [x for x in acts if x[1] < story.today])
    # In phases, each on record before the next (the door checks the decision is).
    for phase in range(5):
        for h, acts in steps.values():
            if phase < len(acts):
                story.case_act(acts[phase][0], h, acts[phase][1], acts[phase][2])
        story.out.flush()


def complaints(story, hs: list[Household]) -> None:
    """A few households complain about their recovery decision: received, accepted within the
    10 days (a few late, a few refused), settled within the 30 (a few late, some not yet); some
    rejected complaints brought again, a few withdrawn. Each step one batch for all of them."""
    rng = story.rng
    decisions = {
        e.case_id: e
        for e in Event.objects.filter(
            project=story.project,
            kind="recovery_decided",
            case_id__in=[h.case.id for h in hs],
            superseded_by__isnull=True,
        ).only("id", "root_id", "case_id", "happened_on", "recorded_at")
    }
    objectors = [h for h in hs if h.opinion != "agree" and h.case.id in decisions]
    chosen = rng.sample(objectors, min(len(objectors), round(len(hs) * slips.COMPLAINTS)))
    steps: list[tuple[Event, list]] = []  # each complaint received, and what follows
    for h in chosen:
        decision = decisions[h.case.id]
        on = story.after(decision.happened_on, rng.randint(9, 20))
        if on >= story.today:
            continue
        values = {
            "grievance_kind": "complaint",
            "channel": "written",
            "about": decision.root_id,
            "cases": [h.case.id],
            "complex": rng.random() < 0.1,
            "remote": False,
            "summary": "Không đồng ý đơn giá bồi thường trong quyết định thu hồi đất.",
        }
        received = receive(story, on, values, after=decision.recorded_at)
        steps.append((received, _course(story)))
    for phase in range(3):
        due = [(previous, course[phase]) for previous, course in steps if len(course) > phase]
        acts = []
        for previous, (kind, days, values) in due:
            subject = Subject(grievance=previous.grievance)
            on = previous.happened_on + timedelta(days=days)
            acts.append(story.out.act(kind, subject, on, values, after=previous.recorded_at))
        kept = [(p, a) for p, a in zip(due, acts, strict=True) if a.happened_on < story.today]
        written = story.out.write_many(story.board, [a for _p, a in kept]) if kept else []
        after = {id(p[0]): r.event for (p, _a), r in zip(kept, written, strict=True)}
        steps = [(after[id(prev)], course) for prev, course in steps if id(prev) in after]


def _course(story) -> list[tuple[str, int, dict]]:
    """What follows a complaint's receipt: (kind, days after the step before, details)."""
    rng = story.rng
    roll = rng.random()
    if roll < 0.03:
        return [("grievance_withdrawn", rng.randint(2, 8), {})]
    if roll < 0.05:  # not the complainant's own decision: refused within the 10 days
        return [("grievance_refused", rng.randint(3, 9), {"reason": REFUSED})]
    late = story.slip("accepted late", slips.ACCEPTED_LATE)
    course = [("grievance_accepted", rng.randint(14, 20) if late else rng.randint(3, 9), {})]
    if rng.random() < 0.04:
        return course  # not settled yet
    late = story.slip("settled late", slips.SETTLED_LATE)
    result = rng.choices(("upheld", "partly", "rejected"), (20, 30, 50))[0]
    values = {"result": result, "number": story.number("grievance", "QĐ-GQKN")}
    course.append(
        ("grievance_settled", rng.randint(50, 70) if late else rng.randint(10, 28), values)
    )
    if result == "rejected" and rng.random() < 0.3:
        course.append(("grievance_appealed", rng.randint(10, 25), {"route": "second_time"}))
    return course


def _first_of(story, hs: list[Household], kind: str) -> dict[int, date]:
    """The day of each household's first standing act of this kind (after a flush)."""
    story.out.flush()
    rows = Event.objects.filter(
        project=story.project,
        kind=kind,
        case_id__in=[h.case.id for h in hs],
        superseded_by__isnull=True,
        is_void=False,
    ).values_list("case_id", "happened_on")
    first: dict[int, date] = {}
    for case_id, on in rows:
        if case_id not in first or on < first[case_id]:
            first[case_id] = on
    return first
