"""The demo project's places, texts and logins: a coastal road in Bình Thuận.

The administrative units are illustrative (plausible codes, not the official ones; real-sounding
Bình Thuận names); the project's decisions and numbers are made up. The parcel shapes are real
(demo/data/README.md): their attribution is written into the project's description.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

from landcases.models import Role

from ..sources import ATTRIBUTION, LICENCE

PROJECT_CODE = "demo-binh-thuan-road"
SEED = 2025_07_01
SRID = 9218  # VN-2000 / TM-3 108-30 (Bình Thuận)
REASON = "Dữ liệu mẫu (manage.py demo_project)"
MERGER_DAY = date(2025, 7, 1)

AGRICULTURAL = ("LUC", "HNK", "CLN", "NTS")  # land-use codes of the national list

# Administrative units. The codes are illustrative (plausible, not the official ones); the
# names are real-sounding Bình Thuận places. Before 1 Jul 2025: province → district → commune;
# after: province Lâm Đồng → commune (districts abolished, communes merged).
PROVINCE_OLD = ("60", "Tỉnh Bình Thuận", date(1992, 1, 1), MERGER_DAY)
PROVINCE_NEW = ("68", "Tỉnh Lâm Đồng", MERGER_DAY, None)
DISTRICTS = {
    "593": "Thành phố Phan Thiết",
    "598": "Huyện Hàm Thuận Nam",
}
NEW_COMMUNES = {
    "22960": "Phường Tiến Thành",
    "23131": "Xã Tân Thành",
}


@dataclass(frozen=True)
class OldCommune:
    code: str
    name: str
    district: str
    successor: str
    villages: tuple[str, ...]
    land_use_weights: dict[str, int]


# One per 2 km of chainage, Km0 first; two pairs merge into one new unit each.
OLD_COMMUNES = (
    OldCommune(
        "22951",
        "Xã Tiến Lợi",
        "593",
        "22960",
        ("Thôn Phú Lợi", "Thôn Xuân Phong", "Thôn Ích Lợi"),
        {"CLN": 35, "HNK": 35, "LUC": 10, "ONT": 20},
    ),
    OldCommune(
        "22957",
        "Xã Tiến Thành",
        "593",
        "22960",
        ("Thôn Thạnh Hải", "Thôn Tiến Bình", "Thôn Tiến Hòa"),
        {"CLN": 55, "HNK": 25, "LUC": 10, "ONT": 10},
    ),
    OldCommune(
        "23122",
        "Xã Thuận Quý",
        "598",
        "23131",
        ("Thôn Quý Thạnh", "Thôn Thuận Bình", "Thôn Khe Gáo"),
        {"LUC": 45, "HNK": 30, "CLN": 20, "ONT": 5},
    ),
    OldCommune(
        "23128",
        "Xã Tân Thành",
        "598",
        "23131",
        ("Thôn Hòa Thành", "Thôn Tân Hòa", "Thôn Kê Gà"),
        {"NTS": 30, "CLN": 30, "HNK": 25, "ONT": 15},
    ),
)

PROJECT_NAME = "Đường ven biển đoạn Phan Thiết – Kê Gà (dự án mẫu)"
PROJECT_PURPOSE = (
    "Xây dựng tuyến đường ven biển đoạn Phan Thiết – Kê Gà dài khoảng 8 km; phạm vi thu hồi "
    "đất rộng khoảng 200 m (mặt đường, dải cây xanh, hành lang an toàn), kết nối du lịch ven "
    "biển phía nam tỉnh.\n\n"
    "Dự án mẫu để trình diễn phần mềm: ranh giới, số hiệu thửa, loại đất, người sử dụng đất, "
    "tên, số CCCD, điện thoại và số văn bản đều là giả định. Hình thể thửa đất là dữ liệu thật "
    "của bản đồ địa chính Pháp (xã Épinay-sur-Orge), nguồn: "
    f"« {ATTRIBUTION} », Giấy phép {LICENCE} (Etalab), "
    "đã được chiếu, xoay và dịch chuyển về vị trí này.\n"
    "Demo project: parcel shapes from the French cadastre "
    f"({ATTRIBUTION}, {LICENCE}) moved into place; names and IDs are made up."
)
PROJECT_INVESTOR = "Sở Giao thông vận tải tỉnh Bình Thuận (nay thuộc tỉnh Lâm Đồng)"
PROJECT_BOARD = (
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Bình Thuận; "
    "Trung tâm Phát triển quỹ đất (tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư)"
)
PROJECT_LEGAL_BASIS = (
    "Nghị quyết số 27/NQ-HĐND ngày 14/7/2023 của HĐND tỉnh Bình Thuận về chủ trương đầu tư;\n"
    "Quyết định số 2315/QĐ-UBND ngày 25/10/2023 của UBND tỉnh Bình Thuận phê duyệt dự án;\n"
    "Nghị quyết số 41/NQ-HĐND ngày 08/12/2023 của HĐND tỉnh thông qua danh mục dự án cần thu "
    "hồi đất năm 2024;\n"
    "Quyết định số 512/QĐ-UBND ngày 04/3/2024 phê duyệt kế hoạch sử dụng đất năm 2024.\n"
    "(Số hiệu văn bản là giả định, dùng cho dữ liệu mẫu.)"
)
CUTOFF_DATE = date(2024, 4, 1)
PLANNED_DECISION_DATE = date(2027, 6, 30)
RULE_PACKS = ["vn-2024", "democracy-3406", "complaints-2011", "lender-ess5"]

# Demo logins, one per role: (username, role, family + middle names, given name).
DEMO_USERS = (
    ("canbo.ban", Role.BOARD_STAFF, "Trần Thị Thu", "Hà"),
    ("canbo.xa", Role.COMMUNE_OFFICIAL, "Lê Văn", "Hùng"),
    ("mttq", Role.FRONT_SUPERVISOR, "Phạm Minh", "Tâm"),
    ("ttnd", Role.INSPECTION_BOARD, "Đặng Văn", "Lộc"),
    ("thanhtra", Role.AUDITOR, "Huỳnh Quốc", "Bảo"),
    ("xem", Role.VIEWER, "Võ Thị Ngọc", "Lan"),
)
OFFICIAL_COMMUNE = "23131"  # the commune official works for the merged Xã Tân Thành
PASSWORD_FILE = Path(settings.BASE_DIR) / ".venv" / "demo-project-login"

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as services._new_lookup_code
