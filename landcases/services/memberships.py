"""Who has which role in a project. Board staff manage the memberships of their project; the
first board-staff member of a new project is named when a superuser creates it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import messages as msg
from ..models import AdministrativeUnit, Project, ProjectMembership, Role
from .common import require_reason, save_with_history


def _check_role(project: Project, role: str, commune: AdministrativeUnit | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": msg.CHOICE_UNKNOWN})
    if role == Role.COMMUNE_OFFICIAL:
        # A commune official acts for one commune; without one they could act for none.
        if commune is None:
            raise ValidationError({"commune": msg.MEMBERSHIP_COMMUNE_REQUIRED})
        if not project.communes.filter(pk=commune.pk).exists():
            raise ValidationError({"commune": msg.COMMUNE_NOT_OF_PROJECT})
    elif commune is not None:
        raise ValidationError({"commune": msg.MEMBERSHIP_COMMUNE_ONLY_OFFICIALS})


def _lock_memberships(project: Project) -> list[ProjectMembership]:
    rows = ProjectMembership.objects.select_for_update().filter(project=project).order_by("pk")
    return list(rows)


def _keeps_a_board(memberships, leaving: ProjectMembership) -> None:
    others = [m for m in memberships if m.pk != leaving.pk and m.role == Role.BOARD_STAFF]
    if leaving.role == Role.BOARD_STAFF and not others:
        raise ValidationError(msg.MEMBERSHIP_LAST_BOARD, code="last_board")


@transaction.atomic
def membership_add(
    *, project: Project, actor, user, role: str, commune=None, reason: str
) -> ProjectMembership:
    reason = require_reason(reason)
    _check_role(project, role, commune)
    memberships = _lock_memberships(project)
    if any(m.user_id == user.pk for m in memberships):
        raise ValidationError({"user": msg.MEMBERSHIP_EXISTS})
    membership = ProjectMembership(project=project, user=user, role=role, commune=commune)
    save_with_history(membership, actor=actor, reason=reason)
    return membership


@transaction.atomic
def membership_change(
    *, membership: ProjectMembership, actor, reason: str, role: str, commune=None
) -> list[str]:
    reason = require_reason(reason)
    project = membership.project
    _check_role(project, role, commune)
    memberships = _lock_memberships(project)
    current = next(m for m in memberships if m.pk == membership.pk)
    if role != Role.BOARD_STAFF:
        _keeps_a_board(memberships, current)
    changed = [
        f
        for f, v in (("role", role), ("commune_id", commune.pk if commune else None))
        if getattr(current, f) != v
    ]
    if changed:
        current.role, current.commune = role, commune
        fields = [f.removesuffix("_id") for f in changed]
        save_with_history(current, actor=actor, reason=reason, update_fields=fields)
    return changed


@transaction.atomic
def membership_remove(*, membership: ProjectMembership, actor, reason: str) -> None:
    reason = require_reason(reason)
    memberships = _lock_memberships(membership.project)
    current = next((m for m in memberships if m.pk == membership.pk), None)
    if current is None:
        return
    _keeps_a_board(memberships, current)
    current._history_user = actor  # type: ignore[attr-defined]
    current._change_reason = reason  # type: ignore[attr-defined]
    current.delete()
