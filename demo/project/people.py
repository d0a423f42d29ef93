"""The demo's people: Vietnamese names, phones, citizen IDs, certificate numbers and lookup
codes, all made up, deterministically from the seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from landcases.models import LandUserKind, Vulnerability

from .places import LOOKUP_ALPHABET


def lower(name: str) -> str:
    """ "Xã Tiến Lợi" → "xã Tiến Lợi" (inside a sentence)."""
    return name[:1].lower() + name[1:]


KINH_FAMILY = (
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 10),
    ("Phạm", 7),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Phan", 4),
    ("Đặng", 3),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Ngô", 2),
    ("Hồ", 2),
    ("Dương", 1),
    ("Trương", 1),
    ("Lương", 1),
)
CHAM_FAMILY = ("Đàng", "Thông", "Quảng", "Lưu", "Bá", "Phú")
RAGLAI_FAMILY = ("Bo Bo", "Mang", "Ma")
MIDDLE_M = ("Văn", "Văn", "Văn", "Minh", "Đức", "Hữu", "Công", "Quốc", "Thanh", "Ngọc")
MIDDLE_F = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Bích")
GIVEN_M = (  # noqa: SIM905
    "An Bình Cường Dũng Hải Hùng Khánh Long Minh Nam Phong Phúc Quang Sơn Tâm Thắng Toàn "
    "Trung Tuấn Việt Vinh Lộc Tài Hiếu Thành Tùng Hòa Lợi Sang Tám Sáu Bảy Nhân Đạt Kiệt"
).split()
GIVEN_F = (  # noqa: SIM905
    "Anh Bích Cúc Dung Hà Hạnh Hằng Hoa Hồng Hương Lan Liên Linh Loan Mai Nga Nhung Oanh "
    "Phượng Thảo Thủy Trang Tuyết Vân Xuân Yến Lệ Sen Mận Hiền Ánh Diệu"
).split()
MOBILE_PREFIXES = (  # noqa: SIM905
    "090 091 093 094 096 097 098 032 033 034 035 036 037 038 039 070 076 077 078 079 081 082 "
    "083 084 085 086 088 089"
).split()
ELSEWHERE = (
    "đường Trần Hưng Đạo, phường Phan Thiết, tỉnh Lâm Đồng",
    "đường Nguyễn Tất Thành, phường Phan Thiết, tỉnh Lâm Đồng",
    "đường Võ Văn Kiệt, phường Mũi Né, tỉnh Lâm Đồng",
    "đường Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh",
    "đường Phan Đăng Lưu, phường Bình Thạnh, Thành phố Hồ Chí Minh",
)


@dataclass
class Person:
    name: str
    female: bool
    born: int
    ethnicity: str


def new_person(rng: random.Random, *, ethnicity: str | None = None, female=None) -> Person:
    if ethnicity is None:
        roll = rng.random()
        ethnicity = "Kinh" if roll < 0.96 else ("Chăm" if roll < 0.98 else "Raglai")
    if female is None:
        female = rng.random() < 0.25
    if ethnicity == "Chăm":
        family = rng.choice(CHAM_FAMILY)
    elif ethnicity == "Raglai":
        family = rng.choice(RAGLAI_FAMILY)
    else:
        names, weights = zip(*KINH_FAMILY, strict=True)
        family = rng.choices(names, weights)[0]
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return Person(f"{family} {middle} {given}", female, rng.randint(1940, 1996), ethnicity)


def new_phone(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return ""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=7))


class Codes:
    """Unique, deterministic lookup codes, CCCD numbers and certificate numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lookup: set[str] = set()
        self.cccd: set[str] = set()
        self.certificates: set[str] = set()

    def lookup_code(self) -> str:
        while True:
            code = "".join(self.rng.choices(LOOKUP_ALPHABET, k=10))
            if code not in self.lookup:
                self.lookup.add(code)
                return code

    def citizen_id(self, person: Person) -> str:
        # 060 = Bình Thuận; then century + sex (0/1 for 19xx male/female), year, six digits.
        while True:
            cid = f"060{int(person.female)}{person.born % 100:02d}{self.rng.randrange(10**6):06d}"
            if cid not in self.cccd:
                self.cccd.add(cid)
                return cid

    def certificate(self) -> str:
        while True:
            series = self.rng.choice(("BĐ", "BK", "BY", "CĐ", "CS", "CT", "DA"))
            number = f"{series} {self.rng.randrange(10**6):06d}"
            if number not in self.certificates:
                self.certificates.add(number)
                return number


@dataclass
class Draft:
    """A land user before it is written, with its holdings."""

    kind: str
    name: str
    representative: str = ""
    members: int | None = None
    address: str = ""
    phone: str = ""
    person: Person | None = None
    vulnerabilities: list[str] = field(default_factory=list)
    holdings: list[tuple[int, str, Decimal]] = field(default_factory=list)  # parcel idx, tenure, %


def household(rng, village: str, commune_now: str, *, kind=LandUserKind.HOUSEHOLD) -> Draft:
    person = new_person(rng)
    members = rng.choices((1, 2, 3, 4, 5, 6, 7), (6, 12, 20, 26, 18, 10, 8))[0]
    vulnerable, alone = vulnerabilities(rng, person)
    if alone:
        members = 1
    if rng.random() < 0.1:
        address = f"{rng.randint(1, 250)} {rng.choice(ELSEWHERE)}"
    else:
        address = f"{village}, {lower(commune_now)}, tỉnh Lâm Đồng"
    title = "bà" if person.female else "ông"
    if kind == LandUserKind.INDIVIDUAL:
        name, representative, members = f"{title.capitalize()} {person.name}", "", None
        vulnerable = [v for v in vulnerable if v != Vulnerability.FEMALE_HEADED]
    else:
        name, representative = f"Hộ {title} {person.name}", person.name
    return Draft(
        kind=kind,
        name=name,
        representative=representative,
        members=members,
        address=address,
        phone=new_phone(rng),
        person=person,
        vulnerabilities=[str(v) for v in vulnerable],
    )


def vulnerabilities(rng, person: Person) -> tuple[list[str], bool]:
    """The household head's vulnerability flags (the sensitive register), and whether the head
    is elderly and lives alone."""
    vulnerable = []
    alone = False
    if person.born < 1952 and rng.random() < 0.3:
        alone = True
        vulnerable.append(Vulnerability.ELDERLY)
    if person.female:
        vulnerable.append(Vulnerability.FEMALE_HEADED)
    roll = rng.random()
    if roll < 0.06:
        vulnerable.append(Vulnerability.POOR)
    elif roll < 0.11:
        vulnerable.append(Vulnerability.NEAR_POOR)
    if rng.random() < 0.04:
        vulnerable.append(Vulnerability.DISABLED)
    if rng.random() < 0.04:
        vulnerable.append(Vulnerability.POLICY)
    if person.ethnicity != "Kinh":
        vulnerable.append(Vulnerability.ETHNIC_MINORITY)
    return vulnerable, alone
