"""The map's query string: filters, the replay date, a bbox. Bad values are a 400, never a 500."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.rules.vocabulary import OPINIONS, OVERLAYS, RANK
from landcases.land_use_codes import GROUPS as LAND_GROUPS


class BadMapQuery(ValueError):
    """A user-facing message: the view answers 400 with it."""


@dataclass(frozen=True)
class MapQuery:
    day: date | None = None
    stages: tuple[int, ...] = ()
    opinion: str = ""
    area: int | None = None
    commune: int | None = None
    land_group: str = ""
    overlay: str = ""

    def cache_key(self) -> str:
        return ":".join(
            str(v)
            for v in (
                self.day or "",
                ",".join(map(str, self.stages)),
                self.opinion,
                self.area or "",
                self.commune or "",
                self.land_group,
                self.overlay,
            )
        )

    def register_filters(self) -> tuple[str, ...]:
        """The register filters set (SQL is composed with only these)."""
        used = {"area": self.area, "land_group": self.land_group, "commune": self.commune}
        return tuple(name for name, value in used.items() if value)

    def sql_params(self) -> dict:
        return {
            "day": self.day,
            "stages": list(self.stages),
            "opinion": self.opinion,
            "area": self.area,
            "commune": self.commune,
            "land_group": self.land_group,
            "overlay": self.overlay,
        }


def _int(name: str, raw: str) -> int:
    try:
        value = int(raw)
        if not 0 < value < 2**63:
            raise ValueError
        return value
    except ValueError:
        raise BadMapQuery(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": raw}
        ) from None


def _choice(name: str, raw: str, allowed) -> str:
    if raw and raw not in allowed:
        raise BadMapQuery(_("Unknown %(name)s “%(value)s”.") % {"name": name, "value": raw})
    return raw


def parse_query(params, *, first_day: Callable[[], date | None] | date | None) -> MapQuery:
    """Read and check every filter; the replay day must lie within the project's dates
    (`first_day` may be a function: it is asked only when a day is given)."""
    day = None
    if params.get("day"):
        try:
            day = date.fromisoformat(params["day"])
        except ValueError:
            raise BadMapQuery(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": params["day"]}
            ) from None
        if callable(first_day):
            first_day = first_day()
        if first_day and day < first_day:
            raise BadMapQuery(
                _("%(day)s is before the project's first recorded date, %(first)s.")
                % {"day": f"{day:%d/%m/%Y}", "first": f"{first_day:%d/%m/%Y}"}
            )
        if day > timezone.localdate():
            raise BadMapQuery(_("%(day)s is in the future.") % {"day": f"{day:%d/%m/%Y}"})
    stages = []
    for raw in params.getlist("stage") if hasattr(params, "getlist") else params.get("stage", []):
        for name in filter(None, raw.split(",")):
            if name not in RANK:
                raise BadMapQuery(_("Unknown stage “%(value)s”.") % {"value": name})
            stages.append(RANK[name])
    return MapQuery(
        day=day,
        stages=tuple(sorted(set(stages))),
        opinion=_choice(_("opinion"), params.get("opinion", ""), OPINIONS),
        area=_int("area", params["area"]) if params.get("area") else None,
        commune=_int("commune", params["commune"]) if params.get("commune") else None,
        land_group=_choice(_("land group"), params.get("group", ""), LAND_GROUPS),
        overlay=_choice(_("overlay"), params.get("overlay", ""), OVERLAYS),
    )


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """OGC order: min lon, min lat, max lon, max lat."""
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        raise BadMapQuery(
            _("bbox must be four numbers: min lon, min lat, max lon, max lat.")
        ) from None
    if not (
        -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90
    ):
        raise BadMapQuery(_("bbox lies outside the world's coordinates."))
    if west > east or south > north:
        raise BadMapQuery(_("bbox corners are swapped: give min lon, min lat, max lon, max lat."))
    return west, south, east, north
