"""User-facing refusals of the register services, in one place (tests assert on these)."""

from django.utils.translation import gettext_lazy as _

GEOMETRY_INVALID = _("The shape is not valid: %(reason)s.")
GEOMETRY_NOT_POLYGON = _("A parcel or an area outline must be a polygon or a multipolygon.")
GEOMETRY_TOO_NESTED = _("The shape is nested too deeply to be a polygon. Give WKT or GeoJSON.")
COORDINATES_NOT_FINITE = _("The shape has coordinates that are not numbers (NaN or infinite).")
# GEOS's reasons for invalidity (geom.valid_reason), shown in the user's language.
GEOS_REASONS = {
    "Self-intersection": _("its edges cross each other"),
    "Ring Self-intersection": _("a ring touches itself"),
    "Too few points in geometry component": _("a ring has too few distinct points"),
    "Invalid Coordinate": _("a coordinate is not a number"),
    "Hole lies outside shell": _("a hole lies outside its polygon"),
    "Nested shells": _("one polygon lies inside another"),
    "Interior is disconnected": _("a hole cuts the polygon in two"),
    "Duplicate Rings": _("a ring is repeated"),
    "Nested holes": _("one hole lies inside another"),
    "Ring is not closed": _("a ring is not closed"),
}
GEOMETRY_TOO_COMPLEX = _("The geometry has %(count)s vertices; at most %(limit)s are accepted.")
GEOMETRY_UNREADABLE = _("The geometry could not be read. Give WKT or GeoJSON.")
CRS_NOT_ACCEPTED = _(
    "Coordinates in EPSG:%(srid)s are not accepted. Use EPSG:4326 (WGS 84) or a VN-2000 zone "
    "(EPSG:5896–5899, 9205–9218)."
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
REASON_TOO_LONG = _("Keep the reason to %(limit)s characters; the documents can hold the rest.")
HIDDEN_CHARACTERS_IN_CODE = _(
    "This number or code contains hidden characters (control, zero-width or direction marks). "
    "Type it again from the document."
)
NON_ASCII_DIGITS = _("Write the digits as 0–9 (not full-width or Arabic-Indic digits).")
PHONE_FORMAT = _("A phone number has 8 to 15 digits 0–9, with only spaces, +, -, . or ( ).")
CHOICE_UNKNOWN = _("Choose one of the values offered.")
DATE_TOO_EARLY = _(
    "The date %(date)s is too far in the past (the earliest accepted is %(earliest)s)."
)
DATE_IN_FUTURE = _("The date %(date)s is in the future.")
NOT_A_PROVINCE = _("Choose a province.")
PROJECT_CODE_TAKEN = _("Another project already has this code.")
PROJECT_CODE_RESERVED = _("This code is reserved by the application: choose another.")
NOT_ALL_COMMUNES = _("Only communes can be communes of a project.")
COMMUNE_IN_USE = _(
    "Commune %(codes)s cannot be removed: parcels, areas or commune officials of this project "
    "refer to it."
)
COMMUNES_UNKNOWN = _("No commune has the code %(codes)s.")
COMMUNE_NOT_OF_PROJECT = _("This commune is not one of the project's communes.")
KM_NEGATIVE = _("A chainage (Km) cannot be negative.")
KM_RANGE = _("The area must end at or after the Km where it starts.")
AREA_OUTSIDE_PROJECT = _("The area's outline lies outside the project's recovery boundary.")
AREA_CODE_TAKEN = _("Another area of this project already has this code.")
PLAN_FIRST_IS_DRAFT = _(
    "A plan number starts with a draft; a revised or supplementary version follows one."
)
PLAN_NUMBER_EXISTS = _(
    "Plan %(number)s already exists: record a revised or supplementary version of it."
)
MEMBERSHIP_COMMUNE_REQUIRED = _("A commune official must be given the commune they act for.")
MEMBERSHIP_COMMUNE_ONLY_OFFICIALS = _("Only a commune official is tied to a commune.")
MEMBERSHIP_EXISTS = _("This user already has a role in this project.")
MEMBERSHIP_LAST_BOARD = _(
    "This is the project's last board-staff member: give another user that role first."
)
USER_UNKNOWN = _("No active user has this username.")
DATE_BEFORE_EARLIEST = _("%(date)s is before the project's earliest date of acts (%(earliest)s).")

# Plans and their lines
PLAN_FROZEN = _(
    "This plan version is approved: its lines never change. Make a revised or supplementary "
    "version instead."
)
PLAN_LINE_DUPLICATE = _("Land user #%(id)s has two lines in this plan version: keep one.")
PLAN_LINE_OTHER_PROJECT = _("Land user #%(id)s is not a land user of this project.")
ITEM_CATEGORY_UNKNOWN = _("“%(value)s” is not a kind of entitlement.")
SUPPORT_ITEM_UNKNOWN = _("“%(value)s” is not a support item.")
AMOUNT_OUT_OF_RANGE = _("An amount is a whole number of đồng from 0 to 10,000 billion.")
AMOUNT_NOT_QUANTITY_TIMES_PRICE = _(
    "The amount is not the quantity times the unit price (%(expected)s đồng)."
)

# A plan version's workbook (plan_xlsx.py), row by row
XLSX_LOOKUP_UNKNOWN = _("No land user of this project has the lookup code “%(code)s”.")
XLSX_HOUSEHOLD_TWICE = _("This household already has a row (row %(row)s): one row per household.")
XLSX_NAME_MISMATCH = _(
    "The name “%(given)s” does not match the register's “%(name)s”: check the lookup code."
)
XLSX_ITEM_NO_HOUSEHOLD = _("The lookup code “%(code)s” has no row in the sheet “%(sheet)s”.")
XLSX_NET_MISMATCH = _(
    "The net %(given)s đồng is not the entitlements minus the deductions (%(net)s đồng)."
)
JOB_NOT_QUEUED = _("The worker could not be reached: nothing was written. Send the file again.")
COMMAND_NO_USER = _("No user “%(name)s”.")
COMMAND_NO_PROJECT = _("No project has the code “%(code)s”.")
COMMAND_USER_MAY_NOT_EDIT = _(
    "The user “%(name)s” may not edit the registers of the project “%(code)s”: not an active "
    "member of it, or a role without that right."
)
JOB_FAILED = _("The work stopped on an error: nothing was written. Send the file again.")

# The land users' workbook (land_user_xlsx.py), row by row
XLSX_LU_KEY_CONFLICT = _(
    "Row %(row)s gives land user “%(key)s” other details (%(columns)s): the same key is the "
    "same land user, give its details once or identically."
)
XLSX_LU_CITIZEN_ID = _(
    "Citizen ID (CCCD): “%(value)s” is not 12 digits (typed as a number, it loses its leading "
    "zeros: format the column as text)."
)
XLSX_LU_CITIZEN_ID_MASKED = _(
    "Citizen ID (CCCD): “%(value)s” is masked as the error sheet shows it: copy the full 12 "
    "digits back from your list (formatted as text)."
)
XLSX_LU_CITIZEN_ID_TWICE = _(
    "Citizen ID (CCCD) %(value)s is already given to land user “%(key)s” (row %(row)s)."
)
XLSX_LU_CITIZEN_ID_REGISTERED = _(
    "Citizen ID (CCCD) %(value)s is already registered in this project: a land user is "
    "imported once; correct the one registered on its page."
)
XLSX_LU_MEMBERS = _("Household members: “%(value)s” is not a number from 0 to 32767.")
XLSX_LU_PARCEL_HALF = _("Give both the map sheet no. and the parcel no. of the parcel held.")
XLSX_LU_HOLDING_FIELDS = _("A parcel held needs its tenure and its affected area.")
XLSX_LU_PARCEL_UNKNOWN = _("Parcel %(parcel)s is not in this project.")
XLSX_LU_PARCEL_AMBIGUOUS = _(
    "Parcel %(parcel)s is in several communes or map kinds of this project: give the commune "
    "code and the map kind."
)
XLSX_LU_HOLDING_TWICE = _("Land user “%(key)s” already holds parcel %(parcel)s (row %(row)s).")
XLSX_LU_REGISTER_CHANGED = _(
    "The register changed while the file was checked (%(what)s): nothing was written. "
    "Send the file again."
)
XLSX_LU_CHANGED_PARCELS = _("a parcel of the file was removed")
XLSX_LU_CHANGED_SHARES = _("holdings were added to its parcels")
XLSX_LU_CHANGED_CITIZEN_IDS = _("a citizen ID of the file was registered")
UPLOAD_TOO_LARGE = _("The file is %(mb)s MB; at most %(limit)s MB.")
