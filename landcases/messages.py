"""User-facing refusals of the register services, in one place (tests assert on these)."""

from django.utils.translation import gettext_lazy as _

GEOMETRY_INVALID = _("The parcel geometry is not valid: %(reason)s.")
GEOMETRY_NOT_POLYGON = _("A parcel must be a polygon or a multipolygon.")
GEOMETRY_TOO_COMPLEX = _("The geometry has %(count)s vertices; at most %(limit)s are accepted.")
GEOMETRY_UNREADABLE = _("The geometry could not be read. Give WKT or GeoJSON.")
CRS_NOT_ACCEPTED = _(
    "Coordinates in EPSG:%(srid)s are not accepted. Use EPSG:4326 (WGS 84) or a VN-2000 zone "
    "(EPSG:9205–9218)."
)
CRS_OUT_OF_RANGE = _("The coordinates do not fit the chosen coordinate system (EPSG:%(srid)s).")
PARCEL_OUTSIDE_PROJECT = _("The parcel lies outside the project's recovery boundary.")
PARCEL_DUPLICATE_KEY = _(
    "Parcel %(sheet)s/%(number)s (%(kind)s) of commune %(commune)s already exists in this project."
)
LAND_USE_UNKNOWN = _("“%(code)s” is not a land-use code of the national list.")
COMMUNE_NOT_VALID_AT_SURVEY = _(
    "Commune code %(code)s was not in force on the survey date %(date)s."
)
COMMUNE_NOT_A_COMMUNE = _("%(unit)s is not a commune.")
SURVEY_DATE_IN_FUTURE = _("The survey date cannot be in the future.")
AREA_OTHER_PROJECT = _("This project area belongs to another project.")
LEGAL_AREA_NOT_POSITIVE = _("The legal area must be greater than zero.")
AFFECTED_AREA_NEGATIVE = _("The affected area cannot be negative.")
AFFECTED_AREA_TOO_LARGE = _(
    "The affected area (%(affected)s m²) is larger than the parcel's legal area (%(legal)s m²)."
)
SHARE_OUT_OF_RANGE = _("A share must be more than 0 % and at most 100 %.")
SHARES_ABOVE_100 = _("The shares in parcel %(parcel)s would add up to %(total)s %%, above 100 %%.")
HOLDING_DUPLICATE = _("This land user already holds this parcel.")
HOLDING_OTHER_PROJECT = _("The land user and the parcel belong to different projects.")
CITIZEN_ID_FORMAT = _("A citizen ID (CCCD) has exactly 12 digits.")
REASON_REQUIRED = _("Say why this record is changed: the reason is kept in its history.")
NOTHING_CHANGED = _("Nothing was changed.")
