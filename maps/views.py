from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import StageInterval
from consultations.rules.vocabulary import DISAGREE_OUTLINE, STAGE_COLOURS
from consultations.vocabulary import LABELS, OPINION_CHOICES, STAGE_CHOICES, choices
from landcases.access import Can, access_project
from landcases.models.land import LAND_GROUP_CHOICES

from . import selectors
from .access import access_tiles
from .filters import BadMapQuery, parse_bbox, parse_query
from .tiles import Tile, TileOutOfRange

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
PARCEL_MIN_ZOOM = 14


def _point_from(request) -> tuple[float, float]:
    lat = float(request.GET["lat"])
    lng = float(request.GET["lng"])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError
    return lat, lng


def _query(request, project_id):
    return parse_query(request.GET, first_day=lambda: selectors.first_day(project_id))


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@login_required
def progress_map(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    project = access.project
    counts = selectors.area_counts(project.id, parse_query({}, first_day=None))
    first = selectors.first_day(project.id) or timezone.localdate()
    config = {
        "tiles": reverse("maps:tile", args=[code, 0, 0, 0]).replace("/0/0/0.pbf", ""),
        "layers": reverse("maps:layers", args=[code]),
        "counts": reverse("maps:counts", args=[code]),
        "at": reverse("maps:parcel_at", args=[code]),
        "minZoom": PARCEL_MIN_ZOOM,
        "firstDay": first.isoformat(),
        "today": timezone.localdate().isoformat(),
        "stages": [
            {"value": v, "label": str(label), "rank": i, "colour": STAGE_COLOURS[v]}
            for i, (v, label) in enumerate(STAGE_CHOICES)
        ],
        "disagreeOutline": DISAGREE_OUTLINE,
        "labels": {
            "noneHere": _("No parcel here."),
            "landUsers": _("Land users"),
            "open": _("Open"),
            "parcel": _("Parcel"),
            "noLandUser": _("No land user yet"),
            "overlays": {k: str(v) for k, v in LABELS["overlay"].items()},
            "meetingKinds": {k: str(v) for k, v in LABELS["meeting_kind"].items()},
            "meeting": _("Meeting"),
        },
    }
    context = {
        "access": access,
        "project": project,
        "config": config,
        "totals": selectors.totals(counts),
        "stages": STAGE_CHOICES,
        "opinions": OPINION_CHOICES,
        "groups": LAND_GROUP_CHOICES,
        "overlays": choices("overlay"),
        "areas": project.areas.all(),
        "communes": project.communes.order_by("code"),
    }
    return render(request, "maps/progress_map.html", context)


@login_required
def tile(request, code, z, x, y):
    access = access_tiles(request.user, code)
    try:
        t = Tile.checked(z, x, y)
        query = _query(request, access.project_id)
    except TileOutOfRange:
        return HttpResponseBadRequest(_("This tile is outside the map grid."))
    except BadMapQuery as exc:
        return HttpResponseBadRequest(str(exc))
    if z < PARCEL_MIN_ZOOM:
        data, hit = b"", False  # below the parcel zoom the map shows areas, not parcels
    else:
        data, hit = selectors.cached_parcel_tile(
            access.project_id, t, query, version=access.version
        )
    response = HttpResponse(data, content_type=MVT_CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=60"
    response["X-Tile-Cache"] = "hit" if hit else "miss"
    return response


@login_required
def counts(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    try:
        query = _query(request, access.project.id)
    except BadMapQuery as exc:
        return _bad(str(exc))
    per_area = selectors.area_counts(access.project.id, query)
    return JsonResponse(
        {"totals": selectors.totals(per_area), "areas": {str(k): v for k, v in per_area.items()}}
    )


@login_required
def layers(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    try:
        query = _query(request, access.project.id)
        bbox = parse_bbox(request.GET["bbox"]) if request.GET.get("bbox") else None
    except BadMapQuery as exc:
        return _bad(str(exc))
    names = access.can(Can.READ_PERSONAL)
    return JsonResponse(selectors.layers(access.project.id, query, bbox, names=names))


@login_required
def parcel_at(request, code):
    access = access_project(request.user, code, Can.READ_PROGRESS)
    try:
        lat, lng = _point_from(request)
        query = _query(request, access.project.id)
    except (KeyError, ValueError):
        return _bad(_("Give a point as lat and lng in degrees."))
    except BadMapQuery as exc:
        return _bad(str(exc))
    parcel = selectors.parcel_at(access.project.id, lat=lat, lng=lng)
    if parcel is None:
        return JsonResponse({"error": _("No parcel here.")}, status=404)
    return JsonResponse(_parcel_json(access, parcel, query.day))


def _parcel_json(access, parcel, day) -> dict:
    names = access.can(Can.READ_PERSONAL)
    holders = list(selectors.parcel_holders(parcel))
    states = {}
    if day is not None:
        spans = (
            StageInterval.objects.filter(
                case__land_user__in=[h.land_user_id for h in holders], valid_from__lte=day
            )
            .exclude(valid_to__lte=day)
            .values("case__land_user_id", "stage", "opinion", "overlays")
        )
        states = {s["case__land_user_id"]: s for s in spans}
    stage_labels, opinion_labels = dict(STAGE_CHOICES), dict(OPINION_CHOICES)
    users = []
    for h in holders:
        lu = h.land_user
        case = getattr(lu, "case", None)
        state = (
            states.get(lu.id)
            if day is not None
            else (
                {"stage": case.stage, "opinion": case.opinion, "overlays": case.overlays}
                if case
                else None
            )
        )
        state = state or {"stage": "identified", "opinion": "", "overlays": []}
        users.append(
            {
                "id": lu.id,
                "name": lu.name if names else f"{lu.get_kind_display()} #{lu.id}",
                "stage": state["stage"],
                "stage_label": str(stage_labels[state["stage"]]),
                "opinion": str(opinion_labels.get(state["opinion"], "")),
                "overlays": state["overlays"],
                "url": reverse("consultations:case", args=[access.project.code, lu.id]),
            }
        )
    return {
        "id": parcel.id,
        "label": parcel.label,
        "url": reverse("landcases:parcel", args=[access.project.code, parcel.id]),
        "land_use": f"{parcel.land_use.code} – {parcel.land_use.name_vi}",
        "legal_area_m2": float(parcel.legal_area_m2),
        "recovered_area_m2": float(parcel.recovered_area_m2),
        "area": parcel.area.code if parcel.area else "",
        "commune": str(parcel.commune_at_survey),
        "land_users": users,
    }
