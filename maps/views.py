from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .spike import spike_polygon_at, spike_tile
from .tiles import Tile, TileOutOfRange

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"


def _point_from(request) -> tuple[float, float]:
    lat = float(request.GET["lat"])
    lng = float(request.GET["lng"])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError
    return lat, lng


@login_required
def spike_page(request):
    return render(request, "maps/spike.html")


@login_required
def spike_tile_view(request, z: int, x: int, y: int):
    try:
        tile = Tile.checked(z, x, y)
    except TileOutOfRange:
        return HttpResponseBadRequest(_("This tile is outside the map grid."))
    return HttpResponse(spike_tile(tile), content_type=MVT_CONTENT_TYPE)


@login_required
def spike_at(request):
    try:
        lat, lng = _point_from(request)
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Give a point as lat and lng in degrees.")}, status=400)
    found = spike_polygon_at(lat=lat, lng=lng)
    if found is None:
        return JsonResponse({"error": _("No polygon at this point.")}, status=404)
    return JsonResponse(found)
