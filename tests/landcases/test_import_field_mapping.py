"""Field mapping (issue 14): source fields suggested for parcel fields from the common
Vietnamese attribute names, without case, diacritics or separators; a remembered mapping
first; a source field never given twice."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landcases.imports.field_mapping import (
    ALIASES,
    CONTAINED,
    EXACT,
    REMEMBERED,
    TARGETS,
    plain,
    suggest,
    unmapped,
)


def sources_of(mapping):
    return {t: s.source for t, s in mapping.items() if s is not None}


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            ["OBJECTID", "SHBANDO", "SHTHUA", "MDSD", "DTPL", "TENCHU", "DIACHI", "MAXA"],
            {
                "sheet_no": "SHBANDO",
                "parcel_no": "SHTHUA",
                "land_use_code": "MDSD",
                "legal_area": "DTPL",
                "owner_text": "TENCHU",
                "address": "DIACHI",
                "commune_code": "MAXA",
            },
        ),
        (
            ["so_to", "so_thua", "loai_dat", "dien_tich", "ten_chu", "dia_chi", "Shape_Area"],
            {
                "sheet_no": "so_to",
                "parcel_no": "so_thua",
                "land_use_code": "loai_dat",
                "legal_area": "dien_tich",
                "owner_text": "ten_chu",
                "address": "dia_chi",
            },
        ),
        (
            ["Số_Tờ", "Số Thửa", "LOẠI ĐẤT", "Diện tích", "SO_GCN", "Loại bản đồ"],
            {
                "sheet_no": "Số_Tờ",
                "parcel_no": "Số Thửa",
                "land_use_code": "LOẠI ĐẤT",
                "legal_area": "Diện tích",
                "certificate_no": "SO_GCN",
                "map_kind": "Loại bản đồ",
            },
        ),
        (["SOTO", "SOTHUA", "LOAIDAT", "DIENTICH"], None),
    ],
)
def test_common_vietnamese_names_are_suggested(fields, expected):
    found = sources_of(suggest(fields))
    if expected is None:
        expected = {
            "sheet_no": "SOTO",
            "parcel_no": "SOTHUA",
            "land_use_code": "LOAIDAT",
            "legal_area": "DIENTICH",
        }
    assert found == expected


def test_names_compare_without_case_diacritics_or_separators():
    assert plain("Số_Thửa") == plain("SO THUA") == plain("sothua") == "sothua"
    assert plain("Đất") == "dat"


def test_the_legal_area_prefers_dtpl_to_dientich_and_leaves_the_other_unmapped():
    fields = ["DIENTICH", "DTPL", "SOTHUA"]
    mapping = suggest(fields)
    assert mapping["legal_area"].source == "DTPL"
    assert mapping["legal_area"].reason == EXACT
    assert unmapped(fields, mapping) == ["DIENTICH"]


def test_a_truncated_or_suffixed_name_scores_lower():
    mapping = suggest(["SOTHUA_MOI", "SOTO"])
    assert mapping["parcel_no"].source == "SOTHUA_MOI"
    assert mapping["parcel_no"].reason == CONTAINED
    assert mapping["parcel_no"].score < mapping["sheet_no"].score == 1.0


def test_a_near_miss_of_a_long_name_is_suggested_as_similar():
    mapping = suggest(["SOTHU", "DIENTIC"])
    assert mapping["parcel_no"].source == "SOTHU"
    assert mapping["parcel_no"].reason == "similar"
    assert mapping["legal_area"].source == "DIENTIC"
    assert mapping["parcel_no"].score < 0.7


def test_unknown_fields_are_not_guessed():
    mapping = suggest(["OBJECTID", "LAYER", "TOADO", "KHU_VUC", "NAME"])
    assert all(s is None for s in mapping.values())
    assert set(mapping) == set(TARGETS)


def test_a_source_field_is_never_given_to_two_parcel_fields():
    # "THUA" would fit the parcel number; "SO_TO_THUA" holds both words.
    fields = ["SO_TO_THUA", "THUA"]
    mapping = suggest(fields)
    taken = [s.source for s in mapping.values() if s is not None]
    assert len(taken) == len(set(taken))


def test_a_remembered_mapping_comes_first_and_uses_its_field_once():
    fields = ["SHBANDO", "SHTHUA", "MA_DAT", "MDSD"]
    remembered = {
        "land_use_code": "ma_dat",  # found whatever its case
        "parcel_no": "SHTHUA",
        "sheet_no": "SHTHUA",  # already taken: ignored, suggested again instead
        "owner_text": "GONE",  # not in this layer: ignored
        "nonsense": "SHBANDO",  # not a parcel field: ignored
    }
    mapping = suggest(fields, remembered)
    assert mapping["land_use_code"].source == "MA_DAT"
    assert mapping["land_use_code"].reason == REMEMBERED
    assert mapping["parcel_no"].source == "SHTHUA"
    assert mapping["sheet_no"].source == "SHBANDO"
    assert mapping["sheet_no"].reason == EXACT
    assert mapping["owner_text"] is None
    assert unmapped(fields, mapping) == ["MDSD"]


ALL_ALIASES = sorted({a for names in ALIASES.values() for a in names})
field_names = st.lists(
    st.one_of(
        st.sampled_from(ALL_ALIASES).map(str.upper),
        st.sampled_from(ALL_ALIASES),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", min_size=1, max_size=10),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(fields=field_names, remembered=st.dictionaries(st.sampled_from(list(TARGETS)), st.text()))
def test_any_layer_maps_each_source_field_once_and_only_its_own(fields, remembered):
    mapping = suggest(fields, remembered)
    taken = [s.source for s in mapping.values() if s is not None]
    assert len(taken) == len(set(taken))
    assert set(taken) <= set(fields)
    assert set(mapping) == set(TARGETS)
    remembered_sources = {s.source for s in mapping.values() if s and s.reason == REMEMBERED}
    for target, source in remembered.items():
        if source in fields:  # remembered for this field, unless another field took it first
            mine = mapping[target]
            if mine is None or (mine.source, mine.reason) != (source, REMEMBERED):
                assert source in remembered_sources
    assert all(0 < s.score <= 1 for s in mapping.values() if s is not None)
