"""User-facing refusals and warnings of the case record, in one place."""

from django.utils.translation import gettext_lazy as _

DATE_IN_FUTURE = _("%(date)s is in the future: record an act once it has happened.")
DATE_REQUIRED = _("Give the date on which it happened.")
DATE_BEFORE_PROJECT = _(
    "%(date)s is before the earliest date an act of this project can have, %(earliest)s: "
    "check the date."
)
COLLECTIVE_UNKNOWN = _(
    "These exceptions are not land users of the area: %(values)s. Give lookup codes or #ids."
)
COLLECTIVE_NOBODY = _("Nobody is left once the exceptions are taken out.")
UNKNOWN_CHOICE = _("“%(value)s” is not one of the choices.")
UNKNOWN_KIND = _("“%(value)s” is not a kind of act the record holds.")
WRONG_SUBJECT = _("An act of this kind is not about a %(subject)s.")
UNKNOWN_FIELD = _("“%(field)s” is not a detail of this act.")
FIELD_REQUIRED = _("This detail is required.")
NOT_A_NUMBER = _("Give a whole number.")
NUMBER_OUT_OF_RANGE = _("Give a whole number from %(min)s to %(max)s.")
NOT_AN_AMOUNT = _("Give an amount in đồng: a whole number above 0.")
NOT_AN_AREA = _("Give an area in m², 0 or more, with at most one decimal.")
NOT_A_DATE = _("Give a date.")
NOT_YES_NO = _("Give yes or no.")
NOT_A_POINT = _("Give a point as longitude and latitude in degrees.")
BAD_IDENTIFIER = _(
    "Give the document's number as written on it, e.g. 12/QĐ-UBND: up to 60 digits, Latin "
    "letters, Đ, / - . and spaces, with at least one digit."
)
TEXT_TOO_LONG = _("At most %(max)s characters.")
REF_NOT_FOUND = _("#%(id)s is not in this project.")
EVENT_REF_NOT_FOUND = _("Act #%(id)s is not an act of the right kind in this project.")
RECORDED_AT_REFUSED = _(
    "The time an act was recorded comes from the database clock and cannot be given."
)
SUBJECT_OTHER_PROJECT = _("This subject belongs to another project.")
NOT_A_MEMBER = _("You are not a member of this project.")
ROLE_MAY_NOT_RECORD = _("Your role in this project may not record this act.")
CORRECTION_OTHER_PROJECT = _("A correction must concern an event of the same project.")
CORRECTION_OTHER_KIND = _("A correction must be of the same kind and subject as what it corrects.")
CORRECTION_NOT_LATEST = _("This event was already corrected: correct its latest version.")
CORRECTION_OF_VOID = _("This event was voided: record the act again instead of correcting it.")
CORRECTION_REASON_REQUIRED = _("Say why the event is corrected or voided.")
CORRECTION_OTHER_ORGANISATION = _(
    "Only the organisation that recorded an act may correct or void it: this one was recorded "
    "by %(by)s."
)
CORRECTION_FOLLOWS = _(
    "This act was recorded at a meeting: correct or void the meeting, and its outcomes follow."
)
EVIDENCE_TYPE = _("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content).")
EVIDENCE_TOO_LARGE = _("“%(name)s” is %(size)s MB; at most %(limit)s MB per file.")
EVIDENCE_EMPTY = _("“%(name)s” is empty.")
MEETING_PLACE_REQUIRED = _("Give the place of the meeting (click it on the map).")
MEETING_OUTSIDE_AREA = _(
    "Land user #%(id)s does not hold land in this meeting's area: pick attendees from the area."
)
OUTCOME_NOT_ATTENDING = _("An outcome was given for land user #%(id)s, who is not an attendee.")
NO_ATTENDEES = _("Pick at least one attending land user.")
ATTENDANCE_UNREADABLE = _(
    "The list of attendees could not be read: reload the page and pick the attendees again."
)
POSTING_END_BEFORE_START = _("The posting cannot end before it started (%(start)s).")
POSTING_ALREADY_ENDED = _("The end of this posting is already recorded: correct it instead.")
REFERENCE_VOIDED = _("The act this refers to was voided.")
POSTING_OTHER_AREA = _("The end of a posting is recorded for the area where it was posted.")
START_AFTER_END = _("The posting cannot start after its recorded end (%(date)s).")
FINDING_AFTER_RESPONSE = _("The finding cannot come after a response to it (%(date)s).")
VOID_STILL_RESTED_ON = _(
    "This act cannot be voided while acts that rest on it still stand: %(acts)s. Void or "
    "correct them first."
)
AND_MORE = _("and %(count)s more")
RESPONSE_BEFORE_FINDING = _("A response cannot come before the finding it answers (%(date)s).")
ENDED_BEFORE_BEGUN = _("It cannot end before it began (%(date)s).")
EFFECTIVE_BEFORE_SIGNED = _("An approval cannot take effect before it was signed (%(date)s).")
NO_PLAN_LINE = _(
    "This land user has no line in any plan version: money is paid against a plan's net."
)
PLAN_NOT_APPROVED = _("This plan version is not approved: deliver an approved one.")
NO_LINE_IN_THIS_PLAN = _("This land user has no line in this plan version.")
NOT_IN_THIS_VERSION = _(
    "These are not households of this plan version (no line in it): %(values)s. Give lookup "
    "codes or #ids of its households."
)
EXPORT_FAILED = _("The export stopped on an error: ask for it again.")
EXPORT_NOT_QUEUED = _("The worker could not be reached: ask for the export again.")
UPLOAD_TOO_LARGE = _("The file is %(mb)s MB; at most %(limit)s MB.")
NO_DECISION_TO_DELIVER = _(
    "These households have no recovery decision on record: %(values)s. Record their decisions "
    "first, or name them as exceptions."
)
REFERENCE_OTHER_CASE = _("The act this refers to is another land user's.")
FRONT_ONLY_SUPERVISION = _("The Fatherland Front records supervision findings only.")
COMMUNE_OUT_OF_SCOPE = _("Commune officials record acts of their own commune only.")
ALREADY_RECORDED = _(
    "This form was already sent and recorded (a double click or a resend): nothing was recorded "
    "twice. Check the record before recording it again."
)
TEXT_ERASURE_REASON = _("Say why the words are erased (e.g. the household's request of …).")
TEXT_ALREADY_ERASED = _("These words were already erased.")

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
WARN_DECISION_BEFORE_APPROVAL = _(
    "No plan version listing this land user was approved and in effect by the recovery "
    "decision (PLAN-APPROVED)."
)
WARN_PAYMENT_LATE = _(
    "Paid %(days)s days after the plan's approval took effect; the law asks for %(need)s "
    "(PAYMENT-DEADLINE)."
)
WARN_HANDOVER_BEFORE_PAYMENT = _(
    "The site is handed over before the net of %(net)s đồng is paid (%(paid)s đồng paid) and no "
    "written agreement to hand over early is recorded (PAID-BEFORE-HANDOVER)."
)


# A rule of the audit that the act breaks: its code and its reason (the rule's own words).
WARN_RULE = _("%(rule)s: %(reason)s")


def warn(code: str, **params) -> dict:
    """A warning as stored with its event: the message's name and its values, so that each
    reader sees it in their own language."""
    assert code.startswith("WARN_") and code in globals(), code
    return {"code": code, "params": params}


def codes(vocabulary: str, values) -> dict:
    """A warning's value that names codes of a vocabulary: stored as codes, shown as their
    labels in the reader's language."""
    return {"vocabulary": vocabulary, "codes": list(values)}


def _param_text(value):
    if isinstance(value, dict) and "vocabulary" in value:
        from .vocabulary import label

        return ", ".join(str(label(value["vocabulary"], c)) for c in value.get("codes", ()))
    return value


# The values of stored warnings that are a household's money, shown only to roles that may read
# amounts (a warning or a stored finding must not tell what the payload hides): the audit's
# reasons (WARN_RULE) by the names of their values, older warnings by the names of their params
# (tests/consultations/test_warning_amounts.py checks every template that speaks of đồng).
AMOUNT_VALUES = frozenset({"net_amount", "paid_amount", "late_amount"})
AMOUNT_PARAMS = {"WARN_HANDOVER_BEFORE_PAYMENT": frozenset({"net", "paid"})}
MASKED = "[…]"


def without_amounts(warning: dict) -> dict:
    """The stored warning with its amounts masked."""
    code, params = warning.get("code"), warning.get("params") or {}
    if code == "WARN_RULE":
        values = {
            k: (MASKED if k in AMOUNT_VALUES else v)
            for k, v in (params.get("values") or {}).items()
        }
        return {**warning, "params": {**params, "values": values}}
    hidden = AMOUNT_PARAMS.get(str(code), frozenset())
    return {**warning, "params": {k: (MASKED if k in hidden else v) for k, v in params.items()}}


def warning_text(warning, show_amounts: bool = True) -> str:
    """The stored warning in the active language (plain text of older rows as it was)."""
    if isinstance(warning, str):
        return warning
    message = globals().get(warning.get("code", ""))
    if message is None:
        return str(warning)
    if not show_amounts:
        warning = without_amounts(warning)
    params = warning.get("params") or {}
    if warning.get("code") == "WARN_RULE":
        return str(message) % {"rule": params.get("rule"), "reason": rule_reason(params)}
    params = {k: _param_text(v) for k, v in params.items()}
    return str(message) % params if params else str(message)


class _Shown(dict):
    def __missing__(self, key):
        return "—"


def _shown_value(value):
    """A reason's value in the reader's language: a nested text (a word of the record, a
    check's name: {"template", "values"}) translated and filled, a list joined, a holiday by
    its name, None as —."""
    from django.utils.translation import gettext

    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_shown_value(v)) for v in value)
    if isinstance(value, dict) and "template" in value:
        return _filled(gettext(value["template"]), value["template"], value.get("values") or {})
    if isinstance(value, dict) and "holiday" in value:
        return value.get("name") or value["holiday"]
    return value


def _filled(translated: str, template: str, values: dict) -> str:
    shown = _Shown({k: _shown_value(v) for k, v in values.items()})
    try:
        return translated.format_map(shown)
    except (ValueError, KeyError, IndexError):  # a translation with a broken placeholder
        return template.format_map(shown)


def rule_reason(params: dict) -> str:
    """A rule's reason in the reader's language: the rule's template, translated, filled (its
    nested texts translated too)."""
    from django.utils.translation import gettext

    template = params.get("template") or params.get("key") or ""
    return _filled(gettext(template), template, params.get("values") or {})


# Grievances, enforcement, signatures, invitations and safeguards (issue 11).
from .messages_steps import *  # noqa: E402,F403
