"""Plan versions' lines: each household's itemised entitlements, deductions and net, in VND.
Editable while the version is a draft; the case record freezes a version when it records its
approval (`plan_freeze`), and a trigger refuses any change to a frozen version's lines."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import messages as msg
from ..models import SUPPORT_ITEMS, CompensationPlan, LandUseCode, LandUser, PlanItem, PlanLine
from ..models.plans import ENTITLEMENT_CATEGORIES
from ..text import clean
from .bulk import copy_with_history, next_ids
from .common import require_reason, save_with_history

MAX_VND = 10**13


@dataclass(frozen=True)
class ItemInput:
    category: str
    amount: int
    code: str = ""
    description: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    unit_price: int | None = None


@dataclass
class LineInput:
    land_user_id: int
    deductions: int = 0
    items: list[ItemInput] = field(default_factory=list)

    @property
    def gross(self) -> int:
        return sum(i.amount for i in self.items)

    @property
    def net(self) -> int:
        return self.gross - self.deductions


def item_problems(item: ItemInput, land_use_codes: set[str]) -> list[str]:
    """What is wrong with one entitlement (translated), or nothing."""
    problems = []
    if item.category not in ENTITLEMENT_CATEGORIES:
        problems.append(str(msg.ITEM_CATEGORY_UNKNOWN) % {"value": item.category})
    if item.category == "land" and item.code.upper() not in land_use_codes:
        problems.append(str(msg.LAND_USE_UNKNOWN) % {"code": item.code})
    if item.category == "support" and item.code not in SUPPORT_ITEMS:
        problems.append(str(msg.SUPPORT_ITEM_UNKNOWN) % {"value": item.code})
    if not 0 <= item.amount <= MAX_VND:
        problems.append(str(msg.AMOUNT_OUT_OF_RANGE))
    if item.quantity is not None and item.unit_price is not None:
        expected = int((Decimal(item.quantity) * item.unit_price).to_integral_value())
        if abs(expected - item.amount) > 1:
            problems.append(
                str(msg.AMOUNT_NOT_QUANTITY_TIMES_PRICE)
                % {"expected": f"{expected:,}".replace(",", ".")}
            )
    return problems


def _delete_with_history(queryset, *, actor, reason: str) -> int:
    """Delete rows keeping a history row for each, with who and why (a bulk delete through
    signals would lose the reason)."""
    model = queryset.model
    rows = list(queryset)
    if not rows:
        return 0
    history, now = model.history.model, timezone.now()
    fields = [f.attname for f in model._meta.concrete_fields]
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_type="-",
                history_user_id=actor.pk,
                history_change_reason=reason,
                **{name: getattr(row, name) for name in fields},
            )
            for row in rows
        ],
        batch_size=5000,
    )
    return model.objects.filter(pk__in=[r.pk for r in rows])._raw_delete(queryset.db)


def _editable(plan: CompensationPlan) -> CompensationPlan:
    plan = CompensationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.frozen_at is not None:
        raise ValidationError(msg.PLAN_FROZEN, code="frozen")
    return plan


def _check_lines(plan: CompensationPlan, lines: list[LineInput]) -> None:
    seen: set[int] = set()
    for line in lines:
        if line.land_user_id in seen:
            raise ValidationError(
                msg.PLAN_LINE_DUPLICATE, params={"id": line.land_user_id}, code="duplicate"
            )
        seen.add(line.land_user_id)
        if not 0 <= line.deductions <= MAX_VND:
            raise ValidationError({"deductions": msg.AMOUNT_OUT_OF_RANGE})
    found = set(
        LandUser.objects.filter(project_id=plan.project_id, pk__in=seen).values_list(
            "pk", flat=True
        )
    )
    for missing in sorted(seen - found):
        raise ValidationError(msg.PLAN_LINE_OTHER_PROJECT, params={"id": missing}, code="land_user")
    codes = set(LandUseCode.objects.values_list("code", flat=True))
    for line in lines:
        for item in line.items:
            problems = item_problems(item, codes)
            if problems:
                raise ValidationError("; ".join(problems), code="item")


def _items(line: PlanLine, inputs: list[ItemInput]) -> list[PlanItem]:
    return [
        PlanItem(
            line=line,
            category=i.category,
            code=clean(i.code).upper() if i.category == "land" else clean(i.code),
            description=clean(i.description)[:255],
            quantity=i.quantity,
            unit=clean(i.unit)[:20],
            unit_price_vnd=i.unit_price,
            amount_vnd=i.amount,
        )
        for i in inputs
    ]


@transaction.atomic
def plan_lines_replace(
    *, plan: CompensationPlan, actor, reason: str, lines: list[LineInput]
) -> int:
    """Replace every line of a draft version (an import): all or nothing."""
    reason = require_reason(reason)
    plan = _editable(plan)
    _check_lines(plan, lines)
    _delete_with_history(PlanItem.objects.filter(line__plan=plan), actor=actor, reason=reason)
    _delete_with_history(PlanLine.objects.filter(plan=plan), actor=actor, reason=reason)
    return _copy_lines(plan, lines, actor=actor, reason=reason)


# The columns the set-based write sends, in its rows' order: every concrete field of the model
# (tests/consultations/test_money.py checks it against the models and their history models).
LINE_COLUMNS = ("id", "plan_id", "land_user_id", "gross_vnd", "deductions_vnd", "net_vnd")
ITEM_COLUMNS = (
    "id",
    "line_id",
    "category",
    "code",
    "description",
    "quantity",
    "unit",
    "unit_price_vnd",
    "amount_vnd",
)


def _copy_lines(plan: CompensationPlan, lines: list[LineInput], *, actor, reason: str) -> int:
    """Write a version's new lines and items set-based: ids taken from the tables' sequences,
    lines, items and their history rows sent with COPY (the frozen-plan row triggers fire
    for COPY too), in the caller's transaction."""
    if not lines:
        return 0
    who = (timezone.now(), "+", actor.pk if actor else None, reason)
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        line_ids = next_ids(cursor, PlanLine, len(lines))
        item_ids = iter(next_ids(cursor, PlanItem, sum(len(line.items) for line in lines)))
        line_rows, item_rows = [], []
        for pk, line in zip(line_ids, lines, strict=True):
            gross = line.gross
            line_rows.append(
                (pk, plan.pk, line.land_user_id, gross, line.deductions, gross - line.deductions)
            )
            item_rows += [_item_row(next(item_ids), pk, i) for i in line.items]
        copy_with_history(cursor, PlanLine, LINE_COLUMNS, line_rows, who)
        copy_with_history(cursor, PlanItem, ITEM_COLUMNS, item_rows, who)
    return len(lines)


def _item_row(pk: int, line_id: int, i: ItemInput) -> tuple:
    code = clean(i.code)
    return (
        pk,
        line_id,
        i.category,
        code.upper() if i.category == "land" else code,
        clean(i.description)[:255],
        i.quantity,
        clean(i.unit)[:20],
        i.unit_price,
        i.amount,
    )


@transaction.atomic
def plan_line_set(*, plan: CompensationPlan, actor, reason: str, line: LineInput) -> PlanLine:
    """Create or replace one household's line of a draft version."""
    reason = require_reason(reason)
    plan = _editable(plan)
    _check_lines(plan, [line])
    # The version is locked (`_editable`): no other writer adds this household's line meanwhile.
    # A new line is saved once, with who and why, as its first history row.
    row = PlanLine.objects.filter(plan=plan, land_user_id=line.land_user_id).first()
    if row is None:
        row = PlanLine(plan=plan, land_user_id=line.land_user_id)
    else:
        _delete_with_history(row.items.all(), actor=actor, reason=reason)
    row.gross_vnd, row.deductions_vnd, row.net_vnd = line.gross, line.deductions, line.net
    save_with_history(row, actor=actor, reason=reason)
    bulk_create_with_history(
        _items(row, line.items), PlanItem, default_user=actor, default_change_reason=reason
    )
    return row


@transaction.atomic
def plan_line_delete(*, plan: CompensationPlan, actor, reason: str, land_user_id: int) -> None:
    reason = require_reason(reason)
    plan = _editable(plan)
    lines = PlanLine.objects.filter(plan=plan, land_user_id=land_user_id)
    _delete_with_history(PlanItem.objects.filter(line__in=lines), actor=actor, reason=reason)
    _delete_with_history(lines, actor=actor, reason=reason)


@transaction.atomic
def plan_freeze(*, plan: CompensationPlan, actor, approval_event: int) -> CompensationPlan:
    """The case record recorded the version's approval: its lines never change again."""
    plan = CompensationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.frozen_at is None:
        plan.frozen_at = timezone.now()
        plan.approval_event = approval_event
        plan._history_user, plan._change_reason = actor, "approved"  # type: ignore[attr-defined]
        plan.save(update_fields=["frozen_at", "approval_event"])
    return plan
