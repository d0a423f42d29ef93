"""Importing land users and their holdings from a workbook: the page that takes the upload,
the template, and the import's job (progress while it runs, then its outcome and the error
sheet). For the roles that may edit the registers; the refused rows' reasons and the error
sheet (the rows as sent, citizen IDs masked) only for roles that may read sensitive data. A
job is its creator's: another member of the project gets a 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from .. import messages as msg
from .. import services
from ..access import Can, access_project
from ..forms import LandUserImportForm
from ..land_user_xlsx import land_user_template
from ..models import JobKind, SpreadsheetJob
from ..xlsx import MAX_UPLOAD_BYTES
from .common import errors_onto_form, job_status_response, xlsx_response


@login_required
def land_user_import(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = LandUserImportForm(request.POST or None, request.FILES or None)
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
            job = services.land_user_import_start(
                project=access.project,
                actor=request.user,
                data=upload.read(),
                name=upload.name,
                reason=form.cleaned_data["reason"],
                language=get_language() or "vi",
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            return redirect("landcases:land_user_import_job", code=code, job_id=job.id)
    jobs = SpreadsheetJob.objects.filter(
        project=access.project, kind=JobKind.LAND_USER_IMPORT, created_by=request.user
    ).order_by("-created_at")[:5]
    context = {"access": access, "project": access.project, "form": form, "jobs": jobs}
    return render(request, "landcases/land_user_import.html", context)


@login_required
def land_user_import_template(request, code):
    access_project(request.user, code, Can.EDIT_REGISTERS)
    return xlsx_response(land_user_template(), "mau-danh-sach-nguoi-su-dung-dat.xlsx")


def _job(request, code, job_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    job = get_object_or_404(
        SpreadsheetJob,
        project=access.project,
        kind=JobKind.LAND_USER_IMPORT,
        pk=job_id,
        created_by=request.user,
    )
    return access, job


@login_required
def land_user_import_job(request, code, job_id):
    access, job = _job(request, code, job_id)
    context = {
        "access": access,
        "project": access.project,
        "job": job,
        "show_reasons": access.can(Can.READ_SENSITIVE),
        "refused_rows": (job.result.get("refused_rows") or [])[:200],
    }
    return render(request, "landcases/land_user_import_job.html", context)


@login_required
def land_user_import_status(request, code, job_id):
    _access, job = _job(request, code, job_id)
    return job_status_response(job)


@login_required
def land_user_import_errors(request, code, job_id):
    access, job = _job(request, code, job_id)
    # The rows as sent (names, ethnicity, vulnerabilities), the citizen IDs masked
    # (land_user_xlsx.masked_citizen_id): not a read of the register, not logged.
    access.require(Can.READ_SENSITIVE)
    if not job.output:
        raise Http404
    return xlsx_response(bytes(job.output), job.output_name)
