"""Province or project overrides: a separate layer over the packs (architecture.md §4).

An override changes one parameter (or the severity) of one rule of one pack, for a province
or a project, over a span of dates (matched against the step's selecting date, like the pack's
own values). A finding it touches shows the base value beside the overriding one. Two
overrides of the same thing that apply at once are an error, not a choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .packs import SEVERITIES, Pack, PackError

SEVERITY = "severity"
FIELDS = {"id", "scope", "pack", "rule", "parameter", "value", "valid_from", "valid_to", "reason"}


class OverrideError(PackError):
    pass


@dataclass(frozen=True)
class Override:
    id: str
    scope: str  # province | project
    scope_id: str
    pack: str
    rule: str
    target: str  # a parameter of the rule, or "severity"
    value: Any
    valid_from: date | None
    valid_to: date | None
    reason: str

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": {self.scope: self.scope_id},
            "value": self.value,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "reason": self.reason,
        }


def parse_overrides(
    items: Any, packs: Mapping[str, Pack], *, origin: str = "overrides"
) -> tuple[Override, ...]:
    """Validate override entries against the packs; every error names the field."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise OverrideError(f"{origin}: expected a list")
    result = []
    for i, raw in enumerate(items):
        where = f"{origin}[{i}]"
        if not isinstance(raw, dict):
            raise OverrideError(f"{where}: expected a mapping")
        unknown = set(raw) - FIELDS
        if unknown:
            raise OverrideError(f"{where}: unknown field(s) {sorted(unknown)}")
        scope = raw.get("scope")
        if (
            not isinstance(scope, dict)
            or len(scope) != 1
            or next(iter(scope)) not in ("province", "project")
        ):
            raise OverrideError(f"{where}.scope: expected {{province: CODE}} or {{project: ID}}")
        ((scope_kind, scope_id),) = scope.items()
        pack = packs.get(raw.get("pack"))  # type: ignore[arg-type]
        if pack is None:
            raise OverrideError(f"{where}.pack: unknown pack {raw.get('pack')!r}")
        entry = pack.rules.get(raw.get("rule"))  # type: ignore[arg-type]
        if entry is None:
            raise OverrideError(f"{where}.rule: {raw.get('rule')!r} is not a rule of {pack.id}")
        target = raw.get("parameter")
        if "value" not in raw:
            raise OverrideError(f"{where}.value: required")
        if target == SEVERITY:
            if raw["value"] not in SEVERITIES:
                raise OverrideError(f"{where}.value: a severity is one of {', '.join(SEVERITIES)}")
            value = raw["value"]
        elif isinstance(target, str) and target in entry.parameters:
            try:
                value = entry.parameters[target].check(raw["value"], f"{where}.value")
            except PackError as error:
                raise OverrideError(str(error)) from None
        else:
            known = ", ".join([*entry.parameters, SEVERITY])
            raise OverrideError(f"{where}.parameter: {target!r} is not one of {known}")
        start, end = raw.get("valid_from"), raw.get("valid_to")
        for name, day in (("valid_from", start), ("valid_to", end)):
            if day is not None and not isinstance(day, date):
                raise OverrideError(f"{where}.{name}: expected a date (YYYY-MM-DD)")
        if start and end and end < start:
            raise OverrideError(f"{where}.valid_to: before valid_from")
        reason = raw.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise OverrideError(f"{where}.reason: an override states why")
        result.append(
            Override(
                str(raw.get("id") or where),
                scope_kind,
                str(scope_id),
                pack.id,
                entry.code,
                target,
                value,
                start,
                end,
                reason.strip(),
            )
        )
    return tuple(result)


def _overlap(a: Override, b: Override) -> bool:
    return (a.valid_to is None or b.valid_from is None or b.valid_from <= a.valid_to) and (
        b.valid_to is None or a.valid_from is None or a.valid_from <= b.valid_to
    )


def for_project(
    overrides: Iterable[Override], *, project_id: int, province: str
) -> tuple[Override, ...]:
    """The overrides that reach this project; two of the same thing that overlap raise."""
    mine = [
        o
        for o in overrides
        if (o.scope == "project" and o.scope_id == str(project_id))
        or (o.scope == "province" and province and o.scope_id == province)
    ]
    for i, a in enumerate(mine):
        for b in mine[i + 1 :]:
            same = (a.pack, a.rule, a.target) == (b.pack, b.rule, b.target)
            if same and _overlap(a, b):
                raise OverrideError(
                    f"overrides {a.id!r} and {b.id!r} both set {a.target} of {a.rule} in "
                    f"{a.pack} on the same dates: remove or re-date one"
                )
    return tuple(mine)
