from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse

from ..text import clean

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def job_status_response(job) -> JsonResponse:
    """A spreadsheet job's progress, as its page polls it."""
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "finished": job.finished,
            "percent": job.percent,
            "done": job.done,
            "total": job.total,
        }
    )


def errors_onto_form(form, exc: ValidationError, *, fields: dict | None = None) -> None:
    """Show a service's refusal on the form: on its field when the form has it (`fields` maps
    a service's name for it to the form's), else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def paginate(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def int_or_none(value):
    """A database id from a query string, or None (never a number the database rejects)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def search_term(value, *, limit: int = 200) -> str:
    """A search box's words as the database can compare them: clean text (no NUL, which
    PostgreSQL refuses in a query), of a sensible length."""
    return clean(value or "")[:limit]
