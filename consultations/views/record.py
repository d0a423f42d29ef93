from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from landcases.access import Can, access_project
from landcases.models import ProjectArea
from landcases.views.common import errors_onto_form, int_or_none

from .. import messages as msg
from ..access import access_event, kind_allowed, may_record, require_record
from ..forms import (
    CorrectionForm,
    MeetingForm,
    NoticeIssueForm,
    PostingEndForm,
    PostingForm,
    scope_form,
)
from ..meetings import Outcome, meeting_correct, meeting_record
from ..models import Case
from ..projection import cases_of_area
from ..rules.vocabulary import OPINIONS
from ..services import Subject, event_correct, event_record, event_void
from ..vocabulary import choices
from .common import announce


def _form_page(request, access, form, title, back):
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "title": title,
        "back": back,
    }
    return render(request, "consultations/act_form.html", context)


# act name → (event kind, form, title); the area is the subject.
AREA_ACTS = {
    "notice": ("notice_issued", NoticeIssueForm, _lazy("Recovery notice issued")),
    "posting": ("posting_started", PostingForm, _lazy("Public posting started")),
}


@login_required
def area_act(request, code, act):
    kind, form_class, title = AREA_ACTS[act]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    form = scope_form(form_class(request.POST or None, request.FILES or None), access.project)
    if request.method == "POST" and form.is_valid():
        area = form.cleaned_data["area"]
        try:
            if not may_record(access, kind, area=area):  # commune officials: own commune
                raise ValidationError({"area": msg.COMMUNE_OUT_OF_SCOPE})
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind=kind,
                happened_on=form.cleaned_data["happened_on"],
                subject=Subject(area=area),
                values=form.values(),
                evidence_files=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, title, "progress")


@login_required
def posting_end(request, code, event_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    posting = access_event(access, event_id)
    if posting.kind != "posting_started":
        raise Http404
    require_record(access, "posting_ended", area=posting.area)
    form = PostingEndForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind="posting_ended",
                happened_on=form.cleaned_data["happened_on"],
                subject=Subject(area=posting.area),
                values={"posting": posting.root_id},
                evidence_files=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, _("Public posting ended"), "progress")


@login_required
def meeting(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "meeting")
    project = access.project
    area_id = int_or_none(request.GET.get("area"))
    area = get_object_or_404(ProjectArea, project=project, pk=area_id) if area_id else None
    if area is None:
        return render(
            request,
            "consultations/meeting_pick_area.html",
            {"access": access, "project": project, "areas": project.areas.all()},
        )
    cases = list(
        Case.objects.filter(id__in=cases_of_area(area.id))
        .select_related("land_user")
        .order_by("land_user__name")
    )
    form = scope_form(MeetingForm(request.POST or None, request.FILES or None), project)
    chosen, outcomes = _attendance(request, cases)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = meeting_record(
                project=project,
                actor=request.user,
                area=area,
                kind=d["kind"],
                happened_on=d["happened_on"],
                place_lng=d["place_lng"],
                place_lat=d["place_lat"],
                place_name=d["place_name"],
                officials=d["officials"],
                signatories=d["signatories"],
                attendees=sorted(chosen),
                outcomes=outcomes,
                plan=d["plan"],
                evidence_files=d["evidence"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    context = {
        "access": access,
        "project": project,
        "area": area,
        "form": form,
        "rows": [(c, c.id in chosen, _outcome_of(outcomes, c.id)) for c in cases],
        "opinions": choices("opinion"),
        "show_names": access.can(Can.READ_PERSONAL),
        # Plain "lat,lng" (never localised: Vietnamese formats write decimals with commas).
        "center": "{1:.7f},{0:.7f}".format(*(area.geom or project.boundary).centroid.coords),
    }
    return render(request, "consultations/meeting_form.html", context)


def _attendance(request, cases) -> tuple[set[int], list[Outcome]]:
    if request.method != "POST":
        return set(), []
    chosen = set()
    for raw in request.POST.getlist("attendee"):
        try:
            chosen.add(int(raw))
        except ValueError:
            continue
    outcomes = []
    for case_id in sorted(chosen):
        opinion = request.POST.get(f"opinion-{case_id}", "")
        if opinion in OPINIONS:
            outcomes.append(Outcome(case_id, opinion, request.POST.get(f"concerns-{case_id}", "")))
    # An id from outside the area is kept: the service refuses it with a message.
    return chosen, outcomes


def _outcome_of(outcomes, case_id):
    return next((o for o in outcomes if o.case_id == case_id), None)


@login_required
def correct(request, code, event_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    event = access_event(access, event_id)
    if not kind_allowed(access.role, event.kind):
        raise Http404  # the door refuses another organisation's act with a message
    form = CorrectionForm(request.POST or None, initial={"happened_on": event.happened_on})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if event.kind == "meeting":  # its outcomes and signatures follow it
                recorded = meeting_correct(
                    meeting=event,
                    actor=request.user,
                    reason=d["reason"],
                    happened_on=d["happened_on"],
                    void=d["action"] == "void",
                )
            elif d["action"] == "void":
                recorded = event_void(event=event, actor=request.user, reason=d["reason"])
            else:
                recorded = event_correct(
                    event=event,
                    actor=request.user,
                    reason=d["reason"],
                    happened_on=d["happened_on"],
                )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            if event.case_id:
                return redirect(
                    "consultations:case", code=code, land_user_id=event.case.land_user_id
                )
            return redirect("consultations:progress", code=code)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "event": event,
        "title": _("Correct an event"),
    }
    return render(request, "consultations/act_form.html", context)
