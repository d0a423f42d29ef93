from .cases import Case, Opinion, ProjectionVersion, Stage, StageInterval
from .events import Event, EventKind, Evidence, SubjectType

__all__ = [
    "Case",
    "Opinion",
    "Stage",
    "Event",
    "EventKind",
    "Evidence",
    "SubjectType",
    "ProjectionVersion",
    "StageInterval",
]
