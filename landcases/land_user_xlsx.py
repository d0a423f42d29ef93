"""Land users and their holdings from a workbook (a census list): the template, and the rows
read and checked one by one (xlsx.py reads the cells; the register services' own checks judge
the values).

One sheet, one row per holding: a land user with three parcels has three rows with the same
list key (its details on the first, the others may leave them empty or repeat them unchanged);
a land user without a parcel has one row without parcel columns. A census list is one table
like this, the error sheet stays one sheet, and nothing must be matched across sheets.
"""

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import messages as msg
from .models import (
    Holding,
    LandUser,
    LandUserKind,
    LandUserSensitive,
    MapKind,
    Parcel,
    Project,
    Tenure,
    Vulnerability,
)
from .services.parcels import holding_numbers_check
from .services.people import land_user_checked, sensitive_checked
from .xlsx import Column, Read, Row, Sheet, in_every_language, read_sheet, template


def _length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _both_languages(text) -> str:
    """“Vietnamese (English)”, whatever the language of the request."""
    with translation.override("vi"):
        vi = str(text)
    with translation.override("en"):
        en = str(text)
    return vi if vi == en else f"{vi} ({en})"


@dataclass(frozen=True)
class _Column(Column):
    """A column whose header is written in Vietnamese then English (“Số CCCD (Citizen ID
    (CCCD))”) and read in either form, or in one language alone."""

    plain: Any = None

    def __post_init__(self):
        object.__setattr__(self, "plain", self.header)
        object.__setattr__(self, "header", lazy(_both_languages, str)(self.header))

    @cached_property
    def _headers(self) -> frozenset[str]:
        return frozenset(in_every_language(self.header) | in_every_language(self.plain))


VULNERABILITY_KEYS = {f"v_{code}": code for code in Vulnerability.values}
PERSON_KEYS = ("kind", "name", "representative", "members", "address", "phone")
SENSITIVE_KEYS = ("citizen_id", "ethnicity", *VULNERABILITY_KEYS)
LAND_USER_KEYS = (*PERSON_KEYS, *SENSITIVE_KEYS)
LAND_USERS = Sheet(
    gettext_lazy("Land users"),
    [
        _Column("key", gettext_lazy("List key"), "key", required=True, max_length=40, width=12),
        _Column(
            "kind",
            _label(LandUser, "kind"),
            "code",
            choices=LandUserKind.values,
            choice_labels=dict(LandUserKind.choices),
            width=16,
        ),
        _Column("name", _label(LandUser, "name"), max_length=_length(LandUser, "name"), width=28),
        _Column(
            "representative",
            _label(LandUser, "representative"),
            max_length=_length(LandUser, "representative"),
            width=24,
        ),
        _Column("members", _label(LandUser, "members"), "int", width=10),
        _Column("address", _label(LandUser, "address"), max_length=_length(LandUser, "address")),
        _Column("phone", _label(LandUser, "phone"), "key", max_length=_length(LandUser, "phone")),
        _Column(
            "citizen_id",
            _label(LandUserSensitive, "citizen_id"),
            "key",
            max_length=40,
            width=16,
        ),
        _Column(
            "ethnicity",
            _label(LandUserSensitive, "ethnicity"),
            max_length=_length(LandUserSensitive, "ethnicity"),
            width=12,
        ),
        *(
            _Column(key, Vulnerability(code).label, "bool", width=12)
            for key, code in VULNERABILITY_KEYS.items()
        ),
        _Column("commune", gettext_lazy("Commune code"), "key", max_length=10, width=10),
        _Column(
            "map_kind",
            _label(Parcel, "map_kind"),
            "code",
            choices=MapKind.values,
            choice_labels=dict(MapKind.choices),
            width=12,
        ),
        _Column(
            "sheet_no", _label(Parcel, "sheet_no"), "key", max_length=_length(Parcel, "sheet_no")
        ),
        _Column(
            "parcel_no",
            _label(Parcel, "parcel_no"),
            "key",
            max_length=_length(Parcel, "parcel_no"),
        ),
        _Column(
            "tenure",
            _label(Holding, "tenure"),
            "code",
            choices=Tenure.values,
            choice_labels=dict(Tenure.choices),
            width=20,
        ),
        _Column(
            "share_pct",
            _label(Holding, "share_pct"),
            "decimal",
            places=2,
            max_decimal=Decimal(1000),
            width=10,
        ),
        _Column(
            "affected_area_m2",
            _label(Holding, "affected_area_m2"),
            "decimal",
            places=1,
            max_decimal=Decimal(10) ** 11,
            width=12,
        ),
    ],
    note=gettext_lazy(
        "One row per parcel held: a land user holding several parcels has several rows with "
        "the same list key (its details on the first row). Kind and name are required on a "
        "land user's first row; a row without a parcel registers the land user alone. The "
        "commune code and map kind are needed only where the sheet and parcel numbers are "
        "not enough to tell the parcel. Share: 100 when empty."
    ),
)


@dataclass
class HoldingInput:
    parcel_id: int
    tenure: str
    share_pct: Decimal
    affected_area_m2: Decimal


@dataclass
class LandUserInput:
    key: str
    person: dict[str, Any]
    sensitive: dict[str, Any]
    holdings: list[HoldingInput] = field(default_factory=list)


@dataclass
class LandUserWorkbook:
    land_users: list[LandUserInput]
    read: Read
    rows: int = 0
    refused: int = 0

    @property
    def ok(self) -> bool:
        return self.refused == 0

    @property
    def holdings(self) -> int:
        return sum(len(u.holdings) for u in self.land_users)


def land_user_template() -> bytes:
    example = [
        ["1", str(LandUserKind.HOUSEHOLD.label), "Hộ ông Nguyễn Văn An", "Nguyễn Văn An", 4]
        + ["Thôn 2, xã Thuận Quý", "0912 345 678", "060123456789", "Kinh"]
        + [None] * len(VULNERABILITY_KEYS)
        + ["", "", "10", "1", str(Tenure.CERTIFICATE_HOLDER.label), 100, 250],
        ["1"]
        + [None] * (8 + len(VULNERABILITY_KEYS))
        + ["", "", "10", "2", str(Tenure.CERTIFICATE_HOLDER.label), 50, 120.5],
    ]
    return template([LAND_USERS], {"Land users": example})


def read_land_user_workbook(data: bytes, *, project: Project, progress=None) -> LandUserWorkbook:
    """Read and check every row (SpreadsheetError for a file that cannot be read at all).
    The cyclic garbage collector waits meanwhile: the rows are millions of small objects that
    all live until the end, which it would scan again and again (50,000 rows: 11 s → 5.6 s)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read(data, project, progress)
    finally:
        if paused:
            gc.enable()


def _read(data: bytes, project: Project, progress) -> LandUserWorkbook:
    read = read_sheet(data, LAND_USERS, index=0)
    total = len(read.rows)
    if progress:
        progress(0, total)
    parcels = _parcels(project)
    shares = _registered_shares(project)
    registered_ids = _registered_citizen_ids(project)
    users: dict[str, LandUserInput] = {}
    first: dict[str, Row] = {}
    citizen_first: dict[str, tuple[str, int]] = {}
    held: dict[tuple[str, int], int] = {}
    rows_of: dict[int, list[Row]] = defaultdict(list)
    for i, row in enumerate(read.rows, start=1):
        v = row.values
        key = v["key"]
        if key is None:
            continue  # the cell's reason is on the row
        if key not in first:
            first[key] = row
            user = _land_user(row, registered_ids, citizen_first)
            if user is not None:
                users[key] = user
        else:
            _same_details(row, first[key], key)
        holding = _holding(row, parcels, key, held)
        if holding is not None:
            shares[holding.parcel_id] += holding.share_pct
            rows_of[holding.parcel_id].append(row)
            if key in users:
                users[key].holdings.append(holding)
        if progress and i % 5000 == 0:
            progress(i, total)
    for pk, total_share in shares.items():
        if total_share > 100:
            for row in rows_of.get(pk, ()):
                label = f"{row.values['sheet_no']}/{row.values['parcel_no']}"
                row.fail(str(msg.SHARES_ABOVE_100) % {"parcel": label, "total": total_share})
    refused = len(read.refused)
    if progress:
        progress(total, total)
    chosen = list(users.values()) if not refused else []  # all or nothing
    return LandUserWorkbook(chosen, read, rows=total, refused=refused)


_MASKED = re.compile(r"\*{1,16}\d{4}")  # a citizen ID as the error sheet gives it back


def masked_citizen_id(value: Any) -> str:
    """A citizen ID as a reason or the error sheet shows it: its last 4 characters, the others
    (at most 16) as stars, “********1234”. The reasons are kept in the job (no expiry) and
    printed by the command; the row number and these 4 digits are enough to find the row."""
    if type(value) is float and value.is_integer():
        value = int(value)  # typed as a number
    text = "" if value is None else str(value)
    return "*" * min(max(len(text) - 4, 0), 16) + text[-4:]


def _land_user(row: Row, registered: set[str], seen: dict) -> LandUserInput | None:
    v = row.values
    for needed in ("kind", "name"):
        if not v[needed] and not _any_error_on(row, needed):
            row.fail(_("%(col)s: required.") % {"col": _column(needed).label})
    members = v["members"]
    if members is not None and not 0 <= members <= 32767:
        row.fail(str(msg.XLSX_LU_MEMBERS) % {"value": members})
    person = {k: v[k] if v[k] is not None else "" for k in PERSON_KEYS}
    person["members"] = members
    try:
        person = land_user_checked(person)
    except ValidationError as exc:
        for message in exc.messages:
            row.fail(message)
    citizen_id = v["citizen_id"] or ""
    sensitive = {
        "citizen_id": citizen_id,
        "ethnicity": v["ethnicity"] or "",
        "vulnerabilities": [code for key, code in VULNERABILITY_KEYS.items() if v[key]],
    }
    try:
        sensitive = sensitive_checked(sensitive)
    except ValidationError as exc:
        if "citizen_id" in exc.error_dict and _MASKED.fullmatch(str(citizen_id)):
            row.fail(str(msg.XLSX_LU_CITIZEN_ID_MASKED) % {"value": citizen_id})
        elif "citizen_id" in exc.error_dict:
            row.fail(str(msg.XLSX_LU_CITIZEN_ID) % {"value": masked_citizen_id(citizen_id)})
        for name, errors in exc.error_dict.items():
            if name != "citizen_id":
                row.fail(" ".join(e for err in errors for e in err.messages))
    # Who holds a registered CCCD is not said: the reason would be a read of the register's
    # sensitive data by CCCD (unlogged, and kept in the job and printed by the command).
    if citizen_id and citizen_id in registered:
        row.fail(str(msg.XLSX_LU_CITIZEN_ID_REGISTERED) % {"value": masked_citizen_id(citizen_id)})
    elif citizen_id and citizen_id in seen:
        other_key, other_row = seen[citizen_id]
        row.fail(
            str(msg.XLSX_LU_CITIZEN_ID_TWICE)
            % {"value": masked_citizen_id(citizen_id), "key": other_key, "row": other_row}
        )
    elif citizen_id:
        seen[citizen_id] = (v["key"], row.number)
    if row.errors:
        return None
    return LandUserInput(v["key"], person, sensitive)


def _column(key: str) -> Column:
    return next(c for c in LAND_USERS.columns if c.key == key)


def _any_error_on(row: Row, key: str) -> bool:
    label = _column(key).label
    return any(e.startswith(f"{label}:") for e in row.errors)


def _same_details(row: Row, first: Row, key: str) -> None:
    """A later row of a land user: its details empty, or as on its first row."""
    differ = [
        c.label
        for c in LAND_USERS.columns
        if c.key in LAND_USER_KEYS
        and row.values[c.key] not in (None, "", False)
        and row.values[c.key] != first.values[c.key]
    ]
    if differ:
        row.fail(
            str(msg.XLSX_LU_KEY_CONFLICT)
            % {"row": first.number, "key": key, "columns": ", ".join(differ)}
        )


# --- parcels held -------------------------------------------------------------------------

ParcelKey = tuple[str, str]  # (sheet no., parcel no.)


@dataclass(frozen=True)
class _Parcel:
    id: int
    commune: str
    map_kind: str
    legal: Decimal


def _parcels(project: Project) -> dict[ParcelKey, list[_Parcel]]:
    found: dict[ParcelKey, list[_Parcel]] = defaultdict(list)
    rows = Parcel.objects.filter(project=project).values_list(
        "id", "sheet_no", "parcel_no", "commune_at_survey__code", "map_kind", "legal_area_m2"
    )
    for pk, sheet, number, commune, kind, legal in rows.iterator(chunk_size=10_000):
        found[(sheet.upper(), number.upper())].append(_Parcel(pk, commune, kind, legal))
    return found


def _registered_shares(project: Project) -> dict[int, Decimal]:
    shares: dict[int, Decimal] = defaultdict(Decimal)
    rows = (
        Holding.objects.filter(parcel__project=project)
        .values("parcel_id")
        .annotate(s=Sum("share_pct"))
        .values_list("parcel_id", "s")
    )
    shares.update(dict(rows))
    return shares


def _registered_citizen_ids(project: Project) -> set[str]:
    rows = (
        LandUserSensitive.objects.filter(land_user__project=project)
        .exclude(citizen_id="")
        .values_list("citizen_id", flat=True)
    )
    return set(rows)


def _holding(row: Row, parcels, key: str, held: dict) -> HoldingInput | None:
    v = row.values
    sheet, number = v["sheet_no"], v["parcel_no"]
    holding_cells = ("commune", "map_kind", "tenure", "share_pct", "affected_area_m2")
    if not sheet and not number:
        if any(v[k] not in (None, "") for k in holding_cells):
            row.fail(str(msg.XLSX_LU_PARCEL_HALF))
        return None
    if not sheet or not number:
        row.fail(str(msg.XLSX_LU_PARCEL_HALF))
        return None
    label = f"{sheet}/{number}"
    candidates = [
        p
        for p in parcels.get((sheet.upper(), number.upper()), [])
        if (not v["commune"] or p.commune == v["commune"])
        and (not v["map_kind"] or p.map_kind == v["map_kind"])
    ]
    if not candidates:
        row.fail(str(msg.XLSX_LU_PARCEL_UNKNOWN) % {"parcel": label})
        return None
    if len(candidates) > 1:
        row.fail(str(msg.XLSX_LU_PARCEL_AMBIGUOUS) % {"parcel": label})
        return None
    parcel = candidates[0]
    if v["tenure"] is None or v["affected_area_m2"] is None:
        if not (_any_error_on(row, "tenure") or _any_error_on(row, "affected_area_m2")):
            row.fail(str(msg.XLSX_LU_HOLDING_FIELDS))
        return None
    share = v["share_pct"] if v["share_pct"] is not None else Decimal(100)
    try:
        holding_numbers_check(share, v["affected_area_m2"], parcel.legal)
    except ValidationError as exc:
        for message in exc.messages:
            row.fail(message)
        return None
    if (key, parcel.id) in held:
        row.fail(
            str(msg.XLSX_LU_HOLDING_TWICE)
            % {"key": key, "parcel": label, "row": held[(key, parcel.id)]}
        )
        return None
    held[(key, parcel.id)] = row.number
    return HoldingInput(parcel.id, v["tenure"], share, v["affected_area_m2"])
