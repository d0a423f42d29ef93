"""Who may record which act (domain.md matrix), on top of the registers' gate.

Reads go through landcases.access (project membership, 404 for strangers); this adds the
rights to write each kind of event.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from landcases.access import Can, ProjectAccess
from landcases.models import ProjectArea

from .models import Case, Event, EventKind

COMMUNE_KINDS = {
    EventKind.NOTICE_ISSUED,
    EventKind.NOTICE_DELIVERED,
    EventKind.NOTICE_PUBLISHED,
    EventKind.POSTING_STARTED,
    EventKind.POSTING_ENDED,
}


def may_record(access: ProjectAccess, kind: str, *, area=None, case=None) -> bool:
    """Whether the user may record this kind of act (for the area or case, when given).

    Commune officials record notices and postings of their own commune only: with no commune
    set on their membership they record nothing (the check fails closed). Without an area or
    a case the answer is for showing the action; the write checks again with its subject.
    """
    if kind == EventKind.SUPERVISION:
        return access.can(Can.RECORD_SUPERVISION) or access.can(Can.RECORD_EVENTS)
    if access.can(Can.RECORD_EVENTS):
        return True
    if kind in COMMUNE_KINDS and access.can(Can.RECORD_COMMUNE_EVENTS):
        commune = access.membership.commune_id
        if commune is None:
            return False
        if area is not None:
            return _area_in_commune(area, commune)
        if case is not None:
            areas = (
                ProjectArea.objects.filter(parcels__holdings__land_user_id=case.land_user_id)
                .select_related("commune")
                .distinct()
            )
            return any(_area_in_commune(a, commune) for a in areas)
        return True
    return False


def _area_in_commune(area, commune_id: int) -> bool:
    unit = area.commune
    return unit is not None and (unit.id == commune_id or unit.current().id == commune_id)


def require_record(access: ProjectAccess, kind: str, *, area=None, case=None) -> None:
    if not may_record(access, kind, area=area, case=case):
        raise Http404


def recordable_kinds(access: ProjectAccess) -> set[str]:
    return {k for k in EventKind if may_record(access, k)}


def access_case(access: ProjectAccess, land_user_id: int) -> Case:
    from landcases.access import access_land_user

    from .services import case_for

    return case_for(access_land_user(access, land_user_id))


def access_event(access: ProjectAccess, event_id: int) -> Event:
    return get_object_or_404(Event, project=access.project, pk=event_id)
