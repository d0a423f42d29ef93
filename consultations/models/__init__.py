from .cases import Case, Opinion, ParcelStage, ProjectionVersion, Stage, StageInterval
from .events import Event, EventKind, Evidence, SubjectType

__all__ = [
    "Case",
    "Opinion",
    "ParcelStage",
    "Stage",
    "Event",
    "EventKind",
    "Evidence",
    "SubjectType",
    "ProjectionVersion",
    "StageInterval",
]
