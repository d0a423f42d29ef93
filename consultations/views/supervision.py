from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from ..access import (
    SUPERVISION_BODY_OF_ROLE,
    access_event,
    may_correct,
    may_record,
    require_record,
)
from ..forms import ResponseForm, SupervisionForm, scope_form
from ..selectors import attach_texts, open_recommendations
from ..services import Subject, event_record
from .common import announce


@login_required
def supervision(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    can_find = may_record(access, "supervision")
    form = scope_form(SupervisionForm(request.POST or None, request.FILES or None), access.project)
    if request.method == "POST":
        require_record(access, "supervision")
        if form.is_valid():
            d = form.cleaned_data
            try:
                recorded = event_record(
                    project=access.project,
                    actor=request.user,
                    kind="supervision",
                    happened_on=d["happened_on"],
                    subject=Subject(area=d["area"]),
                    values={**form.values(), "body": SUPERVISION_BODY_OF_ROLE.get(access.role)},
                    evidence_files=d["evidence"],
                    submission_key=d["submission_key"],
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                announce(request, recorded)
                return redirect("consultations:supervision", code=code)
    findings = open_recommendations(access.project.id)
    attach_texts([*findings, *(r for f in findings for r in f.responses)])
    for f in findings:  # a body corrects its own findings, and only it (not the board)
        f.can_correct = may_correct(access, f)
    context = {
        "access": access,
        "project": access.project,
        "form": form if can_find else None,
        "findings": findings,
        "show_names": access.can(Can.READ_PERSONAL),
        "can_respond": may_record(access, "supervision_response"),
    }
    return render(request, "consultations/supervision.html", context)


@login_required
def respond(request, code, event_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    require_record(access, "supervision_response")
    finding = access_event(access, event_id)
    if finding.kind != "supervision":
        raise Http404
    attach_texts([finding])
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind="supervision_response",
                happened_on=d["happened_on"],
                subject=Subject(area=finding.area),
                values={**form.values(), "finding": finding.root_id},
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
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
        "show_names": access.can(Can.READ_PERSONAL),
    }
    return render(request, "consultations/act_form.html", context)
