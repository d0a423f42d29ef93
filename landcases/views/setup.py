"""Setting up a project: a superuser creates it (with its boundary and its first board-staff
member); its board staff edit it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..access import Can, access_project
from ..forms import ProjectCreateForm, ProjectEditForm
from ..models import Project
from ..selectors import history_of
from .common import errors_onto_form


@login_required
def project_create(request):
    if not request.user.is_superuser:
        raise Http404
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                province=data["province"],
                source_srid=data["source_srid"],
                boundary=data["shape"],
                board_staff=data["board_staff"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc, fields={"boundary": "geom"})
        else:
            messages.success(
                request,
                _("Project %(name)s created; %(user)s is its board staff.")
                % {"name": project.name, "user": data["board_staff"].username},
            )
            return redirect("landcases:projects")
    return render(request, "landcases/project_create.html", {"form": form})


@login_required
def project_edit(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    project = Project.objects.get(pk=access.project.pk)  # with the fields the gate deferred
    form = ProjectEditForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.project_update(
                project=project,
                actor=request.user,
                reason=data["reason"],
                communes=data["communes"],
                **{f: data[f] for f in ProjectEditForm.Meta.fields},
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Project saved.") if changed else _("Nothing was changed."))
            return redirect("landcases:project", code=code)
    context = {
        "access": access,
        "project": project,
        "form": form,
        "history": history_of(project),
    }
    return render(request, "landcases/project_form.html", context)
