import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_parcel, access_project
from ..forms import HoldingForm, ParcelCreateForm, ParcelEditForm
from ..land_use_codes import GROUPS
from ..models import LandUseCode, MapKind
from ..models.land import LAND_GROUP_CHOICES
from ..selectors import ParcelFilters, history_of, parcel_holdings, parcel_list
from .common import errors_onto_form, int_or_none, paginate, search_term
from .shapes import shape_map


@login_required
def parcel_index(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    filters = ParcelFilters(
        q=search_term(request.GET.get("q")),
        area=int_or_none(request.GET.get("area")),
        land_group=request.GET.get("group", "") if request.GET.get("group") in GROUPS else "",
        commune=int_or_none(request.GET.get("commune")),
        map_kind=request.GET.get("kind", "") if request.GET.get("kind") in MapKind else "",
        holders=request.GET.get("holders", "")
        if request.GET.get("holders") in ("none", "several")
        else "",
    )
    page, query = paginate(request, parcel_list(project=access.project, filters=filters))
    context = {
        "access": access,
        "project": access.project,
        "page": page,
        "query": query,
        "filters": filters,
        "areas": access.project.areas.all(),
        "communes": access.project.communes.order_by("code"),
        "groups": LAND_GROUP_CHOICES,
        "kinds": MapKind.choices,
    }
    return render(request, "landcases/parcel_list.html", context)


@login_required
def parcel_detail(request, code, parcel_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    parcel = access_parcel(access, parcel_id)
    context = {
        "access": access,
        "project": access.project,
        "parcel": parcel,
        "holdings": parcel_holdings(parcel=parcel),
        "show_names": access.can(Can.READ_PERSONAL),
        "history": history_of(parcel),
        "map_data": {
            "parcel": json.loads(parcel.geom.geojson),
            "boundary": json.loads(access.project.boundary.geojson),
        },
    }
    return render(request, "landcases/parcel_detail.html", context)


@login_required
def parcel_edit(request, code, parcel_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    parcel = access_parcel(access, parcel_id)
    form = ParcelEditForm(request.POST or None, instance=parcel, project=access.project)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in ParcelEditForm.Meta.fields}
        try:
            parcel.refresh_from_db()
            changed = services.parcel_update(
                parcel=parcel, actor=request.user, reason=form.cleaned_data["reason"], **changes
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Parcel saved.") if changed else _("Nothing was changed."))
            return redirect("landcases:parcel", code=code, parcel_id=parcel.id)
    return render(
        request,
        "landcases/parcel_form.html",
        {"access": access, "project": access.project, "form": form, "parcel": parcel},
    )


@login_required
def parcel_create(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = ParcelCreateForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parcel = services.parcel_create(
                project=access.project,
                actor=request.user,
                commune_at_survey=data["commune_at_survey"],
                survey_date=data["survey_date"],
                map_kind=data["map_kind"],
                sheet_no=data["sheet_no"],
                parcel_no=data["parcel_no"],
                land_use=data["land_use"],
                legal_area_m2=data["legal_area_m2"],
                geom=data["shape"],
                area=data["area"],
                certificate_no=data["certificate_no"],
                origin=data["origin"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Parcel %(label)s created.") % {"label": parcel.label})
            return redirect("landcases:parcel", code=code, parcel_id=parcel.id)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "land_use_codes": LandUseCode.objects.all(),
        "shape_map": shape_map(access.project),
    }
    return render(request, "landcases/parcel_create.html", context)


@login_required
def holding_create(request, code, parcel_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    parcel = access_parcel(access, parcel_id)
    form = HoldingForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        try:
            services.holding_create(parcel=parcel, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Land user added to the parcel."))
            return redirect("landcases:parcel", code=code, parcel_id=parcel.id)
    return render(
        request,
        "landcases/holding_form.html",
        {"access": access, "project": access.project, "form": form, "parcel": parcel},
    )
