"""Importing parcels from a cadastral file on the web: the upload, its set-up (layer, source
CRS, encoding, field mapping, with the first features on the map), the check that writes
nothing (a Celery job with its progress), its report, then accept (checked again and written,
all or nothing) or cancel. For the roles that may edit the registers; an import is its
creator's (another member of the project gets a 404). The work itself is the service's
(services/parcel_imports.py), the same path as `manage.py import_parcels`."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..access import Can, access_project
from ..forms.parcel_import import ENCODING_LABELS, ParcelImportSetupForm, ParcelImportUploadForm
from ..imports import archive, field_mapping
from ..imports import messages as imsg
from ..models import JobStatus, MapKind, Parcel, ParcelImport
from ..services import parcel_imports as imports
from ..services.parcel_import_setup import parcel_import_setup
from ..services.parcel_imports import Params
from ..uploads import SizeLimitedUpload

SETTLED = (JobStatus.QUEUED, JobStatus.RUNNING)  # the page follows these


@csrf_exempt  # checked below, once the size limit is in front of the upload
def parcel_import(request, code):
    # Who may send a file is known before its body is read (the CSRF check reads it all).
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access_project(request.user, code, Can.EDIT_REGISTERS)
    request.upload_handlers.insert(0, SizeLimitedUpload(request, limit=upload_limit()))
    return _parcel_import(request, code)


def upload_limit() -> int:
    return archive.LIMITS.upload_bytes


def _too_large(size: int) -> str:
    return imsg.FILE_TOO_LARGE % {"size": f"{size / 2**20:.1f}", "limit": upload_limit() >> 20}


@csrf_protect
@login_required
def _parcel_import(request, code):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    form = ParcelImportUploadForm(request.POST or None, request.FILES or None)
    refused = getattr(request, "upload_refused", 0)
    if request.method == "POST" and refused:  # the file was not kept: only this reason
        form.is_valid()
        form.errors["file"] = form.error_class([_too_large(refused)])
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > upload_limit():
            form.add_error("file", _too_large(upload.size))
        else:
            job = imports.parcel_import_start(
                project=access.project,
                actor=request.user,
                data=upload.read(),
                name=upload.name,
                language=get_language() or "vi",
                draft=True,
            )
            return redirect("landcases:parcel_import_job", code=code, job_id=job.id)
    jobs = (
        ParcelImport.objects.filter(project=access.project, created_by=request.user)
        .defer("input", "report")
        .order_by("-created_at")[:10]
    )
    context = {"access": access, "project": access.project, "form": form, "jobs": jobs}
    return render(request, "landcases/parcel_import.html", context)


def _job(request, code, job_id):
    access = access_project(request.user, code, Can.EDIT_REGISTERS)
    # The upload stays unread here (a poll every second): the set-up reads it on its own.
    job = get_object_or_404(
        ParcelImport.objects.defer("input"),
        project=access.project,
        pk=job_id,
        created_by=request.user,
    )
    return access, job


def _changes(changes: list[dict]) -> list[dict]:
    """The report's changed parcels with their fields' labels (first 200)."""
    out = []
    for change in changes[:200]:
        fields = []
        for name, values in change["fields"].items():
            label = _("shape") if name == "geom" else Parcel._meta.get_field(name).verbose_name
            fields.append((label, values if values is not True else None))
        out.append({"row": change["row"], "fields": fields})
    return out


def kept_upload(job: ParcelImport) -> bool:
    return ParcelImport.objects.filter(pk=job.pk, input__isnull=False).exists()


def _params(job: ParcelImport, form: ParcelImportSetupForm | None) -> Params:
    """The set-up as chosen in a valid form, else as kept with the job."""
    kept = Params.from_json(job.params)
    if form is None or not form.is_valid():
        return kept
    data = form.cleaned_data
    return Params(
        layer=data["layer"] or None,
        srid=data["srid"],
        encoding=data["encoding"],
        mapping=form.mapping(),
        repair=data["repair"],
        survey_date=data["survey_date"],
        commune=data["commune"] or None,
        map_kind=data["map_kind"] or MapKind.CADASTRAL,
        area_tolerance_pct=kept.area_tolerance_pct,
    )


def _initial(params: Params) -> dict:
    initial = {
        "layer": params.layer or "",
        "srid": params.srid or "",
        "encoding": params.encoding,
        "commune": params.commune or "",
        "map_kind": params.map_kind,
        "repair": params.repair,
    }
    if params.survey_date:
        initial["survey_date"] = params.survey_date
    initial |= {f"field_{t}": s for t, s in params.mapping.items()}
    return initial


def _setup_page(request, access, job, form_data=None, *, status=200):
    """The set-up screen, with the choices kept, or with those sent (`form_data`), unsaved."""
    communes = access.project.communes.order_by("name")
    params = _params(job, None) if form_data is None else _submitted(job, form_data)
    setup = parcel_import_setup(job, params)
    form = ParcelImportSetupForm(
        form_data, setup=setup, communes=communes, initial=_initial(params)
    )
    if form_data is not None:
        form.is_valid()
    context = {
        "access": access,
        "project": access.project,
        "job": job,
        "form": form,
        "setup": setup,
        "map_data": {
            "preview": setup.preview,
            "boundary": json.loads(access.project.boundary.geojson),
        },
    }
    return render(request, "landcases/parcel_import_setup.html", context, status=status)


def _submitted(job: ParcelImport, data) -> Params:
    """The choices as sent, read leniently, to know what to read of the upload (the layer,
    the CRS, the fields) before the form, whose choices come from it, checks them."""
    kept = Params.from_json(job.params)
    srid = data.get("srid") or ""
    # A field sent empty is chosen unmapped; a field not sent keeps its suggestion.
    mapping = {t: data[f"field_{t}"] for t in field_mapping.TARGETS if f"field_{t}" in data}
    return Params(
        layer=data.get("layer") or None,
        srid=int(srid) if srid.isdigit() else None,
        encoding=data.get("encoding") if data.get("encoding") in ENCODING_LABELS else "auto",
        mapping=mapping,
        commune=data.get("commune") or None,
        survey_date=kept.survey_date,
    )


@login_required
def parcel_import_job(request, code, job_id):
    access, job = _job(request, code, job_id)
    if job.status == JobStatus.DRAFT:
        return _setup_page(request, access, job)
    phase, done, total = imports.parcel_import_progress(job)
    report = job.report or {}
    context = {
        "access": access,
        "project": access.project,
        "job": job,
        "following": job.status in SETTLED,
        "phase": phase,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
        "report": report,
        "can_decide": bool(job.params.get("decide")) and kept_upload(job),
        "changes": _changes(report.get("changes") or []),
        "encoding_used": ENCODING_LABELS.get((report.get("encoding") or {}).get("used"), ""),
    }
    return render(request, "landcases/parcel_import_job.html", context)


@login_required
def parcel_import_status(request, code, job_id):
    _access, job = _job(request, code, job_id)
    phase, done, total = imports.parcel_import_progress(job)
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "finished": job.status not in SETTLED,  # the page reloads to show what is next
            "phase": phase,
            "percent": int(100 * done / total) if total else 0,
            "done": done,
            "total": total,
        }
    )


@login_required
def parcel_import_report(request, code, job_id):
    """The report as JSON, as `manage.py import_parcels --report` writes it."""
    _access, job = _job(request, code, job_id)
    response = JsonResponse(job.report or {}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="parcel-import-{job.id}.json"'
    return response


@login_required
def parcel_import_check(request, code, job_id):
    """The set-up sent: shown again with its choices (Preview; nothing kept), or checked."""
    access, job = _job(request, code, job_id)
    if request.method != "POST" or job.status != JobStatus.DRAFT:
        return redirect("landcases:parcel_import_job", code=code, job_id=job.id)
    if "preview" in request.POST:
        return _setup_page(request, access, job, request.POST)
    communes = access.project.communes.order_by("name")
    setup = parcel_import_setup(job, _submitted(job, request.POST))
    form = ParcelImportSetupForm(request.POST, setup=setup, communes=communes)
    if form.is_valid() and not setup.problems:  # the form's choices are those read
        try:
            imports.parcel_import_check(job, params=_params(job, form))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("landcases:parcel_import_job", code=code, job_id=job.id)
    return _setup_page(request, access, job, request.POST, status=400)


def _act(request, code, job_id, action):
    """A decision (POST); a GET only goes to the job's page."""
    _access, job = _job(request, code, job_id)
    if request.method == "POST":
        try:
            action(job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("landcases:parcel_import_job", code=code, job_id=job.id)


@login_required
def parcel_import_accept(request, code, job_id):
    return _act(request, code, job_id, imports.parcel_import_accept)


@login_required
def parcel_import_cancel(request, code, job_id):
    return _act(request, code, job_id, imports.parcel_import_cancel)


@login_required
def parcel_import_revise(request, code, job_id):
    return _act(request, code, job_id, imports.parcel_import_revise)
