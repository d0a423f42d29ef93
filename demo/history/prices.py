"""The demo plans' made-up unit prices and how a household's line is made of them: land per m²
by land-use code (rural residential land dearer along the road), houses and structures, crops,
the support items of Decree 88/2024 (life and production stabilisation, vocational training,
relocation, the early-handover bonus), a resettlement plot, deductions of unpaid obligations.

Orders of magnitude of Bình Thuận's tables (not the real ones): rice and annual crops
~200–300 thousand đồng/m², perennial ~250 thousand, rural residential ~4 million, more near the
road. Everything in whole đồng; an item's amount is its quantity × unit price.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from landcases.services import ItemInput, LineInput

AGRICULTURAL = ("LUC", "HNK", "CLN", "NTS")
# Land per m² (the area's factor applies), by land-use code of the national list.
LAND_VND_M2 = {
    "LUC": 230_000,
    "HNK": 210_000,
    "CLN": 250_000,
    "NTS": 240_000,
    "ONT": 4_000_000,
    "TON": 2_500_000,
    "TIN": 2_500_000,
}
LAND_NAMES = {
    "LUC": "Đất chuyên trồng lúa",
    "HNK": "Đất trồng cây hằng năm khác",
    "CLN": "Đất trồng cây lâu năm",
    "NTS": "Đất nuôi trồng thủy sản",
    "ONT": "Đất ở tại nông thôn",
    "TON": "Đất tôn giáo",
    "TIN": "Đất tín ngưỡng",
}
# Rural residential land by its position to the road (metres from the centreline).
POSITIONS = ((25.0, 1, Decimal("1.4")), (60.0, 2, Decimal("1.0")), (None, 3, Decimal("0.75")))
# Houses by grade: (label, đồng per m² of floor).
HOUSES = {
    "c4": ("Nhà cấp 4, tường xây, mái tôn", 3_250_000),
    "flat": ("Nhà 1 tầng, mái bằng bê tông cốt thép", 5_400_000),
    "two": ("Nhà 2 tầng, khung bê tông cốt thép", 7_100_000),
}
YARD_VND_M2 = 380_000  # yard, fence, outbuildings
POND_VND_M2 = 95_000  # a company's shrimp ponds (banks, lining, water supply)
INVESTMENT_VND_M2 = 45_000  # a lessee's remaining investment in the land
RICE_VND_KG = 15_000  # life stabilisation: 30 kg of rice a person a month, 6 months
TRAINING_TIMES = Decimal("1.5")  # vocational training: × the annual-crop land price, per m²
RELOCATION_RESETTLED, RELOCATION_MOVING = 10_000_000, 5_000_000
EARLY_HANDOVER_BONUS = 5_000_000
PRODUCTION_SUPPORT = 12_000_000
OCCUPANT_SUPPORT = 6_000_000
PAGODA_STRUCTURES, SHRINE_STRUCTURES = 640_000_000, 185_000_000


@dataclass(frozen=True)
class Prices:
    """A plan version's prices: the area's land factor and the crop prices of that version
    (the draft's dragon-fruit and cashew prices were raised after the Front's recommendation)."""

    factor: Decimal
    dragon_fruit: int = 450_000  # a pillar (trụ) of dragon fruit
    cashew: int = 1_100_000  # a cashew tree
    positions_up: bool = False  # a re-measurement moved residential plots one position up

    def land(self, code: str, road_m: float) -> tuple[int, int | None]:
        """(đồng per m², position for residential land)."""
        base = Decimal(LAND_VND_M2[code]) * self.factor
        if code != "ONT":
            return _thousands(base), None
        position = next(p for limit, p, _t in POSITIONS if limit is None or road_m <= limit)
        if self.positions_up and position > 1:
            position -= 1
        return _thousands(base * POSITIONS[position - 1][2]), position


@dataclass(frozen=True)
class Held:
    """What a household holds in one area, as the plan prices it (drawn once, in load)."""

    parcel: int
    code: str
    m2: Decimal  # affected area × share
    road_m: float
    crop: str = ""  # CLN: dragon_fruit / cashew
    house: str = ""  # a grade of HOUSES
    floor_m2: Decimal = Decimal(0)
    hut: int = 0  # đồng: a field hut and well


@dataclass
class Entitled:
    """The register facts a line needs about a land user."""

    kind: str
    members: int
    eligible: bool
    plot_m2: Decimal = Decimal(0)
    bonus: bool = False  # the early-handover bonus of its hamlet
    deduction: int = 0  # unpaid land-use fee
    holdings: list[Held] = field(default_factory=list)


def _thousands(value: Decimal) -> int:
    return int((value / 1000).to_integral_value()) * 1000


def _item(category: str, code: str, description: str, qty, unit: str, price: int) -> ItemInput:
    qty = Decimal(qty).quantize(Decimal("0.01"))
    amount = int((qty * price).to_integral_value())
    return ItemInput(category, amount, code, description, qty, unit, price)


def _lump(category: str, code: str, description: str, amount: int) -> ItemInput:
    return _item(category, code, description, 1, "trọn gói", amount)


def line_of(land_user_id: int, who: Entitled, prices: Prices) -> LineInput:
    items: list[ItemInput] = []
    private = who.kind in ("household", "individual")
    land: dict[tuple[str, int | None, int], Decimal] = {}
    crops: dict[tuple[str, str, str, int], Decimal] = {}
    agri = Decimal(0)
    for h in who.holdings:
        if h.code in LAND_VND_M2 and who.kind not in ("occupant", "organisation"):
            price, position = prices.land(h.code, h.road_m)
            key = (h.code, position, price)
            land[key] = land.get(key, Decimal(0)) + h.m2
        if h.code in AGRICULTURAL and private:
            agri += h.m2
        for crop in _crops(h, prices):
            crops[crop[:4]] = crops.get(crop[:4], Decimal(0)) + crop[4]
        if h.house:
            label, price = HOUSES[h.house]
            items.append(_item("structure", "house", label, h.floor_m2, "m²", price))
            yard = h.m2 * Decimal("0.3")
            items.append(
                _item(
                    "structure", "yard", "Sân, tường rào, công trình phụ", yard, "m²", YARD_VND_M2
                )
            )
        if h.hut:
            items.append(_lump("structure", "hut", "Chòi canh, giếng khoan", h.hut))
        if who.kind == "organisation":
            items.append(
                _item(
                    "structure",
                    "pond",
                    "Ao nuôi tôm (bờ ao, lót bạt, cấp thoát nước)",
                    h.m2,
                    "m²",
                    POND_VND_M2,
                )
            )
            items.append(
                _item(
                    "other",
                    "investment",
                    "Chi phí đầu tư vào đất còn lại",
                    h.m2,
                    "m²",
                    INVESTMENT_VND_M2,
                )
            )
    for (code, position, price), m2 in sorted(land.items(), key=lambda kv: str(kv[0])):
        where = f", vị trí {position}" if position else ""
        items.append(_item("land", code, f"{LAND_NAMES[code]}{where}", m2, "m²", price))
    for (code, description, unit, price), qty in sorted(crops.items()):
        items.append(_item("crop", code, description, qty, unit, price))
    if who.kind == "religious":
        items.append(
            _lump("structure", "pagoda", "Cổng tam quan, tường rào, sân chùa", PAGODA_STRUCTURES)
        )
    if who.kind == "community":
        items.append(_lump("structure", "shrine", "Miếu thờ (di dời, xây lại)", SHRINE_STRUCTURES))
    if who.kind == "occupant":
        items.append(
            _lump(
                "support",
                "other",
                "Hỗ trợ khác (không đủ điều kiện bồi thường về đất)",
                OCCUPANT_SUPPORT,
            )
        )
    if private:
        items.extend(_support(who, agri, prices))
    if who.eligible:
        items.append(
            ItemInput(
                "resettlement",
                0,
                "land_plot",
                "Giao 01 lô đất tái định cư (tiền sử dụng đất nộp theo quy định)",
                who.plot_m2,
                "m²",
            )
        )
    gross = sum(i.amount for i in items)
    return LineInput(land_user_id, min(who.deduction, gross * 2 // 5), items)


def _crops(h: Held, prices: Prices):
    """(code, description, unit, unit price, quantity) of what grows on the holding."""
    if h.code == "CLN" and h.crop == "dragon_fruit":
        yield (
            "dragon_fruit",
            "Cây thanh long",
            "trụ",
            prices.dragon_fruit,
            max(1, round(h.m2 / 9)),
        )
    elif h.code == "CLN":
        yield ("cashew", "Cây điều", "cây", prices.cashew, max(1, round(h.m2 / 50)))
    elif h.code == "HNK":
        yield ("annual", "Hoa màu (cây hằng năm)", "m²", 9_000, h.m2)
    elif h.code == "LUC":
        yield ("rice", "Lúa", "m²", 6_500, h.m2)
    elif h.code == "NTS":
        yield ("aquaculture", "Thủy sản đang nuôi", "m²", 18_000, h.m2)
    elif h.code == "ONT":
        yield ("garden", "Cây trồng trong vườn", "m²", 12_000, h.m2)


def _support(who: Entitled, agri: Decimal, prices: Prices) -> list[ItemInput]:
    items = []
    if agri >= 300:
        items.append(
            _item(
                "support",
                "life_stabilisation",
                "Hỗ trợ ổn định đời sống (30 kg gạo/khẩu/tháng)",
                who.members * 6,
                "khẩu·tháng",
                30 * RICE_VND_KG,
            )
        )
    if agri > 0:
        price = _thousands(Decimal(LAND_VND_M2["HNK"]) * prices.factor * TRAINING_TIMES)
        items.append(
            _item(
                "support",
                "vocational_training",
                "Hỗ trợ đào tạo, chuyển đổi nghề",
                agri,
                "m²",
                price,
            )
        )
    if who.eligible:
        items.append(_lump("support", "relocation", "Hỗ trợ di chuyển chỗ ở", RELOCATION_RESETTLED))
    elif any(h.house for h in who.holdings):
        items.append(_lump("support", "relocation", "Hỗ trợ di chuyển", RELOCATION_MOVING))
    if who.bonus:
        items.append(
            _lump(
                "support",
                "early_handover_bonus",
                "Thưởng bàn giao mặt bằng trước thời hạn",
                EARLY_HANDOVER_BONUS,
            )
        )
    return items


def remeasured(who: Entitled, rng) -> Entitled:
    """The household after the re-measurement of its residential plot: a larger house."""
    grown = [
        replace(h, floor_m2=(h.floor_m2 * Decimal(rng.uniform(1.08, 1.2))).quantize(Decimal("0.1")))
        if h.house
        else h
        for h in who.holdings
    ]
    return replace(who, holdings=grown)


def production_support(land_user_id: int) -> LineInput:
    """The supplementary version's one item."""
    return LineInput(
        land_user_id,
        0,
        [
            _lump(
                "support",
                "production_stabilisation",
                "Hỗ trợ ổn định sản xuất (bổ sung)",
                PRODUCTION_SUPPORT,
            )
        ],
    )
