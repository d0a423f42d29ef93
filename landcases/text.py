"""Clean text at the door: Unicode NFC; no control or format characters (NUL, bidi overrides,
zero-width marks) — invisible, they make one name look like another and PostgreSQL refuses
NUL; digits mean ASCII digits (str.isdigit() accepts Arabic-Indic and full-width ones).

Two treatments (the register services choose one per field, `landcases/services/common.py`):
- free text (names, addresses, titles, prose) is *cleaned*: pasted from a word processor or a
  spreadsheet it often carries invisible marks that mean nothing; they are removed;
- codes and numbers (parcel and sheet numbers, certificate, plan and area codes, CCCD, phone,
  bank account) are *refused* when they carry a hidden character: a key must be exactly what
  the paper says, and a hidden character means it was not typed from the paper.
"""

import re
import unicodedata

_KEEP_IN_PROSE = {"\n", "\t"}
_HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn")
ASCII_DIGITS = re.compile(r"[0-9]+")


def clean(value: str, *, multiline: bool = False) -> str:
    """NFC, control and format characters removed (newlines and tabs kept in prose), runs of
    spaces in a one-line value collapsed, ends stripped."""
    if not multiline and (value := value or "").isprintable():
        # The common case at C speed: nothing invisible and no space but U+0020
        # (str.isprintable refuses every other separator and every C* category).
        return " ".join(unicodedata.normalize("NFC", value).split())
    return clean_by_character(value, multiline=multiline)


def clean_by_character(value: str, *, multiline: bool = False) -> str:
    """`clean` without its short cut: each character by its Unicode category."""
    text = unicodedata.normalize("NFC", value or "")
    kept = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        category = unicodedata.category(ch)
        if category in _HIDDEN:
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


def had_hidden_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether the raw value carried control or format characters (line breaks and tabs
    count only in a one-line value)."""
    allowed = "\n\r\t" if multiline else ""
    return any(unicodedata.category(ch) in _HIDDEN and ch not in allowed for ch in value or "")


def ascii_digits(value: str, length: int | None = None) -> bool:
    """Only the digits 0-9 (and exactly `length` of them, when given)."""
    if not ASCII_DIGITS.fullmatch(value or ""):
        return False
    return length is None or len(value) == length


def has_non_ascii_digits(value: str) -> bool:
    """A digit other than 0-9 (Arabic-Indic ٠١٢, full-width ０１２, …)."""
    return any(ch.isdigit() and not "0" <= ch <= "9" for ch in value or "")
