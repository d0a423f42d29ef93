"""The fact columns of each kind of subject: name, type, meaning, and what it is read from.

This is the contract with the SQL extraction: the same columns, the same definitions
(derive.py and derive_case.py compute them from the records).
"""

from .columns import C, Column

_D, _I, _IN, _B, _BN, _K = "date", "int", "int?", "bool", "bool?", "code"

# Facts that are sensitive personal data of a household (a vulnerability, an ethnic minority,
# customary land): a finding about a household that reads one is shown only to the roles that
# may read sensitive data (the others see its counts).
SENSITIVE_FACTS = frozenset({"vulnerable", "ethnic_minority", "customary_land"})

CASE = (
    C("id", _I, "case id", "register"),
    C("parcels", _I, "parcels the land user holds", "register: holdings"),
    C("resettlement_eligible", _B, "eligible for resettlement", "register: land user"),
    C("vulnerable", _B, "any vulnerability flag", "register: land user"),
    C("ethnic_minority", _B, "ethnic-minority land user", "register: land user"),
    C("customary_land", _B, "holds customary land", "register: land user"),
    C("notice_issued_on", _D, "first recovery notice of the case's areas", "notice_issued (area)"),
    C("notice_delivered_on", _D, "first delivery of the notice", "notice_delivered"),
    C("notice_published_on", _D, "date of the latest publication", "notice_published"),
    C("newspaper_issues", _IN, "issues of that publication", "notice_published.newspaper_issues"),
    C("radio_broadcasts", _IN, "broadcasts of it", "notice_published.radio_broadcasts"),
    C("radio_days", _IN, "days of broadcasting", "notice_published.radio_days"),
    C(
        "earlier_recovery_agreed_on",
        _D,
        "written agreement to earlier recovery",
        "earlier_recovery_agreement",
    ),
    C("inventory_done_on", _D, "first inventory", "inventory_done"),
    C(
        "inventory_participated",
        _BN,
        "the household took part in it",
        "inventory_done.participated",
    ),
    C("inventory_refused_on", _D, "first refusal of the inventory", "inventory_refused"),
    C("compulsory_inventory_on", _D, "compulsory inventory decision", "compulsory_inventory"),
    C(
        "inventory_persuasion_from",
        _D,
        "first persuasion before the decision (purpose inventory or unstated)",
        "persuasion",
    ),
    C(
        "inventory_persuasion_to",
        _D,
        "last day of that persuasion (ended_on, else its day)",
        "persuasion.ended_on",
    ),
    C("inventory_persuaded_by_commune_pc", _B, "commune PC among the persuaders", "persuasion.by"),
    C("inventory_persuaded_by_front", _B, "Fatherland Front among them", "persuasion.by"),
    C("inventory_persuaded_by_board", _B, "the board among them", "persuasion.by"),
    C("has_plan_line", _B, "a line in some plan version", "register: plan lines"),
    C(
        "plan_posted_on",
        _D,
        "first posting of a draft plan with a line for the case",
        "posting_started(what=draft_plan, plan)",
    ),
    C(
        "consultation_on",
        _D,
        "first consultation meeting with the case",
        "meeting(kind=consultation, cases)",
    ),
    C("opinion", _K, "the case's latest opinion", "opinion.opinion"),
    C("opinion_on", _D, "its date", "opinion"),
    C("dialogue_on", _D, "first dialogue meeting with the case", "meeting(kind=dialogue, cases)"),
    C("dialogue_outcome", _K, "latest dialogue outcome", "dialogue_outcome.opinion"),
    C("plan_appraised_on", _D, "first appraisal of a plan version of the case", "plan_appraised"),
    C(
        "approval_on",
        _D,
        "first approval of a plan version with a line for the case",
        "plan_approved",
    ),
    C("approval_effective_on", _D, "that approval's effective date", "plan_approved.effective_on"),
    C("approval_authority", _K, "who approved it", "plan_approved.authority"),
    C(
        "payment_clock_on",
        _D,
        "effective date of the latest approval counted in the net",
        "plan_approved.effective_on",
    ),
    C(
        "net_amount",
        _IN,
        "net of the approved versions in force (revised replaces, supplementary adds)",
        "register lines + plan_approved",
    ),
    C("paid_amount", _I, "payments plus custody deposits", "payment.amount, deposit.amount"),
    C(
        "paid_in_full_on",
        _D,
        "day payments plus deposits first covered net_amount",
        "payment, deposit",
    ),
    C(
        "plan_delivered_on",
        _D,
        "first delivery of an approved plan version of the case",
        "plan_delivered.plan",
    ),
    C("recovery_decided_on", _D, "first recovery decision", "recovery_decided"),
    C("recovery_delivered_on", _D, "first delivery of it", "recovery_delivered"),
    C(
        "early_handover_agreed_on",
        _D,
        "written agreement to hand over early",
        "early_handover_agreement",
    ),
    C("handover_on", _D, "first site handover", "handover"),
    C("resettlement_agreed_on", _D, "agreement to resettlement", "resettlement_agreed"),
    C(
        "resettlement_handed_over_on",
        _D,
        "resettlement plot or house handed over",
        "resettlement_handed_over",
    ),
    C("enforcement_decided_on", _D, "enforcement decision", "enforcement_decided"),
    C("enforcement_posted_on", _D, "its posting", "enforcement_posted"),
    C("enforcement_delivered_on", _D, "its delivery (or refusal minutes)", "enforcement_delivered"),
    C("enforcement_executed_on", _D, "enforcement carried out", "enforcement_executed"),
    C(
        "enforcement_persuaded_by_commune_pc",
        _B,
        "persuasion (purpose enforcement) by the commune PC before execution",
        "persuasion.by",
    ),
    C("enforcement_persuaded_by_front", _B, "by the Fatherland Front", "persuasion.by"),
    C("enforcement_persuaded_by_board", _B, "by the board", "persuasion.by"),
    C("support_measures", _I, "targeted-support measures recorded", "support_measure"),
    C("support_measure_on", _D, "first of them", "support_measure"),
    C("fpic_consent", _K, "consent of the latest FPIC record", "fpic_record.consent"),
    C("fpic_consent_given_on", _D, "first FPIC record with consent given", "fpic_record"),
)

PARCEL = (
    C("id", _I, "parcel id", "register"),
    C("area_id", _I, "its project area", "register"),
    C(
        "land_group",
        _K,
        "agricultural / non_agricultural / unused",
        "register: land-use code group",
    ),
    C("cases", _I, "land users holding it", "register: holdings"),
    C(
        "cases_excepted",
        _I,
        "of them, with a written agreement to earlier recovery by the first decision",
        "earlier_recovery_agreement",
    ),
    C(
        "cases_unnotified",
        _I,
        "of the others, neither delivered nor published to",
        "notice_delivered, notice_published",
    ),
    C(
        "notified_last_on",
        _D,
        "latest first-notification date among the others",
        "notice_delivered, notice_published",
    ),
    C("recovery_first_on", _D, "first recovery decision among its cases", "recovery_decided"),
    C("notice_issued_on", _D, "first notice of its area", "notice_issued"),
    C(
        "notice_last_issued_on",
        _D,
        "latest notice of its area issued by the first decision (else by D)",
        "notice_issued",
    ),
)

AREA = (
    C("id", _I, "area id", "register"),
    C("cases", _I, "land users holding a parcel in it", "register"),
    C("notice_issued_on", _D, "first recovery notice", "notice_issued"),
    C("dissemination_on", _D, "first dissemination meeting", "meeting(kind=dissemination)"),
    C(
        "notice_posted_commune_on",
        _D,
        "notice posted at the commune office",
        "posting_started(what=notice, places)",
    ),
    C(
        "notice_posted_residential_on",
        _D,
        "notice posted at the residential area",
        "posting_started(what=notice, places)",
    ),
    C(
        "list_posted_commune_on",
        _D,
        "land-user list posted at the commune office",
        "posting_started(what=land_user_list)",
    ),
    C(
        "list_posted_residential_on",
        _D,
        "land-user list posted at the residential area",
        "posting_started(what=land_user_list)",
    ),
    C(
        "notice_postings_unplaced",
        _I,
        "notice or list postings without places",
        "posting_started.places",
    ),
    C("recovery_first_on", _D, "first recovery decision among its cases", "recovery_decided"),
)

PLAN = (
    C("id", _I, "plan version id", "register"),
    C("area_id", _IN, "its area", "register"),
    C("kind", _K, "draft / revised / supplementary", "register"),
    C("cases", _I, "cases with a line", "register: lines"),
    C("notice_issued_on", _D, "first notice of its area (or its cases' areas)", "notice_issued"),
    C(
        "posting_started_on",
        _D,
        "first posting of this draft plan",
        "posting_started(what=draft_plan, plan)",
    ),
    C("posting_ended_on", _D, "end of that posting", "posting_ended.posting"),
    C("posted_commune", _B, "posted at the commune office", "posting_started.places"),
    C("posted_residential", _B, "posted at the residential area", "posting_started.places"),
    C("postings_unplaced", _I, "its postings without places", "posting_started.places"),
    C(
        "consultation_on",
        _D,
        "first consultation meeting on it",
        "meeting(kind=consultation, plan)",
    ),
    C("appraised_on", _D, "first appraisal", "plan_appraised"),
    C("approved_on", _D, "first approval", "plan_approved"),
    C("summary_on", _D, "latest opinion summary", "opinion_summary"),
    C("summary_agree", _IN, "its agree count", "opinion_summary.agree"),
    C("summary_disagree", _IN, "its disagree count", "opinion_summary.disagree"),
    C("summary_other", _IN, "its other count", "opinion_summary.other"),
    C("opinions_agree", _I, "cases with a line whose latest opinion on it is agree", "opinion"),
    C("opinions_disagree", _I, "… disagree", "opinion"),
    C("opinions_other", _I, "… other", "opinion"),
)

MEETING = (
    C("id", _I, "the meeting event's root id", "meeting"),
    C("area_id", _I, "its area", "meeting (subject)"),
    C(
        "kind",
        _K,
        "dissemination / consultation / dialogue / household_visit",
        "meeting.meeting_kind",
    ),
    C("held_on", _D, "date held", "meeting"),
    C("plan_id", _IN, "the plan version discussed", "meeting.plan"),
    C("cases", _I, "cases invited or attending", "meeting.cases"),
    C("notice_issued_on", _D, "first notice of its area", "notice_issued"),
    C("officials_recorded", _B, "the officials present were recorded", "meeting.officials"),
    C("front_present", _B, "a Fatherland Front official attended", "meeting.officials"),
    C("signed_commune_pc", _B, "minutes signed by the commune PC", "minutes_signed.role"),
    C("signed_front", _B, "signed by the Fatherland Front", "minutes_signed.role"),
    C(
        "household_signatures",
        _I,
        "household representatives who signed",
        "minutes_signed(role=household_representative)",
    ),
)

GRIEVANCE = (
    C("id", _I, "grievance id", "grievance subject"),
    C("received_on", _D, "received", "grievance_received"),
    C("grievance_kind", _K, "complaint / petition", "grievance_received.grievance_kind"),
    C("complex", _BN, "complex case", "grievance_received.complex"),
    C("remote", _BN, "remote area", "grievance_received.remote"),
    C("cases", _I, "cases it concerns", "grievance_received.cases"),
    C("accepted_on", _D, "accepted", "grievance_accepted"),
    C("refused_on", _D, "refused", "grievance_refused"),
    C("settled_on", _D, "first-time settlement", "grievance_settled"),
    C("withdrawn_on", _D, "withdrawn", "grievance_withdrawn"),
)

PROJECT = (
    C("id", _I, "project id", "register"),
    C("cases", _I, "land users in the project", "register"),
    C("resettlement_cases", _I, "of them eligible for resettlement", "register"),
    C("notice_issued_on", _D, "first recovery notice", "notice_issued"),
    C("consultation_first_on", _D, "first consultation meeting", "meeting(kind=consultation)"),
    C("land_prices_posted_on", _D, "land prices first posted", "posting_started(what=land_prices)"),
    C(
        "asset_prices_posted_on",
        _D,
        "asset unit prices first posted",
        "posting_started(what=asset_prices)",
    ),
    C(
        "resettlement_plan_posted_on",
        _D,
        "resettlement plan first posted",
        "posting_started(what=resettlement_plan)",
    ),
    C("draft_plan_posted_on", _D, "a draft plan first posted", "posting_started(what=draft_plan)"),
    C("census_closed_on", _D, "census closed", "census_closed"),
    C("cutoff_announced_on", _D, "cut-off date announced", "cutoff_announced"),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "project": PROJECT,
    "area": AREA,
    "parcel": PARCEL,
    "plan": PLAN,
    "meeting": MEETING,
    "case": CASE,
    "grievance": GRIEVANCE,
}
SUBJECTS = tuple(SCHEMAS)
