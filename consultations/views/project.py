from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from landcases.access import Can, access_project

from ..access import recordable_kinds
from ..models import Event
from ..selectors import open_recommendations, project_counts
from ..vocabulary import OPINION_CHOICES, STAGE_CHOICES
from .common import as_of_from


@login_required
def progress(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    project = access.project
    as_of, error = as_of_from(request)
    counts = project_counts(project.id, as_of=as_of)
    stage_rows = [(value, label, counts.by_stage.get(value, 0)) for value, label in STAGE_CHOICES]
    opinion_rows = [(k, v, counts.by_opinion.get(k, 0)) for k, v in OPINION_CHOICES]
    postings = (
        Event.objects.filter(
            project=project,
            kind="posting_started",
            is_void=False,
            superseded_by__isnull=True,
        )
        .select_related("area")
        .order_by("-happened_on")[:20]
    )
    meetings = (
        Event.objects.filter(
            project=project, kind="meeting", is_void=False, superseded_by__isnull=True
        )
        .select_related("area")
        .order_by("-happened_on")[:20]
    )
    context = {
        "access": access,
        "project": project,
        "as_of": as_of,
        "as_of_error": error,
        "counts": counts,
        "stage_rows": stage_rows,
        "opinion_rows": opinion_rows,
        "kinds": recordable_kinds(access),
        "postings": postings,
        "meetings": meetings,
        "open_count": sum(1 for f in open_recommendations(project.id) if not f.resolved),
        "event_count": Event.objects.filter(project=project).aggregate(n=Count("id"))["n"],
    }
    return render(request, "consultations/progress.html", context)
