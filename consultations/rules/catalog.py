"""The event catalogue: every kind of act the record can hold, its subject and its payload
fields with their types (pure: no Django).

The one door (consultations/services.py) refuses a kind, a subject or a payload value that
does not fit; the facts of the audit and the stage function read payloads by these names;
the scenario files of the audit use the same kinds and fields. Payloads hold ids, dates,
numbers and codes only: free text lives in an erasable row (consultations.FreeText) that the
payload names by id and SHA-256 (architecture.md, Core design 2).

Field types:
  date            an ISO date
  int             a whole number in [min, max]
  vnd             a whole amount of đồng, 1 … 10^13
  decimal         a number ≥ 0 with at most one decimal (areas in m²)
  bool            true / false
  number          a document's number or identifier ("46/TB-UBND"): ≤ 60 printable characters
  point           [longitude, latitude] in degrees
  code:V / codes:V  one / a set of the codes of vocabulary V (rules/vocabulary.py)
  ref:M / refs:M  the id / ids of a row of this project (case, area, plan, land_user, user)
  event:K|K…      the root id of an event of this project of one of the kinds K (* = any kind)
  text            free text: stored apart; the payload holds `<name>_text` (id) and
                  `<name>_sha256`
"""

from dataclasses import dataclass, field

from .vocabulary import VOCABULARIES

SUBJECT_TYPES = ("project", "area", "plan", "case", "grievance")


@dataclass(frozen=True)
class Field:
    type: str
    required: bool = False
    min: int | None = None
    max: int | None = None

    @property
    def base(self) -> str:
        return self.type.split(":", 1)[0]

    @property
    def arg(self) -> str:
        return self.type.split(":", 1)[1] if ":" in self.type else ""

    def stored_keys(self, name: str) -> tuple[str, ...]:
        """The payload keys this field is stored under."""
        return (f"{name}_text", f"{name}_sha256") if self.base == "text" else (name,)


@dataclass(frozen=True)
class Kind:
    code: str
    subjects: tuple[str, ...]
    fields: dict[str, Field] = field(default_factory=dict)
    # Who records it (the organisations whose members may; corrections stay with the one that
    # recorded it): see consultations/access.py.
    stage: str | None = None  # the stage this act moves a case to, if any (rules/stages.py)


def F(type_: str, required: bool = False, min: int | None = None, max: int | None = None):  # noqa: A002,N802
    return Field(type_, required, min, max)


_KINDS = (
    # Notices (LL2024 Art. 85, 87(1)-(2))
    Kind(
        "notice_issued",
        ("area",),
        {"number": F("number", True), "authority": F("code:authority")},
    ),
    Kind(
        "notice_delivered",
        ("case",),
        {
            "method": F("code:delivery_method", True),
            "signed": F("bool"),
            "notice": F("event:notice_issued"),
        },
        stage="notified",
    ),
    Kind(
        "notice_published",
        ("case",),
        {
            "newspaper_issues": F("int", True, 0, 99),
            "radio_broadcasts": F("int", True, 0, 99),
            "radio_days": F("int", False, 0, 99),
        },
        stage="notified",
    ),
    # Public postings (notice, lists, prices, plans, enforcement decisions)
    Kind(
        "posting_started",
        ("area",),
        {
            "what": F("code:posting_what", True),
            "places": F("codes:posting_place"),
            "place": F("text"),
            "plan": F("ref:plan"),
        },
    ),
    Kind(
        "posting_ended",
        ("area",),
        {"posting": F("event:posting_started", True), "opinions_received": F("int", False, 0)},
    ),
    # Survey, measurement, inventory (LL2024 Art. 87(2), 88)
    Kind(
        "inventory_done",
        ("case",),
        {"participated": F("bool"), "signed": F("bool")},
        stage="inventoried",
    ),
    Kind("inventory_refused", ("case",), {}),
    Kind(
        "persuasion",
        ("case",),
        {
            "ended_on": F("date"),
            "by": F("codes:persuader", True),
            "purpose": F("code:persuasion_purpose"),
            "note": F("text"),
        },
    ),
    Kind("compulsory_inventory", ("case",), {"number": F("number", True)}, stage="inventoried"),
    # Meetings, their invitations, outcomes and minutes
    Kind(
        "invitation_sent",
        ("area",),
        {
            "meeting_kind": F("code:meeting_kind", True),
            "planned_on": F("date", True),
            "method": F("code:invitation_method", True),
            "cases": F("refs:case", True),
        },
    ),
    Kind(
        "meeting",
        ("area",),
        {
            "meeting_kind": F("code:meeting_kind", True),
            "place": F("point", True),
            "place_name": F("text"),
            "officials": F("codes:official_role"),
            "cases": F("refs:case", True),
            "plan": F("ref:plan"),
            "invitation": F("event:invitation_sent"),
        },
    ),
    Kind(
        "opinion",
        ("case",),
        {
            "opinion": F("code:opinion", True),
            "channel": F("code:opinion_channel", True),
            "meeting": F("event:meeting"),
            "plan": F("ref:plan"),
            "concerns": F("text"),
            "dissent": F("bool"),
        },
        stage="consulted",
    ),
    Kind(
        "dialogue_outcome",
        ("case",),
        {
            "opinion": F("code:opinion", True),
            "meeting": F("event:meeting", True),
            "concerns": F("text"),
            "dissent": F("bool"),
        },
    ),
    Kind(
        "minutes_signed",
        ("area",),
        {
            "meeting": F("event:meeting", True),
            "role": F("code:signatory_role", True),
            "case": F("ref:case"),  # the household whose representative signed
        },
    ),
    Kind("signature_confirmed", ("area",), {"signature": F("event:minutes_signed", True)}),
    # The plan's path (LL2024 Art. 87(3)-(4))
    Kind(
        "opinion_summary",
        ("plan",),
        {
            "agree": F("int", True, 0),
            "disagree": F("int", True, 0),
            "other": F("int", True, 0),
            "proposed_agree": F("int", True, 0),
            "proposed_disagree": F("int", True, 0),
            "proposed_other": F("int", True, 0),
        },
    ),
    Kind("plan_appraised", ("plan",), {"number": F("number", True)}),
    Kind(
        "plan_approved",
        ("plan",),
        {
            "number": F("number", True),
            "effective_on": F("date", True),
            "authority": F("code:authority", True),
        },
        stage="approved",
    ),
    Kind(
        "plan_delivered",
        ("case",),
        {"plan": F("ref:plan", True), "method": F("code:delivery_method", True)},
    ),
    # Recovery decision, payment, custody, handover, resettlement (Art. 87(5), 94)
    Kind(
        "recovery_decided",
        ("case",),
        {"number": F("number", True), "authority": F("code:authority", True)},
        stage="decided",
    ),
    Kind(
        "recovery_delivered",
        ("case",),
        {"decision": F("event:recovery_decided", True), "method": F("code:delivery_method", True)},
    ),
    Kind(
        "payment",
        ("case",),
        {
            "amount": F("vnd", True),
            "receipt": F("number"),
            "method": F("code:payment_method", True),
            "plan": F("ref:plan"),
        },
    ),
    Kind("payment_refused", ("case",), {}),
    Kind(
        "deposit",
        ("case",),
        {"amount": F("vnd", True), "custody": F("code:custody", True), "number": F("number")},
    ),
    Kind("early_handover_agreement", ("case",), {}),
    Kind("earlier_recovery_agreement", ("case",), {}),
    Kind(
        "handover",
        ("case",),
        {"minutes": F("number"), "area_m2": F("decimal")},
        stage="handed_over",
    ),
    Kind(
        "resettlement_allocated",
        ("case",),
        {
            "kind": F("code:resettlement_kind", True),
            "plot": F("number", True),
            "area_m2": F("decimal"),
        },
    ),
    # The household agreed to on-site or other resettlement: a condition of the recovery
    # decision (LL2024 Art. 87(5)), read by RECOVERY-TIMING and RESETTLE-BEFORE-RECOVERY.
    Kind("resettlement_agreed", ("case",), {"kind": F("code:resettlement_kind")}),
    Kind(
        "resettlement_handed_over",
        ("case",),
        {"allocation": F("event:resettlement_allocated", True)},
    ),
    # Grievances (Law on Complaints 2011): complaints with clocks, petitions without
    Kind(
        "grievance_received",
        ("grievance",),
        {
            "grievance_kind": F("code:grievance_kind", True),
            "channel": F("code:grievance_channel", True),
            "taken_by": F("ref:user"),  # who took a verbal complaint
            "confirmed": F("bool"),  # the complainant confirmed the written-down complaint
            "about": F("event:*"),
            "cases": F("refs:case", True),
            "complex": F("bool"),
            "remote": F("bool"),
            "summary": F("text"),
        },
    ),
    Kind("grievance_accepted", ("grievance",), {}),
    Kind("grievance_refused", ("grievance",), {"reason": F("text", True)}),
    Kind(
        "grievance_settled",
        ("grievance",),
        {"result": F("code:grievance_result", True), "number": F("number", True)},
    ),
    Kind("grievance_appealed", ("grievance",), {"route": F("code:appeal_route", True)}),
    Kind("grievance_withdrawn", ("grievance",), {}),
    # Enforcement (LL2024 Art. 89); persuasion is the `persuasion` kind, purpose enforcement
    Kind(
        "enforcement_decided",
        ("case",),
        {"number": F("number", True), "authority": F("code:authority", True)},
    ),
    Kind(
        "enforcement_posted",
        ("case",),
        {"places": F("codes:posting_place", True), "place": F("text")},
    ),
    Kind(
        "enforcement_delivered",
        ("case",),
        {"method": F("code:delivery_method", True)},
    ),
    Kind("enforcement_executed", ("case",), {}),
    # Census and cut-off, targeted support, FPIC (ESS5 / ESS7)
    Kind("census_closed", ("project", "area"), {}),
    Kind(
        "cutoff_announced",
        ("project", "area"),
        {"cutoff_on": F("date", True), "method": F("code:cutoff_method", True)},
    ),
    Kind(
        "support_measure",
        ("case",),
        {"measure": F("code:support_measure", True), "note": F("text")},
    ),
    Kind(
        "fpic_record",
        ("case",),
        {
            "basis": F("code:fpic_basis", True),
            "consultation_on": F("date", True),
            "consent": F("code:fpic_consent", True),
        },
    ),
    # Supervision, social criticism and inspection, and the board's responses
    Kind(
        "supervision",
        ("project", "area"),
        {
            "body": F("code:supervision_body", True),
            "finding_kind": F("code:finding_kind", True),
            "content": F("text", True),
        },
    ),
    Kind(
        "supervision_response",
        ("project", "area"),
        {
            "finding": F("event:supervision", True),
            "content": F("text", True),
            "resolves": F("bool"),
        },
    ),
)

KINDS: dict[str, Kind] = {k.code: k for k in _KINDS}
EVENT_KINDS: tuple[str, ...] = tuple(KINDS)

ALLOWED_BASES = (
    "date",
    "int",
    "vnd",
    "decimal",
    "bool",
    "number",
    "point",
    "code",
    "codes",
    "ref",
    "refs",
    "event",
    "text",
)


def stored_keys(kind: str) -> set[str]:
    """Every payload key an event of this kind may carry."""
    return {key for name, f in KINDS[kind].fields.items() for key in f.stored_keys(name)}


def check_catalogue() -> None:
    """Every field names a known type and vocabulary; every subject is known."""
    for kind in _KINDS:
        assert set(kind.subjects) <= set(SUBJECT_TYPES), kind.code
        for name, f in kind.fields.items():
            assert f.base in ALLOWED_BASES, (kind.code, name, f.type)
            if f.base in ("code", "codes"):
                assert f.arg in VOCABULARIES, (kind.code, name, f.arg)
            if f.base == "event":
                assert all(k == "*" or k in KINDS for k in f.arg.split("|")), (kind.code, name)


check_catalogue()
