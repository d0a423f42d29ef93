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
