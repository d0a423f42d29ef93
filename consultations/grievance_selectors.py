"""Reads of grievances: each one's standing acts folded into a row (its dates, where it stands,
whether it is open), for the project's list, the case page and the grievance page.

Open or closed is read the way the stage function reads it (rules/stages.py: a receipt or an
appeal opens, a settlement, refusal or withdrawal closes; the latest in date order wins), so
the list and the map's `grievance_open` overlay agree. A petition is open the same way until it
is answered, refused or withdrawn — it runs on no clock, but an unanswered one is open.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from landcases.models import LandUser

from .models import Case, Event, Grievance
from .rules.stages import GRIEVANCE_CLOSES, GRIEVANCE_OPENS, ORDER_IN_A_DAY


@dataclass
class GrievanceRow:
    grievance: Grievance
    events: list[Event] = field(default_factory=list)  # standing, in date order
    land_users: list[tuple[int, str]] = field(default_factory=list)  # (id, name)
    clock: object = None  # what the audit's rules say of its clocks (grievance_clocks)

    def _last(self, *kinds: str) -> Event | None:
        found = [e for e in self.events if e.kind in kinds]
        return found[-1] if found else None

    @property
    def received(self) -> Event | None:
        return self._last("grievance_received")

    @property
    def payload(self) -> dict:
        return self.received.payload if self.received else {}

    @property
    def answered(self) -> Event | None:
        return self._last("grievance_accepted", "grievance_refused")

    @property
    def settled(self) -> Event | None:
        return self._last("grievance_settled")

    @property
    def appealed(self) -> Event | None:
        return self._last("grievance_appealed")

    @property
    def withdrawn(self) -> Event | None:
        return self._last("grievance_withdrawn")

    @property
    def latest(self) -> Event | None:
        return self.events[-1] if self.events else None

    @property
    def is_open(self) -> bool:
        last = self._last(*GRIEVANCE_OPENS, *GRIEVANCE_CLOSES)
        return last is not None and last.kind in GRIEVANCE_OPENS

    @property
    def received_on(self) -> date | None:
        return self.received.happened_on if self.received else None


def _standing_of(grievance_ids) -> dict[int, list[Event]]:
    rows = (
        Event.objects.filter(
            grievance_id__in=grievance_ids, is_void=False, superseded_by__isnull=True
        )
        .select_related("recorded_by")
        .order_by("happened_on", "id")
    )
    by: dict[int, list[Event]] = defaultdict(list)
    for e in sorted(rows, key=lambda e: (e.happened_on, ORDER_IN_A_DAY.get(e.kind, 50), e.id)):
        if e.grievance_id is not None:
            by[e.grievance_id].append(e)
    return by


def grievance_rows(project_id: int, *, case: Case | None = None) -> list[GrievanceRow]:
    """The project's grievances (or those about one case): open ones first, the oldest
    receipt first; then the closed ones, the latest receipt first."""
    found = Grievance.objects.filter(project_id=project_id)
    if case is not None:
        if case.pk is None:
            return []
        about = Event.objects.filter(
            project_id=project_id, kind="grievance_received", payload__cases__contains=[case.pk]
        ).values("grievance_id")
        found = found.filter(pk__in=about)
    grievances = list(found)
    events = _standing_of([g.pk for g in grievances])
    rows = [GrievanceRow(g, events.get(g.pk, [])) for g in grievances]
    _attach_land_users(rows)
    opened = sorted((r for r in rows if r.is_open), key=lambda r: r.received_on or date.max)
    closed = sorted(
        (r for r in rows if not r.is_open), key=lambda r: r.received_on or date.min, reverse=True
    )
    return opened + closed


def grievance_row(grievance: Grievance) -> GrievanceRow:
    row = GrievanceRow(grievance, _standing_of([grievance.pk]).get(grievance.pk, []))
    _attach_land_users([row])
    return row


def _attach_land_users(rows: list[GrievanceRow]) -> None:
    case_ids = {c for r in rows for c in r.payload.get("cases", [])}
    users = dict(
        Case.objects.filter(pk__in=case_ids).values_list("pk", "land_user_id")
    )  # case → land user
    names = dict(LandUser.objects.filter(pk__in=users.values()).values_list("pk", "name"))
    for r in rows:
        r.land_users = [
            (users[c], names.get(users[c], "")) for c in r.payload.get("cases", []) if c in users
        ]


def with_clocks(rows: list[GrievanceRow]) -> list[GrievanceRow]:
    clocks = grievance_clocks(rows)
    for r in rows:
        r.clock = clocks.get(r.grievance.pk)
    return rows


def grievance_clocks(rows: list[GrievanceRow]) -> dict[int, object]:
    """THE AUDIT'S SPOT — the days left on each complaint's clocks (GRV-ACCEPT: accepted or
    refused within 10 days of receipt; GRV-RESOLVE: settled within 30/45/60 days of
    acceptance). They come from the audit's rules and its pack (units, holidays,
    roll-forward), built after this issue; nothing is counted here so that there is never a
    second copy of the counting. Answers {grievance id: what the audit says}; empty until then.
    """
    return {}


def open_grievance_count(project_id: int) -> int:
    return sum(1 for r in grievance_rows(project_id) if r.is_open)
