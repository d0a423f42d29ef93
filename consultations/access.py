"""Who may record which act (domain.md matrix), on top of the registers' gate.

Reads go through landcases.access (project membership, 404 for strangers); this adds the
rights to write each kind of event. The door (services.py) checks them again for every act,
whoever calls it.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from landcases.access import ProjectAccess
from landcases.models import ProjectArea, ProjectMembership

from . import messages as msg
from .models import Case, Event
from .rules.catalog import EVENT_KINDS

# Acts a commune official records for their own commune (domain.md: notices and postings).
COMMUNE_KINDS = frozenset(
    {"notice_issued", "notice_delivered", "notice_published", "posting_started", "posting_ended"}
)
# Supervising bodies record their own findings; an official confirms their own signature.
SUPERVISION_BODY_OF_ROLE = {
    "front_supervisor": "fatherland_front",
    "inspection_board": "inspection_board",
    "auditor": "inspectorate",
}
KINDS_OF_ROLE: dict[str, frozenset[str]] = {
    # The board records every act but the supervisors' own findings (the supervised party
    # must not be able to write, re-date or void its supervisor's record).
    "board_staff": frozenset(EVENT_KINDS) - {"supervision"},
    "commune_official": COMMUNE_KINDS | {"signature_confirmed"},
    "front_supervisor": frozenset({"supervision", "signature_confirmed"}),
    "inspection_board": frozenset({"supervision", "signature_confirmed"}),
    "auditor": frozenset({"supervision"}),
    "viewer": frozenset(),
}


def recorder_role(project, actor) -> str:
    """The actor's role in the project, as stored on the events they record."""
    role = (
        ProjectMembership.objects.filter(project=project, user=actor)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        raise ValidationError(msg.NOT_A_MEMBER, code="not_a_member")
    return role


def kind_allowed(role: str, kind: str) -> bool:
    return kind in KINDS_OF_ROLE.get(role, frozenset())


def require_may_record(role: str, kind: str, *, project, actor, values, subject=None) -> None:
    """The door's check, for every act: the role may record the kind (a supervising body
    only its own findings; a commune official only for the areas and cases of its commune)."""
    if not kind_allowed(role, kind):
        raise ValidationError(msg.ROLE_MAY_NOT_RECORD, code="role")
    body = SUPERVISION_BODY_OF_ROLE.get(role)
    if kind == "supervision" and body is not None and values.get("body", body) != body:
        raise ValidationError(msg.ROLE_MAY_NOT_RECORD, code="role")
    if kind == "signature_confirmed":
        _require_own_signature(role, project, values.get("signature"))
    if role == "commune_official" and kind in COMMUNE_KINDS and subject is not None:
        commune = (
            ProjectMembership.objects.filter(project=project, user=actor)
            .values_list("commune_id", flat=True)
            .first()
        )
        if commune is None or not _in_commune(subject, commune):
            raise ValidationError(msg.COMMUNE_OUT_OF_SCOPE, code="commune")


# Which signature of the minutes a member confirms: their own body's (domain.md "Signatures").
SIGNATORY_OF_ROLE = {
    "board_staff": "board",
    "commune_official": "commune_pc",
    "front_supervisor": "fatherland_front",
    "inspection_board": "inspection_board",
}


def _require_own_signature(role: str, project, signature) -> None:
    """A signature is confirmed by a member of the body that signed (recorded as their act).
    An id that is not a signature of this project is the payload check's to refuse."""
    raw = getattr(signature, "root_id", signature)
    if isinstance(raw, bool) or not isinstance(raw, int):
        return
    signed_as = (
        Event.objects.filter(project=project, root_id=raw, kind="minutes_signed")
        .values_list("payload__role", flat=True)
        .first()
    )
    own = SIGNATORY_OF_ROLE.get(role)
    if signed_as is not None and signed_as != own:
        from .vocabulary import label

        raise ValidationError(
            {
                "signature": ValidationError(
                    msg.CONFIRM_OTHER_ROLE,
                    params={"role": label("signatory_role", own) if own else "—"},
                )
            },
        )


def _in_commune(subject, commune_id: int) -> bool:
    if subject.area is not None:
        return _area_in_commune(subject.area, commune_id)
    if subject.case is not None:
        areas = (
            ProjectArea.objects.filter(parcels__holdings__land_user_id=subject.case.land_user_id)
            .select_related("commune")
            .distinct()
        )
        return any(_area_in_commune(a, commune_id) for a in areas)
    return False


def may_record(access: ProjectAccess, kind: str, *, area=None, case=None) -> bool:
    """Whether the user may record this kind of act (for the area or case, when given).

    Commune officials record notices and postings of their own commune only: with no commune
    set on their membership they record nothing (the check fails closed). Without an area or
    a case the answer is for showing the action; the write checks again with its subject.
    """
    if not kind_allowed(access.role, kind):
        return False
    if access.role == "commune_official" and kind in COMMUNE_KINDS:
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


def _area_in_commune(area, commune_id: int) -> bool:
    unit = area.commune
    return unit is not None and (unit.id == commune_id or unit.current().id == commune_id)


def require_record(access: ProjectAccess, kind: str, *, area=None, case=None) -> None:
    if not may_record(access, kind, area=area, case=case):
        raise Http404


def recordable_kinds(access: ProjectAccess) -> set[str]:
    return {k for k in EVENT_KINDS if may_record(access, k)}


def may_correct(access: ProjectAccess, event: Event) -> bool:
    """Only the organisation that recorded an act corrects or voids it (issue 9)."""
    return kind_allowed(access.role, event.kind) and event.recorded_role == access.role


def case_of(access: ProjectAccess, land_user_id: int) -> Case:
    """The land user's case for reading: the stored one, or (before its first act) an unsaved
    one at `identified` — a GET never creates it."""
    from landcases.access import access_land_user

    land_user = access_land_user(access, land_user_id)
    case = Case.objects.filter(land_user=land_user).first()
    return case or Case(project_id=land_user.project_id, land_user=land_user)


def access_event(access: ProjectAccess, event_id: int) -> Event:
    return get_object_or_404(Event, project=access.project, pk=event_id)
