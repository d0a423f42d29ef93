"""VNI-Windows (the encoding of the VNI-Times fonts) decoded to Unicode: most letters are a
plain vowel followed by a mark byte (“Nguye\\xe3n” is Nguyễn), a few are one byte (đ ơ ư, i
with a tone, ỵ). The table, data/vni.tsv, is built from the encoding's rules by
data/make_vni_table.py and was verified against UniKey's VNI-WIN table (see there)."""

from functools import cache
from pathlib import Path

TABLE_FILE = Path(__file__).parent / "data" / "vni.tsv"


@cache
def spellings() -> dict[bytes, str]:
    """Bytes → letter. A capital base with a lowercase mark byte (or the other way round),
    which title-case text typed in a VNI font often has, reads as the base's case."""
    table: dict[bytes, str] = {}
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, spelled, _name = line.split("\t")
        table[bytes.fromhex(spelled)] = chr(int(code, 16))
    mixed: dict[bytes, str] = {}
    for raw, letter in table.items():
        if len(raw) == 2:
            other_mark = raw[1] + 0x20 if raw[1] < 0xE0 else raw[1] - 0x20
            mixed.setdefault(bytes([raw[0], other_mark]), letter)
    for raw, letter in mixed.items():
        table.setdefault(raw, letter)
    return table


def decode_vni(raw: bytes) -> str:
    """VNI bytes → Unicode (NFC: every letter is precomposed). A non-ASCII byte that is no
    part of a letter raises ValueError (its position)."""
    table = spellings()
    out = []
    at, end = 0, len(raw)
    while at < end:
        pair = raw[at : at + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            at += 2
            continue
        single = raw[at : at + 1]
        if single in table:
            out.append(table[single])
        elif single[0] < 0x80:
            out.append(chr(single[0]))
        else:
            raise ValueError(at)
        at += 1
    return "".join(out)
