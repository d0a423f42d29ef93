"""Which plan versions are in force for a household, and what they owe it (domain.md, "Plan
versions"): a revised version replaces the version it revises (for the land users it lists);
a supplementary version adds to it. Used by the stage function (`paid` while covered), by the
audit's facts built in Python (the net and the payment clock) and by the facts extracted for a
whole project (`in_force_columns`, the same definition over arrays) — one definition for all."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np

from .columns import INT_NULL


class _Approval(Protocol):
    @property
    def happened_on(self) -> date: ...

    def get(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True)
class Term:
    """One plan version's line for one household, and when its approval took effect."""

    plan_id: int
    kind: str  # draft / revised / supplementary
    base_id: int | None  # the version it revises or supplements
    version: int
    net: int  # VND the household is owed under this version
    effective_on: date | None  # None: not approved (yet)


def approval_effective(approval: _Approval) -> date:
    """The day an approval of a version takes effect: its `effective_on`, else the day it was
    signed (the stage function and the audit's facts both read it from here)."""
    effective = approval.get("effective_on")
    if not effective:
        return approval.happened_on
    return effective if isinstance(effective, date) else date.fromisoformat(str(effective))


def slot_of(plan_id: int, kinds: Mapping[int, str], bases: Mapping[int, int | None]) -> int:
    """The slot a version fills: a revised version takes its base's slot, following the chain
    of revisions through every version of the project (`kinds`, `bases`: all of them, listed
    or not for the household); a draft or a supplementary version is a slot of its own."""
    seen: set[int] = set()
    while kinds.get(plan_id) == "revised" and bases.get(plan_id) is not None:
        if plan_id in seen:  # a cycle in the register: stop where it closes
            break
        seen.add(plan_id)
        plan_id = bases[plan_id]  # type: ignore[assignment]
    return plan_id


def versions_in_force(
    terms: Iterable[Term],
    on: date | None = None,
    *,
    bases: Mapping[int, int | None] | None = None,
    kinds: Mapping[int, str] | None = None,
) -> list[Term]:
    """The household's versions in force on `on` (any day when None): per slot, the latest
    version (by effective date, then version number, then id) approved and in effect by then,
    in plan id order.

    `bases` and `kinds` describe every version of the project; without them only the terms'
    own versions are known (a chain through a version that does not list the household then
    stops there)."""
    terms = list(terms)
    bases = bases if bases is not None else {t.plan_id: t.base_id for t in terms}
    kinds = kinds if kinds is not None else {t.plan_id: t.kind for t in terms}
    slots: dict[int, tuple[tuple[date, int, int], Term]] = {}
    for t in terms:
        if t.effective_on is None or (on is not None and t.effective_on > on):
            continue
        key = (t.effective_on, t.version, t.plan_id)
        s = slot_of(t.plan_id, kinds, bases)
        if s not in slots or key > slots[s][0]:
            slots[s] = (key, t)
    return sorted((t for _key, t in slots.values()), key=lambda t: t.plan_id)


def in_force(
    terms: Iterable[Term],
    on: date | None = None,
    *,
    bases: Mapping[int, int | None] | None = None,
    kinds: Mapping[int, str] | None = None,
) -> tuple[int | None, date | None]:
    """(the net in force on `on` — the sum over slots of the versions in force
    (`versions_in_force`) —, the effective date of the latest version counted). (None, None)
    when no version listing the household is in effect."""
    chosen = versions_in_force(terms, on, bases=bases, kinds=kinds)
    if not chosen:
        return None, None
    return sum(t.net for t in chosen), max(t.effective_on for t in chosen if t.effective_on)


def in_force_columns(
    n: int,
    row: np.ndarray,
    slot: np.ndarray,
    effective: np.ndarray,
    version: np.ndarray,
    plan_id: np.ndarray,
    net: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """`in_force` (on=None) for `n` households at once. Each input has one entry per approved
    line: the household's row, the version's slot (`slot_of`), its approval's effective date
    (datetime64[D]), version number, id and the line's net. Answers (net per row, INT_NULL
    where none is in force; the latest effective date counted per row, NaT where none)."""
    nets = np.full(n, INT_NULL, dtype=np.int64)
    clock = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if not len(row):
        return nets, clock
    # The latest (effective, version, id) of each (row, slot): sort so that it comes last.
    order = np.lexsort((plan_id, version, effective.astype(np.int64), slot, row))
    r, s = row[order], slot[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (r[1:] != r[:-1]) | (s[1:] != s[:-1])
    kept = order[last]
    rows = row[kept]
    total = np.zeros(n, dtype=np.int64)
    np.add.at(total, rows, net[kept])
    counted = np.zeros(n, dtype=bool)
    counted[rows] = True
    nets[counted] = total[counted]
    days = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(days, rows, effective[kept].astype(np.int64))
    clock[counted] = days[counted].astype("datetime64[D]")
    return nets, clock
