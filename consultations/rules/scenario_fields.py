"""Shared checks of scenario fields: every error names the file's field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

SUBJECT_WORDS = ("project", "area", "parcel", "plan", "meeting", "case", "grievance")
EVENT = {"id", "kind", "subject", "happened_on", "recorded_at", "payload", "corrects", "voids",
         "reason"}  # fmt: skip


class ScenarioError(ValueError):
    pass


def _fail(where: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: {message}")


def _keys(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _fail(where, "expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    return data


def _date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, f"expected a date (YYYY-MM-DD), got {value!r}") from None


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"expected a whole number, got {value!r}")
    return value


def _subject(text: Any, where: str) -> tuple[str, int]:
    """`case 12`, `area 1`, `plan 3`, `grievance 7`, `meeting 40` or `project`."""
    parts = str(text).split()
    if parts == ["project"]:
        return ("project", 0)
    if len(parts) != 2 or parts[0] not in SUBJECT_WORDS or not parts[1].lstrip("-").isdigit():
        raise _fail(where, f"expected a subject like 'case 12' or 'project', got {text!r}")
    return parts[0], int(parts[1])
