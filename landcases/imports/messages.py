"""User-facing refusals and reports of the import building blocks, in one place (tests assert
on these)."""

from django.utils.translation import gettext_lazy as _

# Legacy text
ENCODING_LABELS = {
    "ascii": _("plain ASCII (no accents)"),
    "utf-8": _("Unicode (UTF-8)"),
    "tcvn3": _("TCVN3 (ABC, .VnTime fonts)"),
    "vni": _("VNI (VNI-Times fonts)"),
    "unknown": _("unknown"),
}
ENCODING_NOT_OFFERED = _("“%(name)s” is not an encoding offered: choose one of %(choices)s.")
ENCODING_NOTHING_TO_READ = _("No text values to read: nothing to detect.")
ENCODING_ONLY_ASCII = _("Only plain ASCII characters: there are no accents to decode.")
ENCODING_EVIDENCE = _(
    "%(good)s of %(seen)s words with accents read as Vietnamese in %(encoding)s, e.g. %(examples)s."
)
ENCODING_NO_READING = _(
    "No encoding offered reads these values as Vietnamese words (e.g. %(examples)s): choose "
    "the encoding the file was written in."
)
NOT_IN_ENCODING = _(
    "The value “%(value)s” cannot be read as %(encoding)s: choose the encoding the file was "
    "written in."
)

# Archives
FILE_TOO_LARGE = _("The file is %(size)s MB; at most %(limit)s MB are accepted.")
NOT_A_ZIP = _("This is not a zip archive (or it is damaged).")
ARCHIVE_TOO_MANY_MEMBERS = _("The archive holds %(count)s files; at most %(limit)s are accepted.")
ARCHIVE_UNSAFE_PATH = _(
    "The archive member “%(name)s” points outside the archive (an absolute path, a drive "
    "letter or “..”): refused."
)
ARCHIVE_SYMLINK = _("The archive member “%(name)s” is a symbolic link: refused.")
ARCHIVE_ENCRYPTED = _(
    "The archive member “%(name)s” is protected by a password: send it without one."
)
ARCHIVE_TOO_LARGE_UNPACKED = _(
    "The archive unpacks to %(size)s MB; at most %(limit)s MB are accepted."
)
ARCHIVE_MEMBER_TOO_LARGE = _(
    "The archive member “%(name)s” unpacks to %(size)s MB; at most %(limit)s MB are accepted."
)
ARCHIVE_BOMB = _(
    "The archive member “%(name)s” unpacks to %(ratio)s times its packed size (at most "
    "%(limit)s): refused as a zip bomb."
)
ARCHIVE_BOMB_TOTAL = _(
    "The archive unpacks to %(ratio)s times its packed size (at most %(limit)s): refused as a "
    "zip bomb."
)
ARCHIVE_LIED = _("The archive member “%(name)s” unpacks to more than it declares: refused.")
ARCHIVE_DAMAGED = _("The archive member “%(name)s” is damaged and cannot be unpacked.")
ARCHIVE_NESTED_TOO_DEEP = _(
    "The archive holds an archive inside an archive (“%(name)s”): at most one level is read."
)
ARCHIVE_ONLY_ARCHIVES = _(
    "The archive holds only other archives (%(names)s): send one zip with the layer's files."
)
ARCHIVE_NO_DATASET = _(
    "The archive holds no layer that can be read: a Shapefile (.shp with its .shx and .dbf), "
    "a GeoPackage, GeoJSON, KML, DXF or DGN file."
)
ARCHIVE_SEVERAL_DATASETS = _("The archive holds several layers (%(names)s): choose one.")
ARCHIVE_NO_SUCH_DATASET = _("The archive has no layer “%(name)s”.")
SHAPEFILE_INCOMPLETE = _(
    "The Shapefile “%(name)s” lacks its %(missing)s file: a Shapefile is sent with its "
    ".shx and .dbf (and .prj) files."
)

# VN-2000 and the source coordinate system
PRJ_EMPTY = _("The .prj file is empty: choose the VN-2000 zone by province.")
PRJ_UNREADABLE = _(
    "The .prj file cannot be read as a coordinate system: choose the VN-2000 zone by province."
)
PRJ_BY_AUTHORITY = _("The coordinate system is %(name)s (EPSG:%(epsg)s).")
PRJ_BY_PARAMETERS = _(
    "The .prj names no EPSG code; its projection (central meridian %(meridian)s°, scale "
    "%(scale)s, false easting %(easting)s m) is %(name)s (EPSG:%(epsg)s)."
)
PRJ_WGS84_DATUM = _(
    "The .prj names the WGS 84 datum with the projection of %(name)s: VN-2000 (EPSG:%(epsg)s) "
    "is assumed. Check a known point before importing."
)
PRJ_NOT_RECOGNISED = _(
    "The .prj describes “%(name)s”, which is not a VN-2000 zone: choose the zone by province."
)
PROVINCE_UNKNOWN = _("“%(name)s” is not a province of Vietnam known here.")
METRES_AS_DEGREES = _(
    "The coordinates reach %(value)s, far beyond ±180/±90: they look like metres in a layer "
    "labelled in degrees (%(name)s)."
)
DEGREES_AS_METRES = _(
    "All coordinates lie within ±180/±90: they look like degrees in a layer labelled in "
    "metres (%(name)s)."
)
OUTSIDE_VIETNAM = _(
    "Read in %(name)s, the layer falls outside Vietnam (around %(lon)s°E, %(lat)s°N): the "
    "coordinate system is not the right one."
)
OUTSIDE_ZONE = _(
    "Read in %(name)s, the layer lies outside the area of that zone (%(area)s): check the "
    "zone (is it another province's?)."
)
COORDINATES_NOT_NUMBERS = _("The layer's extent has coordinates that are not numbers.")

# Reading a layer
KML_DOCTYPE = _(
    "The KML file declares a DOCTYPE or XML entities, which a map layer never needs (and XML "
    "entity bombs use): refused. Save it again from the GIS without them."
)
FILE_KIND_UNKNOWN = _(
    "“%(name)s” is not a kind of file read here: send a zipped Shapefile, a GeoPackage, "
    "GeoJSON, KML, DXF or DGN (v7) file."
)
SEVERAL_LAYERS = _("The file holds several layers (%(names)s): choose one.")
NO_SUCH_LAYER = _("The file has no layer “%(name)s”.")
LAYER_UNREADABLE = _("The layer cannot be read (%(error)s).")
FILE_NOT_OF_ITS_KIND = _(
    "The file's content is not that of a %(kind)s file: it was not opened. Export the layer "
    "again from the GIS software it came from."
)
TEXT_NOT_UTF8 = _(
    "The layer's text is not UTF-8, which this format requires (perhaps TCVN3 or VNI text "
    "copied from a Shapefile): convert it to Unicode, or import the Shapefile itself."
)

# The import of a layer
LAYER_EMPTY = _("The layer “%(name)s” has no features: there is nothing to import.")
DGN_V8 = _(
    "This is a DGN of MicroStation V8, which GDAL cannot read. Save it as V7 (MicroStation: "
    "File › Save As, type V7 DGN) or export it to a Shapefile (MicroStation, Famis or QGIS with "
    "the V8 plug-in), then send that file."
)
TEXT_LEGACY_IN_UTF8 = _(
    "The format requires UTF-8, but its text is %(encoding)s: it was read as such and stored in "
    "Unicode."
)
NOTHING_ACCEPTED = _("No feature of the file can be imported: the report says why for each.")
IMPORT_ABANDONED = _(
    "The import stopped with its worker (a restart or a crash); nothing was written. Send the "
    "file again."
)
CHANGED_SINCE_CHECK = _(
    "The register changed since the check: the outcome below is not the one you checked, and "
    "nothing was written. Read it again, then accept or cancel."
)
IMPORT_NOT_IN_SETUP = _("This import cannot be set up now: it is “%(status)s”.")
IMPORT_NOT_CHECKED = _("Only a checked import can be accepted: this one is “%(status)s”.")
IMPORT_NOT_CANCELLABLE = _("This import cannot be cancelled: it is “%(status)s”.")
IMPORT_EXPIRED = _(
    "Cancelled: it was left undecided for a day, and its file was deleted. Send the file again."
)
LAYER_NOT_POLYGONS = _(
    "The layer “%(name)s” holds %(kind)s, not polygons: parcels are polygons. Choose the "
    "parcels' layer."
)
CRS_MISSING = _(
    "The layer has no coordinate system (no .prj): choose its VN-2000 zone (by province)."
)
CRS_UNREADABLE = _(
    "The layer's coordinate system (“%(text)s”) cannot be read: choose its VN-2000 zone (by "
    "province)."
)
CRS_NOT_RECOGNISED_CHOOSE = _("%(note)s Choose the layer's VN-2000 zone.")
FIELD_NOT_MAPPED = _("No source field is given for the parcel field “%(field)s”.")
FIELD_NOT_IN_LAYER = _("The layer has no field “%(name)s” (mapped to “%(field)s”).")
VALUE_MISSING = _("The %(field)s is empty.")
COMMUNE_UNKNOWN = _("“%(code)s” is not the code of a commune in force on the survey date.")
MAP_KIND_UNKNOWN = _("“%(value)s” is not a map kind (cadastral or extract).")
AREA_NOT_A_NUMBER = _("The legal area “%(value)s” is not a number.")
KEY_REPEATED = _("The parcel %(key)s appears %(count)s times in the file (rows %(rows)s).")
GEOMETRY_EMPTY = _("The feature has no geometry.")
GEOMETRY_KIND = _("The geometry is a %(kind)s, not a polygon.")
REPAIRED = _("Repaired with ST_MakeValid (it was not valid: %(reason)s).")
REPAIR_FAILED = _("Not valid (%(reason)s), and the repair left no polygon.")
AREA_DISCREPANCY = _(
    "The geometric area (%(geometric)s m²) differs from the legal area (%(legal)s m²) by "
    "%(pct)s %% (tolerance %(tolerance)s %%)."
)
OVERLAPS_FEATURE = _(
    "The shape overlaps that of row %(row)s of the file (parcel %(key)s) by %(area)s m²."
)
OVERLAPS_PARCEL = _("The shape overlaps the register's parcel %(key)s by %(area)s m².")
OVERLAPS_IN_ALL = _("It overlaps %(count)s shapes in all.")
IMPORT_TIMEOUT = _(
    "Checking the layer took longer than %(seconds)s s: refused. Split the file or simplify "
    "its shapes."
)
IMPORT_REASON = _("Import of “%(name)s” (import no. %(job)s)")
