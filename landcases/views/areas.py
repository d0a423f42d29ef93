from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_area, access_project
from ..forms import AreaForm
from ..selectors import history_of
from .common import errors_onto_form
from .shapes import shape_map

AREA_FIELDS = ("code", "name", "commune", "km_from", "km_to")


@login_required
def area_create(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = AreaForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = services.area_create(
                project=access.project,
                actor=request.user,
                reason=data["reason"],
                geom=data["shape"],
                **{f: data[f] for f in AREA_FIELDS},
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Area %(code)s created.") % {"code": area.code})
            return redirect("landcases:project", code=code)
    return _page(request, access, form, area=None)


@login_required
def area_edit(request, code, area_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    area = access_area(access, area_id)
    form = AreaForm(request.POST or None, project=access.project, area=area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.area_update(
                area=area,
                actor=request.user,
                reason=data["reason"],
                geom=data["shape"],
                **{f: data[f] for f in AREA_FIELDS},
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Area saved.") if changed else _("Nothing was changed."))
            return redirect("landcases:project", code=code)
    return _page(request, access, form, area=area)


def _page(request, access, form, *, area):
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "area": area,
        "shape_map": shape_map(access.project, area.geom if area else None),
        "history": history_of(area) if area else [],
    }
    return render(request, "landcases/area_form.html", context)
