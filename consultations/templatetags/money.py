from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """`{{ line.net_vnd|vnd }}`: đồng with the locale's thousands separator; — for none."""
    if amount is None or amount == "":
        return "—"
    return intcomma(int(amount))


@register.filter
def get(mapping, key):
    """`{{ areas|get:row.area_id }}`: a value of a dict, or nothing."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def item_code(item) -> str:
    """An entitlement's code as people read it: a support item by its label."""
    from landcases.models.plans import SUPPORT_LABELS

    if item.category == "support":
        return str(SUPPORT_LABELS.get(item.code, item.code))
    return item.code
