"""Land-user workbooks for the import tests: rows by column key under the template's headers."""

from decimal import Decimal

from django.utils import translation

from landcases.land_user_xlsx import LAND_USERS
from tests.factories import make_parcel, make_project, make_user
from tests.workbooks import headers, workbook

KEYS = [c.key for c in LAND_USERS.columns]


def row(**values) -> list:
    unknown = set(values) - set(KEYS)
    assert not unknown, unknown
    return [values.get(k) for k in KEYS]


def book(rows: list[list], *, language="vi", header=None, **kw) -> bytes:
    with_header = [header or headers(LAND_USERS, language), *rows]
    with translation.override(language):
        title = LAND_USERS.title
    return workbook({title: with_header}, **kw)


def household(key="1", name="Hộ ông Nguyễn Văn An", **more) -> list:
    values = {
        "key": key,
        "kind": "Hộ gia đình",
        "name": name,
        "representative": "Nguyễn Văn An",
        "members": 4,
        "address": "Thôn 2",
        "citizen_id": "060123456789",
        "ethnicity": "Kinh",
        "sheet_no": 10,
        "parcel_no": 1,
        "tenure": "certificate",
        "share_pct": 100,
        "affected_area_m2": 250,
    }
    values.update(more)
    return row(**{k: v for k, v in values.items() if v is not None})


def make_place():
    """A project with three parcels on sheet 10 (1, 2, 3; 600 m² each) and a board member."""
    actor = make_user("canbo.ban", first_name="Lan", last_name="Nguyễn")
    project, area, commune = make_project(members=[(actor, "board_staff")])
    parcels = [
        make_parcel(project, commune, actor=actor, no=str(i + 1), dx=i * 25, area=area)
        for i in range(3)
    ]
    return actor, project, parcels, commune


D600 = Decimal("600.0")
