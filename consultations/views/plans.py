"""A plan version's pages: its versions and path, its lines and totals; editing a draft line by
line (through the plan services, with a reason); the acts of its path (opinion summary,
appraisal, approval, deliveries and recovery decisions for every household of the version)
through the one door."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landcases import services as registers
from landcases.access import Can, access_plan, access_project
from landcases.messages import PLAN_FROZEN
from landcases.models import PlanLine
from landcases.views.common import errors_onto_form, paginate

from .. import messages as msg
from ..access import may_record, require_record
from ..collective import collective_record, parse_land_users, plan_land_users
from ..forms_money import (
    AppraisalForm,
    ApprovalForm,
    OpinionSummaryForm,
    PlanDeliveryAllForm,
    RecoveryAllForm,
    RecoveryDeliveryAllForm,
)
from ..forms_plans import ItemFormSet, LineDeleteForm, LineForm
from ..messages import warning_text
from ..selectors_money import (
    plan_paths,
    plan_versions,
    proposed_tally,
    version_lines,
    version_totals,
)
from ..services import Subject, event_record
from .common import announce
from .plan_lines import land_user_of, line_initial, line_input

# act name → (event kind, form, title, collective). Collective acts: one per household of the
# version (collective.py), the others about the version itself.
PLAN_ACTS = {
    "summary": ("opinion_summary", OpinionSummaryForm, gettext_lazy("Summary of opinions"), False),
    "appraisal": ("plan_appraised", AppraisalForm, gettext_lazy("Plan appraised"), False),
    "approval": ("plan_approved", ApprovalForm, gettext_lazy("Plan approved"), False),
    "deliver-all": (
        "plan_delivered",
        PlanDeliveryAllForm,
        gettext_lazy("Approved plan delivered to every household of the version"),
        True,
    ),
    "decide-all": (
        "recovery_decided",
        RecoveryAllForm,
        gettext_lazy("Recovery decisions for the households of the version"),
        True,
    ),
    "deliver-decisions": (
        "recovery_delivered",
        RecoveryDeliveryAllForm,
        gettext_lazy("Recovery decisions delivered to the households of the version"),
        True,
    ),
}


def _context(access, plan, **extra):
    return {
        "access": access,
        "project": access.project,
        "plan": plan,
        "show_names": access.can(Can.READ_PERSONAL),
        "show_amounts": access.can(Can.READ_AMOUNTS),
        **extra,
    }


@login_required
def plan_detail(request, code, plan_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    plan = access_plan(access, plan_id)
    versions = plan_versions(plan)
    paths = plan_paths(versions)
    path = next(p for p in paths if p.plan.id == plan.id)
    page, query = paginate(request, version_lines(plan))
    areas, whole = version_totals(plan)
    area_codes = dict(access.project.areas.values_list("id", "code"))
    acts = [
        (name, title)
        for name, (kind, _form, title, _c) in PLAN_ACTS.items()
        if may_record(access, kind) and (name != "approval" or path.approval is None)
    ]
    context = _context(
        access,
        plan,
        paths=paths,
        path=path,
        page=page,
        query=query,
        totals=[(area_codes.get(t.area_id, "—"), t) for t in areas],
        whole=whole,
        tally=proposed_tally(plan),
        acts=acts,
        can_edit=access.can(Can.EDIT_REGISTERS) and plan.frozen_at is None,
    )
    return render(request, "consultations/money/plan_detail.html", context)


@login_required
def line_edit(request, code, plan_id, land_user_id=None):
    """Add a household's line to a draft, or replace it (the items below, a reason)."""
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    plan = access_plan(access, plan_id)
    line = None
    if land_user_id is not None:
        line = get_object_or_404(PlanLine, plan=plan, land_user_id=land_user_id)
    data = request.POST if request.method == "POST" else None
    initial, items = line_initial(line)
    form = LineForm(data, initial=initial)
    formset = ItemFormSet(data, initial=items, prefix="item")
    if line is not None:
        form.fields["land_user"].disabled = True
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            land_user = (
                line.land_user if line else land_user_of(access, form.cleaned_data["land_user"])
            )
            registers.plan_line_set(
                plan=plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                line=line_input(land_user.id, form.cleaned_data, formset),
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("The household's line is saved."))
            return redirect("consultations:plan", code=code, plan_id=plan.id)
    context = _context(access, plan, form=form, formset=formset, line=line)
    return render(request, "consultations/money/line_form.html", context)


@login_required
def line_delete(request, code, plan_id, land_user_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    plan = access_plan(access, plan_id)
    line = get_object_or_404(
        PlanLine.objects.select_related("land_user"), plan=plan, land_user_id=land_user_id
    )
    form = LineDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registers.plan_line_delete(
                plan=plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                land_user_id=line.land_user_id,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("The household's line is deleted."))
            return redirect("consultations:plan", code=code, plan_id=plan.id)
    context = _context(access, plan, form=form, line=line, frozen_message=PLAN_FROZEN)
    return render(request, "consultations/money/line_delete.html", context)


def _collective(request, access, plan, kind, form):
    """Record a collective act for the households of the version: (written, exceptions)."""
    d = form.cleaned_data
    project = access.project
    among = plan_land_users(plan.id)
    exceptions = parse_land_users(
        project.id, among, d.get("exceptions", ""), message=msg.NOT_IN_THIS_VERSION
    )
    only = None
    if d.get("only"):
        only = parse_land_users(
            project.id, among, d["only"], field="only", message=msg.NOT_IN_THIS_VERSION
        )
    values, values_of = form.values(), None
    if kind == "plan_delivered":
        values["plan"] = plan.id
    if kind == "recovery_delivered":
        values_of = _decisions_of(project.id, (only or among) - exceptions)
    written = collective_record(
        project=project,
        actor=request.user,
        kind=kind,
        plan=plan,
        happened_on=d["happened_on"],
        values=values,
        exceptions=exceptions,
        only=only,
        values_of=values_of,
        evidence_files=d["evidence"],
        submission_key=d["submission_key"],
    )
    return written, exceptions


def _decisions_of(project_id: int, land_users: set[int]) -> dict[int, dict]:
    """Each household's latest standing recovery decision, to deliver; refused when one has
    none (name it as an exception, or record its decision first)."""
    from ..selectors_money import latest_decisions

    found = latest_decisions(project_id, land_users)
    missing = sorted(land_users - set(found))
    if missing:
        raise ValidationError(
            {
                "exceptions": ValidationError(
                    msg.NO_DECISION_TO_DELIVER,
                    params={"values": ", ".join(f"#{i}" for i in missing[:10])},
                )
            }
        )
    return {lu: {"decision": root} for lu, root in found.items()}


@login_required
def plan_act(request, code, plan_id, plan_act):
    if plan_act not in PLAN_ACTS:
        raise Http404
    kind, form_class, title, collective = PLAN_ACTS[plan_act]
    access = access_project(request.user, code, Can.READ_REGISTERS)
    require_record(access, kind)
    plan = access_plan(access, plan_id)
    tally = proposed_tally(plan) if kind == "opinion_summary" else None
    initial = {k: tally[k] for k in ("agree", "disagree", "other")} if tally else None
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if collective:
                written, exceptions = _collective(request, access, plan, kind, form)
            else:
                values = form.values()
                if tally is not None:
                    tally = proposed_tally(plan)  # as the record says it now
                    values |= {f"proposed_{k}": tally[k] for k in ("agree", "disagree", "other")}
                recorded = event_record(
                    project=access.project,
                    actor=request.user,
                    kind=kind,
                    happened_on=form.cleaned_data["happened_on"],
                    subject=Subject(plan=plan),
                    values=values,
                    evidence_files=form.cleaned_data["evidence"],
                    submission_key=form.cleaned_data["submission_key"],
                )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            if collective:
                messages.success(
                    request,
                    _("Recorded for %(n)s land users (%(x)s exceptions).")
                    % {"n": len(written), "x": len(exceptions)},
                )
                for text in dict.fromkeys(warning_text(w) for r in written for w in r.warnings):
                    messages.warning(request, text)
            else:
                announce(request, recorded)
            return redirect("consultations:plan", code=code, plan_id=plan.id)
    context = _context(
        access,
        plan,
        form=form,
        title=title,
        tally=tally,
        back=reverse("consultations:plan", args=[code, plan.id]),
    )
    return render(request, "consultations/money/plan_act.html", context)
