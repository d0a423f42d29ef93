from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from ..access import case_of, may_correct, may_record, require_record
from ..case_steps import SAFEGUARD_KINDS
from ..forms import (
    CompulsoryForm,
    DeliveryForm,
    ErasureForm,
    InventoryForm,
    OpinionForm,
    PersuasionForm,
    PublicationForm,
)
from ..models import Evidence
from ..selectors import case_state, timeline
from ..services import Subject, event_record
from ..texts import case_remarks_erase
from .case_money import MONEY_CASE_ACTS, case_money_context
from .case_sections import case_sections
from .common import announce, as_of_from
from .enforcement import ENFORCEMENT_ACTS, SAFEGUARD_ACTS

# act name → (event kind, form, title). The form's values() are the act's details.
CASE_ACTS = {
    "deliver": ("notice_delivered", DeliveryForm, _("Notice delivered")),
    "publish": ("notice_published", PublicationForm, _("Notice published")),
    "inventory": ("inventory_done", InventoryForm, _("Inventory")),
    "persuasion": ("persuasion", PersuasionForm, _("Persuasion")),
    "compulsory": ("compulsory_inventory", CompulsoryForm, _("Compulsory inventory decision")),
    "opinion": ("opinion", OpinionForm, _("Written opinion")),
    **MONEY_CASE_ACTS,  # plans and money (issue 10)
    **SAFEGUARD_ACTS,
    **ENFORCEMENT_ACTS,
}


@login_required
def case_detail(request, code, land_user_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    case = case_of(access, land_user_id)
    as_of, error = as_of_from(request)
    stage, opinion, overlays = case_state(case, as_of=as_of)
    events = timeline(case, as_of=as_of)
    if not access.can(Can.READ_SENSITIVE):  # support and consent tell vulnerability, ethnicity
        events = [e for e in events if e.kind not in SAFEGUARD_KINDS]
    for e in events:
        e.can_correct = may_correct(access, e)
    context = {
        "access": access,
        "project": access.project,
        "case": case,
        "land_user": case.land_user,
        "show_names": access.can(Can.READ_PERSONAL),
        "show_amounts": access.can(Can.READ_AMOUNTS),
        "as_of": as_of,
        "as_of_error": error,
        "stage": stage,
        "opinion": opinion,
        "overlays": overlays,
        "events": events,
        "can_erase": access.can(Can.EDIT_REGISTERS) and case.pk is not None,
        "acts": [
            (name, title)
            for name, (kind, _f, title) in CASE_ACTS.items()
            if may_record(access, kind) and name not in ENFORCEMENT_ACTS
        ],
        **case_money_context(access, case),
        **case_sections(access, case),
    }
    return render(request, "consultations/case_detail.html", context)


@login_required
def case_act(request, code, land_user_id, act):
    if act not in CASE_ACTS:
        raise Http404
    kind, form_class, title = CASE_ACTS[act]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    case = case_of(access, land_user_id)  # unsaved before its first act
    require_record(access, kind, case=case)  # a commune official: a case of their commune
    form = form_class(request.POST or None, request.FILES or None)
    if hasattr(form, "for_case"):  # the case's own versions, decisions, allocations
        form.for_case(case)
    if request.method == "POST" and form.is_valid():
        try:
            kind_now, values = (
                form.kind_and_values()
                if hasattr(form, "kind_and_values")
                else (kind, form.values())
            )
            # An unsaved case is created by the door in the act's transaction: a refused first
            # act leaves no case behind.
            recorded = event_record(
                project=access.project,
                actor=request.user,
                kind=kind_now,
                happened_on=form.cleaned_data["happened_on"],
                subject=Subject(case=case),
                values=values,
                evidence_files=form.cleaned_data["evidence"],
                submission_key=form.cleaned_data["submission_key"],
            )
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
def erase_remarks(request, code, land_user_id):
    """Erase a household's free-text remarks on its request (board staff, with a reason)."""
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    case = case_of(access, land_user_id)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and case.pk is not None:
        try:
            n = case_remarks_erase(
                case=case, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("%(n)s remarks erased; their hashes stay.") % {"n": n})
            return redirect("consultations:case", code=code, land_user_id=land_user_id)
    context = {
        "access": access,
        "project": access.project,
        "case": case,
        "form": form,
        "title": _("Erase the household's free-text remarks"),
        "show_names": True,
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
