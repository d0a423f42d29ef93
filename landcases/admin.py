"""Back office (GIS admin). Sensitive personal data is deliberately absent: it is read only
through the gate that logs every read."""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AdministrativeUnit,
    CompensationPlan,
    Holding,
    LandUseCode,
    LandUser,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    SensitiveReadLog,
)


class HistoryGISAdmin(GISModelAdmin, SimpleHistoryAdmin):
    pass


class ReadOnlyRegister:
    """Parcels, land users and holdings change only through the app's forms and services,
    which check the law's constraints and keep the map's projection in step; the back office
    can look, not edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(HistoryGISAdmin):
    list_display = ["code", "name", "province", "source_srid"]
    search_fields = ["code", "name"]
    filter_horizontal = ["communes"]


@admin.register(ProjectArea)
class ProjectAreaAdmin(HistoryGISAdmin):
    list_display = ["code", "name", "project", "km_from", "km_to"]
    list_filter = ["project"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "valid_from", "valid_to", "successor"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(LandUseCode)
class LandUseCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "group", "in_2024_list"]
    list_filter = ["group", "in_2024_list"]


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyRegister, HistoryGISAdmin):
    list_display = ["__str__", "project", "commune_at_survey", "land_use", "legal_area_m2"]
    list_filter = ["project", "map_kind"]
    search_fields = ["sheet_no", "parcel_no", "certificate_no"]
    readonly_fields = ["geometric_area_m2", "recovered_area_m2"]
    raw_id_fields = ["commune_at_survey"]


@admin.register(LandUser)
class LandUserAdmin(ReadOnlyRegister, SimpleHistoryAdmin):
    list_display = ["name", "kind", "project"]
    list_filter = ["project", "kind"]
    search_fields = ["name", "lookup_code"]


@admin.register(Holding)
class HoldingAdmin(ReadOnlyRegister, SimpleHistoryAdmin):
    list_display = ["land_user", "parcel", "tenure", "share_pct", "affected_area_m2"]
    raw_id_fields = ["land_user", "parcel"]


@admin.register(CompensationPlan)
class CompensationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "version", "kind", "project"]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "project", "role", "commune"]
    list_filter = ["project", "role"]
    raw_id_fields = ["commune"]


@admin.register(SensitiveReadLog)
class SensitiveReadLogAdmin(admin.ModelAdmin):
    list_display = ["read_at", "user", "project", "land_user", "purpose"]
    list_filter = ["project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
