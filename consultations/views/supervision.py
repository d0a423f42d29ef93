from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from .. import acts
from ..access import access_event, may_record, require_record
from ..forms import FINDING_LABELS, ResponseForm, SupervisionForm, scope_form
from ..models import EventKind
from ..selectors import open_recommendations
from .common import announce


@login_required
def supervision(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    can_find = may_record(access, EventKind.SUPERVISION)
    form = scope_form(SupervisionForm(request.POST or None, request.FILES or None), access.project)
    if request.method == "POST":
        require_record(access, EventKind.SUPERVISION)
        if form.is_valid():
            d = form.cleaned_data
            try:
                recorded = acts.supervision_record(
                    project=access.project,
                    actor=request.user,
                    happened_on=d["happened_on"],
                    kind=d["kind"],
                    text=d["text"],
                    area=d["area"],
                    evidence_files=d["evidence"],
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                announce(request, recorded)
                return redirect("consultations:supervision", code=code)
    context = {
        "access": access,
        "project": access.project,
        "form": form if can_find else None,
        "findings": open_recommendations(access.project.id),
        "labels": FINDING_LABELS,
        "can_respond": may_record(access, EventKind.SUPERVISION_RESPONSE),
    }
    return render(request, "consultations/supervision.html", context)


@login_required
def respond(request, code, event_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    require_record(access, EventKind.SUPERVISION_RESPONSE)
    finding = access_event(access, event_id)
    if finding.kind != EventKind.SUPERVISION:
        raise Http404
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = acts.supervision_respond(
                project=access.project,
                actor=request.user,
                finding=finding,
                happened_on=d["happened_on"],
                text=d["text"],
                resolves=d["resolves"],
                evidence_files=d["evidence"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:supervision", code=code)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "title": _("Respond to the recommendation"),
        "finding": finding,
    }
    return render(request, "consultations/act_form.html", context)
