from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from landcases.access import Can, access_project
from landcases.models import CompensationPlan, ProjectArea
from landcases.views.common import errors_onto_form, int_or_none

from .. import messages as msg
from ..access import access_event, kind_allowed, may_record, require_record
from ..attendance import area_land_users, cases_of_land_users, parse_attendance, to_case_outcomes
from ..collective import collective_record, parse_exceptions
from ..forms import (
    CollectiveDeliveryForm,
    CorrectionForm,
    MeetingForm,
    NoticeIssueForm,
    PostingEndForm,
    PostingForm,
    scope_form,
)
from ..forms_steps import add_invitation_field
from ..meetings import meeting_correct, meeting_record
from ..messages import warning_text
from ..rules.vocabulary import OPINIONS, PLAN_MEETING_KINDS, STAGES
from ..selectors import meeting_candidates as candidates_of_area
from ..services import Subject, event_correct, event_record, event_void
from ..vocabulary import choices
from .common import announce
from .meetings import after_correction


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
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, title, "progress")


@login_required
def collective_delivery(request, code):
    """The notice delivered to every household of an area on one date, with the exceptions:
    one act per household, through the one door."""
    kind = "notice_delivered"
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    form = scope_form(
        CollectiveDeliveryForm(request.POST or None, request.FILES or None), access.project
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if not may_record(access, kind, area=d["area"]):
                raise ValidationError({"area": msg.COMMUNE_OUT_OF_SCOPE})
            exceptions = parse_exceptions(access.project.id, d["area"].id, d["exceptions"])
            written = collective_record(
                project=access.project,
                actor=request.user,
                kind=kind,
                area=d["area"],
                happened_on=d["happened_on"],
                values=form.values(),
                exceptions=exceptions,
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded for %(n)s land users (%(x)s exceptions).")
                % {"n": len(written), "x": len(exceptions)},
            )
            for text in dict.fromkeys(warning_text(w) for r in written for w in r.warnings):
                messages.warning(request, text)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, _("Notice delivered to every household"), "progress")


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
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, _("Public posting ended"), "progress")


def _meeting_area(request, access):
    area_id = int_or_none(request.GET.get("area"))
    return get_object_or_404(ProjectArea, project=access.project, pk=area_id) if area_id else None


@login_required
def meeting(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "meeting")
    project = access.project
    area = _meeting_area(request, access)
    if area is None:
        return render(
            request,
            "consultations/meeting_pick_area.html",
            {"access": access, "project": project, "areas": project.areas.all()},
        )
    form = scope_form(MeetingForm(request.POST or None, request.FILES or None), project)
    # The version a consultation is about: the area's newest not yet approved (its rules,
    # PLAN-POSTING and PLAN-CONSULTED, read the meeting through it); the board may pick another.
    # Proposed for a consultation only: the page's script sets it when that kind is chosen.
    proposed = (
        CompensationPlan.objects.filter(project=project, area=area, frozen_at__isnull=True)
        .order_by("-version", "-id")
        .values_list("id", flat=True)
        .first()
    )
    form.fields["kind"].initial = request.GET.get("kind")
    if form["kind"].value() in PLAN_MEETING_KINDS:
        form.fields["plan"].initial = proposed
    add_invitation_field(form, area)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            attendance = parse_attendance(d["attendance"])
            outside = set(attendance.land_users) - area_land_users(area.id)
            if outside:
                raise ValidationError(
                    {
                        "attendees": ValidationError(
                            msg.MEETING_OUTSIDE_AREA, params={"id": min(outside)}
                        )
                    }
                )
            with transaction.atomic():
                case_of = cases_of_land_users(project.id, attendance.land_users)
                attendees, outcomes = to_case_outcomes(attendance, case_of)
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
                    attendees=attendees,
                    outcomes=outcomes,
                    plan=d["plan"],
                    invitation=d["invitation"],
                    evidence_files=d["evidence"],
                    submission_key=d["submission_key"],
                )
        except ValidationError as exc:
            errors_onto_form(form, exc, fields={"attendees": "attendance", "role": "signatories"})
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    config = {
        "candidates": reverse("consultations:meeting_candidates", args=[code]) + f"?area={area.id}",
        "center": "{1:.7f},{0:.7f}".format(*(area.geom or project.boundary).centroid.coords),
        "opinions": [{"value": c, "label": str(label)} for c, label in choices("opinion")],
        "stages": dict((c, str(label)) for c, label in choices("stage")),
        "plan": {"proposed": proposed, "kinds": list(PLAN_MEETING_KINDS)},
        "labels": {
            "selected": _("selected"),
            "none": _("No land user matches."),
            "more": _("Show more"),
            "dissent": _("Dissent recorded in the minutes"),
        },
    }
    context = {
        "access": access,
        "project": project,
        "area": area,
        "form": form,
        "config": config,
        "opinions": choices("opinion"),
        "stages": choices("stage"),
        "show_names": access.can(Can.READ_PERSONAL),
    }
    return render(request, "consultations/meeting_form.html", context)


PAGE = 100  # a commune meeting of up to 100 households on one page; bigger ones search


@login_required
def meeting_candidates(request, code):
    """The attendee picker's rows (JSON): the area's land users under the filters, a page at a
    time; `ids=1` answers every matching id (to select them all)."""
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "meeting")
    area = _meeting_area(request, access)
    if area is None:
        raise Http404
    stage = request.GET.get("stage", "")
    opinion = request.GET.get("opinion", "")
    if (stage and stage not in STAGES) or (opinion and opinion not in OPINIONS):
        return JsonResponse({"error": _("Unknown filter value.")}, status=400)
    by_name = access.can(Can.READ_PERSONAL)
    qs = candidates_of_area(
        project_id=access.project.id,
        area_id=area.id,
        q=request.GET.get("q", "")[:200],
        stage=stage,
        opinion=opinion,
        by_name=by_name,
    )
    if request.GET.get("ids"):
        return JsonResponse({"ids": list(qs.values_list("id", flat=True)[:20_000])})
    offset = max(int_or_none(request.GET.get("offset")) or 0, 0)
    rows = qs.values("id", "name", "kind", "case__stage", "case__opinion")[offset : offset + PAGE]
    return JsonResponse(
        {
            "total": qs.count(),
            "offset": offset,
            "rows": [
                {
                    "id": r["id"],
                    "label": r["name"] if by_name else f"#{r['id']}",
                    "stage": r["case__stage"] or "identified",
                    "opinion": r["case__opinion"] or "",
                }
                for r in rows
            ],
        }
    )


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
                    submission_key=d["submission_key"],
                )
            elif d["action"] == "void":
                recorded = event_void(
                    event=event,
                    actor=request.user,
                    reason=d["reason"],
                    submission_key=d["submission_key"],
                )
            else:
                recorded = event_correct(
                    event=event,
                    actor=request.user,
                    reason=d["reason"],
                    happened_on=d["happened_on"],
                    submission_key=d["submission_key"],
                )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            if event.case_id:
                return redirect(
                    "consultations:case", code=code, land_user_id=event.case.land_user_id
                )
            if event.kind in ("supervision", "supervision_response"):
                return redirect("consultations:supervision", code=code)
            back = after_correction(code, event)  # grievances, signatures, invitations
            if back is not None:
                return back
            return redirect("consultations:progress", code=code)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "event": event,
        "title": _("Correct an event"),
    }
    return render(request, "consultations/act_form.html", context)
