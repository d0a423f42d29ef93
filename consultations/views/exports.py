"""Downloads of a project's data: the parcels as a GIS file (GeoPackage, zipped Shapefile,
GeoJSON) and the household list as a workbook. Every read through the permission gate; the
land users' names only when asked and the role may read them; sensitive data only in the
workbook, on a POST stating its purpose, each record read logged."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from landcases.access import SENSITIVE_PURPOSES, Can, access_project, read_sensitive_of_project

from .. import household_export
from ..parcel_export import FORMATS, export_name, write_parcels
from .jobs import xlsx_response


def _asked(data, name: str) -> bool:
    return data.get(name) in ("1", "on", "yes")


@login_required
def parcel_export(request, code):
    """GET ?format=gpkg|shp|geojson[&names=1]: the project's parcels with their stage."""
    access = access_project(request.user, code, Can.READ_REGISTERS)
    access.require(Can.READ_PROGRESS)
    fmt = FORMATS.get(request.GET.get("format", "gpkg"))
    if fmt is None:
        return HttpResponseBadRequest(
            _("Unknown export format; choose GeoPackage, Shapefile or GeoJSON.")
        )
    with_names = _asked(request.GET, "names")
    if with_names:
        access.require(Can.READ_PERSONAL)
    handle = write_parcels(access.project, fmt, with_names=with_names)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export_name(access.project, fmt),
        content_type=fmt.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def household_list_export(request, code):
    """GET: the household list (names for roles that may read them). POST with
    sensitive=1 and a purpose: with the sensitive columns too, every record read logged."""
    access = access_project(request.user, code, Can.READ_REGISTERS)
    access.require(Can.READ_PROGRESS)
    sensitive = None
    if request.method == "POST" and _asked(request.POST, "sensitive"):
        access.require(Can.READ_SENSITIVE)
        purpose = request.POST.get("purpose", "")
        if purpose not in SENSITIVE_PURPOSES:
            return HttpResponseBadRequest(_("Choose the purpose of reading sensitive data."))
        sensitive = read_sensitive_of_project(access, purpose=purpose)
    data = household_export.household_workbook(
        access.project, with_names=access.can(Can.READ_PERSONAL), sensitive=sensitive
    )
    return xlsx_response(data, household_export.export_name(access.project))
