"""National list of land-use type codes (mã loại đất) used on Vietnamese cadastral maps.

Pure data, no Django imports. Loaded into ``landcases.LandUseCode`` by a migration.

Scope
-----
* Every *leaf* code that can be written on a parcel under the Land Law 2024
  (Luật Đất đai 31/2024/QH15; code list: Mục A, Phụ lục II, Thông tư
  08/2024/TT-BTNMT, in force 01/08/2024) -> ``since_2024=True``.
* Every leaf code of the 2013-era list (Luật Đất đai 2013; cadastral-map list of
  Thông tư 25/2014/TT-BTNMT, statistics list of Thông tư 27/2018/TT-BTNMT)
  -> ``before_2024=True``, so that old cadastral maps still import.
* A code in both lists appears once, with the 2024 name. Where the 2013-era
  name differed, it is kept in ``NAME_VI_BEFORE_2024`` (useful for matching the
  text printed on old maps and certificates).
* Left out on purpose: aggregate/heading codes that are never a parcel's own
  code (NNP, SXN, CHN, LUA, LNP, PNN, OTC, CDG, DSN, CSK, CCC, CTS, CQA, SCC,
  TVC, SMN, CSD); the coastal-water observation indicators (MVB, MVT, MVR, MVK)
  and functional-zone indicators (KDT, KKT, KBT, CNC, DNT, KĐD ...), which sit
  outside the three land groups; and the pre-2014 codes of Thông tư
  09/2007/TT-BTNMT (LNC, LNQ, LNK, COC, TSL, TSN, RST, RSK, RSM, RPN, RPT, RPK,
  RPM, RDN, RDT, RDK, RDM, TSK ...). Maps drawn before 01/07/2014 may carry
  those and need a manual mapping.

Group
-----
``group`` follows the three land groups of Điều 9 Luật Đất đai 2024 (Điều 10
Luật 2013 for the retired codes). It decides the recovery-notice period
(Điều 85: at least 90 days before the recovery decision for agricultural land,
180 days for non-agricultural land). Forest land (RSX, RSN, RPH, RDD) and
concentrated livestock land (CNT) are agricultural; residential land
(ONT, ODT), rivers and special-use water surfaces (SON, MNC) are
non-agricultural; BCS, DCS, NCS, MCS and CGT are unused.

Sources checked (via the stored-search tool, not the live web)
--------------------------------------------------------------
* 2013-era list, 53 codes: lawnet.vn, "Signing of land types on cadastral maps
  in Vietnam" (English rendering of Điều 8 TT 25/2014); webtretho.com forum list
  "Ký hiệu các loại đất trên bản đồ địa chính"; and several independent code
  tables in public GitHub repositories, among them the VBDLIS catalogue in
  haitnmt/Elis-Tools-TraCuuGcn (src/Haihv.Elis.Tool.VbdLis/DanhMuc/
  DanhMucLoaiMucDichSuDung.cs). All agree on the 53 codes and the SKK/SKT/SKN
  split (khu công nghiệp / khu chế xuất / cụm công nghiệp).
* 2024 list: a VBDLIS-style purpose catalogue (mucDichSuDung dictionary posted
  to dla.mplis.gov.vn) found in public code, which carries the 2024 names and
  the new codes CNT, DMT, DKT, DCT, DPC, DDD, SCT, CGT, MCS; two independent
  TT 08/2024 code maps in public code (LUC/LUK/HNK/CNT/RSX/RSN names, and that
  BHK, NHK, DDT are no longer valid); a QGIS land-use-status map legend using
  the 2024 names; and the category wording of Điều 9 Luật Đất đai 2024.

Not verified against the text of TT 08/2024 itself (the circular's annex was
not reachable through the search tool; still to be checked against the gazette text):
* whether DTS (trụ sở tổ chức sự nghiệp) and DCK (công trình công cộng khác)
  survive in the 2024 list - marked here as pre-2024 only, because Điều 9 no
  longer names them;
* SCT (khu công nghệ thông tin tập trung), CGT (đất Nhà nước thu hồi chưa
  giao, chưa cho thuê) and RSN (a "trong đó" sub-line of RSX) - taken from the
  single 2024 catalogue above; CGT's placement in the unused group follows that
  catalogue and is the least certain entry;
* exact 2024 wording of a few names (DTT comma, NCS with/without "Đất").
None of these doubts changes a code's group except possibly CGT.
English names are this module's own translations, not official ones.
"""

from typing import NamedTuple

AGRICULTURAL = "agricultural"
NON_AGRICULTURAL = "non_agricultural"
UNUSED = "unused"
GROUPS = (AGRICULTURAL, NON_AGRICULTURAL, UNUSED)


class LandUseCode(NamedTuple):
    code: str  # e.g. "LUC"
    name_vi: str  # e.g. "Đất chuyên trồng lúa"
    name_en: str  # e.g. "Land for specialised wet-rice cultivation"
    group: str  # "agricultural" | "non_agricultural" | "unused"
    since_2024: bool  # in the Land Law 2024 list (Circular 08/2024)
    before_2024: bool  # in the 2013-era list (Circular 25/2014 / 27/2018)


_A, _N, _U = AGRICULTURAL, NON_AGRICULTURAL, UNUSED

LAND_USE_CODES: tuple[LandUseCode, ...] = (
    # ── Nhóm đất nông nghiệp (agricultural) ──────────────────────────────────
    LandUseCode(
        "LUC", "Đất chuyên trồng lúa", "Land for specialised wet-rice cultivation", _A, True, True
    ),
    LandUseCode("LUK", "Đất trồng lúa còn lại", "Other rice land", _A, True, True),
    LandUseCode("LUN", "Đất trồng lúa nương", "Upland (dry) rice land", _A, False, True),
    LandUseCode(
        "HNK", "Đất trồng cây hằng năm khác", "Land for other annual crops", _A, True, True
    ),
    LandUseCode(
        "BHK",
        "Đất bằng trồng cây hàng năm khác",
        "Flat land for other annual crops",
        _A,
        False,
        True,
    ),
    LandUseCode(
        "NHK",
        "Đất nương rẫy trồng cây hàng năm khác",
        "Swidden land for other annual crops",
        _A,
        False,
        True,
    ),
    LandUseCode("CLN", "Đất trồng cây lâu năm", "Land for perennial crops", _A, True, True),
    LandUseCode("RSX", "Đất rừng sản xuất", "Production forest land", _A, True, True),
    LandUseCode(
        "RSN",
        "Đất rừng sản xuất là rừng tự nhiên",
        "Production forest land that is natural forest",
        _A,
        True,
        False,
    ),
    LandUseCode("RPH", "Đất rừng phòng hộ", "Protection forest land", _A, True, True),
    LandUseCode("RDD", "Đất rừng đặc dụng", "Special-use forest land", _A, True, True),
    LandUseCode("NTS", "Đất nuôi trồng thủy sản", "Aquaculture land", _A, True, True),
    LandUseCode(
        "CNT", "Đất chăn nuôi tập trung", "Land for concentrated livestock farming", _A, True, False
    ),
    LandUseCode("LMU", "Đất làm muối", "Salt-making land", _A, True, True),
    LandUseCode("NKH", "Đất nông nghiệp khác", "Other agricultural land", _A, True, True),
    # ── Nhóm đất phi nông nghiệp (non-agricultural) ──────────────────────────
    # Đất ở
    LandUseCode("ONT", "Đất ở tại nông thôn", "Rural residential land", _N, True, True),
    LandUseCode("ODT", "Đất ở tại đô thị", "Urban residential land", _N, True, True),
    # Trụ sở cơ quan; quốc phòng, an ninh
    LandUseCode(
        "TSC", "Đất xây dựng trụ sở cơ quan", "Land for government offices", _N, True, True
    ),
    LandUseCode("CQP", "Đất quốc phòng", "National defence land", _N, True, True),
    LandUseCode("CAN", "Đất an ninh", "Security land", _N, True, True),
    # Công trình sự nghiệp
    LandUseCode(
        "DTS",
        "Đất xây dựng trụ sở của tổ chức sự nghiệp",
        "Land for offices of public-service organisations",
        _N,
        False,
        True,
    ),
    LandUseCode(
        "DVH", "Đất xây dựng cơ sở văn hóa", "Land for cultural facilities", _N, True, True
    ),
    LandUseCode("DXH", "Đất xây dựng cơ sở xã hội", "Land for social facilities", _N, True, True),
    LandUseCode("DYT", "Đất xây dựng cơ sở y tế", "Land for health facilities", _N, True, True),
    LandUseCode(
        "DGD",
        "Đất xây dựng cơ sở giáo dục và đào tạo",
        "Land for education and training facilities",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "DTT", "Đất xây dựng cơ sở thể dục, thể thao", "Land for sports facilities", _N, True, True
    ),
    LandUseCode(
        "DKH",
        "Đất xây dựng cơ sở khoa học và công nghệ",
        "Land for science and technology facilities",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "DMT", "Đất xây dựng cơ sở môi trường", "Land for environmental facilities", _N, True, False
    ),
    LandUseCode(
        "DKT",
        "Đất xây dựng cơ sở khí tượng thủy văn",
        "Land for hydro-meteorological facilities",
        _N,
        True,
        False,
    ),
    LandUseCode(
        "DNG", "Đất xây dựng cơ sở ngoại giao", "Land for diplomatic facilities", _N, True, True
    ),
    LandUseCode(
        "DSK",
        "Đất xây dựng công trình sự nghiệp khác",
        "Land for other public-service facilities",
        _N,
        True,
        True,
    ),
    # Sản xuất, kinh doanh phi nông nghiệp
    LandUseCode("SKK", "Đất khu công nghiệp", "Industrial park land", _N, True, True),
    LandUseCode("SKT", "Đất khu chế xuất", "Export-processing zone land", _N, False, True),
    LandUseCode("SKN", "Đất cụm công nghiệp", "Industrial cluster land", _N, True, True),
    LandUseCode(
        "SCT",
        "Đất khu công nghệ thông tin tập trung",
        "Concentrated information-technology park land",
        _N,
        True,
        False,
    ),
    LandUseCode("TMD", "Đất thương mại, dịch vụ", "Commercial and service land", _N, True, True),
    LandUseCode(
        "SKC",
        "Đất cơ sở sản xuất phi nông nghiệp",
        "Land for non-agricultural production establishments",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "SKS", "Đất sử dụng cho hoạt động khoáng sản", "Land for mineral activities", _N, True, True
    ),
    LandUseCode(
        "SKX",
        "Đất sản xuất vật liệu xây dựng, làm đồ gốm",
        "Land for building-material and pottery production",
        _N,
        False,
        True,
    ),
    # Mục đích công cộng
    LandUseCode(
        "DGT", "Đất công trình giao thông", "Transport infrastructure land", _N, True, True
    ),
    LandUseCode("DTL", "Đất công trình thủy lợi", "Irrigation infrastructure land", _N, True, True),
    LandUseCode(
        "DCT",
        "Đất công trình cấp nước, thoát nước",
        "Water-supply and drainage infrastructure land",
        _N,
        True,
        False,
    ),
    LandUseCode(
        "DPC",
        "Đất công trình phòng, chống thiên tai",
        "Natural-disaster prevention infrastructure land",
        _N,
        True,
        False,
    ),
    LandUseCode(
        "DDD",
        "Đất có di tích lịch sử - văn hóa, danh lam thắng cảnh, di sản thiên nhiên",
        "Land with historical-cultural relics, scenic landscapes or natural heritage",
        _N,
        True,
        False,
    ),
    LandUseCode(
        "DDT",
        "Đất có di tích lịch sử - văn hóa",
        "Land with historical-cultural relics",
        _N,
        False,
        True,
    ),
    LandUseCode(
        "DDL", "Đất có danh lam thắng cảnh", "Land with scenic landscapes", _N, False, True
    ),
    LandUseCode("DRA", "Đất công trình xử lý chất thải", "Waste treatment land", _N, True, True),
    LandUseCode(
        "DNL",
        "Đất công trình năng lượng, chiếu sáng công cộng",
        "Energy and public lighting infrastructure land",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "DBV",
        "Đất công trình hạ tầng bưu chính, viễn thông, công nghệ thông tin",
        "Postal, telecommunications and IT infrastructure land",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "DCH",
        "Đất chợ dân sinh, chợ đầu mối",
        "Market land (local and wholesale markets)",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "DKV",
        "Đất khu vui chơi, giải trí công cộng, sinh hoạt cộng đồng",
        "Public recreation, entertainment and community-activity land",
        _N,
        True,
        True,
    ),
    LandUseCode("DSH", "Đất sinh hoạt cộng đồng", "Community-activity land", _N, False, True),
    LandUseCode(
        "DCK", "Đất công trình công cộng khác", "Land for other public works", _N, False, True
    ),
    # Tôn giáo, tín ngưỡng; nghĩa trang; mặt nước chuyên dùng; khác
    LandUseCode("TON", "Đất tôn giáo", "Religious land", _N, True, True),
    LandUseCode(
        "TIN", "Đất tín ngưỡng", "Land for belief (folk-worship) establishments", _N, True, True
    ),
    LandUseCode(
        "NTD",
        "Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng; đất cơ sở lưu trữ tro cốt",
        "Cemetery, funeral-home and cremation land; ash-storage land",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "SON",
        "Đất có mặt nước dạng sông, ngòi, kênh, rạch, suối",
        "Rivers, canals, channels and streams",
        _N,
        True,
        True,
    ),
    LandUseCode(
        "MNC",
        "Đất có mặt nước chuyên dùng dạng ao, hồ, đầm, phá",
        "Special-use water surface (ponds, lakes, lagoons)",
        _N,
        True,
        True,
    ),
    LandUseCode("PNK", "Đất phi nông nghiệp khác", "Other non-agricultural land", _N, True, True),
    # ── Nhóm đất chưa sử dụng (unused) ───────────────────────────────────────
    LandUseCode(
        "CGT",
        "Đất do Nhà nước thu hồi theo quy định của pháp luật đất đai chưa giao, chưa cho thuê",
        "Land recovered by the State, not yet allocated or leased",
        _U,
        True,
        False,
    ),
    LandUseCode("BCS", "Đất bằng chưa sử dụng", "Unused flat land", _U, True, True),
    LandUseCode(
        "DCS", "Đất đồi núi chưa sử dụng", "Unused hilly and mountainous land", _U, True, True
    ),
    LandUseCode(
        "NCS", "Núi đá không có rừng cây", "Rocky mountains without forest", _U, True, True
    ),
    LandUseCode("MCS", "Đất có mặt nước chưa sử dụng", "Unused water surface", _U, True, False),
)

BY_CODE: dict[str, LandUseCode] = {c.code: c for c in LAND_USE_CODES}

# 2013-era names of codes that stayed in the 2024 list under a different name
# (TT 25/2014 wording). Codes whose name did not change are not listed.
NAME_VI_BEFORE_2024: dict[str, str] = {
    "LUC": "Đất chuyên trồng lúa nước",
    "LUK": "Đất trồng lúa nước còn lại",
    "HNK": "Đất trồng cây hàng năm khác",  # a heading in 2014, BHK/NHK were the leaves
    "DXH": "Đất xây dựng cơ sở dịch vụ xã hội",
    "DTT": "Đất xây dựng cơ sở thể dục thể thao",
    "DGT": "Đất giao thông",
    "DTL": "Đất thủy lợi",
    "DRA": "Đất bãi thải, xử lý chất thải",
    "DNL": "Đất công trình năng lượng",
    "DBV": "Đất công trình bưu chính, viễn thông",
    "DCH": "Đất chợ",
    "DKV": "Đất khu vui chơi, giải trí công cộng",
    "TON": "Đất cơ sở tôn giáo",
    "TIN": "Đất cơ sở tín ngưỡng",
    "NTD": "Đất làm nghĩa trang, nghĩa địa, nhà tang lễ, nhà hỏa táng",
    "SON": "Đất sông, ngòi, kênh, rạch, suối",
    "MNC": "Đất có mặt nước chuyên dùng",
}
