from datetime import date

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from ..messages import warning_text
from ..rules.catalog import KINDS
from ..vocabulary import FIELD_LABELS
from ..vocabulary import label as vocabulary_label

register = template.Library()


@register.filter
def label(code, vocabulary):
    """`{{ p.what|label:"posting_what" }}`: the translated label of a stored code."""
    return vocabulary_label(vocabulary, code)


@register.filter
def warning(stored, show_amounts=False) -> str:
    """`{{ w|warning:show_amounts }}`: a stored warning in the reader's language, a household's
    amounts in it only for roles that may read them."""
    return warning_text(stored, show_amounts=bool(show_amounts))


def _shown(f, value, event, name, show_names, show_amounts=False):
    base, arg = f.base, f.arg
    if base == "text":
        if not show_names:
            return None
        words = getattr(event, "texts", {}).get(name)
        return _("[erased]") if words == "" else words
    if value is None or value == [] or base == "point":
        return None
    if base == "code":
        return vocabulary_label(arg, value)
    if base == "codes":
        return ", ".join(str(vocabulary_label(arg, v)) for v in value)
    if base == "bool":
        return _("yes") if value else None
    if base == "date":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if base == "refs":
        return str(len(value))
    if base in ("ref", "event"):
        return f"#{value}"
    if base == "vnd":  # amounts per land user: only roles that may read them
        return intcomma(value) if show_amounts else None
    return value


@register.simple_tag
def payload_lines(event, show_names=False, show_amounts=False) -> list[tuple[object, object]]:
    """The act's details as (label, value) lines, in the catalogue's order; free text only
    for roles that may read names (it may name people), amounts only for roles that may read
    amounts."""
    spec = KINDS.get(event.kind)
    if spec is None:
        return []
    lines = []
    for name, f in spec.fields.items():
        shown = _shown(f, event.payload.get(name), event, name, show_names, show_amounts)
        if shown not in (None, ""):
            lines.append((FIELD_LABELS[name], shown))
    return lines
