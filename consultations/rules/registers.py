"""What the registers say about a project's subjects as they stood at a date (pure data).

The Django side builds these from the register history; scenario files write them directly.
Ids are the register ids the events name (a case id is the `case` subject of its events).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

LAND_GROUPS = ("agricultural", "non_agricultural", "unused")  # landcases/land_use_codes.py
CASE_KINDS = (
    "household",
    "individual",
    "organisation",
    "community",
    "religious",
    "commune",
    "occupant",
)
PLAN_KINDS = ("draft", "revised", "supplementary")


class RegisterError(ValueError):
    pass


@dataclass(frozen=True)
class Area:
    id: int


@dataclass(frozen=True)
class Parcel:
    id: int
    area_id: int
    land_group: str  # agricultural / non_agricultural / unused


@dataclass(frozen=True)
class Case:
    """One land user in the project."""

    id: int
    kind: str = "household"
    parcels: tuple[int, ...] = ()
    resettlement_eligible: bool = False
    vulnerable: bool = False  # any vulnerability flag
    ethnic_minority: bool = False
    customary_land: bool = False


@dataclass(frozen=True)
class PlanVersion:
    id: int
    area_id: int | None
    kind: str  # draft / revised / supplementary
    number: str
    version: int
    base_id: int | None = None  # the version it revises or supplements
    lines: Mapping[int, int] = field(default_factory=dict)  # case id → net amount, VND


@dataclass(frozen=True)
class Project:
    id: int
    packs: tuple[str, ...]
    province: str = ""  # the province code, for province overrides


@dataclass(frozen=True)
class Registers:
    project: Project
    areas: tuple[Area, ...] = ()
    parcels: tuple[Parcel, ...] = ()
    cases: tuple[Case, ...] = ()
    plans: tuple[PlanVersion, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "plans", tuple(_frozen_lines(p) for p in self.plans))
        check(self)

    def areas_of(self, case: Case) -> tuple[int, ...]:
        by_id = {p.id: p for p in self.parcels}
        return tuple(sorted({by_id[p].area_id for p in case.parcels}))


def _frozen_lines(plan: PlanVersion) -> PlanVersion:
    if isinstance(plan.lines, MappingProxyType):
        return plan
    return PlanVersion(
        plan.id, plan.area_id, plan.kind, plan.number, plan.version, plan.base_id,
        MappingProxyType(dict(plan.lines)),
    )  # fmt: skip


def _unique(kind: str, ids: list[int]) -> set[int]:
    seen: set[int] = set()
    for i in ids:
        if i in seen:
            raise RegisterError(f"{kind} {i} appears twice")
        seen.add(i)
    return seen


def check(r: Registers) -> None:
    """References point at known rows; codes are known: errors name the row and the field."""
    areas = _unique("area", [a.id for a in r.areas])
    parcels = _unique("parcel", [p.id for p in r.parcels])
    cases = _unique("case", [c.id for c in r.cases])
    plans = _unique("plan", [p.id for p in r.plans])
    for p in r.parcels:
        if p.area_id not in areas:
            raise RegisterError(f"parcel {p.id}: area_id {p.area_id} is not an area of the project")
        if p.land_group not in LAND_GROUPS:
            raise RegisterError(
                f"parcel {p.id}: land_group {p.land_group!r} is not one of {LAND_GROUPS}"
            )
    for c in r.cases:
        if c.kind not in CASE_KINDS:
            raise RegisterError(f"case {c.id}: kind {c.kind!r} is not one of {CASE_KINDS}")
        for pid in c.parcels:
            if pid not in parcels:
                raise RegisterError(f"case {c.id}: parcel {pid} is not a parcel of the project")
    for v in r.plans:
        if v.kind not in PLAN_KINDS:
            raise RegisterError(f"plan {v.id}: kind {v.kind!r} is not one of {PLAN_KINDS}")
        if v.area_id is not None and v.area_id not in areas:
            raise RegisterError(f"plan {v.id}: area_id {v.area_id} is not an area of the project")
        if (v.kind == "draft") != (v.base_id is None):
            raise RegisterError(
                f"plan {v.id}: base_id is required for a {v.kind} version and only for one"
            )
        if v.base_id is not None and (v.base_id not in plans or v.base_id == v.id):
            raise RegisterError(
                f"plan {v.id}: base_id {v.base_id} is not another plan of the project"
            )
        for case_id, amount in v.lines.items():
            if case_id not in cases:
                raise RegisterError(
                    f"plan {v.id}: line for case {case_id}, not a case of the project"
                )
            if isinstance(amount, bool) or not isinstance(amount, int):
                raise RegisterError(
                    f"plan {v.id}: the line of case {case_id} is not a whole amount of VND"
                )
