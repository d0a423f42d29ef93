from django import template
from django.utils.translation import gettext_lazy as _

from ..forms import (
    DELIVERY_LABELS,
    FINDING_LABELS,
    MEETING_LABELS,
    OPINION_LABELS,
    POSTING_LABELS,
)
from ..messages import warning_text
from ..models import Opinion, Stage

register = template.Library()

LABELS = {
    "method": DELIVERY_LABELS,
    "what": POSTING_LABELS,
    "meeting": MEETING_LABELS,
    "opinion": {**dict(Opinion.choices), **OPINION_LABELS},
    "finding": FINDING_LABELS,
    "stage": dict(Stage.choices),
    "overlay": {
        "resettlement_pending": _("resettlement pending"),
        "grievance_open": _("grievance open"),
        "enforcement": _("enforcement"),
        "overdue": _("overdue"),
    },
}


@register.filter
def label(code, family):
    """`{{ p.what|label:"what" }}`: the translated label of a stored code."""
    return LABELS.get(family, {}).get(code, code)


@register.filter
def warning(stored) -> str:
    """`{{ w|warning }}`: a stored warning in the reader's language."""
    return warning_text(stored)
