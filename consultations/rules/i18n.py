"""Texts of the audit as templates and values, translated by the reader (no Django here).

Every English template a user may read is written `gettext_noop("…")`: a no-op here, and the
name that Django's `makemessages` extracts, so the template lands in locale/*/django.po. A text
is kept as a `Text` (template + values, str.format placeholders); the pure core shows it in
English with `str()`, and the Django side (consultations/findings.py) translates the template
and fills it with the values shown in the reader's language.

A value is a plain scalar (a date, a number, a string shown as is), a nested `Text` (a word or
phrase to translate, e.g. a code of the record or the label of a period), a list (shown joined
by ", "), or a `Holiday` (named by the holidays package in the reader's language).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

MISSING = "—"  # how a missing value is shown in a text

# Layout templates: no words, so not in the catalogue (gettext returns them as they are).
INDENT = "  {step}"
LABELLED = "{label}: {step}"
LABEL = "{label}:"


def gettext_noop(message: str) -> str:
    """Mark an English template for translation (extracted by makemessages; a no-op)."""
    return message


@dataclass(frozen=True)
class Holiday:
    """A public holiday: its English name here, the reader's language on the Django side."""

    on: date
    name: str

    def __str__(self) -> str:
        return self.name

    def as_json(self) -> dict[str, Any]:
        return {"holiday": self.on.isoformat(), "name": self.name}


@dataclass(frozen=True)
class Text:
    """A text is never changed once made, so what it shows is computed once (a step shared by
    thousands of findings, such as a deadline's, is rendered once)."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        shown = self.__dict__.get("_english")
        if shown is None:  # kept beside the fields (not one of them: equality ignores it)
            shown = self.__dict__["_english"] = self.template.format_map(
                {k: english(v) for k, v in self.values.items()}
            )
        return shown

    def as_json(self) -> dict[str, Any]:
        data = self.__dict__.get("_json")
        if data is None:
            data = self.__dict__["_json"] = {
                "template": self.template,
                "values": {k: as_json(v) for k, v in self.values.items()},
            }
        return data


def term(word: str | None) -> Text | None:
    """A word or phrase to translate (None stays missing); one shared text per word."""
    return None if word is None else _term(str(word))


@lru_cache(maxsize=4096)
def _term(word: str) -> Text:
    return Text(word)


def english(value: Any) -> str:
    """A value as the pure core shows it (what str.format would print; None as —)."""
    if value is None:
        return MISSING
    if isinstance(value, (list, tuple)):
        return ", ".join(english(v) for v in value)
    return format(value)


def as_json(value: Any) -> Any:
    if isinstance(value, (Text, Holiday)):
        return value.as_json()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value
