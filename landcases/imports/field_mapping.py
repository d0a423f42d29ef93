"""Which source field of a layer goes to which parcel field: suggested from the attribute
names Vietnamese cadastral software writes (so_to / SHBANDO, so_thua / SHTHUA, loai_dat / MDSD,
dien_tich / DIENTICH, ten_chu, dia_chi, ma_xa …), compared without case, diacritics or
separators; a mapping remembered for the project comes first. One source field is never
given to two parcel fields.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Parcel fields an import fills, with their label for the mapping screen.
TARGETS = {
    "commune_code": _("commune code"),
    "map_kind": _("map kind"),
    "sheet_no": _("map sheet no."),
    "parcel_no": _("parcel no."),
    "land_use_code": _("land-use code"),
    "legal_area": _("legal area (m²)"),
    "certificate_no": _("certificate no. (GCN)"),
    "owner_text": _("land user (as written in the file)"),
    "address": _("location"),
}

# Known names per parcel field, the likeliest first (an earlier name scores a little higher:
# DTPL, the legal area, beats DIENTICH, which some files fill with the drawn area).
ALIASES = {
    "commune_code": ["ma_xa", "maxa", "ma_dvhc", "madvhc", "ma_xa_phuong", "maphuongxa"],
    "map_kind": ["loai_ban_do", "loaibando", "loai_bd", "loaibd", "map_kind"],
    "sheet_no": [
        "so_to",
        "soto",
        "shbando",
        "sh_ban_do",
        "so_hieu_to",
        "sohieuto",
        "to_ban_do",
        "tobando",
        "so_to_bd",
        "sheet_no",
        "to",
    ],
    "parcel_no": [
        "so_thua",
        "sothua",
        "shthua",
        "sh_thua",
        "so_hieu_thua",
        "sohieuthua",
        "thua",
        "parcel_no",
    ],
    "land_use_code": [
        "loai_dat",
        "loaidat",
        "mdsd",
        "ma_mdsd",
        "ma_loai_dat",
        "kyhieumdsd",
        "muc_dich_sd",
        "mucdich",
        "land_use",
    ],
    "legal_area": [
        "dtpl",
        "dt_phap_ly",
        "dien_tich_pl",
        "dien_tich",
        "dientich",
        "dtich",
        "dt",
        "legal_area",
    ],
    "certificate_no": [
        "so_gcn",
        "sogcn",
        "so_giay_cn",
        "sogiaycn",
        "gcn",
        "so_seri",
        "so_phat_hanh",
        "certificate_no",
    ],
    "owner_text": [
        "ten_chu",
        "tenchu",
        "chu_su_dung",
        "chusudung",
        "ten_chu_sd",
        "ten_csd",
        "tencsd",
        "chu_sd",
        "ho_ten",
        "owner",
    ],
    "address": ["dia_chi", "diachi", "dia_chi_thua", "diachithua", "vi_tri", "vitri", "address"],
}
assert set(ALIASES) == set(TARGETS)

REMEMBERED, EXACT, CONTAINED, SIMILAR = "remembered", "exact", "contained", "similar"
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Suggestion:
    target: str
    source: str
    score: float  # 0..1
    reason: str  # remembered / exact / contained / similar


def plain(name: str) -> str:
    """A field name without case, diacritics or separators (“Số_Thửa” → sothua)."""
    decomposed = unicodedata.normalize("NFKD", (name or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", bare.lower())


def _score(source: str, aliases: list[str]) -> tuple[float, str]:
    name = plain(source)
    if not name:
        return 0.0, SIMILAR
    best = (0.0, SIMILAR)
    for rank, alias in enumerate(aliases):
        known = plain(alias)
        penalty = 0.01 * rank
        if name == known:
            found = (1.0 - penalty, EXACT)
        elif len(known) >= 4 and known in name:  # SOTHUA_MOI, SO_THUA_2 (10-letter DBF names)
            found = (0.8 - penalty, CONTAINED)
        else:
            # Near misses of longer names only (SOTHU for SOTHUA): short ones are too alike.
            ratio = difflib.SequenceMatcher(None, name, known).ratio()
            near = ratio >= 0.88 and min(len(name), len(known)) >= 5
            found = (0.7 * ratio - penalty, SIMILAR) if near else (0.0, SIMILAR)
        best = max(best, found)
    return round(best[0], 3), best[1]


def suggest(
    sources: Iterable[str], remembered: Mapping[str, str] | None = None
) -> dict[str, Suggestion | None]:
    """Per parcel field, the source field suggested (or None). A remembered mapping (parcel
    field → source field) is taken first wherever its source field is in the layer."""
    fields = list(dict.fromkeys(sources))
    by_plain = {plain(f): f for f in fields}
    chosen: dict[str, Suggestion | None] = dict.fromkeys(TARGETS)
    used: set[str] = set()
    for target, source in (remembered or {}).items():
        actual = source if source in fields else by_plain.get(plain(source))
        if target in TARGETS and actual is not None and actual not in used:
            chosen[target] = Suggestion(target, actual, 1.0, REMEMBERED)
            used.add(actual)
    candidates = []
    for target in TARGETS:
        if chosen[target] is not None:
            continue
        for source in fields:
            score, reason = _score(source, ALIASES[target])
            if score >= MIN_SCORE:
                candidates.append(Suggestion(target, source, score, reason))
    # The best pairs first; ties keep the order of TARGETS and of the layer's fields.
    for suggestion in sorted(candidates, key=lambda s: -s.score):
        if chosen[suggestion.target] is None and suggestion.source not in used:
            chosen[suggestion.target] = suggestion
            used.add(suggestion.source)
    return chosen


def unmapped(sources: Iterable[str], mapping: Mapping[str, Suggestion | None]) -> list[str]:
    """The source fields no parcel field takes (shown so that the user can see what is left)."""
    taken = {s.source for s in mapping.values() if s is not None}
    return [f for f in dict.fromkeys(sources) if f not in taken]
