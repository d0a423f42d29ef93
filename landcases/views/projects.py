from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render

from ..access import Can, access_project, user_projects
from ..forms import SENSITIVE_PURPOSE_LABELS


@login_required
def project_list(request):
    projects = user_projects(request.user).annotate(parcel_count=Count("parcels", distinct=True))
    return render(request, "landcases/project_list.html", {"projects": projects})


@login_required
def project_detail(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    project = access.project
    totals = project.parcels.aggregate(
        parcels=Count("id"), legal=Sum("legal_area_m2"), recovered=Sum("recovered_area_m2")
    )
    areas = project.areas.select_related("commune").annotate(parcel_count=Count("parcels"))
    context = {
        "access": access,
        "project": project,
        "totals": totals,
        "land_user_count": project.land_users.count(),
        "areas": areas,
        "communes": project.communes.select_related("successor").order_by("code"),
        "sensitive_purposes": list(SENSITIVE_PURPOSE_LABELS.items()),
    }
    return render(request, "landcases/project_detail.html", context)
