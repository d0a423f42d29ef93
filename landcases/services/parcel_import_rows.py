"""A parcel import's attributes, feature by feature (landcases/services/parcel_imports.py):
the mapped values decoded from the file's encoding and checked with parcel_create's own rules
(cleaned_text, the model fields' validation, the national land-use list, a commune in force
on the survey date, a positive legal area), once per distinct value."""

from datetime import date
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models

from .. import messages as msg
from ..imports import field_mapping, legacy_text, reading
from ..imports import messages as imsg
from ..models import AdministrativeUnit, LandUseCode, MapKind, Parcel, UnitLevel
from .common import CODE, LINE, cleaned_text, entered_decimal
from .parcels import LEGAL_PLACES


class Values:
    """A feature's mapped values, decoded."""

    def __init__(self, layer: reading.Layer, mapping: dict, encoding: str):
        self.layer, self.mapping, self.encoding = layer, mapping, encoding
        self.decoded: dict[str, str] = {}  # values repeat (communes, codes, places)

    def get(self, target: str, i: int) -> str:
        source = self.mapping.get(target)
        if source is None:
            return ""
        if source in self.layer.text:
            value = self.layer.text[source][i]
            if not isinstance(value, str):
                return ""
            text = self.decoded.get(value)
            if text is None:
                raw = self.layer.raw(value) or b""  # a str: never None
                text = self.decoded[value] = legacy_text.decode(raw, self.encoding).strip()
            return text
        value = self.layer.other[source][i]
        if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN: an empty cell
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value)


TEXT_KINDS = {"sheet_no": CODE, "parcel_no": CODE, "certificate_no": CODE, "address": LINE}


def _text(name: str, value: str, memo: dict) -> str:
    """parcel_create's checks of a text field (cleaned_text, then the model field's own
    validation), once per distinct value."""
    key = (name, value)
    found = memo.get(key)
    if found is None:
        try:
            cleaned = cleaned_text({name: value}, {name: TEXT_KINDS[name]})[name]
            if cleaned:
                cast(models.Field, Parcel._meta.get_field(name)).clean(cleaned, None)
            found = memo[key] = (cleaned, None)
        except ValidationError as exc:
            found = memo[key] = (None, exc)
    if found[1] is not None:
        raise found[1]
    return cast(str, found[0])


def _legal(value: str, memo: dict) -> Decimal:
    """parcel_create's checks of the legal area (positive, the field's digits and places),
    once per distinct value."""
    found = memo.get(("legal", value))
    if found is None:
        try:
            text = value.replace(",", ".")
            legal = entered_decimal(text, places=LEGAL_PLACES)
            if not isinstance(legal, Decimal):
                raise ValidationError(imsg.AREA_NOT_A_NUMBER % {"value": text[:20]})
            if legal <= 0:
                raise ValidationError(msg.LEGAL_AREA_NOT_POSITIVE)
            cast(models.Field, Parcel._meta.get_field("legal_area_m2")).clean(legal, None)
            found = (legal, None)
        except ValidationError as exc:
            found = (None, exc)
        memo[("legal", value)] = found
    if found[1] is not None:
        raise found[1]
    return cast(Decimal, found[0])


def _row_attributes(values: Values, i: int, ctx: dict) -> dict:
    """One feature's register values (the checks of parcel_create), or ValidationError."""
    get = values.get
    text = {name: _text(name, get(name, i), ctx["cleaned"]) for name in TEXT_KINDS}
    for name in ("sheet_no", "parcel_no"):
        if not text[name]:
            label = field_mapping.TARGETS[name]
            raise ValidationError(imsg.VALUE_MISSING % {"field": label})
    code = (get("commune_code", i) or ctx["default_commune"] or "").strip()
    commune = ctx["communes"].get(code)
    if commune is None:
        raise ValidationError(imsg.COMMUNE_UNKNOWN % {"code": code[:20]})
    kind = (get("map_kind", i) or ctx["map_kind"]).strip().lower()
    kind = ctx["kinds"].get(kind)
    if kind is None:
        raise ValidationError(imsg.MAP_KIND_UNKNOWN % {"value": get("map_kind", i)[:20]})
    land_use = get("land_use_code", i).upper()
    if land_use not in ctx["land_uses"]:
        raise ValidationError(msg.LAND_USE_UNKNOWN % {"code": land_use[:20]})
    legal = _legal(get("legal_area", i), ctx["cleaned"])
    return {**text, "commune_id": commune, "map_kind": kind, "land_use": land_use, "legal": legal}


def row_context(*, commune: str | None, map_kind: str, survey_date: date) -> dict:
    communes = {}
    for unit in AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE):
        if unit.valid_on(survey_date):
            communes[unit.code] = unit.id
    kinds = {v: v for v in MapKind.values}
    kinds |= {str(label).lower(): v for v, label in MapKind.choices}
    kinds |= {"địa chính": MapKind.CADASTRAL, "dc": MapKind.CADASTRAL}
    kinds |= {"trích đo": MapKind.EXTRACT, "td": MapKind.EXTRACT}
    return {
        "cleaned": {},
        "communes": communes,
        "default_commune": commune,
        "map_kind": map_kind,
        "kinds": kinds,
        "land_uses": set(LandUseCode.objects.values_list("code", flat=True)),
    }


def staged_rows(layer, values: Values, ctx: dict, rejected: list):
    """The staging rows of every feature (one refused on its attributes: with its reason)."""
    for i in range(len(layer)):
        wkb = layer.wkb[i]
        try:
            a = _row_attributes(values, i, ctx)
        except (ValidationError, legacy_text.LegacyTextError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            rejected.append({"row": i + 1, "code": "attributes", "reason": reason})
            yield (i + 1, wkb, None, None, None, None, None, None, None, None, "attributes", reason)
            continue
        yield (
            i + 1,
            wkb,
            a["commune_id"],
            a["map_kind"],
            a["sheet_no"],
            a["parcel_no"],
            a["land_use"],
            a["legal"],
            a["certificate_no"],
            a["address"],
            None,
            None,
        )
