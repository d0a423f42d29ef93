"""What a page with a drawing map needs: the project's boundary, the current shape and the
drawing toolbar's labels in the user's language."""

import json

from django.utils.translation import gettext as _


def shape_map(project, current=None) -> dict:
    return {
        "boundary": json.loads(project.boundary.geojson),
        "current": json.loads(current.geojson) if current else None,
        "labels": {
            "polygon": _("Draw a polygon"),
            "rectangle": _("Draw a rectangle"),
            "cancel": _("Cancel"),
            "finish": _("Finish"),
            "undo": _("Delete the last point"),
            "start": _("Click to place the first corner."),
            "cont": _("Click to place the next corner."),
            "end": _("Click the first corner to close the shape."),
            "release": _("Release the mouse to finish."),
            "edit": _("Edit the shape"),
            "remove": _("Delete the shape"),
            "save": _("Save"),
            "clearAll": _("Delete all"),
        },
    }
