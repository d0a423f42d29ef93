"""The demo history's script: what happens in each 2 km area of the road, and when.

The dates tell the story as of DESIGNED_FOR (on an earlier clock they move back with it); every
act stays in the past. Codes are the vocabularies' (consultations/rules/vocabulary.py); the
words (concerns, findings, places) are free text the door stores apart.
"""

from dataclasses import dataclass
from datetime import date

SEED = 2025_03_08
BOARD_USER, FRONT_USER, COMMUNE_USER = "canbo.ban", "mttq", "canbo.xa"
# Decree 151/2025: from 1 Jul 2025 the commune chairman issues notices, approvals and decisions.
COMMUNE_LEVEL_FROM = date(2025, 7, 1)
# The dates below tell the story as of this day; on an earlier clock they move back with it.
DESIGNED_FOR = date(2026, 11, 28)

OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor", "land_office"]
SIGNATORIES = ["board", "commune_pc", "fatherland_front", "household_representative"]
DISSEMINATION_OFFICIALS = ["board", "commune_pc", "fatherland_front", "investor"]
DISSEMINATION_SIGNATORIES = ["board", "commune_pc", "fatherland_front"]
PERSUADERS = ["board", "commune_pc", "fatherland_front"]
POSTED_AT = ["commune_office", "residential_area"]

DISAGREE_CONCERNS = (
    "Đơn giá bồi thường đất thấp hơn giá chuyển nhượng thực tế tại địa phương",
    "Đơn giá cây thanh long, cây điều chưa sát giá thị trường",
    "Diện tích kiểm đếm nhà, vật kiến trúc chưa đúng thực tế",
    "Đề nghị thu hồi luôn phần đất còn lại không đủ điều kiện sản xuất",
    "Đề nghị được bố trí tái định cư tại chỗ",
    "Mức hỗ trợ chuyển đổi nghề nghiệp thấp",
)
OTHER_CONCERNS = (
    "Đề nghị cho bàn giao mặt bằng sau vụ thu hoạch",
    "Đề nghị làm đường gom vào phần đất còn lại",
    "Đề nghị chi trả qua tài khoản ngân hàng",
    "Đề nghị xác định lại ranh giới với thửa liền kề",
)


@dataclass(frozen=True)
class Script:
    """One area's story. Shares are of the area's land users; dates as of DESIGNED_FOR."""

    dissemination: date
    notice: date
    notice_number: str
    delivery_days: int = 25
    delivered: float = 1.0  # of those not published, in the order the board went round
    published: float = 0.01
    min_published: int = 1
    inventory: tuple[date, date] | None = None
    inventoried: float = 1.0
    refusals: float = 0.0
    refusal_outcomes: tuple[str, ...] = ("persuaded",)  # persuaded / compulsory / ongoing
    prices: date | None = None  # land prices, asset prices, resettlement plan posted
    draft_plan: date | None = None
    consultation: date | None = None
    defects: tuple[tuple[str, int, str], ...] = ()  # (meeting kind, session, front_absent|unsigned)
    dialogue: date | None = None
    dialogued: float = 0.0  # of the objectors
    land_factor: str = "1"  # the area's land prices against the table (demo/history/prices.py)
    summary: date | None = None  # the opinion summary of the draft
    summary_corrected: bool = False  # the board's counts differ from the record's
    appraisal: date | None = None  # of the revised version
    approval: date | None = None  # signed; it takes effect EFFECTIVE_AFTER days later
    revision: date | None = None  # a revised version (re-measured plots) posted
    supplement: date | None = None  # a supplementary version approved


EFFECTIVE_AFTER = 4  # days between an approval's signing and its taking effect


SCRIPTS = (
    Script(  # Km0–2: far ahead
        dissemination=date(2025, 3, 8),
        notice=date(2025, 3, 25),
        notice_number="46/TB-UBND",
        inventory=(date(2025, 5, 5), date(2025, 7, 18)),
        refusals=0.006,
        refusal_outcomes=("persuaded", "compulsory"),
        prices=date(2025, 7, 21),
        draft_plan=date(2025, 8, 4),
        consultation=date(2025, 9, 6),
        defects=(("consultation", 4, "unsigned"), ("dialogue", 2, "front_absent")),
        dialogue=date(2025, 10, 8),
        dialogued=0.85,
        land_factor="1.15",
        summary=date(2025, 10, 6),
        appraisal=date(2025, 12, 5),
        approval=date(2025, 12, 18),
        revision=date(2026, 4, 8),
        supplement=date(2026, 9, 15),
    ),
    Script(  # Km2–4: consultation and dialogue
        dissemination=date(2025, 6, 14),
        notice=date(2025, 8, 12),
        notice_number="112/TB-UBND",
        inventory=(date(2025, 10, 1), date(2026, 3, 31)),
        refusals=0.004,
        prices=date(2026, 7, 6),
        draft_plan=date(2026, 9, 14),
        consultation=date(2026, 10, 17),
        defects=(("consultation", 1, "front_absent"), ("dialogue", 0, "unsigned")),
        dialogue=date(2026, 11, 7),
        dialogued=0.45,
        land_factor="1.05",
        summary=date(2026, 10, 30),
        summary_corrected=True,
    ),
    Script(  # Km4–6: inventory
        dissemination=date(2025, 11, 15),
        notice=date(2026, 2, 24),
        notice_number="37/TB-UBND",
        inventory=(date(2026, 5, 4), date(2026, 11, 20)),
        inventoried=0.68,
        refusals=0.015,
        refusal_outcomes=("compulsory", "persuaded", "ongoing"),
        land_factor="0.95",
    ),
    Script(  # Km6–8: notified
        dissemination=date(2026, 9, 19),
        notice=date(2026, 10, 26),
        notice_number="205/TB-UBND",
        delivery_days=24,
        delivered=0.45,
        published=0.0,
        min_published=2,
        land_factor="0.9",
    ),
)


def authority(on: date) -> str:
    """Who issues a notice or decision on that day (approver roles are data, not code)."""
    return "commune_chairman" if on >= COMMUNE_LEVEL_FROM else "district_pc"
