"""The lenders' safeguards of a project (ESS5 / ESS7): the census closed and the cut-off date
announced (for the project or an area), and the targeted-support measures and consent records
of its households (recorded on each case page). Which households are vulnerable or of an
ethnic minority is sensitive: only roles that may read sensitive data see them per household;
the others see how many (the audit reads the flags)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from ..access import may_record, require_record
from ..forms import scope_form
from ..forms_steps import CensusForm, CutoffForm
from ..models import Event
from ..services import Subject, event_record
from .common import announce

# what → (event kind, form, title); the subject is the area, or the project when none.
CENSUS_ACTS = {
    "census": ("census_closed", CensusForm, _("Census closed")),
    "cutoff": ("cutoff_announced", CutoffForm, _("Cut-off date announced")),
}


def _standing(project, *kinds):
    return (
        Event.objects.filter(
            project=project, kind__in=kinds, is_void=False, superseded_by__isnull=True
        )
        .select_related("area", "case")
        .order_by("happened_on", "id")
    )


@login_required
def safeguards(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    project = access.project
    context = {
        "access": access,
        "project": project,
        "census": list(_standing(project, "census_closed", "cutoff_announced")),
        "measures": _standing(project, "support_measure"),
        "consents": _standing(project, "fpic_record"),
        # Who gets targeted support or is asked for consent is sensitive (case_steps.py).
        "show_households": access.can(Can.READ_SENSITIVE),
        "can": {what: may_record(access, kind) for what, (kind, _f, _t) in CENSUS_ACTS.items()},
    }
    return render(request, "consultations/steps/safeguards.html", context)


@login_required
def census_act(request, code, what):
    kind, form_class, title = CENSUS_ACTS[what]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    form = scope_form(form_class(request.POST or None, request.FILES or None), access.project)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind=kind,
                happened_on=d["happened_on"],
                subject=Subject(area=d["area"]),
                values=form.values(),
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:safeguards", code=code)
    context = {"access": access, "project": access.project, "form": form, "title": title}
    return render(request, "consultations/act_form.html", context)
