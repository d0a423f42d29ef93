"""One list per project of the recommendations still open — of the Fatherland Front, the
People's Inspection Board and the inspectorate alike — with their age and the latest response
(the seed's "considered and resolved")."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from landcases.access import Can, access_project

from ..access import may_record
from ..selectors import attach_texts, open_recommendations


@login_required
def open_recommendations_page(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    today = timezone.localdate()
    findings = [f for f in open_recommendations(access.project.id) if not f.resolved]
    latest = [f.responses[-1] for f in findings if f.responses]
    attach_texts([*findings, *latest])
    rows = [
        {
            "finding": f,
            "age": (today - f.happened_on).days,
            "latest": f.responses[-1] if f.responses else None,
            "responses": len(f.responses),
        }
        for f in sorted(findings, key=lambda f: f.happened_on)
    ]
    context = {
        "access": access,
        "project": access.project,
        "rows": rows,
        "show_names": access.can(Can.READ_PERSONAL),
        "can_respond": may_record(access, "supervision_response"),
    }
    return render(request, "consultations/steps/open_recommendations.html", context)
