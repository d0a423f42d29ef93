"""Clean text at the door: Unicode NFC; no control or format characters (NUL, bidi overrides,
zero-width marks) — invisible, they make one name look like another and PostgreSQL refuses
NUL; digits mean ASCII digits (str.isdigit() accepts Arabic-Indic and full-width ones)."""

import re
import unicodedata

_KEEP_IN_PROSE = {"\n", "\t"}
ASCII_DIGITS = re.compile(r"[0-9]+")


def clean(value: str, *, multiline: bool = False) -> str:
    """NFC, control and format characters removed (newlines and tabs kept in prose), runs of
    spaces in a one-line value collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", value or "")
    kept = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            if multiline and ch in _KEEP_IN_PROSE:
                kept.append(ch)
            elif ch in ("\n", "\t"):
                kept.append(" ")
            continue
        kept.append(ch)
    text = "".join(kept)
    if not multiline:
        text = re.sub(r"\s+", " ", text)
    return text.strip()


def had_hidden_characters(value: str) -> bool:
    """Whether the raw value carried control or format characters other than line breaks."""
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\r\t"
        for ch in value or ""
    )


def ascii_digits(value: str, length: int | None = None) -> bool:
    """Only the digits 0-9 (and exactly `length` of them, when given)."""
    if not ASCII_DIGITS.fullmatch(value or ""):
        return False
    return length is None or len(value) == length
