"""Every code vocabulary of the case record, defined once (pure: no Django).

Labels (translatable) live in consultations/vocabulary.py, keyed by these codes; the models,
forms, filters, map and rules import the codes from here. A test fails if two places disagree.
"""

# A case's stage, in order (domain.md "Stage of a land user's case").
STAGES = (
    "identified",
    "notified",
    "inventoried",
    "plan_posted",
    "consulted",
    "in_dialogue",
    "approved",
    "decided",
    "paid",
    "handed_over",
)
RANK = {stage: rank for rank, stage in enumerate(STAGES)}
# The map's colour per stage: grey, then viridis (ordered, readable by colour-blind users).
STAGE_COLOURS = {
    "identified": "#d9d9d9",
    "notified": "#fde725",
    "inventoried": "#b5de2b",
    "plan_posted": "#6ece58",
    "consulted": "#35b779",
    "in_dialogue": "#1f9e89",
    "approved": "#26828e",
    "decided": "#31688e",
    "paid": "#3e4989",
    "handed_over": "#482878",
}
DISAGREE_OUTLINE = "#d7301f"

OPINIONS = ("agree", "disagree", "other", "no_opinion")
OVERLAYS = ("resettlement_pending", "grievance_open", "enforcement", "overdue")

# Who an event was recorded as (the organisation that may correct it: issue 9).
RECORDER_ROLES = (
    "board_staff",
    "commune_official",
    "front_supervisor",
    "inspection_board",
    "auditor",
    "system",
)

DELIVERY_METHODS = ("in_person", "post", "via_commune", "refused_minutes")
POSTING_WHATS = (
    "notice",
    "land_user_list",
    "land_prices",
    "asset_prices",
    "resettlement_plan",
    "draft_plan",
    "approved_plan",
    "enforcement_decision",
)
POSTING_PLACES = ("commune_office", "residential_area", "other")
MEETING_KINDS = ("dissemination", "consultation", "dialogue", "household_visit")
# The meetings at which a plan version is consulted on (LL2024 Art. 87(3)(a)): the plan's rules
# (PLAN-POSTING) read these alone; the meeting screen proposes the area's draft for these only.
PLAN_MEETING_KINDS = ("consultation",)
OFFICIAL_ROLES = (
    "commune_pc",
    "fatherland_front",
    "inspection_board",
    "board",
    "investor",
    "land_office",
    "other",
)
SIGNATORY_ROLES = (
    "commune_pc",
    "fatherland_front",
    "household_representative",
    "board",
    "inspection_board",
)
# Whose signatures MINUTES-SIGNED asks for (LL2013 Art. 69(2)).
REQUIRED_SIGNATORIES = ("commune_pc", "fatherland_front", "household_representative")
PERSUADERS = ("commune_pc", "fatherland_front", "board")
PERSUASION_PURPOSES = ("inventory", "handover", "enforcement")
INVITATION_METHODS = ("in_person", "post", "loudspeaker", "phone", "via_commune")
OPINION_CHANNELS = ("meeting", "written")

# Authorities that issue decisions: data, not code (since 1 Jul 2025 the commune level issues
# notices, approvals and recovery decisions, Decree 151/2025).
AUTHORITIES = ("province_pc", "district_pc", "commune_pc", "commune_chairman", "other")
PAYMENT_METHODS = ("cash", "bank_transfer")
CUSTODY = ("state_treasury", "bank")
RESETTLEMENT_KINDS = ("land_plot", "apartment", "house")

GRIEVANCE_KINDS = ("complaint", "petition")
GRIEVANCE_CHANNELS = ("written", "verbal")
GRIEVANCE_RESULTS = ("upheld", "rejected", "partly")
APPEAL_ROUTES = ("second_time", "lawsuit")

CUTOFF_METHODS = ("posting", "loudspeaker", "meeting", "newspaper")
SUPPORT_MEASURES = (
    "vocational_training",
    "livelihood_restoration",
    "cash_allowance",
    "housing_priority",
    "health_care",
    "other",
)
FPIC_BASES = ("customary_land", "relocation")
FPIC_CONSENT = ("given", "withheld", "pending")

SUPERVISION_BODIES = ("fatherland_front", "inspection_board", "inspectorate")
FINDING_KINDS = ("finding", "recommendation", "conclusion")

VOCABULARIES = {
    "stage": STAGES,
    "opinion": OPINIONS,
    "overlay": OVERLAYS,
    "recorder_role": RECORDER_ROLES,
    "delivery_method": DELIVERY_METHODS,
    "posting_what": POSTING_WHATS,
    "posting_place": POSTING_PLACES,
    "meeting_kind": MEETING_KINDS,
    "official_role": OFFICIAL_ROLES,
    "signatory_role": SIGNATORY_ROLES,
    "persuader": PERSUADERS,
    "persuasion_purpose": PERSUASION_PURPOSES,
    "invitation_method": INVITATION_METHODS,
    "opinion_channel": OPINION_CHANNELS,
    "authority": AUTHORITIES,
    "payment_method": PAYMENT_METHODS,
    "custody": CUSTODY,
    "resettlement_kind": RESETTLEMENT_KINDS,
    "grievance_kind": GRIEVANCE_KINDS,
    "grievance_channel": GRIEVANCE_CHANNELS,
    "grievance_result": GRIEVANCE_RESULTS,
    "appeal_route": APPEAL_ROUTES,
    "cutoff_method": CUTOFF_METHODS,
    "support_measure": SUPPORT_MEASURES,
    "fpic_basis": FPIC_BASES,
    "fpic_consent": FPIC_CONSENT,
    "supervision_body": SUPERVISION_BODIES,
    "finding_kind": FINDING_KINDS,
}
