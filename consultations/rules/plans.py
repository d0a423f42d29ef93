"""Which plan versions are in force for a household, and what they owe it (domain.md, "Plan
versions"): a revised version replaces the version it revises (for the land users it lists);
a supplementary version adds to it. Used by the stage function (`paid` while covered) and by
the audit's facts (the net and the payment clock) — one definition for both."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Term:
    """One plan version's line for one household, and when its approval took effect."""

    plan_id: int
    kind: str  # draft / revised / supplementary
    base_id: int | None  # the version it revises or supplements
    version: int
    net: int  # VND the household is owed under this version
    effective_on: date | None  # None: not approved (yet)


def slot(
    term: Term,
    by_id: dict[int, Term],
    bases: dict[int, int | None],
    kinds: dict[int, str] | None = None,
) -> int:
    """The slot a version fills: a revised version takes its base's slot (following the chain
    of revisions); a draft or a supplementary version is a slot of its own. `kinds` (every
    version's kind, project-wide) lets the chain pass a revision that does not list the
    household: v3 revising v2 revising v1 replaces v1 for a household that v2 left out."""
    plan_id, kind, seen = term.plan_id, term.kind, set()
    while kind == "revised" and bases.get(plan_id) is not None and plan_id not in seen:
        seen.add(plan_id)
        plan_id = bases[plan_id]  # type: ignore[assignment]
        if kinds is not None and plan_id in kinds:
            kind = kinds[plan_id]
        else:
            kind = by_id[plan_id].kind if plan_id in by_id else "draft"
    return plan_id


def versions_in_force(
    terms: Iterable[Term],
    on: date | None = None,
    *,
    bases: dict[int, int | None] | None = None,
    kinds: dict[int, str] | None = None,
) -> list[Term]:
    """The household's versions in force on `on` (any day when None): per slot, the latest
    version approved and in effect by then, in plan id order."""
    terms = list(terms)
    by_id = {t.plan_id: t for t in terms}
    bases = bases if bases is not None else {t.plan_id: t.base_id for t in terms}
    slots: dict[int, tuple[tuple[date, int, int], Term]] = {}
    for t in terms:
        if t.effective_on is None or (on is not None and t.effective_on > on):
            continue
        key = (t.effective_on, t.version, t.plan_id)
        s = slot(t, by_id, bases, kinds)
        if s not in slots or key > slots[s][0]:
            slots[s] = (key, t)
    return sorted((t for _key, t in slots.values()), key=lambda t: t.plan_id)


def in_force(
    terms: Iterable[Term],
    on: date | None = None,
    *,
    bases: dict[int, int | None] | None = None,
    kinds: dict[int, str] | None = None,
) -> tuple[int | None, date | None]:
    """(the net in force on `on` — the sum over slots of the latest version approved and in
    effect by then —, the effective date of the latest version counted). (None, None) when no
    version listing the household is in effect."""
    chosen = versions_in_force(terms, on, bases=bases, kinds=kinds)
    if not chosen:
        return None, None
    return sum(t.net for t in chosen), max(t.effective_on for t in chosen if t.effective_on)
