from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from .. import acts
from ..access import access_case, may_record, require_record
from ..forms import (
    CompulsoryForm,
    DeliveryForm,
    InventoryForm,
    OpinionForm,
    PersuasionForm,
    PublicationForm,
)
from ..models import EventKind, Evidence
from ..selectors import case_state, timeline
from .common import announce, as_of_from

# act name → (event kind, form, title, how to call the act with the form's data)
CASE_ACTS = {
    "deliver": (
        EventKind.NOTICE_DELIVERED,
        DeliveryForm,
        _("Notice delivered"),
        lambda d: acts.notice_deliver(method=d["method"], signed=d["signed"], **d["_"]),
    ),
    "publish": (
        EventKind.NOTICE_PUBLISHED,
        PublicationForm,
        _("Notice published"),
        lambda d: acts.notice_publish(
            newspaper_issues=d["newspaper_issues"], radio_broadcasts=d["radio_broadcasts"], **d["_"]
        ),
    ),
    "inventory": (
        EventKind.INVENTORY_DONE,
        InventoryForm,
        _("Inventory"),
        lambda d: acts.inventory_record(
            done=d["done"], participated=d["participated"], signed=d["signed"], **d["_"]
        ),
    ),
    "persuasion": (
        EventKind.PERSUASION,
        PersuasionForm,
        _("Persuasion"),
        lambda d: acts.persuasion_record(ended_on=d["ended_on"], by_roles=d["by_roles"], **d["_"]),
    ),
    "compulsory": (
        EventKind.COMPULSORY_INVENTORY,
        CompulsoryForm,
        _("Compulsory inventory decision"),
        lambda d: acts.compulsory_inventory_decide(number=d["number"], **d["_"]),
    ),
    "opinion": (
        EventKind.OPINION,
        OpinionForm,
        _("Written opinion"),
        lambda d: acts.written_opinion(opinion=d["opinion"], concerns=d["concerns"], **d["_"]),
    ),
}


@login_required
def case_detail(request, code, land_user_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    case = access_case(access, land_user_id)
    as_of, error = as_of_from(request)
    stage, opinion, overlays = case_state(case, as_of=as_of)
    context = {
        "access": access,
        "project": access.project,
        "case": case,
        "land_user": case.land_user,
        "show_names": access.can(Can.READ_PERSONAL),
        "as_of": as_of,
        "as_of_error": error,
        "stage": stage,
        "opinion": opinion,
        "overlays": overlays,
        "events": timeline(case, as_of=as_of),
        "acts": [
            (name, title)
            for name, (kind, _f, title, _c) in CASE_ACTS.items()
            if may_record(access, kind)
        ],
        "can_correct": access.can(Can.RECORD_EVENTS),
    }
    return render(request, "consultations/case_detail.html", context)


@login_required
def case_act(request, code, land_user_id, act):
    if act not in CASE_ACTS:
        raise Http404
    kind, form_class, title, call = CASE_ACTS[act]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    case = access_case(access, land_user_id)
    require_record(access, kind, case=case)  # a commune official: a case of their commune
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["_"] = {
            "project": access.project,
            "actor": request.user,
            "case": case,
            "happened_on": data["happened_on"],
            "evidence_files": data["evidence"],
        }
        try:
            recorded = call(data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:case", code=code, land_user_id=land_user_id)
    context = {
        "access": access,
        "project": access.project,
        "case": case,
        "form": form,
        "title": title,
        "show_names": access.can(Can.READ_PERSONAL),
    }
    return render(request, "consultations/act_form.html", context)


@login_required
def evidence_file(request, code, evidence_id):
    """Evidence (minutes, receipts, photos) names people: only roles that may read names."""
    access = access_project(request.user, code, Can.READ_PERSONAL)
    evidence = get_object_or_404(Evidence, project=access.project, pk=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=False,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
