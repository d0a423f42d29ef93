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
VNI_EVIDENCE = _(
    "%(good)s of %(seen)s words with accents have the shape of %(encoding)s (a mark byte after "
    "a plain vowel), e.g. %(examples)s."
)
VNI_NOT_CONVERTED = _(
    "The text is in VNI. It cannot be converted here (no verified VNI table yet): convert the "
    "file to Unicode, e.g. with UniKey's converter, and upload it again."
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
