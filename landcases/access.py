"""The one permission gate for the registers (domain.md, "Who sees and does what").

Every view fetches project data through these functions. A project the user is not a member of,
and an object outside the user's project, both answer 404: the caller cannot tell them apart.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    CompensationPlan,
    LandUser,
    LandUserSensitive,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    SensitiveReadLog,
)


class Can(StrEnum):
    READ_REGISTERS = "read_registers"
    EDIT_REGISTERS = "edit_registers"
    READ_PERSONAL = "read_personal"  # names, addresses, phones
    READ_SENSITIVE = "read_sensitive"  # CCCD, ethnicity, vulnerability, health, bank; logged
    READ_AMOUNTS = "read_amounts"
    READ_PROGRESS = "read_progress"  # stages, deadlines, audit results
    RUN_AUDIT = "run_audit"
    RECORD_EVENTS = "record_events"  # every event kind
    RECORD_COMMUNE_EVENTS = "record_commune_events"  # co-sign minutes, notices and postings
    RECORD_SUPERVISION = "record_supervision"  # their own body's findings only


_READER = {Can.READ_REGISTERS, Can.READ_PROGRESS}
ROLE_CAPABILITIES: dict[str, frozenset[Can]] = {
    Role.BOARD_STAFF: frozenset(
        _READER
        | {Can.EDIT_REGISTERS, Can.READ_PERSONAL, Can.READ_SENSITIVE, Can.READ_AMOUNTS}
        | {Can.RECORD_EVENTS}
    ),
    Role.COMMUNE_OFFICIAL: frozenset(
        _READER | {Can.READ_PERSONAL, Can.READ_AMOUNTS, Can.RECORD_COMMUNE_EVENTS}
    ),
    Role.FRONT_SUPERVISOR: frozenset(
        _READER | {Can.READ_PERSONAL, Can.READ_AMOUNTS, Can.RECORD_SUPERVISION}
    ),
    # The People's Inspection Board supervises like the Front (domain.md "Signatures").
    Role.INSPECTION_BOARD: frozenset(
        _READER | {Can.READ_PERSONAL, Can.READ_AMOUNTS, Can.RECORD_SUPERVISION}
    ),
    Role.AUDITOR: frozenset(
        _READER | {Can.READ_PERSONAL, Can.READ_SENSITIVE, Can.READ_AMOUNTS, Can.RUN_AUDIT}
    ),
    Role.VIEWER: frozenset(_READER),
}


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    membership: ProjectMembership

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, capability: Can) -> bool:
        return capability in ROLE_CAPABILITIES[self.membership.role]

    @property
    def may(self) -> dict[str, bool]:
        """For templates: `{% if access.may.edit_registers %}`."""
        return {str(c): True for c in ROLE_CAPABILITIES[self.membership.role]}

    def require(self, capability: Can) -> None:
        if not self.can(capability):
            raise Http404


def user_projects(user):
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user)


def access_project(user, project_code: str, need: Can = Can.READ_REGISTERS) -> ProjectAccess:
    if not user.is_authenticated:
        raise Http404
    # The boundary geometries stay unread here (deferred): this runs on every tile request.
    found = (
        ProjectMembership.objects.select_related("project")
        .defer(
            "project__boundary",
            "project__chainage_line",
            "project__purpose",
            "project__legal_basis",
        )
        .filter(user=user, project__code=project_code)
        .order_by()[:1]
    )
    membership = found[0] if found else None
    if membership is None:
        raise Http404
    access = ProjectAccess(project=membership.project, membership=membership)
    access.require(need)
    return access


def access_parcel(access: ProjectAccess, parcel_id: int) -> Parcel:
    return get_object_or_404(
        Parcel.objects.select_related("land_use", "area", "commune_at_survey"),
        project=access.project,
        pk=parcel_id,
    )


def access_land_user(access: ProjectAccess, land_user_id: int) -> LandUser:
    return get_object_or_404(LandUser, project=access.project, pk=land_user_id)


def access_area(access: ProjectAccess, area_id: int) -> ProjectArea:
    return get_object_or_404(ProjectArea, project=access.project, pk=area_id)


def access_plan(access: ProjectAccess, plan_id: int) -> CompensationPlan:
    return get_object_or_404(
        CompensationPlan.objects.select_related("area"), project=access.project, pk=plan_id
    )


def access_membership(access: ProjectAccess, membership_id: int) -> ProjectMembership:
    return get_object_or_404(
        ProjectMembership.objects.select_related("user", "commune", "project"),
        project=access.project,
        pk=membership_id,
    )


# Why sensitive data is read (the read log keeps the code; the form offers the labels).
SENSITIVE_PURPOSES = (
    "identity_check",
    "payment",
    "vulnerable_support",
    "audit",
    "register_correction",
)


def read_sensitive(
    access: ProjectAccess, land_user: LandUser, *, purpose: str
) -> LandUserSensitive | None:
    """The only read of sensitive personal data: answers None to roles without the right, and
    logs every read it answers (who, when, which record, why)."""
    if not access.can(Can.READ_SENSITIVE) or land_user.project_id != access.project.id:
        return None
    if purpose not in SENSITIVE_PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    SensitiveReadLog.objects.create(
        user=access.membership.user, project=access.project, land_user=land_user, purpose=purpose
    )
    return LandUserSensitive.objects.filter(land_user=land_user).first()


def read_sensitive_of_project(
    access: ProjectAccess, *, purpose: str
) -> dict[int, LandUserSensitive] | None:
    """The sensitive records of every land user of the project, for an export: answers None to
    roles without the right, and logs one read per record it answers, as `read_sensitive` does
    (in one statement: 100,000 land users are one INSERT)."""
    if not access.can(Can.READ_SENSITIVE):
        return None
    if purpose not in SENSITIVE_PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    found = {
        s.land_user_id: s
        for s in LandUserSensitive.objects.filter(land_user__project=access.project).only(
            "land_user_id", "citizen_id", "ethnicity", "vulnerabilities"
        )
    }
    user = access.membership.user
    SensitiveReadLog.objects.bulk_create(
        [
            SensitiveReadLog(user=user, project=access.project, land_user_id=i, purpose=purpose)
            for i in found
        ],
        batch_size=5000,
    )
    return found
