from .registers import (
    SENSITIVE_PURPOSE_LABELS,
    HoldingForm,
    LandUserCreateForm,
    LandUserForm,
    ParcelCreateForm,
    ParcelEditForm,
    RevealForm,
    SensitiveForm,
)
from .setup import (
    AreaForm,
    MembershipAddForm,
    MembershipForm,
    MembershipRemoveForm,
    PlanCreateForm,
    PlanEditForm,
    ProjectCreateForm,
    ProjectEditForm,
)

__all__ = [
    "AreaForm",
    "MembershipAddForm",
    "MembershipForm",
    "MembershipRemoveForm",
    "PlanCreateForm",
    "PlanEditForm",
    "ProjectCreateForm",
    "ProjectEditForm",
    "SENSITIVE_PURPOSE_LABELS",
    "HoldingForm",
    "LandUserCreateForm",
    "LandUserForm",
    "ParcelCreateForm",
    "ParcelEditForm",
    "RevealForm",
    "SensitiveForm",
]
