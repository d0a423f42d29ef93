"""Events as the rules see them: plain records (no Django), and which version of each chain of
corrections stands as known at a moment.

The projection, the audit and the scenario files all turn what the record holds into these.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Record:
    """One stored event: an act, a correction of one (same root, larger id) or a void."""

    id: int
    root_id: int
    kind: str
    subject_type: str  # project / area / plan / case / grievance (catalog.SUBJECT_TYPES)
    subject_id: int
    happened_on: date
    recorded_at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    is_void: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.payload.get(key, default)


def standing(
    records: Iterable[Record],
    *,
    known_by: datetime | None = None,
    happened_by: date | None = None,
) -> list[Record]:
    """The latest version of each chain recorded by `known_by` (all when None), voids
    dropped; then only acts that happened by `happened_by` (when given).

    A correction always has a larger id than what it corrects, so the latest is the largest id.
    """
    latest: dict[int, Record] = {}
    for r in records:
        if known_by is not None and r.recorded_at > known_by:
            continue
        held = latest.get(r.root_id)
        if held is None or r.id > held.id:
            latest[r.root_id] = r
    kept = [r for r in latest.values() if not r.is_void]
    if happened_by is not None:
        kept = [r for r in kept if r.happened_on <= happened_by]
    return sorted(kept, key=lambda r: (r.happened_on, r.id))
