from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_plan, access_project
from ..forms import PlanCreateForm, PlanEditForm
from ..selectors import history_of, plan_list
from .common import errors_onto_form


@login_required
def plan_index(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    form = PlanCreateForm(project=access.project) if access.can(Can.EDIT_REGISTERS) else None
    context = {
        "access": access,
        "project": access.project,
        "plans": plan_list(project=access.project),
        "form": form,
    }
    return render(request, "landcases/plan_list.html", context)


@login_required
def plan_create(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = PlanCreateForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                project=access.project, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(
                request,
                _("Plan %(number)s version %(version)s recorded.")
                % {"number": plan.number, "version": plan.version},
            )
            return redirect("landcases:plans", code=code)
    context = {"access": access, "project": access.project, "form": form, "plan": None}
    return render(request, "landcases/plan_form.html", context)


@login_required
def plan_edit(request, code, plan_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    plan = access_plan(access, plan_id)
    form = PlanEditForm(request.POST or None, instance=plan, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan.refresh_from_db()
            changed = services.plan_update(
                plan=plan,
                actor=request.user,
                reason=data["reason"],
                title=data["title"],
                area=data["area"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Plan saved.") if changed else _("Nothing was changed."))
            return redirect("landcases:plans", code=code)
    context = {
        "access": access,
        "project": access.project,
        "form": form,
        "plan": plan,
        "history": history_of(plan),
    }
    return render(request, "landcases/plan_form.html", context)
