"""Back office (GIS admin), for Django superusers only (config/admin.py).

Reference data that administrators keep (administrative units, land-use codes; users and
groups in Django's own admin) is edited here. Project data — projects, areas, plans,
memberships, parcels — is read-only: it changes only through the app's services, which ask
for a reason, keep the history and record the register changes that move stages. Land users
and holdings (personal data) are not shown at all: they are read through the app's gate."""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AdministrativeUnit,
    CompensationPlan,
    LandUseCode,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    SensitiveReadLog,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRegister(ReadOnly, GISModelAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Project)
class ProjectAdmin(ReadOnlyRegister):
    list_display = ["code", "name", "province", "source_srid", "earliest_act_date"]
    search_fields = ["code", "name"]


@admin.register(ProjectArea)
class ProjectAreaAdmin(ReadOnlyRegister):
    list_display = ["code", "name", "project", "km_from", "km_to"]
    list_filter = ["project"]


@admin.register(CompensationPlan)
class CompensationPlanAdmin(ReadOnlyRegister):
    list_display = ["number", "version", "kind", "project", "area"]
    list_filter = ["project"]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(ReadOnlyRegister):
    list_display = ["user", "project", "role", "commune"]
    list_filter = ["project", "role"]


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyRegister):
    list_display = ["__str__", "project", "commune_at_survey", "land_use", "legal_area_m2"]
    list_filter = ["project", "map_kind"]
    search_fields = ["sheet_no", "parcel_no", "certificate_no"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "valid_from", "valid_to", "successor"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]


@admin.register(LandUseCode)
class LandUseCodeAdmin(ReadOnly, admin.ModelAdmin):
    # The law's list, loaded by land_use_codes_sync from the repository's data: an edit here
    # would silently re-label every parcel's land use.
    list_display = ["code", "name_vi", "group", "in_2024_list"]
    list_filter = ["group", "in_2024_list"]


@admin.register(SensitiveReadLog)
class SensitiveReadLogAdmin(ReadOnly, admin.ModelAdmin):
    # Ids, not names: the log says who read which record, not what it holds.
    list_display = ["read_at", "user", "project", "land_user_id", "purpose"]
    list_filter = ["project", "purpose"]
    fields = ["read_at", "user", "project", "land_user_id", "purpose"]
    readonly_fields = fields
