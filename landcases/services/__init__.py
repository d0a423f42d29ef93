"""Writes to the registers: one function per action (`<entity>_<verb>`), keyword-only, each in
a transaction. Every save records who and why in the register's history
(django-simple-history); a write that may move a stage records a register change
(landcases/changes.py). Views, commands and the case record call these, never `save()`."""

from .common import REASON_MAX
from .imports import plan_import_run, plan_import_start
from .land_user_import import land_user_import_run, land_user_import_start, land_users_import
from .memberships import membership_add, membership_change, membership_remove
from .parcels import (
    PARCEL_EDITABLE,
    PARCEL_STAGE_FIELDS,
    holding_create,
    holding_update,
    land_use_codes_sync,
    parcel_create,
    parcel_update,
)
from .people import (
    LAND_USER_EDITABLE,
    LAND_USER_STAGE_FIELDS,
    SENSITIVE_EDITABLE,
    land_user_create,
    land_user_sensitive_set,
    land_user_update,
    land_users_index_names,
)
from .plans import (
    ItemInput,
    LineInput,
    item_problems,
    plan_freeze,
    plan_line_delete,
    plan_line_set,
    plan_lines_replace,
)
from .projects import (
    AREA_EDITABLE,
    PROJECT_EDITABLE,
    area_create,
    area_update,
    plan_create,
    plan_update,
    project_create,
    project_update,
)

__all__ = [
    "ItemInput",
    "LineInput",
    "item_problems",
    "plan_import_run",
    "land_user_import_run",
    "land_user_import_start",
    "land_users_import",
    "plan_import_start",
    "plan_freeze",
    "plan_line_delete",
    "plan_line_set",
    "plan_lines_replace",
    "land_users_index_names",
    "AREA_EDITABLE",
    "PROJECT_EDITABLE",
    "area_create",
    "area_update",
    "membership_add",
    "membership_change",
    "membership_remove",
    "plan_create",
    "plan_update",
    "project_create",
    "project_update",
    "LAND_USER_EDITABLE",
    "LAND_USER_STAGE_FIELDS",
    "PARCEL_EDITABLE",
    "PARCEL_STAGE_FIELDS",
    "REASON_MAX",
    "SENSITIVE_EDITABLE",
    "holding_create",
    "holding_update",
    "land_use_codes_sync",
    "land_user_create",
    "land_user_sensitive_set",
    "land_user_update",
    "parcel_create",
    "parcel_update",
]
