"""A meeting's page (its invitation, who came, outcomes with dissent, the minutes' signatures
and their confirmations), the signatures form (at the meeting or afterwards, with the scan),
an official's confirmation of their own signature, and the invitations form."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from landcases.access import Can, access_project
from landcases.views.common import errors_onto_form

from .. import messages as msg
from ..access import SIGNATORY_OF_ROLE, access_event, may_correct, may_record, require_record
from ..collective import parse_exceptions
from ..forms import scope_form
from ..forms_steps import ConfirmForm, InvitationForm, SignaturesForm
from ..invitations import invitation_record
from ..meeting_selectors import meeting_record_of
from ..models import Case, Event
from ..selectors import attach_texts
from ..signatures import signature_confirm, signatures_record
from .common import announce


def _meeting(access, meeting_id) -> Event:
    meeting = access_event(access, meeting_id)
    if meeting.kind != "meeting" or meeting.is_void:
        raise Http404
    latest = Event.objects.filter(root_id=meeting.root_id).order_by("-id").first()
    if latest is None or latest.is_void:
        raise Http404
    return latest


def after_correction(code: str, event: Event):
    """Where a correction of a grievance's act, a signature, a confirmation or an invitation
    leads back to (None: the caller's default)."""
    if event.grievance_id:
        return redirect("consultations:grievance", code=code, grievance_id=event.grievance_id)
    meeting_id = None
    if event.kind == "minutes_signed":
        meeting_id = event.payload.get("meeting")
    elif event.kind == "signature_confirmed":
        signature = Event.objects.filter(pk=event.payload.get("signature")).first()
        meeting_id = signature.payload.get("meeting") if signature else None
    elif event.kind == "invitation_sent":  # the meeting that names it, if one does yet
        named = (
            Event.objects.filter(kind="meeting", payload__invitation=event.root_id)
            .order_by("-id")
            .first()
        )
        meeting_id = named.id if named else None
    if meeting_id:
        return redirect("consultations:meeting_detail", code=code, meeting_id=meeting_id)
    return None


def _form_page(request, access, form, title):
    context = {"access": access, "project": access.project, "form": form, "title": title}
    return render(request, "consultations/act_form.html", context)


@login_required
def meeting_detail(request, code, meeting_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    meeting = _meeting(access, meeting_id)
    record = meeting_record_of(meeting)
    attach_texts([meeting])
    for s in record.signatures:
        s.who = record.names.get(s.payload.get("case"))
        s.can_correct = may_correct(access, s)
        if s.confirmation is not None:
            s.confirmation.can_correct = may_correct(access, s.confirmation)
    if record.invitation is not None:
        record.invitation.can_correct = may_correct(access, record.invitation)
    own = SIGNATORY_OF_ROLE.get(access.role)
    confirmable = {
        s.id for s in record.signatures if s.payload["role"] == own and s.confirmation is None
    }
    context = {
        "access": access,
        "project": access.project,
        "m": meeting,
        "record": record,
        "attendees": record.attendee_rows(),
        "absent": record.who(record.invited_absent),
        "show_names": access.can(Can.READ_PERSONAL),
        "can_sign": may_record(access, "minutes_signed"),
        "confirmable": confirmable if may_record(access, "signature_confirmed") else set(),
    }
    return render(request, "consultations/meetings/detail.html", context)


def _households(record, choice: str, listed: set[int]) -> list[int]:
    """The cases whose representatives signed, from the form's choice over the attendees."""
    attended = record.attended
    if choice == "all":
        return attended
    if choice == "listed":
        return [c for c in attended if c in listed]
    if choice == "all_but":
        return [c for c in attended if c not in listed]
    return []


def _listed_cases(access, meeting, raw: str) -> set[int]:
    """Attending households named by lookup code or #id (others are refused, naming them)."""
    land_users = parse_exceptions(access.project.id, meeting.area_id, raw)
    cases = dict(Case.objects.filter(land_user_id__in=land_users).values_list("land_user_id", "pk"))
    attending = set(meeting.payload.get("cases", []))
    outside = sorted(lu for lu, case in cases.items() if case not in attending)
    outside += sorted(lu for lu in land_users if lu not in cases)
    if outside:
        raise ValidationError(
            {"listed": ValidationError(msg.SIGNATURE_NOT_ATTENDING, params={"id": outside[0]})}
        )
    return set(cases.values())


@login_required
def signatures_add(request, code, meeting_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "minutes_signed")
    meeting = _meeting(access, meeting_id)
    form = SignaturesForm(
        request.POST or None, request.FILES or None, initial={"happened_on": meeting.happened_on}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = meeting_record_of(meeting)
            listed = _listed_cases(access, meeting, d["listed"]) if d["listed"].strip() else set()
            written = signatures_record(
                project=access.project,
                actor=request.user,
                meeting=meeting,
                happened_on=d["happened_on"],
                roles=d["roles"],
                cases=_households(record, d["households"], listed),
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            fields = {"role": "roles", "case": "listed", "exceptions": "listed"}
            errors_onto_form(form, exc, fields=fields)
        else:
            announce(request, written[0])
            return redirect("consultations:meeting_detail", code=code, meeting_id=meeting.id)
    return _form_page(request, access, form, _("Signatures of the minutes"))


@login_required
def signature_confirm_view(request, code, meeting_id, signature_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    require_record(access, "signature_confirmed")
    meeting = _meeting(access, meeting_id)
    signature = access_event(access, signature_id)
    if signature.kind != "minutes_signed" or signature.payload.get("meeting") != meeting.root_id:
        raise Http404
    form = ConfirmForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = signature_confirm(
                project=access.project,
                actor=request.user,
                signature=signature,
                happened_on=d["happened_on"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            announce(request, recorded)
            return redirect("consultations:meeting_detail", code=code, meeting_id=meeting.id)
    return _form_page(request, access, form, _("Confirm my signature of the minutes"))


@login_required
def invitation_new(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, "invitation_sent")
    form = scope_form(InvitationForm(request.POST or None, request.FILES or None), access.project)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            exceptions = parse_exceptions(access.project.id, d["area"].id, d["exceptions"])
            recorded = invitation_record(
                project=access.project,
                actor=request.user,
                area=d["area"],
                happened_on=d["happened_on"],
                meeting_kind=d["meeting_kind"],
                planned_on=d["planned_on"],
                method=d["method"],
                exceptions=exceptions,
                evidence_files=d["evidence"],
                submission_key=d["submission_key"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc, fields={"cases": "exceptions"})
        else:
            announce(request, recorded)
            return redirect("consultations:progress", code=code)
    return _form_page(request, access, form, _("Meeting invitations sent"))
