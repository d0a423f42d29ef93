"""Rule packs as dated data (rules.md "Packs"; architecture.md §4), like OpenFisca parameters.

A pack file (packs/<id>.yaml) names its validity and, per rule code, the function the code
maps to (a pack may change a rule's shape, not only its numbers), the default severity, the
fact of the subject whose date selects the law version, the legal basis with its V/S/U status,
and parameters whose `values` are keyed by the date from which they apply (a null value ends
it), each with a unit and a legal reference. A pack may `extend` another and change only some
rules or parameters (vn-2026 = vn-2024 with three numbers changed).

Which listed pack governs a step: packs of a family (`vn`) replace each other by the step's
selecting date (the latest `valid_from` on or before it); other packs apply whenever listed.
Inside the pack, a parameter's own dates decide its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .i18n import Text, gettext_noop

PACKS_DIR = Path(__file__).with_name("packs")

# The public contract of the audit (rules.md "Rules"): keep exactly.
RULE_CODES = (
    "NOTICE-PRE-MEETING",
    "NOTICE-DELIVERED",
    "NOTICE-POSTED",
    "NOTICE-LEAD-TIME",
    "NOTICE-VALIDITY",
    "INVENTORY-DONE",
    "INVENTORY-PERSUASION",
    "PLAN-POSTING",
    "PLAN-CONSULTED",
    "MINUTES-SIGNED",
    "OPINION-TALLY",
    "DIALOGUE-HELD",
    "PLAN-APPROVED",
    "DECISION-DELIVERED",
    "RECOVERY-TIMING",
    "PAYMENT-DEADLINE",
    "RESETTLE-BEFORE-RECOVERY",
    "PAID-BEFORE-HANDOVER",
    "ENFORCEMENT-PRECONDITIONS",
    "DEM-DISCLOSURE",
    "DEM-FRONT-PRESENT",
    "GRV-ACCEPT",
    "GRV-RESOLVE",
    "LND-CUTOFF",
    "LND-VULNERABLE",
    "LND-FPIC",
)
SEVERITIES = ("critical", "major", "minor")
STATUSES = ("V", "S", "U")

# unit → (Python type, lowest, highest): what a value (or an override) may be.
UNIT_TYPES: dict[str, tuple[type, float | None, float | None]] = {
    "calendar_days": (int, 0, 3650),
    "working_days": (int, 0, 365),
    "months": (int, 0, 120),
    "count": (int, 0, 10000),
    "rate_per_day": (float, 0.0, 0.01),
    "code": (str, None, None),
    "date": (date, None, None),
}


class PackError(ValueError):
    pass


@dataclass(frozen=True)
class Reference:
    instrument: str
    status: str  # V / S / U
    article: str = ""
    clause: str = ""
    note: str = ""

    def as_json(self) -> dict[str, str]:
        data = {"instrument": self.instrument, "article": self.article, "clause": self.clause}
        data.update(status=self.status, note=self.note)
        return {k: v for k, v in data.items() if v}


@dataclass(frozen=True)
class Value:
    since: date
    value: Any  # None ends the parameter
    reference: Reference | None


@dataclass(frozen=True)
class Parameter:
    name: str
    unit: str
    values: tuple[Value, ...]  # sorted by `since`
    choices: tuple[str, ...] = ()

    def at(self, day: date) -> Value | None:
        """The value in force on `day`; None before the first or after a null."""
        current = None
        for v in self.values:
            if v.since <= day:
                current = v
        return current if current is not None and current.value is not None else None

    def check(self, value: Any, where: str) -> Any:
        """The value if it fits this parameter's unit and range; else PackError naming `where`."""
        kind, low, high = UNIT_TYPES[self.unit]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise PackError(f"{where}: expected {kind.__name__} ({self.unit}), got {value!r}")
        number: Any = value
        if low is not None and high is not None and not low <= number <= high:
            raise PackError(f"{where}: {value!r} is outside the sane range {low}…{high}")
        if self.choices and value not in self.choices:
            raise PackError(f"{where}: {value!r} is not one of {', '.join(self.choices)}")
        return value


@dataclass(frozen=True)
class RuleEntry:
    code: str
    function: str
    severity: str
    selecting_date: str  # a fact of the rule's subject
    basis: tuple[Reference, ...]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    family: str  # "" = applies whenever listed
    valid_from: Value
    valid_to: Value | None  # None = open; a Value whose value is None = end not known
    rules: Mapping[str, RuleEntry]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    def governs(self, day: date) -> bool:
        if day < self.valid_from.value:
            return False
        end = self.valid_to.value if self.valid_to is not None else None
        return end is None or day <= end

    @property
    def validity_note(self) -> str:
        text = self.validity_text
        return str(text) if text is not None else ""

    @property
    def validity_text(self) -> Text | None:
        """Why a pack whose end is not known is kept in force, as a text to translate."""
        if self.valid_to is not None and self.valid_to.value is None:
            ref = self.valid_to.reference
            status = ref.status if ref else "U"
            if ref is not None and ref.note:
                return Text(
                    gettext_noop(
                        "end of validity not known (status {status}): {note}; kept in force"
                    ),
                    {"status": status, "note": Text(ref.note)},
                )
            return Text(
                gettext_noop("end of validity not known (status {status}); kept in force"),
                {"status": status},
            )
        return None


# --- loading -------------------------------------------------------------------------------


def _reference(data: Any, where: str) -> Reference:
    if not isinstance(data, dict) or not data.get("instrument"):
        raise PackError(f"{where}: a reference needs an `instrument`")
    if data.get("status") not in STATUSES:
        raise PackError(f"{where}.status: expected V, S or U, got {data.get('status')!r}")
    unknown = set(data) - {"instrument", "article", "clause", "status", "note"}
    if unknown:
        raise PackError(f"{where}: unknown field(s) {sorted(unknown)}")
    return Reference(
        str(data["instrument"]),
        data["status"],
        str(data.get("article") or ""),
        str(data.get("clause") or ""),
        str(data.get("note") or ""),
    )


def _dated(data: Any, where: str, check: Any = None) -> Value:
    """`{value: …, reference: {…}}` for pack validity."""
    if not isinstance(data, dict) or "value" not in data:
        raise PackError(f"{where}: expected {{value, reference}}")
    ref = _reference(data.get("reference"), f"{where}.reference")
    if data["value"] is not None and not isinstance(data["value"], date):
        raise PackError(f"{where}.value: expected a date")
    return Value(data["value"] or date.min, data["value"], ref)


def _parameter(name: str, data: Any, where: str) -> Parameter:
    if not isinstance(data, dict):
        raise PackError(f"{where}: expected a mapping")
    unit = data.get("unit")
    if unit not in UNIT_TYPES:
        raise PackError(f"{where}.unit: expected one of {', '.join(UNIT_TYPES)}, got {unit!r}")
    if name == "severity":
        raise PackError(f"{where}: `severity` is reserved (an override target)")
    choices = tuple(data.get("choices") or ())
    shell = Parameter(name, unit, (), choices)
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise PackError(f"{where}.values: expected dated values")
    result = []
    for since, entry in sorted(values.items(), key=lambda kv: str(kv[0])):
        at = f"{where}.values.{since}"
        if not isinstance(since, date):
            raise PackError(f"{at}: a value is keyed by the date it applies from")
        if not isinstance(entry, dict) or "value" not in entry:
            raise PackError(f"{at}: expected {{value, reference}}")
        value = entry["value"]
        if value is None:
            ref = (
                _reference(entry["reference"], f"{at}.reference") if "reference" in entry else None
            )
            result.append(Value(since, None, ref))
            continue
        result.append(
            Value(
                since,
                shell.check(value, f"{at}.value"),
                _reference(entry.get("reference"), f"{at}.reference"),
            )
        )
    return Parameter(name, unit, tuple(result), choices)


def _parameters(data: Any, where: str) -> dict[str, Parameter]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError(f"{where}: expected a mapping of parameters")
    return {name: _parameter(name, p, f"{where}.{name}") for name, p in data.items()}


def _rule(code: str, data: Any, base: RuleEntry | None, where: str) -> RuleEntry:
    if code not in RULE_CODES:
        raise PackError(f"{where}: unknown rule code {code!r}")
    if not isinstance(data, dict):
        raise PackError(f"{where}: expected a mapping")
    unknown = set(data) - {"function", "severity", "selecting_date", "basis", "parameters"}
    if unknown:
        raise PackError(f"{where}: unknown field(s) {sorted(unknown)}")

    def pick(key: str) -> Any:
        if key in data:
            return data[key]
        if base is None:
            raise PackError(f"{where}.{key}: required")
        return getattr(base, key)

    severity = pick("severity")
    if severity not in SEVERITIES:
        raise PackError(f"{where}.severity: expected one of {', '.join(SEVERITIES)}")
    basis = data.get("basis")
    refs = (
        tuple(_reference(b, f"{where}.basis[{i}]") for i, b in enumerate(basis))
        if basis is not None
        else (base.basis if base else ())
    )
    if not refs:
        raise PackError(f"{where}.basis: a rule needs its legal basis")
    params = dict(base.parameters) if base else {}
    params.update(_parameters(data.get("parameters"), f"{where}.parameters"))
    return RuleEntry(
        code, str(pick("function")), severity, str(pick("selecting_date")), refs, params
    )


def parse_pack(data: Any, *, origin: str, known: Mapping[str, Pack]) -> Pack:
    if not isinstance(data, dict) or not isinstance(data.get("pack"), str):
        raise PackError(f"{origin}: expected a mapping with `pack`")
    pid = data["pack"]
    allowed = {"pack", "version", "title", "family", "extends", "valid_from", "valid_to"}
    unknown = set(data) - allowed - {"rules", "parameters"}
    if unknown:
        raise PackError(f"{origin}: unknown field(s) {sorted(unknown)}")
    base = None
    if data.get("extends"):
        if data["extends"] not in known:
            raise PackError(f"{origin}.extends: unknown pack {data['extends']!r}")
        base = known[data["extends"]]
    rules = dict(base.rules) if base else {}
    for code, entry in (data.get("rules") or {}).items():
        rules[code] = _rule(code, entry, rules.get(code), f"{origin}.rules.{code}")
    params = dict(base.parameters) if base else {}
    params.update(_parameters(data.get("parameters"), f"{origin}.parameters"))
    valid_to = data.get("valid_to", base.valid_to if base else None)
    return Pack(
        id=pid,
        version=str(data.get("version") or ""),
        title=str(data.get("title") or ""),
        family=str(data.get("family", base.family if base else "") or ""),
        valid_from=_dated(data.get("valid_from"), f"{origin}.valid_from"),
        valid_to=_dated(valid_to, f"{origin}.valid_to") if isinstance(valid_to, dict) else valid_to,
        rules=rules,
        parameters=params,
    )


def load_packs(directory: Path = PACKS_DIR) -> dict[str, Pack]:
    """Every pack file of the directory (a pack that extends another loads after it)."""
    raw = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or data.get("pack") != path.stem:
            raise PackError(f"{path.name}: `pack` must be {path.stem!r}")
        raw[path.stem] = data
    packs: dict[str, Pack] = {}
    while len(packs) < len(raw):
        ready = [p for p in raw if p not in packs and raw[p].get("extends") in (None, *packs)]
        if not ready:
            raise PackError(
                f"packs extend unknown or circular packs: {sorted(set(raw) - set(packs))}"
            )
        for pid in ready:
            packs[pid] = parse_pack(raw[pid], origin=f"{pid}.yaml", known=packs)
    return packs


@lru_cache(maxsize=1)
def default_packs() -> Mapping[str, Pack]:
    return load_packs()


def listed(packs: Mapping[str, Pack], ids: tuple[str, ...]) -> list[Pack]:
    """The packs a project lists, in its order; an unknown id is an error naming it."""
    unknown = [p for p in ids if p not in packs]
    if unknown:
        raise PackError(f"unknown rule pack(s): {', '.join(unknown)} (known: {', '.join(packs)})")
    return [packs[p] for p in ids]


def _in_force(pack: Pack, days: np.ndarray) -> np.ndarray:
    """Rows whose day this pack governs. A family's pack by its validity; any other pack
    whenever listed, unless a known end of validity has passed."""
    end = pack.valid_to.value if pack.valid_to is not None else None
    mask = np.ones(days.shape, dtype=bool) if end is None else ~(days > np.datetime64(end, "D"))
    if pack.family:
        mask &= days >= np.datetime64(pack.valid_from.value, "D")
    return mask


def governing_index(candidates: list[Pack], code: str, days: np.ndarray) -> np.ndarray:
    """Per row, the index in `candidates` of the pack that governs rule `code` for a step dated
    that day (-1: none). A family's packs replace each other by date, whether or not they hold
    the code (a code the governing pack lacks is not a rule for that step); other packs apply
    whenever listed and hold it."""
    result = np.full(days.shape, -1, dtype=np.int64)
    for i, pack in enumerate(candidates):
        if not pack.family and code in pack.rules:
            result[(result < 0) & _in_force(pack, days)] = i
            return result
    families = {p.family for p in candidates if p.family and code in p.rules}
    family = sorted(
        (i for i, p in enumerate(candidates) if p.family in families),
        key=lambda i: candidates[i].valid_from.value,
    )
    for i in family:  # later starts overwrite earlier ones
        result[_in_force(candidates[i], days)] = i
    return result


def governing(candidates: list[Pack], code: str, day: date) -> Pack | None:
    """The pack that governs rule `code` for a step dated `day` (see governing_index)."""
    (i,) = governing_index(candidates, code, np.array([day], dtype="datetime64[D]"))
    return candidates[i] if i >= 0 else None
