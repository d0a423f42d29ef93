"""Legacy Vietnamese text (issue 14): TCVN3, VNI, UTF-8 and ASCII told apart in raw attribute
bytes, TCVN3 decoded to NFC (capitals included), VNI reported, the user's override checked."""

import shutil
import subprocess
import unicodedata

import pytest
from django.utils import translation

from landcases.imports import legacy_text as lt
from landcases.imports import messages as msg
from landcases.imports import vni

# TCVN3 has capitals with marks only for Ă Â Ê Ô Ơ Ư Đ: a file written in a .VnTime font
# holds the lowercase byte for the others (notes.md).
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")

NAMES = [
    "Nguyễn Văn Đức",
    "Trần Thị Hồng Nhung",
    "Phường Bình Hưng Hoà",
    "Xã Tân Phước Khánh",
    "Huyện Hàm Thuận Bắc",
    "Tỉnh Bình Thuận",
    "Ấp Ông Ương",
    "Lê Thị Ngọc Ánh",
]


def as_vntime_holds(text: str) -> str:
    return "".join(
        c.lower() if c.isupper() and not c.isascii() and c not in TCVN3_CAPITALS else c
        for c in text
    )


def iconv_tcvn3(text: str) -> bytes:
    done = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return done.stdout


# Bytes of a TCVN3 file (as iconv writes them, pinned here so the tests run without iconv).
NGUYEN_VAN_DUC = b"Nguy\xd4n V\xa8n \xa7\xf8c"
# The same in a capitals font (.VnTimeH): plain capitals, lowercase bytes for ễ and ứ.
NGUYEN_VAN_DUC_CAPS = b"NGUY\xd4N V\xa1N \xa7\xf8C"
# VNI (VNI-Times): a plain vowel then a mark byte.
VNI = [
    b"Nguye\xe3n Va\xean \xd1\xf6\xf9c",
    b"Tra\xe0n Th\xf2 Ho\xe0ng Nhung",
    b"Ph\xf6\xf4\xf8ng B\xecnh H\xf6ng Hoa\xf8",
]


def test_the_committed_table_is_what_glibc_iconv_decodes():
    # glibc's iconv is in libc-bin, an essential package of Debian: never skipped.
    assert shutil.which("iconv"), "iconv (libc-bin) is missing"
    table = lt.tcvn3_table()
    for byte in range(256):
        done = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=bytes([byte]),
            capture_output=True,
            check=True,
        )
        assert done.stdout.decode() == table[byte], hex(byte)


@pytest.mark.parametrize("name", NAMES)
def test_real_names_written_by_iconv_read_back(name):
    held = as_vntime_holds(name)
    raw = iconv_tcvn3(held)
    assert not raw.isascii()
    decoded = lt.decode(raw, "tcvn3")
    assert decoded == unicodedata.normalize("NFC", held)
    assert lt.title_case(decoded) == name


def test_pinned_tcvn3_bytes_decode_to_nfc():
    text = lt.decode(NGUYEN_VAN_DUC, "tcvn3")
    assert text == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", text)


def test_the_tone_mark_bytes_combine_with_their_letter():
    # 0xB3 is a combining acute in TCVN3: "a" + 0xB3 is á, one character after NFC.
    assert lt.decode_tcvn3(b"Kha\xb3nh") == "Khánh"


def test_a_capitals_font_word_is_put_back_in_capitals():
    assert lt.decode(NGUYEN_VAN_DUC_CAPS, "tcvn3") == "NGUYỄN VĂN ĐỨC"
    # A word in ordinary case is left alone.
    assert lt.repair_capitals("Nguyễn Văn Đức") == "Nguyễn Văn Đức"


def test_tcvn3_is_detected_with_its_evidence():
    sample = [NGUYEN_VAN_DUC, b"Ph\xad\xeang B\xd7nh H\xadng Ho\xb5", b"LUC", None, b""]
    found = lt.detect(sample)
    assert found.encoding == "tcvn3"
    assert found.confidence == 1.0
    assert "Nguyễn" in found.evidence
    assert dict(found.scores)["utf-8"] == 0.0


def test_utf8_is_detected_and_not_mistaken_for_tcvn3():
    sample = [n.encode() for n in NAMES]
    found = lt.detect(sample)
    assert found.encoding == "utf-8"
    assert found.confidence == 1.0
    assert dict(found.scores)["tcvn3"] < 0.2


def test_plain_ascii_is_reported_as_such():
    found = lt.detect([b"LUC", b"ONT", b"Nguyen Van Duc"])
    assert found.encoding == "ascii"
    assert found.evidence == str(msg.ENCODING_ONLY_ASCII)


def test_vni_is_detected_and_decoded():
    found = lt.detect(VNI)
    assert found.encoding == "vni"
    assert found.confidence == 1.0
    assert dict(found.scores)["tcvn3"] < 0.5
    assert [lt.decode(raw, "vni") for raw in VNI] == [
        "Nguyễn Văn Đức",
        "Trần Thị Hồng Nhung",
        "Phường Bình Hưng Hoà",
    ]


def test_vni_capitals_and_one_byte_letters():
    # ĐỒNG THÁP, Ỷ, ỵ, ĩ: capitals are every mark byte minus 0x20; ỵ and ĩ are one byte.
    assert lt.decode(b"\xd1O\xc0NG THA\xd9P", "vni") == "ĐỒNG THÁP"
    assert lt.decode(b"Y\xdb ky\xf9 m\xeeu \xf3t", "vni") == "Ỷ ký mỵu ĩt"
    # Title case typed in a VNI font may put a lowercase mark on a capital: still À.
    assert lt.decode(b"A\xf8", "vni") == "À"


def test_a_byte_that_is_no_part_of_a_vni_letter_is_refused_in_vietnamese():
    with translation.override("vi"):
        expected_label = str(msg.ENCODING_LABELS["vni"])
        with pytest.raises(lt.LegacyTextError) as refused:
            lt.decode(b"Nguye\xe3n \xa9 2024", "vni")
    assert expected_label in str(refused.value)
    assert str(refused.value).startswith("Giá trị")


def test_the_committed_vni_table_is_what_its_rules_make():
    from landcases.imports.data import make_vni_table

    committed = {}
    for line in vni.TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            code, spelled, _name = line.split("\t")
            committed[chr(int(code, 16))] = bytes.fromhex(spelled)
    made = dict(make_vni_table.lowercase_spellings())
    made.update({c.upper(): make_vni_table.capital(s) for c, s in list(made.items())})
    assert committed == made
    assert len(committed) == 134  # 67 lowercase letters with marks and their capitals


def test_nothing_vietnamese_is_unknown():
    # Windows-1252 French: no reading gives Vietnamese syllables.
    found = lt.detect(["Société générale, château".encode("cp1252")])
    assert found.encoding == "unknown"
    assert found.confidence < 0.5


def test_the_users_override_wins_and_is_checked():
    found = lt.detect([NGUYEN_VAN_DUC])
    assert lt.chosen_encoding(found) == "tcvn3"
    assert lt.chosen_encoding(found, "utf-8") == "utf-8"
    with pytest.raises(lt.LegacyTextError):
        lt.chosen_encoding(found, "koi8-r")


def test_tcvn3_bytes_read_as_utf8_are_refused_not_garbled():
    with translation.override("vi"), pytest.raises(lt.LegacyTextError) as refused:
        lt.decode(NGUYEN_VAN_DUC, "utf-8")
    assert "Unicode (UTF-8)" in str(refused.value)
    assert str(refused.value).startswith("Giá trị")


def test_mixed_sample_is_reported_with_less_than_full_confidence():
    found = lt.detect([NGUYEN_VAN_DUC, NGUYEN_VAN_DUC, "Đức".encode()])
    assert found.encoding == "tcvn3"
    assert 0.5 <= found.confidence < 1.0
