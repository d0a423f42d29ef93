from .access import ProjectMembership, Role, SensitiveReadLog
from .changes import RegisterChange
from .jobs import JobKind, JobStatus, SpreadsheetJob
from .land import LandUseCode, MapKind, Parcel
from .parcel_imports import ParcelImport
from .people import Holding, LandUser, LandUserKind, LandUserSensitive, Tenure, Vulnerability
from .plans import (
    ENTITLEMENT_CATEGORIES,
    SUPPORT_ITEMS,
    CompensationPlan,
    PlanItem,
    PlanKind,
    PlanLine,
)
from .projects import Project, ProjectArea
from .units import AdministrativeUnit, UnitLevel

__all__ = [
    "AdministrativeUnit",
    "CompensationPlan",
    "Holding",
    "JobKind",
    "JobStatus",
    "LandUseCode",
    "LandUser",
    "LandUserKind",
    "LandUserSensitive",
    "MapKind",
    "Parcel",
    "ParcelImport",
    "ENTITLEMENT_CATEGORIES",
    "SUPPORT_ITEMS",
    "PlanItem",
    "PlanKind",
    "PlanLine",
    "Project",
    "RegisterChange",
    "ProjectArea",
    "ProjectMembership",
    "Role",
    "SensitiveReadLog",
    "SpreadsheetJob",
    "Tenure",
    "UnitLevel",
    "Vulnerability",
]
