"""A plan version in a workbook: the template boards fill (one row per household, one row per
entitlement item, Vietnamese headers), and its reading, checked row by row into the lines the
plan services take (services/plans.py) — or the refused rows, each with its reasons, for the
error sheet. Nothing here writes: services/imports.py does, all or nothing."""

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from . import messages as msg
from .models import CompensationPlan, LandUseCode, LandUser, PlanItem, PlanLine, Project
from .models.plans import CATEGORY_LABELS, ENTITLEMENT_CATEGORIES, SUPPORT_ITEMS, SUPPORT_LABELS
from .services.plans import ItemInput, LineInput, item_problems
from .xlsx import Column, Read, Sheet, read_sheets, template

CODE = Column("lookup_code", gettext_lazy("Lookup code"), required=True, max_length=16, width=14)
HOUSEHOLDS = Sheet(
    gettext_lazy("Households"),
    [
        CODE,
        Column("name", gettext_lazy("Name (checked loosely)"), width=30),
        Column("deductions", gettext_lazy("Deductions (VND)"), "vnd"),
        Column("net", gettext_lazy("Net the board computed (VND)"), "vnd"),
    ],
    note=gettext_lazy(
        "One row per household. Deductions: unpaid financial obligations. The net, if given, "
        "must equal the household's entitlements minus its deductions."
    ),
)
ITEMS = Sheet(
    gettext_lazy("Entitlements"),
    [
        CODE,
        Column(
            "category",
            gettext_lazy("Category"),
            "code",
            required=True,
            choices=ENTITLEMENT_CATEGORIES,
            choice_labels=CATEGORY_LABELS,
        ),
        Column("code", gettext_lazy("Land-use or support code"), max_length=30),
        Column("description", gettext_lazy("Description"), width=30),
        Column("quantity", gettext_lazy("Quantity"), "decimal", places=2),
        Column("unit", gettext_lazy("Unit"), max_length=20, width=8),
        Column("unit_price", gettext_lazy("Unit price (VND)"), "vnd"),
        Column("amount", gettext_lazy("Amount (VND)"), "vnd", required=True),
    ],
    note=gettext_lazy(
        "One row per entitlement: land by land-use code and area, a structure, crops, each "
        "support item (by its code), a resettlement plot or house. Amount = quantity × unit "
        "price when both are given."
    ),
)
SHEETS = (HOUSEHOLDS, ITEMS)
# Reference sheets of the template (not read back): the codes the code column takes.
SUPPORT_SHEET = Sheet(
    gettext_lazy("Support codes"),
    [
        Column("code", gettext_lazy("Code"), width=26),
        Column("label", gettext_lazy("Support item"), width=40),
    ],
)
LAND_USE_SHEET = Sheet(
    gettext_lazy("Land-use codes"),
    [
        Column("code", gettext_lazy("Code"), width=10),
        Column("label", gettext_lazy("Land use"), width=60),
    ],
)
EXAMPLE = "ABCDEFGH23"


def plan_template(plan: CompensationPlan | None = None) -> bytes:
    """The template to download: the two sheets, the codes and the guide. For a version with
    lines, its lines and items (to correct and send again); for one without, the households of
    its area (of the project when it has none), to fill in; else an example household."""
    sheets = [*SHEETS, SUPPORT_SHEET, LAND_USE_SHEET]
    codes: dict[str, Any] = {
        "Support codes": [[c, str(SUPPORT_LABELS[c])] for c in SUPPORT_ITEMS],
        "Land-use codes": list(LandUseCode.objects.order_by("code").values_list("code", "name_vi")),
    }
    if plan is None:
        return template(sheets, {**_example(), **codes})
    lines = PlanLine.objects.filter(plan=plan).select_related("land_user")
    if lines.exists():
        ordered = lines.order_by("land_user__name", "land_user_id")
        households = (
            [ln.land_user.lookup_code, ln.land_user.name, ln.deductions_vnd, ln.net_vnd]
            for ln in ordered.iterator(chunk_size=2000)
        )
        items = (
            [
                i.line.land_user.lookup_code,
                str(CATEGORY_LABELS[i.category]),
                i.code,
                i.description,
                i.quantity,
                i.unit,
                i.unit_price_vnd,
                i.amount_vnd,
            ]
            for i in PlanItem.objects.filter(line__plan=plan)
            .select_related("line__land_user")
            .order_by("line__land_user__name", "line_id", "id")
            .iterator(chunk_size=5000)
        )
        return template(sheets, {"Households": households, "Entitlements": items, **codes})
    people = LandUser.objects.filter(project_id=plan.project_id)
    if plan.area_id:
        people = people.filter(holdings__parcel__area_id=plan.area_id).distinct()
    households = (
        [code, name, None, None]
        for code, name in people.order_by("name", "id")
        .values_list("lookup_code", "name")
        .iterator()
    )
    return template(sheets, {"Households": households, **codes})


def _example() -> dict[str, list]:
    land = str(CATEGORY_LABELS["land"])
    return {
        "Households": [[EXAMPLE, "Nguyễn Văn An", 2_000_000, 148_000_000]],
        "Entitlements": [
            [EXAMPLE, land, "LUC", "", 200, "m2", 600_000, 120_000_000],
            [EXAMPLE, str(CATEGORY_LABELS["crop"]), "", "Lúa", 200, "m2", 10_000, 2_000_000],
            [
                EXAMPLE,
                str(CATEGORY_LABELS["support"]),
                "life_stabilisation",
                "",
                None,
                "",
                None,
                28_000_000,
            ],
        ],
    }


class _Plain(dict):
    """str.translate's table for plain_words, filled as characters are met: a combining mark
    goes, a character that is not a letter or digit becomes a space."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        found = self[code] = None if unicodedata.combining(ch) else (ch if ch.isalnum() else " ")
        return found


_PLAIN = _Plain()


def plain_words(text: str) -> list[str]:
    """Words without diacritics, lower case ("Nguyễn Văn Đức" → nguyen van duc)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return decomposed.lower().translate(_PLAIN).split()


def name_matches_loosely(given: str, registered: str, representative: str = "") -> bool:
    """A name typed in a workbook against the register, loosely: its last word (the given
    name, tên) is a word of the registered name or representative, diacritics aside."""
    words = plain_words(given)
    if not words:
        return True
    return words[-1] in set(plain_words(registered)) | set(plain_words(representative))


@dataclass
class PlanWorkbook:
    """What a workbook says: the lines to write when nothing is refused, and each sheet's
    rows with their reasons (for the error sheet)."""

    lines: list[LineInput]
    reads: list[tuple[Sheet, Read]]
    households: int = 0
    items: int = 0
    refused: int = field(default=0)

    @property
    def ok(self) -> bool:
        return self.refused == 0


Progress = Callable[[int, int], None]


def _known_land_users(project: Project, codes: set[str]) -> dict[str, tuple[int, str, str]]:
    found: dict[str, tuple[int, str, str]] = {}
    wanted = sorted(codes)
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        rows = LandUser.objects.filter(project=project, lookup_code__in=chunk).values_list(
            "lookup_code", "id", "name", "representative"
        )
        for code, pk, name, representative in rows:
            found[code.upper()] = (pk, name, representative)
    return found


def read_plan_workbook(
    data: bytes, *, project: Project, progress: Progress | None = None
) -> PlanWorkbook:
    """Read and check both sheets (SpreadsheetError for a file that cannot be read at all)."""
    households, items = read_sheets(data, [(HOUSEHOLDS, 0), (ITEMS, 1)])
    total = len(households.rows) + len(items.rows)
    if progress:
        progress(0, total)
    codes = {
        str(r.values["lookup_code"]).upper()
        for r in (*households.rows, *items.rows)
        if r.values.get("lookup_code")
    }
    known = _known_land_users(project, codes)
    land_use_codes = set(LandUseCode.objects.values_list("code", flat=True))
    first_row: dict[str, int] = {}
    for row in households.rows:
        code = str(row.values["lookup_code"] or "").upper()
        if not code:
            continue
        if code not in known:
            row.fail(str(msg.XLSX_LOOKUP_UNKNOWN) % {"code": code})
        elif code in first_row:
            row.fail(str(msg.XLSX_HOUSEHOLD_TWICE) % {"row": first_row[code]})
        else:
            first_row[code] = row.number
            pk, name, representative = known[code]
            given = row.values.get("name") or ""
            if not name_matches_loosely(given, name, representative):
                row.fail(str(msg.XLSX_NAME_MISMATCH) % {"given": given[:60], "name": name})
    if progress:
        progress(len(households.rows), total)
    by_code: dict[str, list[ItemInput]] = defaultdict(list)
    item_refused: set[str] = set()
    for i, row in enumerate(items.rows, start=1):
        code = str(row.values["lookup_code"] or "").upper()
        if code and code not in first_row:
            row.fail(str(msg.XLSX_ITEM_NO_HOUSEHOLD) % {"code": code, "sheet": HOUSEHOLDS.title})
        item = _item(row, land_use_codes)
        if row.errors or item is None:
            item_refused.add(code)
        else:
            by_code[code].append(item)
        if progress and i % 5000 == 0:
            progress(len(households.rows) + i, total)
    lines = []
    for row in households.rows:
        code = str(row.values["lookup_code"] or "").upper()
        if row.errors or not code:
            continue
        line = LineInput(known[code][0], row.values.get("deductions") or 0, by_code.get(code, []))
        net = row.values.get("net")
        if net is not None and code not in item_refused and net != line.net:
            row.fail(str(msg.XLSX_NET_MISMATCH) % {"given": _vnd(net), "net": _vnd(line.net)})
            continue
        lines.append(line)
    if progress:
        progress(total, total)
    refused = len(households.refused) + len(items.refused)
    return PlanWorkbook(
        lines if not refused else [],
        [(HOUSEHOLDS, households), (ITEMS, items)],
        households=len(households.rows),
        items=len(items.rows),
        refused=refused,
    )


def _item(row, land_use_codes: set[str]) -> ItemInput | None:
    v = row.values
    if v.get("category") is None or v.get("amount") is None:
        return None  # the cell's own reason is on the row already
    item = ItemInput(
        category=v["category"],
        amount=v["amount"],
        code=str(v.get("code") or ""),
        description=str(v.get("description") or ""),
        quantity=v.get("quantity"),
        unit=str(v.get("unit") or ""),
        unit_price=v.get("unit_price"),
    )
    for problem in item_problems(item, land_use_codes):
        row.fail(problem)
    return item


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")
