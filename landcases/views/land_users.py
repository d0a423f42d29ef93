from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_land_user, access_project, read_sensitive
from ..forms import LandUserCreateForm, LandUserForm, RevealForm, SensitiveForm
from ..models import LandUserKind
from ..selectors import LandUserFilters, history_of, land_user_holdings, land_user_list
from .common import errors_onto_form, int_or_none, paginate, search_term


@login_required
def land_user_index(request, code):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    show_names = access.can(Can.READ_PERSONAL)
    filters = LandUserFilters(
        q=search_term(request.GET.get("q")),
        kind=request.GET.get("kind", "") if request.GET.get("kind") in LandUserKind else "",
        area=int_or_none(request.GET.get("area")),
    )
    qs = land_user_list(project=access.project, filters=filters, by_name=show_names)
    page, query = paginate(request, qs)
    context = {
        "access": access,
        "project": access.project,
        "page": page,
        "query": query,
        "filters": filters,
        "kinds": LandUserKind.choices,
        "areas": access.project.areas.all(),
        "show_names": show_names,
    }
    return render(request, "landcases/land_user_list.html", context)


def _revealed(request, access, land_user):
    """Sensitive data, read (and logged) only on a POST that states its purpose: a GET of a
    page writes nothing."""
    form = RevealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and access.can(Can.READ_SENSITIVE) and form.is_valid():
        return form, read_sensitive(access, land_user, purpose=form.cleaned_data["purpose"]), True
    return form, None, False


@login_required
def land_user_detail(request, code, land_user_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    land_user = access_land_user(access, land_user_id)
    reveal_form, sensitive, revealed = _revealed(request, access, land_user)
    show_names = access.can(Can.READ_PERSONAL)
    context = {
        "access": access,
        "project": access.project,
        "land_user": land_user,
        "holdings": land_user_holdings(land_user=land_user),
        "show_names": show_names,
        "can_read_sensitive": access.can(Can.READ_SENSITIVE),
        "reveal_form": reveal_form,
        "revealed": revealed,
        "sensitive": sensitive,
        # A register's history shows old values: only to roles that may see the current ones.
        "history": history_of(land_user) if show_names else [],
        "sensitive_history": history_of(sensitive) if sensitive else [],
    }
    return render(request, "landcases/land_user_detail.html", context)


@login_required
def land_user_edit(request, code, land_user_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    land_user = access_land_user(access, land_user_id)
    form = LandUserForm(request.POST or None, instance=land_user)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in LandUserForm.Meta.fields}
        try:
            changed = services.land_user_update(
                land_user=land_user,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **changes,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(
                request, _("Land user saved.") if changed else _("Nothing was changed.")
            )
            return redirect("landcases:land_user", code=code, land_user_id=land_user.id)
    context = {"access": access, "project": access.project, "form": form, "land_user": land_user}
    return render(request, "landcases/land_user_form.html", context)


@login_required
def land_user_create(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = LandUserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in LandUserForm.Meta.fields}
        try:
            land_user = services.land_user_create(
                project=access.project,
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
                **fields,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Land user created."))
            return redirect("landcases:land_user", code=code, land_user_id=land_user.id)
    context = {"access": access, "project": access.project, "form": form, "land_user": None}
    return render(request, "landcases/land_user_form.html", context)


@login_required
def land_user_sensitive_edit(request, code, land_user_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    if not access.can(Can.READ_SENSITIVE):
        raise Http404
    land_user = access_land_user(access, land_user_id)
    if request.method != "POST":  # reading the current values is a logged act: ask first
        context = {
            "access": access,
            "project": access.project,
            "land_user": land_user,
            "form": None,
        }
        return render(request, "landcases/sensitive_form.html", context)
    if "reveal" in request.POST:
        current = read_sensitive(access, land_user, purpose="register_correction")
        initial = {f: getattr(current, f) for f in services.SENSITIVE_EDITABLE} if current else {}
        form = SensitiveForm(initial=initial)
    else:
        form = SensitiveForm(request.POST)
    if "reveal" not in request.POST and form.is_valid():
        values = {f: form.cleaned_data[f] for f in services.SENSITIVE_EDITABLE}
        try:
            services.land_user_sensitive_set(
                land_user=land_user,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **values,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Sensitive data saved."))
            return redirect("landcases:land_user", code=code, land_user_id=land_user.id)
    context = {"access": access, "project": access.project, "form": form, "land_user": land_user}
    return render(request, "landcases/sensitive_form.html", context)
