"""Stored audit runs: the project's runs (and asking for one), and one run opened as it was
stored. A GET reads stored rows only: it never computes an audit nor writes a run."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from landcases.access import Can, access_project
from landcases.views.common import paginate

from ..auditing import AXES, AuditError
from ..auditruns import audit_run_ask, may_run
from ..auditstore import StoredRunError, findings_of
from ..messages import AMOUNT_VALUES, rule_reason
from ..models import AuditFinding, AuditRun, AuditRunJob
from ..rules.audit.outcome import RESULTS, sensitive_codes
from ..rules.packs import RULE_CODES, default_packs

RECENT_JOBS = 10
AXIS_LABELS = {
    "recorded": gettext_lazy("as recorded by then"),
    "happened": gettext_lazy("as happened by then (known now)"),
}
PHASE_LABELS = {
    "auditing": gettext_lazy("auditing"),
    "storing": gettext_lazy("storing the findings"),
    "stored": gettext_lazy("stored"),
}
SUBJECT_LABELS = {
    "case": gettext_lazy("Case"),
    "area": gettext_lazy("Project area"),
    "plan": gettext_lazy("Plan version"),
    "meeting": gettext_lazy("Meeting"),
    "grievance": gettext_lazy("Grievance"),
    "parcel": gettext_lazy("Parcel"),
}


def _labelled(rows):
    rows = list(rows)
    for r in rows:
        r.axis_label = AXIS_LABELS.get(r.axis, r.axis)
        if hasattr(r, "phase"):
            r.phase_label = PHASE_LABELS.get(r.phase, r.phase)
            r.progress = _progress(r) if r.status == "running" else None
    return rows


def _progress(job):
    """A running job's progress inside its storing transaction, from the task's state in the
    result backend (the job row's updates there would be invisible until it commits)."""
    if not job.task_id:
        return None
    try:
        from celery.result import AsyncResult

        info = AsyncResult(job.task_id).info
    except Exception:  # the result backend unreachable: the phase alone is shown
        return None
    if not isinstance(info, dict) or "phase" not in info:
        return None
    return {
        "phase": PHASE_LABELS.get(info["phase"], info["phase"]),
        "done": info.get("done", 0),
        "total": info.get("total", 0),
    }


def _runs_context(access, *, error="", asked=None):
    project = access.project
    runs = (
        AuditRun.objects.filter(project=project)
        .select_related("requested_by")
        .defer("facts")
        .order_by("-finished_at", "-id")[:100]
    )
    jobs = (
        AuditRunJob.objects.filter(project=project, run__isnull=True)
        .select_related("requested_by")
        .order_by("-requested_at")[:RECENT_JOBS]
    )
    return {
        "access": access,
        "project": project,
        "runs": _labelled(runs),
        "jobs": _labelled(jobs),
        "axes": [(a, AXIS_LABELS[a]) for a in AXES],
        "results": RESULTS,
        "may_run": may_run(access),
        "error": error,
        "asked": asked or {"as_of": timezone.localdate().isoformat(), "axis": "recorded"},
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def audit_runs(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    if request.method != "POST":
        return render(request, "consultations/audit_runs.html", _runs_context(access))
    asked = {"as_of": request.POST.get("as_of", "")[:40], "axis": request.POST.get("axis", "")[:40]}
    try:
        audit_run_ask(access=access, actor=request.user, as_of=asked["as_of"], axis=asked["axis"])
    except PermissionDenied as exc:
        context = _runs_context(access, error=str(exc), asked=asked)
        return render(request, "consultations/audit_runs.html", context, status=403)
    except AuditError as exc:
        context = _runs_context(access, error=str(exc), asked=asked)
        return render(request, "consultations/audit_runs.html", context, status=400)
    from django.contrib import messages

    messages.success(request, _("The audit run is queued; it appears here once stored."))
    return redirect("consultations:audit_runs", code=code)


def _shown(finding: dict, show_amounts: bool = True) -> dict:
    """A stored finding's reason in the reader's language (its template, translated); a
    household's amounts only for roles that may read them."""
    values = {
        k: ("[…]" if k in AMOUNT_VALUES and not show_amounts else _value(v))
        for k, v in (finding.get("reason_values") or {}).items()  # nested words translated
    }
    template = finding.get("reason_template") or ""
    reason = (
        rule_reason({"template": template, "values": values}) if template else finding["reason"]
    )
    subject = finding.get("subject") or {}
    label = SUBJECT_LABELS.get(subject.get("type"), subject.get("type"))
    return {**finding, "shown_reason": reason, "subject_label": label}


def _value(value):
    from django.utils.translation import gettext

    if isinstance(value, dict) and "template" in value:
        inner = {k: _value(v) for k, v in (value.get("values") or {}).items()}
        try:
            return gettext(value["template"]).format_map(inner) if value["template"] else ""
        except (KeyError, ValueError, IndexError):
            return value["template"]
    if isinstance(value, list):
        return ", ".join(str(_value(v)) for v in value)
    return "—" if value is None else value


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_run(request, code, run_id):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    run = get_object_or_404(
        AuditRun.objects.select_related("requested_by").defer("facts"),
        project=access.project,
        pk=run_id,
    )
    result = request.GET.get("result", "fail")
    if result not in RESULTS:
        result = ""
    rule = request.GET.get("rule", "")[:40]
    codes = {rule} if rule else set(run.tally or RULE_CODES)
    if not access.can(Can.READ_SENSITIVE):  # who is vulnerable, of an ethnic minority
        codes -= sensitive_codes(default_packs().values())
    show_amounts = access.can(Can.READ_AMOUNTS)
    not_whole = ""
    try:
        findings = findings_of(run, results=[result] if result else RESULTS, codes=sorted(codes))
        page, query = paginate(request, findings)
        rows = [_shown(f, show_amounts) for f in page]
    except StoredRunError as exc:  # the failing are stored whole; the others cannot be shown
        not_whole = str(exc)
        failing = findings_of(run, results=["fail"], codes=sorted(codes)) if not result else []
        page, query = paginate(request, failing)
        rows = [_shown(f, show_amounts) for f in page]
    tally = {}
    for r, res, n in _tally(run):
        tally.setdefault(r, dict.fromkeys(RESULTS, 0))[res] = n
    context = {
        "access": access,
        "project": access.project,
        "run": run,
        "axis_label": AXIS_LABELS.get(run.axis, run.axis),
        "rows": rows,
        "page": page,
        "query": query,
        "tally": sorted(tally.items()),
        "results": RESULTS,
        "result": result,
        "rule": rule,
        "not_whole": not_whole,
    }
    return render(request, "consultations/audit_run.html", context)


def _tally(run):
    """(rule, result, n) of the run, from the counts it keeps (a run stored before it kept
    them: counted from its rows, one for every finding)."""
    if not run.tally:
        from django.db.models import Count

        return (
            AuditFinding.objects.filter(run=run)
            .values_list("rule", "result")
            .annotate(n=Count("id"))
            .order_by("rule", "result")
        )
    return sorted(
        (rule, result, n) for rule, counts in run.tally.items() for result, n in counts.items()
    )
