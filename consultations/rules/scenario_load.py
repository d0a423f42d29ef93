"""Reading an audit scenario file (docs/scenarios.md) into registers, records and expectations.

Every error names the file and the field (events[3].payload.method: …), so that a legal
officer who writes a scenario can mend it without reading code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from .catalog import KINDS, Field
from .facts import AXES, VIETNAM
from .overrides import Override, parse_overrides
from .packs import RULE_CODES, PackError, default_packs
from .records import Record
from .registers import Area, Case, Parcel, PlanVersion, Project, RegisterError, Registers
from .vocabulary import VOCABULARIES

TOP = {"title", "notes", "packs", "province", "overrides", "as_of", "axis", "areas", "parcels",
       "cases", "plans", "events", "expect"}  # fmt: skip
EVENT = {
    "id",
    "kind",
    "subject",
    "happened_on",
    "recorded_at",
    "payload",
    "corrects",
    "voids",
    "reason",
}
EXPECT = {"rule", "subject", "result", "as_of", "axis", "days", "due_on", "since", "severity",
          "missing", "pack", "computed", "note"}  # fmt: skip
SUBJECT_WORDS = ("project", "area", "parcel", "plan", "meeting", "case", "grievance")


class ScenarioError(ValueError):
    pass


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


def _text_id(text: str) -> tuple[int, str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return int(digest[:8], 16), digest


def _value(f: Field, value: Any, where: str, ctx: _Context) -> Any:
    base, arg = f.base, f.arg
    if base == "date":
        return _date(value, where).isoformat()
    if base in ("int", "vnd"):
        n = _int(value, where)
        low, high = (f.min, f.max) if base == "int" else (1, 10**13)
        if (low is not None and n < low) or (high is not None and n > high):
            raise _fail(where, f"{n} is outside {low}…{high}")
        return n
    if base == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _fail(where, f"expected a number ≥ 0, got {value!r}")
        return value
    if base == "bool":
        if not isinstance(value, bool):
            raise _fail(where, "expected true or false")
        return value
    if base == "number":
        if not isinstance(value, (str, int)) or not 0 < len(str(value)) <= 60:
            raise _fail(where, "expected a document number (1–60 characters)")
        return str(value)
    if base == "point":
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) for v in value)
        ):
            raise _fail(where, "expected [longitude, latitude]")
        return value
    if base in ("code", "codes"):
        vocab = VOCABULARIES[arg]
        items = value if base == "codes" else [value]
        if base == "codes" and not isinstance(value, list):
            raise _fail(where, f"expected a list of {arg} codes")
        for v in items:
            if v not in vocab:
                raise _fail(where, f"{v!r} is not a {arg} code ({', '.join(vocab)})")
        return value
    if base in ("ref", "refs"):
        items = value if base == "refs" else [value]
        if base == "refs" and not isinstance(value, list):
            raise _fail(where, f"expected a list of {arg} ids")
        known = ctx.known.get(arg)
        for v in items:
            _int(v, where)
            if known is not None and v not in known:
                raise _fail(where, f"{arg} {v} is not in the scenario's registers")
        return value
    if base == "event":
        target = ctx.events.get(value)
        if target is None:
            raise _fail(where, f"no earlier event with id {value!r}")
        allowed = arg.split("|")
        if "*" not in allowed and target.kind not in allowed:
            raise _fail(where, f"event {value} is a {target.kind}, expected {' or '.join(allowed)}")
        return target.root_id
    raise _fail(where, f"unsupported field type {f.type}")


@dataclass
class _Context:
    known: dict[str, set[int]]
    events: dict[Any, Record] = field(default_factory=dict)


def _recorded_at(value: Any, happened: date, where: str) -> datetime:
    if value is None:
        return datetime.combine(happened, time(12), VIETNAM)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VIETNAM)
    if isinstance(value, date):
        return datetime.combine(value, time(12), VIETNAM)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, f"expected a date or date-time, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)


def _payload(kind: str, raw: Any, where: str, ctx: _Context) -> dict[str, Any]:
    fields = KINDS[kind].fields
    raw = _keys(raw or {}, set(fields), where)
    payload: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in raw:
            if f.required:
                raise _fail(f"{where}.{name}", f"required for {kind}")
            continue
        if f.base == "text":
            ident, digest = _text_id(str(raw[name]))
            payload[f"{name}_text"], payload[f"{name}_sha256"] = ident, digest
        else:
            payload[name] = _value(f, raw[name], f"{where}.{name}", ctx)
    return payload


def _events(items: Any, registers: Registers, ctx: _Context) -> tuple[list[Record], dict[Any, int]]:
    if not isinstance(items, list):
        raise _fail("events", "expected a list")
    explicit: list[int] = [
        e["id"] for e in items if isinstance(e, dict) and isinstance(e.get("id"), int)
    ]
    next_id = max(explicit, default=0) + 1
    records: list[Record] = []
    ids: dict[Any, int] = {}
    for i, e in enumerate(items):
        where = f"events[{i}]"
        e = _keys(e, EVENT, where)
        if "id" in e:
            rid = _int(e["id"], f"{where}.id")
        else:
            rid, next_id = next_id, next_id + 1
        if rid in ids.values():
            raise _fail(f"{where}.id", f"{rid} is used twice")
        target = None
        for key in ("corrects", "voids"):
            if key in e:
                target = ctx.events.get(e[key])
                if target is None:
                    raise _fail(f"{where}.{key}", f"no earlier event with id {e[key]!r}")
                if rid <= target.id:
                    raise _fail(f"{where}.id", f"a correction needs a larger id than {target.id}")
                if "recorded_at" not in e:
                    raise _fail(f"{where}.recorded_at", "required for a correction or a void")
        if "corrects" in e and "voids" in e:
            raise _fail(where, "an event corrects or voids, not both")
        if "voids" in e:
            assert target is not None
            recorded = _recorded_at(e["recorded_at"], target.happened_on, f"{where}.recorded_at")
            record = Record(
                rid,
                target.root_id,
                target.kind,
                target.subject_type,
                target.subject_id,
                target.happened_on,
                recorded,
                {},
                is_void=True,
            )
        else:
            kind = e.get("kind", target.kind if target else None)
            if kind not in KINDS:
                raise _fail(f"{where}.kind", f"unknown event kind {kind!r}")
            if "subject" not in e and target is None:
                raise _fail(f"{where}.subject", "required")
            stype, sid = (
                _subject(e["subject"], f"{where}.subject")
                if "subject" in e
                else (target.subject_type, target.subject_id)  # type: ignore[union-attr]
            )
            if stype == "project":
                sid = registers.project.id
            was = (target.kind, target.subject_type, target.subject_id) if target else None
            if target is not None and (kind, stype, sid) != was:
                raise _fail(
                    where,
                    f"a correction keeps the kind and subject of event {e['corrects']} "
                    f"({target.kind}, {target.subject_type} {target.subject_id})",
                )
            if stype not in KINDS[kind].subjects:
                allowed = " or ".join(KINDS[kind].subjects)
                raise _fail(f"{where}.subject", f"a {kind} is about a {allowed}")
            if stype in ("area", "case", "plan") and sid not in ctx.known[stype]:
                raise _fail(f"{where}.subject", f"{stype} {sid} is not in the scenario's registers")
            if "happened_on" not in e:
                raise _fail(f"{where}.happened_on", "required")
            happened = _date(e["happened_on"], f"{where}.happened_on")
            recorded = _recorded_at(e.get("recorded_at"), happened, f"{where}.recorded_at")
            payload = _payload(kind, e.get("payload"), f"{where}.payload", ctx)
            root = target.root_id if target else rid
            record = Record(rid, root, kind, stype, sid, happened, recorded, payload)
        if record.recorded_at.date() < record.happened_on:
            raise _fail(
                f"{where}.recorded_at", "an act is recorded on or after the day it happened"
            )
        ids[e.get("id", rid)] = rid
        ctx.events[e.get("id", rid)] = record
        records.append(record)
    return records, ids


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
    records, ids = _events(data.get("events") or [], registers, _Context(known))
    overrides = parse_overrides(data.get("overrides"), packs)
    expectations = _expectations(data.get("expect"), as_of, axis, ids)
    title = str(data.get("title") or path.stem)
    return Scenario(path, title, registers, records, overrides, as_of, axis, expectations, ids)
