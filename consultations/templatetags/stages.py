from django import template
from django.utils.html import format_html

from ..rules.vocabulary import STAGE_COLOURS

register = template.Library()


@register.simple_tag
def stage_swatch(stage: str):
    """The stage's colour from the one vocabulary (the map reads the same ramp)."""
    colour = STAGE_COLOURS.get(stage, STAGE_COLOURS["identified"])
    return format_html('<span class="swatch" style="background:{}"></span>', colour)
