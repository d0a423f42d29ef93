"""An act's details checked against the catalogue (rules/catalog.py) and turned into a payload:
ids, dates, numbers and codes only; free text set apart to be stored as FreeText.

Every value that reaches the record passes here, whoever sends it: an unknown field, a code
outside its vocabulary, a reference to another project's row — a translated refusal naming the
field, before anything is written.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from landcases.models import CompensationPlan, LandUser, ProjectArea
from landcases.text import clean

from . import messages as msg
from .rules.catalog import KINDS, Field
from .rules.vocabulary import VOCABULARIES

MAX_TEXT = 4000
MAX_INT = 10**9
MAX_VND = 10**13
# A document's number and symbol as the State writes them ("12/QĐ-UBND", "45/2025/TB-BQL"):
# ASCII digits and letters, Đ/đ, "/", "-", "." and spaces, with a digit. Nothing else reaches
# the immutable payload under the name of a number (a name or a remark cannot hide there).
DOCUMENT_NUMBER = re.compile(r"(?=[^0-9]*[0-9])[0-9A-Za-zĐđ/.\- ]{1,60}")


@dataclass(frozen=True)
class TextRef:
    """Words already stored (a correction keeps the act's text: the same row, the same hash)."""

    id: int
    sha256: str


@dataclass
class Checked:
    kind: str
    payload: dict[str, Any]
    texts: dict[str, str] = field(default_factory=dict)  # field name → cleaned words
    refs: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    event_refs: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)


def _error(name: str, message, **params) -> ValidationError:
    return ValidationError({name: ValidationError(message, params=params or None)})


def check_values(kind: str, values: Mapping[str, Any]) -> Checked:
    """The act's details, checked one by one (references are checked in `check_refs`)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise _error("kind", msg.UNKNOWN_KIND, value=kind)
    if "recorded_at" in values:
        raise _error("recorded_at", msg.RECORDED_AT_REFUSED)
    for name in values:
        if name not in spec.fields:
            raise _error(name, msg.UNKNOWN_FIELD, field=name)
    checked = Checked(kind, {})
    for name, f in spec.fields.items():
        value = values.get(name)
        if value is None or value == "" or value == [] or value == ():
            if f.required:
                raise _error(name, msg.FIELD_REQUIRED)
            continue
        _check_one(checked, name, f, value)
    return checked


def _check_one(checked: Checked, name: str, f: Field, value: Any) -> None:  # noqa: C901
    base, arg = f.base, f.arg
    out = checked.payload
    if base == "date":
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise _error(name, msg.NOT_A_DATE) from None
        if not isinstance(value, date):
            raise _error(name, msg.NOT_A_DATE)
        out[name] = value.isoformat()
    elif base == "int":
        low = f.min if f.min is not None else -MAX_INT
        high = f.max if f.max is not None else MAX_INT
        if isinstance(value, bool) or not isinstance(value, int):
            raise _error(name, msg.NOT_A_NUMBER)
        if not low <= value <= high:
            raise _error(name, msg.NUMBER_OUT_OF_RANGE, min=low, max=high)
        out[name] = value
    elif base == "vnd":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_VND:
            raise _error(name, msg.NOT_AN_AMOUNT)
        out[name] = value
    elif base == "decimal":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise _error(name, msg.NOT_AN_AREA) from None
        if not number.is_finite() or number < 0 or number > MAX_VND or number != round(number, 1):
            raise _error(name, msg.NOT_AN_AREA)
        out[name] = float(number)
    elif base == "bool":
        if not isinstance(value, bool):
            raise _error(name, msg.NOT_YES_NO)
        out[name] = value
    elif base == "number":
        text = clean(str(value))
        if not DOCUMENT_NUMBER.fullmatch(text):
            raise _error(name, msg.BAD_IDENTIFIER)
        out[name] = text
    elif base == "point":
        try:
            lng, lat = (float(v) for v in value)
        except (TypeError, ValueError):
            raise _error(name, msg.NOT_A_POINT) from None
        if not (
            math.isfinite(lng) and math.isfinite(lat) and -180 <= lng <= 180 and -90 <= lat <= 90
        ):
            raise _error(name, msg.NOT_A_POINT)
        out[name] = [round(lng, 7), round(lat, 7)]
    elif base in ("code", "codes"):
        allowed = VOCABULARIES[arg]
        items = [value] if base == "code" else list(value)
        for item in items:
            if item not in allowed:
                raise _error(name, msg.UNKNOWN_CHOICE, value=str(item)[:40])
        out[name] = value if base == "code" else sorted(set(items), key=allowed.index)
    elif base in ("ref", "refs"):
        items = [value] if base == "ref" else list(value)
        ids = [_id_of(name, item) for item in items]
        checked.refs[arg].update(ids)
        out[name] = ids[0] if base == "ref" else sorted(set(ids))
    elif base == "event":
        event_id = _id_of(name, getattr(value, "root_id", None) or value)
        checked.event_refs.append((name, event_id, tuple(arg.split("|"))))
        out[name] = event_id
    elif base == "text" and isinstance(value, TextRef):
        out[f"{name}_text"], out[f"{name}_sha256"] = value.id, value.sha256
    elif base == "text":
        text = clean(str(value), multiline=True)
        if len(text) > MAX_TEXT:
            raise _error(name, msg.TEXT_TOO_LONG, max=MAX_TEXT)
        if text:
            checked.texts[name] = text


def _id_of(name: str, value: Any) -> int:
    raw = getattr(value, "pk", value)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 2**63:
        try:
            raw = int(str(raw))
        except ValueError:
            raise _error(name, msg.REF_NOT_FOUND, id=str(raw)[:20]) from None
        if not 0 < raw < 2**63:
            raise _error(name, msg.REF_NOT_FOUND, id=raw)
    return raw


def _models():
    from .models import Case

    return {
        "case": Case.objects,
        "area": ProjectArea.objects,
        "plan": CompensationPlan.objects,
        "land_user": LandUser.objects,
    }


def check_refs(project_id: int, items: Iterable[Checked]) -> None:
    """Every id an act names belongs to this project (one query per model and per kind of
    event reference, however many acts)."""
    items = list(items)
    wanted: dict[str, set[int]] = defaultdict(set)
    fields_of: dict[tuple[str, int], str] = {}
    for item in items:
        for model, ids in item.refs.items():
            wanted[model] |= ids
            for name, f in KINDS[item.kind].fields.items():
                if f.base in ("ref", "refs") and f.arg == model:
                    for i in ids:
                        fields_of.setdefault((model, i), name)
    managers = _models()
    for model, ids in wanted.items():
        if model == "user":
            members = get_user_model().objects.filter(
                pk__in=ids, memberships__project_id=project_id
            )  # a user named in an act is a member of the project
            found = set(members.values_list("pk", flat=True))
        else:
            found = set(
                managers[model]
                .filter(project_id=project_id, pk__in=ids)
                .values_list("pk", flat=True)
            )
        for missing in sorted(ids - found):
            raise _error(fields_of.get((model, missing), model), msg.REF_NOT_FOUND, id=missing)
    event_refs = [ref for item in items for ref in item.event_refs]
    if event_refs:
        event_ids = sorted({ref[1] for ref in event_refs})
        with connection.cursor() as cur:
            cur.execute(
                "select id, kind from consultations_event "
                "where project_id = %s and id = any(%s) and root_id = id",
                [project_id, event_ids],
            )
            kinds = dict(cur.fetchall())
        for name, event_id, allowed in event_refs:
            kind = kinds.get(event_id)
            if kind is None or ("*" not in allowed and kind not in allowed):
                raise _error(name, msg.EVENT_REF_NOT_FOUND, id=event_id)
