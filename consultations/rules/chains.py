"""Corrections: which version of each event chain stands, as known at a moment."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar


@dataclass(frozen=True)
class Version:
    id: int
    root_id: int
    recorded_at: datetime
    is_void: bool


T = TypeVar("T")


@dataclass(frozen=True)
class Versioned(Generic[T]):
    version: Version
    item: T


def standing(items: Iterable[Versioned[T]], known_by: datetime | None = None) -> list[T]:
    """The latest version of each chain recorded by `known_by` (all when None), voids dropped.

    A correction always has a larger id than what it corrects, so the latest is the largest id.
    """
    latest: dict[int, Versioned[T]] = {}
    for v in items:
        if known_by is not None and v.version.recorded_at > known_by:
            continue
        held = latest.get(v.version.root_id)
        if held is None or v.version.id > held.version.id:
            latest[v.version.root_id] = v
    return [v.item for v in latest.values() if not v.version.is_void]
