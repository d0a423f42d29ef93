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

__all__ = [
    "SENSITIVE_PURPOSE_LABELS",
    "HoldingForm",
    "LandUserCreateForm",
    "LandUserForm",
    "ParcelCreateForm",
    "ParcelEditForm",
    "RevealForm",
    "SensitiveForm",
]
