"""User-facing refusals and warnings of grievances, enforcement, signatures, invitations and
the lenders' safeguards (issue 11). Imported into consultations.messages, the one place the
code reads messages from (`msg.NAME`, `msg.warn("WARN_…")`)."""

from django.utils.translation import gettext_lazy as _

# Grievances (Law on Complaints 2011): what cannot have happened as told.
GRIEVANCE_LAND_USERS_REQUIRED = _("Name at least one land user the grievance comes from.")
GRIEVANCE_LAND_USERS_UNKNOWN = _(
    "These are not land users of this project: %(values)s. Give lookup codes or #ids."
)
GRIEVANCE_ABOUT_UNKNOWN = _(
    "That act is not one of this project's standing acts or decisions: choose one from the list."
)
GRIEVANCE_TAKEN_BY_REQUIRED = _(
    "A verbal complaint is written down by whoever received it: say who took it."
)
GRIEVANCE_NOT_RECEIVED = _("This grievance's receipt is no longer on record (it was voided).")
GRIEVANCE_BEFORE_RECEIPT = _(
    "This grievance was received on %(date)s: nothing can happen to it before that day."
)
GRIEVANCE_WITHDRAWN = _(
    "This grievance was withdrawn on %(date)s: nothing more can be recorded on it."
)
GRIEVANCE_ALREADY_ANSWERED = _(
    "This grievance was already accepted or refused on %(date)s: correct that act instead."
)
GRIEVANCE_SETTLE_UNACCEPTED = _(
    "A complaint is settled once it is accepted: record its acceptance first."
)
GRIEVANCE_SETTLE_BEFORE_ACCEPTED = _(
    "The settlement cannot come before the complaint was accepted (%(date)s)."
)
GRIEVANCE_SETTLE_REFUSED = _(
    "This grievance was refused on %(date)s: a refused grievance is not settled."
)
GRIEVANCE_ALREADY_SETTLED = _(
    "This grievance is already settled (%(date)s): an appeal comes before a new settlement."
)
GRIEVANCE_PETITION_APPEALED = _(
    "A petition is answered, not appealed: record a new grievance instead."
)
GRIEVANCE_ALREADY_APPEALED = _(
    "This grievance is already under appeal (%(date)s): record that appeal's settlement first."
)

# Enforcement (LL2024 Art. 89).
ENFORCEMENT_NO_RECOVERY_DECISION = _(
    "No recovery decision of this land user is on record by %(date)s: enforcement carries out "
    "a recovery decision."
)
ENFORCEMENT_NOT_DECIDED = _(
    "No enforcement decision of this land user is on record by %(date)s: record it first."
)

# Signatures of the minutes (domain.md "Signatures").
SIGNATURES_NONE = _("Tick at least one signature.")
SIGNATURE_BEFORE_MEETING = _("Minutes cannot be signed before their meeting (%(date)s).")
SIGNATURE_ROLE_ABSENT = _(
    "%(role)s is not among the officials present at this meeting: it cannot have signed its "
    "minutes. Correct the meeting first if it was there."
)
SIGNATURE_NOT_ATTENDING = _(
    "Land user #%(id)s did not attend this meeting: their representative cannot have signed "
    "its minutes."
)
SIGNATURE_CASE_NOT_HOUSEHOLD = _("A land user is named only for a household representative.")
SIGNATURE_ALREADY = _("This signature is already on record.")
CONFIRM_OTHER_ROLE = _("You may confirm only a signature of your own body (%(role)s).")
CONFIRM_BEFORE_SIGNATURE = _("A signature cannot be confirmed before it was made (%(date)s).")
CONFIRM_ALREADY = _("This signature is already confirmed.")

# Invitations to a meeting.
INVITATION_PLANNED_BEFORE_SENT = _(
    "The meeting is planned for %(date)s, before the invitation was sent: an invitation comes "
    "before its meeting."
)
INVITATION_AFTER_MEETING = _(
    "This invitation was sent on %(sent)s, after the meeting: an invitation comes before its "
    "meeting."
)
INVITATION_OTHER_AREA = _("This invitation is for a meeting of another area.")
INVITATION_OTHER_KIND = _("This invitation is for a meeting of another kind (%(kind)s).")

# Free, prior and informed consent (ESS7).
FPIC_CONSENT_BEFORE_CONSULTATION = _(
    "Consent is given or withheld after the consultation (%(date)s), not before."
)

# Warnings: the act is recorded (the audit must see it), the user is told.
WARN_VERBAL_UNCONFIRMED = _(
    "The complainant has not confirmed the written-down verbal complaint (signature or "
    "fingerprint, Law on Complaints 2011 Art. 8)."
)
WARN_APPEAL_UNSETTLED = _(
    "No first-time settlement is on record: a second complaint or a lawsuit is open only once "
    "the time for settlement has passed (Law on Complaints 2011 Art. 7; GRV-RESOLVE)."
)
WARN_ENFORCEMENT_NO_PERSUASION = _(
    "No persuasion before enforcement by %(missing)s is on record (ENFORCEMENT-PRECONDITIONS)."
)
WARN_ENFORCEMENT_NOT_POSTED = _(
    "The enforcement decision is not on record as posted (ENFORCEMENT-PRECONDITIONS)."
)
WARN_ENFORCEMENT_NOT_DELIVERED = _(
    "The enforcement decision is not on record as delivered, nor its refusal in minutes "
    "(ENFORCEMENT-PRECONDITIONS)."
)
WARN_FPIC_NOT_CUSTOMARY = _(
    "No holding of this land user is recorded as customary land: correct the register if it "
    "is (LND-FPIC reads it)."
)
