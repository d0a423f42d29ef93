from .access import ProjectMembership, Role, SensitiveReadLog
from .changes import RegisterChange
from .land import LandUseCode, MapKind, Parcel
from .people import Holding, LandUser, LandUserKind, LandUserSensitive, Tenure, Vulnerability
from .plans import CompensationPlan, PlanKind
from .projects import Project, ProjectArea
from .units import AdministrativeUnit, UnitLevel

__all__ = [
    "AdministrativeUnit",
    "CompensationPlan",
    "Holding",
    "LandUseCode",
    "LandUser",
    "LandUserKind",
    "LandUserSensitive",
    "MapKind",
    "Parcel",
    "PlanKind",
    "Project",
    "RegisterChange",
    "ProjectArea",
    "ProjectMembership",
    "Role",
    "SensitiveReadLog",
    "Tenure",
    "UnitLevel",
    "Vulnerability",
]
