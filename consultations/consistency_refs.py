"""Acts that rest on other acts, and the voids of what they rest on: the act an act names must
stand when it is recorded, and an act cannot be voided while a standing act rests on it (the
record would tell of an end of no posting, a confirmation of no signature, a meeting of no
invitation, an enforcement of no decision, the settlement of a complaint never received).

What rests on what:
- by name: every `event:` field of the catalogue (rules/catalog.py), read from it, not listed
  here (an end names its posting, a confirmation its signature, a receipt the act complained
  of…);
- by the law's order, without a name: an enforcement act on its case's decisions
  (consistency_steps.resting_on), a grievance's later steps on its earlier ones
  (consistency_grievances.resting_on); consistency.py asks all three before a void.

The chains a batch names, voids or corrects are locked first (locks.py), so that an act naming
a chain and a void of it, recorded at once, cannot both pass.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from . import messages as msg
from .locks import lock_chains
from .models import Event
from .rules.catalog import KINDS
from .vocabulary import KIND_LABELS

# Each kind's fields that name another act, with the kinds they may name ("*": any).
NAMING: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    kind: named
    for kind, spec in KINDS.items()
    if (
        named := tuple(
            (name, tuple(f.arg.split("|"))) for name, f in spec.fields.items() if f.base == "event"
        )
    )
}
SHOWN = 5  # the acts a refusal names; the others are counted


def named_by(kind: str) -> list[tuple[str, str]]:
    """(kind, field) of the acts that may name an act of this kind."""
    return [
        (k, name)
        for k, fields in NAMING.items()
        for name, kinds in fields
        if kind in kinds or "*" in kinds
    ]


def named_version(root_id: int) -> Event:
    """The standing version of a chain an act names (`check_named` refused a voided one)."""
    return Event.objects.filter(root_id=root_id).latest("id")


class Chains:
    """What a batch's acts name and void, read once for the batch, after its chains are
    locked."""

    def __init__(self, acts, payloads: list[dict]):
        pairs = list(zip(acts, payloads, strict=True))
        self.voided = {a.supersedes.root_id for a in acts if a.is_void and a.supersedes}
        named = {
            p[name]
            for a, p in pairs
            if not a.is_void
            for name, _kinds in NAMING.get(a.kind, ())
            if p.get(name)
        }
        corrected = {a.supersedes.root_id for a in acts if a.supersedes is not None}
        lock_chains(named | corrected)
        # The standing version of each named chain (its latest row, unless that one voids it,
        # or this batch does), by its case.
        latest = (
            Event.objects.filter(root_id__in=named)
            .order_by("root_id", "-id")
            .distinct("root_id")
            .values_list("root_id", "is_void", "case_id")
        )
        self.standing: dict[int, int | None] = {
            root: case for root, void, case in latest if not void and root not in self.voided
        }
        self.naming = self._naming([a for a in acts if a.is_void and a.supersedes])

    def _naming(self, voids) -> dict[int, list[tuple[str, date]]]:
        """The standing acts (kind, day) that name each chain this batch voids, in one query
        (a meeting voided with its 600 outcomes asks once); acts voided with it left out."""
        wanted: dict[tuple[str, str], set[int]] = defaultdict(set)
        for act in voids:
            for pair in named_by(act.kind):
                wanted[pair].add(act.supersedes.root_id)
        found: dict[int, list[tuple[str, date]]] = defaultdict(list)
        if not wanted:
            return found
        query = Q()
        for (kind, field), roots in wanted.items():
            query |= Q(kind=kind, **{f"payload__{field}__in": sorted(roots)})
        rows = (
            Event.objects.filter(query, is_void=False, superseded_by__isnull=True)
            .exclude(root_id__in=self.voided)
            .values_list("kind", "happened_on", "payload")
        )
        for kind, day, payload in rows:
            for name, _kinds in NAMING[kind]:
                if payload.get(name) in self.voided:
                    found[payload[name]].append((kind, day))
        return found


def check_named(act, payload: dict, chains: Chains) -> None:
    """Every act this one names stands."""
    for name, _kinds in NAMING.get(act.kind, ()):
        if payload.get(name) and payload[name] not in chains.standing:
            raise ValidationError({name: msg.REFERENCE_VOIDED})


def refuse_void(resting: list[tuple[str, date]]) -> None:
    """A void refused, naming the standing acts (kind, day) that rest on what it voids."""
    if not resting:
        return
    resting = sorted(resting, key=lambda r: (r[1], r[0]))
    shown = [f"{KIND_LABELS[kind]} ({day:%d/%m/%Y})" for kind, day in resting[:SHOWN]]
    if len(resting) > SHOWN:
        shown.append(str(msg.AND_MORE) % {"count": len(resting) - SHOWN})
    raise ValidationError(
        msg.VOID_STILL_RESTED_ON, params={"acts": ", ".join(shown)}, code="still_rested_on"
    )
