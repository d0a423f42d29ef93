"""The translated label of every code of every vocabulary (the codes: rules/vocabulary.py) and
of every event kind (rules/catalog.py). Forms, templates, filters and the map take their
choices from here; a missing or extra label fails at import."""

from django.utils.translation import gettext_lazy as _

from .rules import vocabulary as v
from .rules.catalog import EVENT_KINDS, KINDS

LABELS: dict[str, dict[str, object]] = {
    "stage": {
        "identified": _("Identified"),
        "notified": _("Notified"),
        "inventoried": _("Inventoried"),
        "plan_posted": _("Plan posted"),
        "consulted": _("Consulted"),
        "in_dialogue": _("In dialogue"),
        "approved": _("Plan approved"),
        "decided": _("Recovery decided"),
        "paid": _("Paid"),
        "handed_over": _("Handed over"),
    },
    "opinion": {
        "agree": _("Agree"),
        "disagree": _("Disagree"),
        "other": _("Other opinion"),
        "no_opinion": _("No opinion"),
    },
    "overlay": {
        "resettlement_pending": _("resettlement pending"),
        "grievance_open": _("grievance open"),
        "enforcement": _("enforcement"),
        "overdue": _("overdue"),
    },
    "recorder_role": {
        "board_staff": _("Project board"),
        "commune_official": _("Commune People's Committee"),
        "front_supervisor": _("Fatherland Front"),
        "inspection_board": _("People's Inspection Board"),
        "auditor": _("Inspectorate / audit"),
        "system": _("System"),
    },
    "delivery_method": {
        "in_person": _("Handed over in person"),
        "post": _("By post"),
        "via_commune": _("Through the commune"),
        "refused_minutes": _("Refused; refusal recorded in minutes"),
    },
    "posting_what": {
        "notice": _("Recovery notice"),
        "land_user_list": _("List of land users"),
        "land_prices": _("Land prices"),
        "asset_prices": _("Asset unit prices"),
        "resettlement_plan": _("Resettlement plan"),
        "draft_plan": _("Draft compensation plan"),
        "approved_plan": _("Approved compensation plan"),
        "enforcement_decision": _("Enforcement decision"),
    },
    "posting_place": {
        "commune_office": _("Commune People's Committee office"),
        "residential_area": _("Residential area (hamlet) meeting place"),
        "other": _("Other place"),
    },
    "meeting_kind": {
        "dissemination": _("Dissemination"),
        "consultation": _("Consultation on the draft plan"),
        "dialogue": _("Dialogue"),
        "household_visit": _("Household visit"),
    },
    "official_role": {
        "commune_pc": _("Commune People's Committee"),
        "fatherland_front": _("Fatherland Front"),
        "inspection_board": _("People's Inspection Board"),
        "board": _("Compensation board"),
        "investor": _("Investor"),
        "land_office": _("Land registration office"),
        "other": _("Other"),
    },
    "signatory_role": {
        "commune_pc": _("Commune People's Committee"),
        "fatherland_front": _("Fatherland Front"),
        "household_representative": _("Household representative"),
        "board": _("Compensation board"),
        "inspection_board": _("People's Inspection Board"),
    },
    "persuader": {
        "commune_pc": _("Commune People's Committee"),
        "fatherland_front": _("Fatherland Front"),
        "board": _("Compensation board"),
    },
    "persuasion_purpose": {
        "inventory": _("To allow the inventory"),
        "handover": _("To receive payment and hand over the site"),
        "enforcement": _("Before enforcement"),
    },
    "invitation_method": {
        "in_person": _("Handed over in person"),
        "post": _("By post"),
        "loudspeaker": _("Loudspeaker announcement"),
        "phone": _("By phone"),
        "via_commune": _("Through the commune"),
    },
    "opinion_channel": {"meeting": _("At the meeting"), "written": _("In writing")},
    "authority": {
        "province_pc": _("Provincial People's Committee"),
        "district_pc": _("District People's Committee"),
        "commune_pc": _("Commune People's Committee"),
        "commune_chairman": _("Chairman of the commune People's Committee"),
        "other": _("Other authority"),
    },
    "payment_method": {"cash": _("Cash"), "bank_transfer": _("Bank transfer")},
    "custody": {"state_treasury": _("State Treasury"), "bank": _("Bank deposit account")},
    "resettlement_kind": {
        "land_plot": _("Resettlement land plot"),
        "apartment": _("Apartment"),
        "house": _("House"),
    },
    "grievance_kind": {"complaint": _("Complaint"), "petition": _("Petition")},
    "grievance_channel": {"written": _("In writing"), "verbal": _("Verbally")},
    "grievance_result": {
        "upheld": _("Upheld"),
        "rejected": _("Rejected"),
        "partly": _("Partly upheld"),
    },
    "appeal_route": {"second_time": _("Second-time complaint"), "lawsuit": _("Lawsuit")},
    "cutoff_method": {
        "posting": _("Public posting"),
        "loudspeaker": _("Loudspeaker announcement"),
        "meeting": _("At a meeting"),
        "newspaper": _("Newspaper"),
    },
    "support_measure": {
        "vocational_training": _("Vocational training"),
        "livelihood_restoration": _("Livelihood restoration"),
        "cash_allowance": _("Cash allowance"),
        "housing_priority": _("Priority in resettlement housing"),
        "health_care": _("Health care"),
        "other": _("Other measure"),
    },
    "fpic_basis": {
        "customary_land": _("Affected on customary land"),
        "relocation": _("To be relocated"),
    },
    "fpic_consent": {
        "given": _("Consent given"),
        "withheld": _("Consent withheld"),
        "pending": _("Not yet decided"),
    },
    "supervision_body": {
        "fatherland_front": _("Fatherland Front"),
        "inspection_board": _("People's Inspection Board"),
        "inspectorate": _("Inspectorate"),
    },
    "finding_kind": {
        "finding": _("Supervision finding"),
        "recommendation": _("Social-criticism recommendation"),
        "conclusion": _("Inspection conclusion"),
    },
}

KIND_LABELS: dict[str, object] = {
    "notice_issued": _("Recovery notice issued"),
    "notice_delivered": _("Notice delivered"),
    "notice_published": _("Notice published (land user unreachable)"),
    "posting_started": _("Public posting started"),
    "posting_ended": _("Public posting ended"),
    "inventory_done": _("Inventory done"),
    "inventory_refused": _("Inventory refused"),
    "persuasion": _("Persuasion"),
    "compulsory_inventory": _("Compulsory inventory decision"),
    "invitation_sent": _("Meeting invitations sent"),
    "meeting": _("Meeting"),
    "opinion": _("Opinion on the plan"),
    "dialogue_outcome": _("Dialogue outcome"),
    "minutes_signed": _("Minutes signed"),
    "signature_confirmed": _("Signature confirmed by the signatory"),
    "opinion_summary": _("Summary of opinions on the plan"),
    "plan_appraised": _("Plan appraised"),
    "plan_approved": _("Plan approved"),
    "plan_delivered": _("Approved plan delivered"),
    "recovery_decided": _("Recovery decision issued"),
    "recovery_delivered": _("Recovery decision delivered"),
    "payment": _("Payment"),
    "payment_refused": _("Payment refused"),
    "deposit": _("Deposit into custody"),
    "early_handover_agreement": _("Written agreement to hand over early"),
    "earlier_recovery_agreement": _("Written agreement to earlier recovery"),
    "handover": _("Site handover"),
    "resettlement_agreed": _("Agreement to resettlement"),
    "resettlement_allocated": _("Resettlement allocated"),
    "resettlement_handed_over": _("Resettlement handed over"),
    "grievance_received": _("Grievance received"),
    "grievance_accepted": _("Grievance accepted"),
    "grievance_refused": _("Grievance refused"),
    "grievance_settled": _("Grievance settled"),
    "grievance_appealed": _("Grievance appealed"),
    "grievance_withdrawn": _("Grievance withdrawn"),
    "enforcement_decided": _("Enforcement decision issued"),
    "enforcement_posted": _("Enforcement decision posted"),
    "enforcement_delivered": _("Enforcement decision delivered"),
    "enforcement_executed": _("Enforcement executed"),
    "census_closed": _("Census closed"),
    "cutoff_announced": _("Cut-off date announced"),
    "support_measure": _("Targeted support measure"),
    "fpic_record": _("Free, prior and informed consent"),
    "supervision": _("Supervision finding or recommendation"),
    "supervision_response": _("Board response to a recommendation"),
}


def choices(vocabulary: str) -> list[tuple[str, object]]:
    """(code, label) pairs in the vocabulary's own order."""
    return [(code, LABELS[vocabulary][code]) for code in v.VOCABULARIES[vocabulary]]


def label(vocabulary: str, code: str) -> object:
    return LABELS.get(vocabulary, {}).get(code, code)


KIND_CHOICES = [(kind, KIND_LABELS[kind]) for kind in EVENT_KINDS]
STAGE_CHOICES = choices("stage")
OPINION_CHOICES = choices("opinion")


def _check() -> None:
    for name, codes in v.VOCABULARIES.items():
        assert set(LABELS.get(name, {})) == set(codes), f"labels of {name} disagree with its codes"
    assert set(LABELS) == set(v.VOCABULARIES), "a label family has no vocabulary"
    assert set(KIND_LABELS) == set(EVENT_KINDS), "event kind labels disagree with the catalogue"


_check()


# The label of each detail (payload field) of the acts, by the catalogue's field name.
FIELD_LABELS: dict[str, object] = {
    "about": _("About"),
    "agree": _("Agree"),
    "allocation": _("Allocation"),
    "amount": _("Amount (VND)"),
    "area_m2": _("Area (m²)"),
    "authority": _("Authority"),
    "basis": _("Basis"),
    "body": _("Body"),
    "by": _("By"),
    "case": _("Land user"),
    "cases": _("Land users"),
    "channel": _("Channel"),
    "complex": _("Complex case"),
    "concerns": _("Concerns"),
    "confirmed": _("Confirmed by the complainant"),
    "consent": _("Consent"),
    "consultation_on": _("Consultation held on"),
    "content": _("Content"),
    "custody": _("Custody"),
    "cutoff_on": _("Cut-off date"),
    "decision": _("Decision"),
    "disagree": _("Disagree"),
    "dissent": _("Dissent recorded in the minutes"),
    "effective_on": _("Effective on"),
    "ended_on": _("Ended on"),
    "finding": _("Finding"),
    "finding_kind": _("Kind"),
    "grievance_kind": _("Kind"),
    "invitation": _("Invitation"),
    "kind": _("Kind"),
    "measure": _("Measure"),
    "meeting": _("Meeting"),
    "meeting_kind": _("Kind of meeting"),
    "method": _("Method"),
    "minutes": _("Minutes no."),
    "newspaper_issues": _("Newspaper issues"),
    "note": _("Note"),
    "notice": _("Notice"),
    "number": _("No."),
    "officials": _("Officials present"),
    "opinion": _("Opinion"),
    "opinions_received": _("Opinions received"),
    "other": _("Other opinion"),
    "participated": _("The household took part"),
    "place": _("Place"),
    "place_name": _("Place"),
    "places": _("Posted at"),
    "plan": _("Plan"),
    "planned_on": _("Planned for"),
    "plot": _("Plot / apartment"),
    "posting": _("Posting"),
    "proposed_agree": _("Agree (from the record)"),
    "proposed_disagree": _("Disagree (from the record)"),
    "proposed_other": _("Other (from the record)"),
    "purpose": _("Purpose"),
    "radio_broadcasts": _("Local radio broadcasts"),
    "radio_days": _("Broadcast over (days)"),
    "reason": _("Reason"),
    "receipt": _("Receipt no."),
    "remote": _("Remote area"),
    "resolves": _("Resolves the recommendation"),
    "result": _("Result"),
    "role": _("Role"),
    "route": _("Route"),
    "signature": _("Signature"),
    "signed": _("Signed"),
    "summary": _("Summary"),
    "taken_by": _("Taken by"),
    "what": _("What is posted"),
}


def _check_fields() -> None:
    names = {n for kind in KINDS.values() for n in kind.fields}
    assert names == set(FIELD_LABELS), f"field labels disagree: {names ^ set(FIELD_LABELS)}"


_check_fields()
