"""Reads of one meeting's record: its invitation (who was invited, and who of them came), its
outcomes (with dissent kept in the minutes), and the minutes' signatures by role and by
household, each with its confirmation by the signatory."""

from dataclasses import dataclass, field

from landcases.models import LandUser

from .models import Case, Event
from .rules.vocabulary import REQUIRED_SIGNATORIES, SIGNATORY_ROLES


def _standing():
    return Event.objects.filter(is_void=False, superseded_by__isnull=True)


def invitations_of_area(area_id: int):
    """The standing invitations of an area, the latest first (the meeting screen's choices)."""
    return _standing().filter(area_id=area_id, kind="invitation_sent").order_by("-happened_on")


@dataclass
class MeetingRecord:
    meeting: Event
    invitation: Event | None = None
    outcomes: dict[int, Event] = field(default_factory=dict)  # case → opinion / dialogue result
    signatures: list[Event] = field(default_factory=list)  # standing, each with .confirmation
    names: dict[int, tuple[int, str]] = field(default_factory=dict)  # case → (land user, name)

    @property
    def attended(self) -> list[int]:
        return list(self.meeting.payload.get("cases", []))

    @property
    def invited(self) -> list[int]:
        return list(self.invitation.payload.get("cases", [])) if self.invitation else []

    @property
    def invited_absent(self) -> list[int]:
        came = set(self.attended)
        return [c for c in self.invited if c not in came]

    @property
    def came_uninvited(self) -> list[int]:
        if self.invitation is None:
            return []
        asked = set(self.invited)
        return [c for c in self.attended if c not in asked]

    @property
    def households_signed(self) -> set[int]:
        return {s.payload["case"] for s in self.signatures if s.payload.get("case")}

    @property
    def roles_signed(self) -> list[str]:
        """The roles that signed, in the vocabulary's order."""
        signed = {s.payload["role"] for s in self.signatures}
        return [r for r in SIGNATORY_ROLES if r in signed]

    @property
    def missing_roles(self) -> list[str]:
        return [r for r in REQUIRED_SIGNATORIES if r not in self.roles_signed]

    def attendee_rows(self) -> list[dict]:
        """One row per attending household: who, invited, outcome, dissent, signed."""
        invited, signed = set(self.invited), self.households_signed
        rows = []
        for case_id in self.attended:
            land_user, name = self.names.get(case_id, (0, ""))
            outcome = self.outcomes.get(case_id)
            rows.append(
                {
                    "land_user": land_user,
                    "name": name,
                    "invited": case_id in invited if self.invitation else None,
                    "opinion": outcome.payload.get("opinion", "") if outcome else "",
                    "dissent": bool(outcome and outcome.payload.get("dissent")),
                    "signed": case_id in signed,
                }
            )
        return rows

    def who(self, case_ids) -> list[tuple[int, str]]:
        return [self.names.get(c, (0, "")) for c in case_ids]


def meeting_record_of(meeting: Event) -> MeetingRecord:
    """One meeting's record, in a fixed number of queries whatever its size."""
    root = meeting.root_id
    invitation = None
    if meeting.payload.get("invitation"):
        invitation = (
            _standing().filter(root_id=meeting.payload["invitation"]).order_by("-id").first()
        )
    follows = list(
        _standing()
        .filter(
            project_id=meeting.project_id,
            kind__in=("opinion", "dialogue_outcome", "minutes_signed"),
            payload__meeting=root,
        )
        .order_by("happened_on", "id")
    )
    signatures = [e for e in follows if e.kind == "minutes_signed"]
    confirmations = {
        e.payload["signature"]: e
        for e in _standing().filter(
            kind="signature_confirmed",
            payload__signature__in=[s.root_id for s in signatures] or [0],
        )
    }
    for s in signatures:
        s.confirmation = confirmations.get(s.root_id)  # type: ignore[attr-defined]
    record = MeetingRecord(
        meeting,
        invitation,
        outcomes={e.case_id: e for e in follows if e.case_id},
        signatures=signatures,
    )
    cases = set(record.attended) | set(record.invited) | record.households_signed
    land_users = dict(Case.objects.filter(pk__in=cases).values_list("pk", "land_user_id"))
    names = dict(LandUser.objects.filter(pk__in=land_users.values()).values_list("pk", "name"))
    record.names = {c: (lu, names.get(lu, "")) for c, lu in land_users.items()}
    return record
