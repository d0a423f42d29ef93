"""Grievance pages: the project's list (open ones first, with their dates), a grievance's page
with its acts, the receipt form and the forms of its later acts. Complainants' names and the
free text only for roles that may read names."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from landcases.access import Can, access_land_user, access_project
from landcases.views.common import errors_onto_form, int_or_none

from ..access import may_correct, may_record, require_record
from ..forms_grievances import (
    GrievanceAppealedForm,
    GrievanceReceivedForm,
    GrievanceRefusedForm,
    GrievanceSettledForm,
    GrievanceStepForm,
    scope_grievance_form,
)
from ..grievance_selectors import grievance_row, grievance_rows, with_clocks
from ..grievances import cases_of, grievance_create, parse_land_users
from ..models import Case, Grievance
from ..selectors import attach_texts
from ..services import Subject, event_record
from .common import announce

# step → (event kind, form, title)
STEPS = {
    "accept": ("grievance_accepted", GrievanceStepForm, _("Grievance accepted")),
    "refuse": ("grievance_refused", GrievanceRefusedForm, _("Grievance refused")),
    "settle": ("grievance_settled", GrievanceSettledForm, _("Grievance settled")),
    "appeal": ("grievance_appealed", GrievanceAppealedForm, _("Grievance appealed")),
    "withdraw": ("grievance_withdrawn", GrievanceStepForm, _("Grievance withdrawn")),
}


@login_required
def grievance_list(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    rows = with_clocks(grievance_rows(access.project.id))
    context = {
        "access": access,
        "project": access.project,
        "rows": rows,
        "open_count": sum(1 for r in rows if r.is_open),
        "show_names": access.can(Can.READ_PERSONAL),
        "can_record": may_record(access, "grievance_received"),
    }
    return render(request, "consultations/grievances/list.html", context)


def _case_from_query(request, access) -> Case | None:
    """The case a grievance form comes from (`?land_user=`): read, never created."""
    land_user_id = int_or_none(request.GET.get("land_user"))
    if land_user_id is None:
        return None
    land_user = access_land_user(access, land_user_id)
    return Case.objects.filter(land_user=land_user).first() or Case(
        project_id=land_user.project_id, land_user=land_user
    )


@login_required
def grievance_new(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "grievance_received")
    case = _case_from_query(request, access)
    initial = {"land_users": f"#{case.land_user_id}"} if case else {}
    form = scope_grievance_form(
        GrievanceReceivedForm(request.POST or None, request.FILES or None, initial=initial),
        access.project,
        case,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                land_users = parse_land_users(access.project.id, d["land_users"])
                cases = cases_of(access.project.id, land_users)
                recorded = grievance_create(
                    project=access.project,
                    actor=request.user,
                    happened_on=d["happened_on"],
                    values={**form.values(), "cases": [c.id for c in cases]},
                    evidence_files=d["evidence"],
                    submission_key=d["submission_key"],
                )
        except ValidationError as exc:
            errors_onto_form(form, exc, fields={"cases": "land_users"})
        else:
            announce(request, recorded)
            return redirect(
                "consultations:grievance", code=code, grievance_id=recorded.event.grievance_id
            )
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "case": case,
        "title": _("Grievance received"),
        "show_names": access.can(Can.READ_PERSONAL),
    }
    return render(request, "consultations/act_form.html", context)


@login_required
def grievance_detail(request, code, grievance_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    grievance = get_object_or_404(Grievance, project=access.project, pk=grievance_id)
    [row] = with_clocks([grievance_row(grievance)])
    attach_texts(row.events)
    for e in row.events:
        e.can_correct = may_correct(access, e)
    context = {
        "access": access,
        "project": access.project,
        "row": row,
        "show_names": access.can(Can.READ_PERSONAL),
        "show_amounts": access.can(Can.READ_AMOUNTS),
        "steps": [
            (name, title) for name, (kind, _f, title) in STEPS.items() if may_record(access, kind)
        ],
    }
    return render(request, "consultations/grievances/detail.html", context)


@login_required
def grievance_step(request, code, grievance_id, step):
    if step not in STEPS:
        raise Http404
    kind, form_class, title = STEPS[step]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    grievance = get_object_or_404(Grievance, project=access.project, pk=grievance_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind=kind,
                happened_on=d["happened_on"],
                subject=Subject(grievance=grievance),
                values=form.values(),
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:grievance", code=code, grievance_id=grievance.id)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "title": f"{title} – {grievance.number}",
        "show_names": access.can(Can.READ_PERSONAL),
    }
    return render(request, "consultations/act_form.html", context)
