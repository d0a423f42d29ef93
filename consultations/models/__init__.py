from .audit import RuleOverride
from .cases import Case, ParcelStage, ProjectionVersion, StageInterval
from .events import SUBJECT_LABELS, Event, Evidence, FreeText, Grievance, Submission
from .runs import AuditFinding, AuditRun, AuditRunJob, OverdueCase

__all__ = [
    "AuditFinding",
    "AuditRun",
    "AuditRunJob",
    "OverdueCase",
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
