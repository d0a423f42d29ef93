"""The events of a scenario file: checked against the catalogue, turned into records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from .catalog import KINDS, Field
from .facts import VIETNAM
from .records import Record
from .registers import Registers
from .scenario_fields import EVENT, _date, _fail, _int, _keys, _subject
from .vocabulary import VOCABULARIES


def _text_id(text: str) -> tuple[int, str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return int(digest[:8], 16), digest


def _value(f: Field, value: Any, where: str, ctx: Context) -> Any:
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
class Context:
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


def _payload(kind: str, raw: Any, where: str, ctx: Context) -> dict[str, Any]:
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


def read_events(
    items: Any, registers: Registers, ctx: Context
) -> tuple[list[Record], dict[Any, int]]:
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
