from .audit import RuleOverride
from .cases import Case, ParcelStage, ProjectionVersion, StageInterval
from .events import SUBJECT_LABELS, Event, Evidence, FreeText, Grievance, Submission

__all__ = [
    "SUBJECT_LABELS",
    "Case",
    "Event",
    "Evidence",
    "FreeText",
    "Grievance",
    "ParcelStage",
    "ProjectionVersion",
    "RuleOverride",
    "StageInterval",
    "Submission",
]
