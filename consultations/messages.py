"""User-facing refusals and warnings of the case record, in one place."""

from django.utils.translation import gettext_lazy as _

DATE_IN_FUTURE = _("%(date)s is in the future: record an act once it has happened.")
DATE_REQUIRED = _("Give the date on which it happened.")
UNKNOWN_CHOICE = _("“%(value)s” is not one of the choices.")
SUBJECT_OTHER_PROJECT = _("This subject belongs to another project.")
CORRECTION_OTHER_PROJECT = _("A correction must concern an event of the same project.")
CORRECTION_OTHER_KIND = _("A correction must be of the same kind and subject as what it corrects.")
CORRECTION_NOT_LATEST = _("This event was already corrected: correct its latest version.")
CORRECTION_OF_VOID = _("This event was voided: record the act again instead of correcting it.")
CORRECTION_REASON_REQUIRED = _("Say why the event is corrected or voided.")
EVIDENCE_TYPE = _("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content).")
EVIDENCE_TOO_LARGE = _("“%(name)s” is %(size)s MB; at most %(limit)s MB per file.")
EVIDENCE_EMPTY = _("“%(name)s” is empty.")
MEETING_PLACE_REQUIRED = _("Give the place of the meeting (click it on the map).")
MEETING_OUTSIDE_AREA = _(
    "Land user #%(id)s does not hold land in this meeting's area: pick attendees from the area."
)
OUTCOME_NOT_ATTENDING = _("An outcome was given for land user #%(id)s, who is not an attendee.")
NO_ATTENDEES = _("Pick at least one attending land user.")
POSTING_END_BEFORE_START = _("The posting cannot end before it started (%(start)s).")
FRONT_ONLY_SUPERVISION = _("The Fatherland Front records supervision findings only.")
COMMUNE_OUT_OF_SCOPE = _("Commune officials record acts of their own commune only.")

# Warnings: the act is recorded (the audit must see it), the user is told.
WARN_FRONT_ABSENT = _("No Fatherland Front representative attended (DEM-FRONT-PRESENT).")
WARN_MINUTES_UNSIGNED = _("The minutes lack the signature of: %(missing)s (MINUTES-SIGNED).")
WARN_POSTING_SHORT = _(
    "The draft plan was posted %(days)s days before this meeting; the law asks for %(need)s "
    "(PLAN-POSTING)."
)
WARN_NO_POSTING = _("No posting of the draft plan is recorded for this area (PLAN-POSTING).")
WARN_PERSUASION_SHORT = _(
    "Compulsory inventory %(days)s days after persuasion began; the law asks for at least "
    "%(need)s (INVENTORY-PERSUASION)."
)
WARN_NOTICE_NOT_ISSUED = _("No notice of this area is recorded as issued before this delivery.")


def warn(code: str, **params) -> dict:
    """A warning as stored with its event: the message's name and its values, so that each
    reader sees it in their own language."""
    assert code.startswith("WARN_") and code in globals(), code
    return {"code": code, "params": params}


def warning_text(warning) -> str:
    """The stored warning in the active language (plain text of older rows as it was)."""
    if isinstance(warning, str):
        return warning
    message = globals().get(warning.get("code", ""))
    if message is None:
        return str(warning)
    params = warning.get("params") or {}
    return str(message) % params if params else str(message)
