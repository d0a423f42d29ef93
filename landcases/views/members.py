"""The project's members and their roles, managed by its board staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_membership, access_project
from ..forms import MembershipAddForm, MembershipForm, MembershipRemoveForm
from ..selectors import history_of, membership_list
from .common import errors_onto_form


@login_required
def member_index(request, code):
    """The list, and the form that adds a member (posted here)."""
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = MembershipAddForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(
                project=access.project,
                actor=request.user,
                user=data["username"],
                role=data["role"],
                commune=data["commune"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc, fields={"user": "username"})
        else:
            messages.success(request, _("Member added."))
            return redirect("landcases:members", code=code)
    context = {
        "access": access,
        "project": access.project,
        "members": membership_list(project=access.project),
        "form": form,
    }
    return render(request, "landcases/member_list.html", context)


@login_required
def member_edit(request, code, membership_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    membership = access_membership(access, membership_id)
    initial = {"role": membership.role, "commune": membership.commune_id}
    form = MembershipForm(request.POST or None, project=access.project, initial=initial)
    remove = MembershipRemoveForm(prefix="remove")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.membership_change(
                membership=membership,
                actor=request.user,
                reason=data["reason"],
                role=data["role"],
                commune=data["commune"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Role saved.") if changed else _("Nothing was changed."))
            return redirect("landcases:members", code=code)
    return _page(request, access, membership, form, remove)


@login_required
def member_remove(request, code, membership_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    membership = access_membership(access, membership_id)
    remove = MembershipRemoveForm(request.POST or None, prefix="remove")
    if request.method == "POST" and remove.is_valid():
        try:
            services.membership_remove(
                membership=membership, actor=request.user, reason=remove.cleaned_data["reason"]
            )
        except ValidationError as exc:
            errors_onto_form(remove, exc)
        else:
            messages.success(request, _("Member removed from the project."))
            if membership.user_id == request.user.id:
                return redirect("landcases:projects")
            return redirect("landcases:members", code=code)
    initial = {"role": membership.role, "commune": membership.commune_id}
    form = MembershipForm(project=access.project, initial=initial)
    return _page(request, access, membership, form, remove)


def _page(request, access, membership, form, remove):
    context = {
        "access": access,
        "project": access.project,
        "membership": membership,
        "form": form,
        "remove": remove,
        "history": history_of(membership),
    }
    return render(request, "landcases/member_form.html", context)
