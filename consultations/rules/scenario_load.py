"""Reading an audit scenario file (docs/scenarios.md) into registers, records and expectations.

Every error names the file and the field (events[3].payload.method: …), so that a legal
officer who writes a scenario can mend it without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .facts import AXES
from .overrides import Override, parse_overrides
from .packs import RULE_CODES, PackError, default_packs
from .records import Record
from .registers import Area, Case, Parcel, PlanVersion, Project, RegisterError, Registers
from .scenario_events import Context, read_events
from .scenario_fields import ScenarioError, _date, _fail, _int, _keys, _subject

TOP = {"title", "notes", "packs", "province", "overrides", "as_of", "axis", "areas", "parcels",
       "cases", "plans", "events", "expect"}  # fmt: skip
EXPECT = {"rule", "subject", "result", "as_of", "axis", "days", "due_on", "since", "severity",
          "missing", "pack", "computed", "note"}  # fmt: skip


@dataclass(frozen=True)
class Expectation:
    rule: str
    subject: tuple[str, int]
    result: str
    as_of: date
    axis: str
    checks: dict[str, Any] = field(default_factory=dict)  # days, due_on, since, severity, …
    where: str = ""


@dataclass
class Scenario:
    path: Path
    title: str
    registers: Registers
    records: list[Record]
    overrides: tuple[Override, ...]
    as_of: date
    axis: str
    expectations: list[Expectation]
    ids: dict[Any, int]  # a scenario's event id → the record id (meetings are named by it)


def _registers(data: dict[str, Any], where: str) -> Registers:
    packs = data.get("packs")
    if not isinstance(packs, list) or not packs:
        raise _fail(f"{where}packs", "list the rule packs that may govern the project")
    areas = [Area(_int(a, f"{where}areas[{i}]")) for i, a in enumerate(data.get("areas") or [])]
    parcels = []
    for i, p in enumerate(data.get("parcels") or []):
        w = f"{where}parcels[{i}]"
        p = _keys(p, {"id", "area", "land_group"}, w)
        parcels.append(
            Parcel(
                _int(p.get("id"), f"{w}.id"),
                _int(p.get("area"), f"{w}.area"),
                str(p.get("land_group")),
            )
        )
    cases = []
    flags = ("resettlement_eligible", "vulnerable", "ethnic_minority", "customary_land")
    for i, c in enumerate(data.get("cases") or []):
        w = f"{where}cases[{i}]"
        c = _keys(c, {"id", "kind", "parcels", *flags}, w)
        for flag in flags:
            if not isinstance(c.get(flag, False), bool):
                raise _fail(f"{w}.{flag}", "expected true or false")
        held = tuple(_int(p, f"{w}.parcels") for p in c.get("parcels") or [])
        cases.append(Case(_int(c.get("id"), f"{w}.id"), str(c.get("kind", "household")), held,
                          **{flag: c.get(flag, False) for flag in flags}))  # fmt: skip
    plans = []
    for i, v in enumerate(data.get("plans") or []):
        w = f"{where}plans[{i}]"
        v = _keys(v, {"id", "area", "kind", "number", "version", "base", "lines"}, w)
        lines = _keys(v.get("lines") or {}, set(v.get("lines") or {}), f"{w}.lines")
        plans.append(
            PlanVersion(
                _int(v.get("id"), f"{w}.id"),
                v.get("area"),
                str(v.get("kind", "draft")),
                str(v.get("number", "")),
                _int(v.get("version", 1), f"{w}.version"),
                v.get("base"),
                {_int(k, f"{w}.lines"): _int(a, f"{w}.lines.{k}") for k, a in lines.items()},
            )
        )
    province = data.get("province")
    project = Project(
        1, tuple(str(p) for p in packs), str(province) if province is not None else ""
    )
    try:
        return Registers(project, tuple(areas), tuple(parcels), tuple(cases), tuple(plans))
    except RegisterError as error:
        raise _fail(where.rstrip(".") or "registers", str(error)) from None


def _expectations(items: Any, as_of: date, axis: str, ids: dict[Any, int]) -> list[Expectation]:
    if not isinstance(items, list) or not items:
        raise _fail("expect", "a scenario states at least one expected result")
    result = []
    for i, x in enumerate(items):
        where = f"expect[{i}]"
        x = _keys(x, EXPECT, where)
        if x.get("rule") not in RULE_CODES:
            raise _fail(f"{where}.rule", f"unknown rule code {x.get('rule')!r}")
        stype, sid = _subject(x.get("subject"), f"{where}.subject")
        if stype == "meeting":
            if sid not in ids:
                raise _fail(f"{where}.subject", f"meeting {sid}: no event with that id")
            sid = ids[sid]
        if x.get("result") not in ("pass", "fail", "open", "not_applicable", "cannot_evaluate"):
            raise _fail(
                f"{where}.result", "expected pass, fail, open, not_applicable or cannot_evaluate"
            )
        checks: dict[str, Any] = {}
        for key in ("due_on", "since"):
            if key in x:
                checks[key] = None if x[key] is None else _date(x[key], f"{where}.{key}")
        if "days" in x:
            checks["days"] = _int(x["days"], f"{where}.days")
        for key in ("severity", "missing", "pack"):
            if key in x:
                checks[key] = str(x[key])
        if "computed" in x:
            checks["computed"] = _keys(x["computed"], set(x["computed"] or {}), f"{where}.computed")
        x_axis = x.get("axis", axis)
        if x_axis not in AXES:
            raise _fail(f"{where}.axis", "expected recorded or happened")
        x_as_of = _date(x["as_of"], f"{where}.as_of") if "as_of" in x else as_of
        result.append(
            Expectation(x["rule"], (stype, sid), x["result"], x_as_of, x_axis, checks, where)
        )
    return result


def load_scenario(path: Path) -> Scenario:
    """Read and validate one scenario file; ScenarioError names the file and the field."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        return _load(data, path)
    except ScenarioError as error:
        raise ScenarioError(f"{path.name}: {error}") from None
    except PackError as error:
        raise ScenarioError(f"{path.name}: {error}") from None
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path.name}: not valid YAML: {error}") from None


def _load(data: Any, path: Path) -> Scenario:
    data = _keys(data, TOP, "scenario")
    registers = _registers(data, "")
    packs = default_packs()
    unknown = [p for p in registers.project.packs if p not in packs]
    if unknown:
        raise _fail("packs", f"unknown rule pack(s) {', '.join(unknown)}")
    if "as_of" not in data:
        raise _fail("as_of", "required: the day the audit looks from")
    as_of = _date(data["as_of"], "as_of")
    axis = data.get("axis", "recorded")
    if axis not in AXES:
        raise _fail("axis", "expected recorded or happened")
    known = {
        "case": {c.id for c in registers.cases},
        "area": {a.id for a in registers.areas},
        "plan": {p.id for p in registers.plans},
    }
    records, ids = read_events(data.get("events") or [], registers, Context(known))
    overrides = parse_overrides(data.get("overrides"), packs)
    expectations = _expectations(data.get("expect"), as_of, axis, ids)
    title = str(data.get("title") or path.stem)
    return Scenario(path, title, registers, records, overrides, as_of, axis, expectations, ids)
