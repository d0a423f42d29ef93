"""The household register (consent status at a glance), its export, and the disbursement
summary. Names only for roles that may read them, amounts only for roles that may read
amounts — on the page, in the filters and in the workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from landcases.access import Can, access_project
from landcases.models import SpreadsheetJob
from landcases.views.common import PAGE_SIZE

from ..consent_export import consent_export_start, export_name
from ..forms_plans import ConsentFilterForm
from ..selectors_consent import ConsentFilters, consent_fill, consent_rows, disbursement_summary
from ..selectors_money import plan_labels
from .jobs import xlsx_response


def _filters(request, access) -> tuple[ConsentFilterForm, ConsentFilters]:
    with_amounts = access.can(Can.READ_AMOUNTS)
    data = request.GET if request.method == "GET" else request.POST
    form = ConsentFilterForm(
        {k: v for k, v in data.items() if k in ("area", "commune", "stage", "opinion", "money")},
        project=access.project,
        with_amounts=with_amounts,
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.warning(request, f"{label}: {' '.join(errors)}")
        return form, ConsentFilters()
    d = form.cleaned_data
    return form, ConsentFilters(
        area=d.get("area"),
        commune=d.get("commune"),
        stage=d.get("stage") or "",
        opinion=d.get("opinion") or "",
        money=d.get("money") or "",
    )


@login_required
def household_register(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    project = access.project
    form, filters = _filters(request, access)
    by_name = access.can(Can.READ_PERSONAL)
    rows, bare = consent_rows(project.id, filters, by_name=by_name)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if bare:
        consent_fill(project.id, list(page.object_list))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "access": access,
        "project": project,
        "form": form,
        "page": page,
        "query": params.urlencode(),
        "show_names": by_name,
        "show_amounts": access.can(Can.READ_AMOUNTS),
        "areas": dict(project.areas.values_list("id", "code")),
        "communes": dict(project.communes.values_list("id", "name")),
        "plans": plan_labels(project.id),
    }
    return render(request, "consultations/money/register.html", context)


@login_required
def register_export(request, code):
    """The register's rows under the filters as a workbook (a POST: a large one is a job)."""
    access = access_project(request.user, code, Can.READ_PROGRESS)
    if request.method != "POST":
        url = reverse("consultations:households", args=[code])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    _form, filters = _filters(request, access)
    outcome = consent_export_start(
        project=access.project,
        actor=request.user,
        filters=filters,
        with_names=access.can(Can.READ_PERSONAL),
        with_amounts=access.can(Can.READ_AMOUNTS),
        language=get_language() or "vi",
    )
    if isinstance(outcome, SpreadsheetJob):
        messages.info(request, _("The export is being written; this page follows it."))
        return redirect("consultations:job", code=code, job_id=outcome.id)
    return xlsx_response(outcome, export_name(access.project))


@login_required
def disbursement(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    project = access.project
    areas, communes, whole = disbursement_summary(project.id)
    context = {
        "access": access,
        "project": project,
        "by_area": areas,
        "by_commune": communes,
        "whole": whole,
        "area_codes": dict(project.areas.values_list("id", "code")),
        "commune_names": dict(project.communes.values_list("id", "name")),
        "show_amounts": access.can(Can.READ_AMOUNTS),
    }
    return render(request, "consultations/money/disbursement.html", context)
