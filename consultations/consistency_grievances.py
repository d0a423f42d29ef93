"""A grievance's acts that cannot have happened as told, refused at the door (the Law on
Complaints 2011's order of things: received, then accepted or refused, then settled; an
appeal opens a new round). What is possible but unlawful — a late acceptance, an appeal before
the time for settlement has passed — is recorded and warned about (warnings_steps.py) or
found by the audit (GRV-*).

The grievance's standing acts, with the new one in place of the version it corrects, are
walked in date order; only a problem the new act takes part in refuses it (an older record
that the walk finds odd is the audit's to report, not a reason to refuse today's act).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from . import messages as msg
from .models import Event
from .rules.stages import ORDER_IN_A_DAY

GRIEVANCE_KINDS = (
    "grievance_received",
    "grievance_accepted",
    "grievance_refused",
    "grievance_settled",
    "grievance_appealed",
    "grievance_withdrawn",
)


@dataclass(frozen=True)
class Step:
    kind: str
    day: date
    payload: dict = field(default_factory=dict, compare=False, hash=False)
    new: bool = False


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _at(message, day: date, name: str = "date") -> ValidationError:
    return ValidationError({"happened_on": ValidationError(message, params={name: _dmy(day)})})


def _problems(steps: list[Step]) -> Iterator[tuple[ValidationError, tuple[Step, ...]]]:  # noqa: C901
    ordered = sorted(steps, key=lambda s: (s.day, ORDER_IN_A_DAY[s.kind]))  # as the stages
    receipt = next((s for s in ordered if s.kind == "grievance_received"), None)
    petition = receipt is not None and receipt.payload.get("grievance_kind") == "petition"
    first_round = True
    answer: Step | None = None
    settlement: Step | None = None
    appeal: Step | None = None
    withdrawal: Step | None = None
    for i, s in enumerate(ordered):
        if s.kind == "grievance_received":
            continue
        if receipt is None:
            yield ValidationError(msg.GRIEVANCE_NOT_RECEIVED, code="not_received"), (s,)
        elif s.day < receipt.day:
            yield _at(msg.GRIEVANCE_BEFORE_RECEIPT, receipt.day), (s, receipt)
        if withdrawal is not None and s.day > withdrawal.day:
            yield _at(msg.GRIEVANCE_WITHDRAWN, withdrawal.day), (s, withdrawal)
        if s.kind in ("grievance_accepted", "grievance_refused"):
            if answer is not None:
                yield _at(msg.GRIEVANCE_ALREADY_ANSWERED, answer.day), (s, answer)
            answer = answer or s
        elif s.kind == "grievance_settled":
            if answer is not None and answer.kind == "grievance_refused":
                yield _at(msg.GRIEVANCE_SETTLE_REFUSED, answer.day), (s, answer)
            elif answer is None and first_round and not petition:
                later = next(
                    (
                        x
                        for x in ordered[i + 1 :]
                        if x.kind == "grievance_accepted" or x.kind == "grievance_appealed"
                    ),
                    None,
                )
                if later is not None and later.kind == "grievance_accepted":
                    yield _at(msg.GRIEVANCE_SETTLE_BEFORE_ACCEPTED, later.day), (s, later)
                else:
                    yield (
                        ValidationError(msg.GRIEVANCE_SETTLE_UNACCEPTED, code="unaccepted"),
                        (
                            s,
                            *((receipt,) if receipt else ()),
                        ),
                    )
            if settlement is not None:
                yield _at(msg.GRIEVANCE_ALREADY_SETTLED, settlement.day), (s, settlement)
            settlement = settlement or s
        elif s.kind == "grievance_appealed":
            if petition:
                yield (
                    ValidationError(msg.GRIEVANCE_PETITION_APPEALED, code="petition"),
                    (
                        s,
                        *((receipt,) if receipt else ()),
                    ),
                )
            open_appeal = appeal if settlement is None else None
            if open_appeal is not None and open_appeal.payload.get("route") == s.payload.get(
                "route"
            ):
                yield _at(msg.GRIEVANCE_ALREADY_APPEALED, open_appeal.day), (s, open_appeal)
            first_round, appeal, answer, settlement = False, s, None, None
        elif s.kind == "grievance_withdrawn":
            withdrawal = withdrawal or s


def _steps_with(act, payload) -> list[Step]:
    standing = Event.objects.filter(
        grievance=act.subject.grievance, is_void=False, superseded_by__isnull=True
    )
    if act.supersedes is not None:
        standing = standing.exclude(root_id=act.supersedes.root_id)
    steps = [Step(e.kind, e.happened_on, e.payload) for e in standing]
    return [*steps, Step(act.kind, act.happened_on, payload, new=True)]


def check_grievance_act(act, payload) -> None:
    verbal = act.kind == "grievance_received" and payload.get("channel") == "verbal"
    if verbal and not payload.get("taken_by"):
        raise ValidationError({"taken_by": msg.GRIEVANCE_TAKEN_BY_REQUIRED})
    for error, involved in _problems(_steps_with(act, payload)):
        if any(s.new for s in involved):
            raise error


def _key(error: ValidationError, involved: tuple[Step, ...]) -> tuple:
    return (tuple(str(m) for m in error.messages), involved)


def resting_on(act, voided: set[int]) -> list[tuple[str, date]]:
    """The grievance's standing steps (kind, day) that this void would leave impossible: the
    walk without the acts voided finds problems with them that the walk with it does not (an
    acceptance without its receipt, a settlement without its acceptance, a second round without
    its appeal). An oddity already there is the audit's, not a reason to refuse the void."""
    grievance = act.subject.grievance
    if act.kind not in GRIEVANCE_KINDS or grievance is None:
        return []
    standing = Event.objects.filter(grievance=grievance, is_void=False, superseded_by__isnull=True)
    steps = {e.root_id: Step(e.kind, e.happened_on, e.payload) for e in standing}
    before = {_key(error, involved) for error, involved in _problems(list(steps.values()))}
    left = [s for root, s in steps.items() if root not in voided]
    order = (act.supersedes.happened_on, ORDER_IN_A_DAY[act.kind])
    resting: dict[Step, None] = {}
    for error, involved in _problems(left):
        if _key(error, involved) not in before:
            later = [s for s in involved if (s.day, ORDER_IN_A_DAY[s.kind]) >= order]
            resting.update(dict.fromkeys(later or involved))  # the steps after it, if any
    return [(s.kind, s.day) for s in resting]


CHECKS = dict.fromkeys(GRIEVANCE_KINDS, check_grievance_act)
