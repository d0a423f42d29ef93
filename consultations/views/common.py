from datetime import date

from django.contrib import messages
from django.utils.translation import gettext as _

from ..messages import warning_text
from ..selectors import AsOf


def as_of_from(request) -> tuple[AsOf, str]:
    """The "as of" question from the query string, or (no date, an error message)."""
    raw, mode = request.GET.get("as_of", ""), request.GET.get("mode", "replay")
    if not raw:
        return AsOf(), ""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return AsOf(), _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw}
    return AsOf(day, "recorded" if mode == "recorded" else "replay"), ""


def announce(request, recorded) -> None:
    messages.success(request, _("Recorded."))
    for warning in recorded.warnings:
        messages.warning(request, warning_text(warning))
