"""Spreadsheet jobs: importing a plan version from a workbook (its page, its template), and
the page of a job — progress while it runs (polled), then its outcome and its file. A job is
its creator's: another member of the project gets a 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from landcases import services as registers
from landcases.access import Can, access_plan, access_project
from landcases.models import JobKind, SpreadsheetJob
from landcases.plan_xlsx import plan_template
from landcases.views.common import errors_onto_form, job_status_response, xlsx_response
from landcases.xlsx import MAX_UPLOAD_BYTES

from .. import messages as msg
from ..forms_plans import PlanImportForm


@login_required
def plan_import(request, code, plan_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    plan = access_plan(access, plan_id)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    {
                        "file": ValidationError(
                            msg.UPLOAD_TOO_LARGE,
                            params={
                                "mb": round(upload.size / 2**20, 1),
                                "limit": MAX_UPLOAD_BYTES // 2**20,
                            },
                        )
                    }
                )
            job = registers.plan_import_start(
                plan=plan,
                actor=request.user,
                data=upload.read(),
                name=upload.name,
                reason=form.cleaned_data["reason"],
                language=get_language() or "vi",
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            return redirect("consultations:job", code=code, job_id=job.id)
    jobs = SpreadsheetJob.objects.filter(
        plan=plan, kind=JobKind.PLAN_IMPORT, created_by=request.user
    ).order_by("-created_at")[:5]
    context = {
        "access": access,
        "project": access.project,
        "plan": plan,
        "form": form,
        "jobs": jobs,
    }
    return render(request, "consultations/money/plan_import.html", context)


@login_required
def plan_import_template(request, code, plan_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    plan = access_plan(access, plan_id)
    return xlsx_response(plan_template(plan), f"mau-phuong-an-{plan.number}-v{plan.version}.xlsx")


def _job(request, code, job_id):
    access = access_project(request.user, code, Can.READ_REGISTERS)
    job = get_object_or_404(
        SpreadsheetJob.objects.select_related("plan"),
        project=access.project,
        pk=job_id,
        created_by=request.user,
    )
    if job.kind == JobKind.LAND_USER_IMPORT:
        raise Http404  # its pages are the registers' (landcases/views/land_user_import.py)
    if job.kind == JobKind.PLAN_IMPORT:
        access.require(Can.EDIT_REGISTERS)
    if job.params.get("amounts"):
        access.require(Can.READ_AMOUNTS)  # a role changed since: the file is no longer theirs
    if job.params.get("names"):
        access.require(Can.READ_PERSONAL)
    return access, job


@login_required
def job_detail(request, code, job_id):
    access, job = _job(request, code, job_id)
    context = {"access": access, "project": access.project, "job": job, "plan": job.plan}
    return render(request, "consultations/money/job.html", context)


@login_required
def job_status(request, code, job_id):
    _access, job = _job(request, code, job_id)
    return job_status_response(job)


@login_required
def job_file(request, code, job_id):
    _access, job = _job(request, code, job_id)
    if not job.output:
        raise Http404
    return xlsx_response(bytes(job.output), job.output_name or "tep.xlsx")
