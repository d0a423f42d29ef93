"""A bad-input sweep of every POST form of the registers and the set-up pages (issue 9,
part 7): each form gets every bad value in all its fields at once, then each field alone gets
the bad values it must refuse (the others valid); no answer is a server error and nothing is
written. Each form's valid baseline is posted last and must write: the refusals are the bad
values' doing, not a broken baseline."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from landcases import services
from landcases.models import AdministrativeUnit, Role, UnitLevel
from tests.factories import make_parcel, make_project, make_user, vn2000_rect
from tests.sweep import bad_values, sweep, sweep_fields, writes

pytestmark = pytest.mark.django_db

TEXT = ["empty", "huge", "nul"]  # a required text
OPTIONAL_TEXT = ["huge", "nul"]
ID = ["other_project", "huge_int", "wrong_type", "nul"]
NUMBER = ["wrong_type", "huge_int", "huge", "nul"]
CHOICE = ["empty", "wrong_type", "nul", "huge"]
PAST_DATE = ["empty", "future", "ancient", "wrong_type", "nul"]
ANY_DATE = ["ancient", "wrong_type", "nul"]
SHAPE = ["huge", "nul", "wrong_type"]


class World:
    def __init__(self):
        self.user = make_user("canbo")
        self.project, self.area, self.commune = make_project(
            "du-an-a", members=[(self.user, Role.BOARD_STAFF)]
        )
        other, self.other_area, _ = make_project("du-an-b")
        self.outside_commune = AdministrativeUnit.objects.create(
            code="11111", name="Xã ngoài", level=UnitLevel.COMMUNE, valid_from="2000-01-01"
        )
        self.parcel = make_parcel(self.project, self.commune, actor=self.user, area=self.area)
        self.land_user = services.land_user_create(
            project=self.project, actor=self.user, kind="household", name="Hộ A"
        )
        self.free_user = services.land_user_create(
            project=self.project, actor=self.user, kind="household", name="Hộ B"
        )
        services.holding_create(
            land_user=self.land_user,
            parcel=self.parcel,
            actor=self.user,
            tenure="certificate",
            share_pct=Decimal(50),
            affected_area_m2=Decimal(100),
        )
        self.other_parcel = make_parcel(other, self.commune, actor=self.user)
        self.other_user = services.land_user_create(
            project=other, actor=self.user, kind="household", name="Hộ khác"
        )
        self.plan = services.plan_create(
            project=self.project,
            actor=self.user,
            number="PA-1",
            kind="draft",
            title="t",
            reason="x",
        )
        self.viewer = make_user("xem")
        self.membership = self.project.memberships.create(user=self.viewer, role=Role.VIEWER)
        make_user("moi")  # an account without a role yet
        self.province = self.project.province


def url(world, name, *ids):
    return reverse(f"landcases:{name}", args=[world.project.code, *ids])


def specs(w: World) -> dict[str, dict]:
    """Per form: its URL, a valid baseline, the bad values each field must refuse, and each
    field's own value for "other_project"."""
    shape = vn2000_rect(100, 100, 10, 10).wkt
    return {
        "parcel_create": {
            "url": url(w, "parcel_create"),
            "baseline": {
                "commune_at_survey": w.commune.id,
                "survey_date": "2024-03-01",
                "map_kind": "cadastral",
                "sheet_no": "20",
                "parcel_no": "99",
                "land_use": "LUC",
                "legal_area_m2": "240",
                "area": w.area.id,
                "srid": 9218,
                "geom": shape,
                "certificate_no": "",
                "origin": "",
            },
            "fields": {
                "commune_at_survey": ["empty", *ID],
                "survey_date": PAST_DATE,
                "map_kind": CHOICE,
                "sheet_no": [*TEXT, "other_digits"],
                "parcel_no": TEXT,
                "land_use": [*TEXT, "wrong_type"],
                "legal_area_m2": ["empty", *NUMBER],
                "area": ID,
                "srid": ["empty", *NUMBER],
                "geom": ["empty", *SHAPE],
                "certificate_no": OPTIONAL_TEXT,
                "origin": OPTIONAL_TEXT,
            },
            "other": {"area": w.other_area.id, "commune_at_survey": w.outside_commune.id},
        },
        "parcel_edit": {
            "url": url(w, "parcel_edit", w.parcel.id),
            "baseline": {
                "area": w.area.id,
                "land_use": "LUC",
                "legal_area_m2": "590",
                "certificate_no": "",
                "origin": "",
                "address": "",
                "reason": "đo lại",
            },
            "fields": {
                "area": ID,
                "land_use": ["empty", "wrong_type", "nul", "huge"],
                "legal_area_m2": ["empty", *NUMBER],
                "certificate_no": OPTIONAL_TEXT,
                "origin": OPTIONAL_TEXT,
                "address": OPTIONAL_TEXT,
                "reason": TEXT,
            },
            "other": {"area": w.other_area.id},
        },
        "holding_create": {
            "url": url(w, "holding_create", w.parcel.id),
            "baseline": {
                "land_user": w.free_user.id,
                "tenure": "co_user",
                "share_pct": "50",
                "affected_area_m2": "100",
            },
            "fields": {
                "land_user": ["empty", *ID],
                "tenure": CHOICE,
                "share_pct": ["empty", *NUMBER],
                "affected_area_m2": ["empty", *NUMBER],
            },
            "other": {"land_user": w.other_user.id},
        },
        "land_user_create": {
            "url": url(w, "land_user_create"),
            "baseline": {
                "kind": "household",
                "name": "Hộ C",
                "representative": "",
                "members": "4",
                "address": "",
                "phone": "0909000111",
                "reason": "",
            },
            "fields": {
                "kind": CHOICE,
                "name": TEXT,
                "representative": OPTIONAL_TEXT,
                "members": NUMBER,
                "address": OPTIONAL_TEXT,
                "phone": [*OPTIONAL_TEXT, "wrong_type", "huge_int", "other_digits"],
                "reason": OPTIONAL_TEXT,
            },
        },
        "land_user_edit": {
            "url": url(w, "land_user_edit", w.land_user.id),
            "baseline": {
                "kind": "household",
                "name": "Hộ A (sửa)",
                "representative": "",
                "members": "4",
                "address": "",
                "phone": "",
                "reason": "sửa tên",
            },
            "fields": {
                "kind": CHOICE,
                "name": TEXT,
                "members": NUMBER,
                "phone": ["wrong_type", "nul"],
                "reason": TEXT,
            },
        },
        "land_user_sensitive": {
            "url": url(w, "land_user_sensitive", w.land_user.id),
            "baseline": {
                "citizen_id": "060987654321",
                "ethnicity": "Kinh",
                "health_notes": "",
                "bank_account": "",
                "reason": "nhập",
            },
            "fields": {
                "citizen_id": ["huge", "nul", "wrong_type", "huge_int", "future", "other_digits"],
                "ethnicity": OPTIONAL_TEXT,
                "health_notes": OPTIONAL_TEXT,
                "bank_account": OPTIONAL_TEXT,
                "vulnerabilities": ["wrong_type", "nul"],
                "reason": TEXT,
            },
        },
        "land_user_reveal": {
            "url": url(w, "land_user", w.land_user.id),
            "baseline": {"purpose": "identity_check"},
            "fields": {"purpose": CHOICE},
        },
        "project_edit": {
            "url": url(w, "project_edit"),
            "baseline": {
                "name": "Dự án A",
                "purpose": "",
                "investor": "",
                "board": "",
                "legal_basis": "",
                "earliest_act_date": "2024-01-15",
                "cutoff_date": "",
                "planned_decision_date": "",
                "communes": "22999 26000",
                "reason": "QĐ",
            },
            "fields": {
                "name": TEXT,
                "purpose": OPTIONAL_TEXT,
                "investor": OPTIONAL_TEXT,
                "board": OPTIONAL_TEXT,
                "legal_basis": OPTIONAL_TEXT,
                "earliest_act_date": ["future", "ancient", "wrong_type", "nul"],
                "cutoff_date": ANY_DATE,
                "planned_decision_date": ANY_DATE,
                "communes": ["huge", "nul", "wrong_type", "huge_int"],
                "reason": TEXT,
            },
        },
        "area_create": {
            "url": url(w, "area_create"),
            "baseline": {
                "code": "KV5",
                "name": "Khu 5",
                "commune": w.commune.id,
                "km_from": "1",
                "km_to": "2",
                "srid": 9218,
                "geom": shape,
                "reason": "phân khu",
            },
            "fields": {
                "code": TEXT,
                "name": TEXT,
                "commune": ID,
                "km_from": NUMBER,
                "km_to": NUMBER,
                "srid": NUMBER,
                "geom": SHAPE,
                "reason": TEXT,
            },
            "other": {"commune": w.outside_commune.id},
        },
        "area_edit": {
            "url": url(w, "area_edit", w.area.id),
            "baseline": {
                "code": "KV1",
                "name": "Km0 – Km1 (sửa)",
                "commune": w.commune.id,
                "km_from": "",
                "km_to": "",
                "srid": 9218,
                "geom": "",
                "reason": "sửa tên",
            },
            "fields": {
                "code": TEXT,
                "name": TEXT,
                "commune": ID,
                "km_from": NUMBER,
                "km_to": NUMBER,
                "geom": SHAPE,
                "reason": TEXT,
            },
            "other": {"commune": w.outside_commune.id},
        },
        "plan_create": {
            "url": url(w, "plan_create"),
            "baseline": {
                "number": "PA-2",
                "kind": "draft",
                "title": "Phương án 2",
                "area": w.area.id,
                "reason": "lập",
            },
            "fields": {"number": TEXT, "kind": CHOICE, "title": TEXT, "area": ID, "reason": TEXT},
            "other": {"area": w.other_area.id},
        },
        "plan_edit": {
            "url": url(w, "plan_edit", w.plan.id),
            "baseline": {"title": "Tiêu đề mới", "area": w.area.id, "reason": "sửa"},
            "fields": {"title": TEXT, "area": ID, "reason": TEXT},
            "other": {"area": w.other_area.id},
        },
        "member_add": {
            "url": url(w, "members"),
            "baseline": {"username": "moi", "role": "viewer", "commune": "", "reason": "giao"},
            "fields": {
                "username": [*TEXT, "wrong_type"],
                "role": CHOICE,
                "commune": ID,
                "reason": TEXT,
            },
            "other": {"commune": w.outside_commune.id},
        },
        "member_edit": {
            "url": url(w, "member_edit", w.membership.id),
            "baseline": {"role": "auditor", "commune": "", "reason": "đổi vai trò"},
            "fields": {"role": CHOICE, "commune": ID, "reason": TEXT},
            "other": {"commune": w.outside_commune.id},
        },
        "member_remove": {
            "url": url(w, "member_remove", w.membership.id),
            "baseline": {"remove-reason": "nghỉ"},
            "fields": {"remove-reason": TEXT},
        },
        "project_create": {
            "superuser": True,
            "url": reverse("landcases:project_create"),
            "baseline": {
                "code": "moi",
                "name": "Dự án mới",
                "province": w.province.id,
                "source_srid": 9218,
                "srid": 9218,
                "geom": vn2000_rect(0, 0, 500, 500).wkt,
                "board_staff": "moi",
                "reason": "QĐ 1",
            },
            "fields": {
                "code": TEXT,
                "name": TEXT,
                "province": ["empty", *ID],
                "source_srid": ["empty", *NUMBER],
                "srid": NUMBER,
                "geom": ["empty", *SHAPE],
                "board_staff": [*TEXT, "wrong_type"],
                "reason": TEXT,
            },
            "other": {"province": w.outside_commune.id},
        },
    }


FORMS = [
    "parcel_create",
    "parcel_edit",
    "holding_create",
    "land_user_create",
    "land_user_edit",
    "land_user_sensitive",
    "land_user_reveal",
    "project_edit",
    "area_create",
    "area_edit",
    "plan_create",
    "plan_edit",
    "member_add",
    "member_edit",
    "member_remove",
    "project_create",
]


def test_every_post_form_of_the_registers_is_swept():
    """A new POST form of landcases/ must join the sweep (the forms are named by URL)."""
    from tests.pages import patterns

    posting = {
        "parcel_create",
        "parcel_edit",
        "holding_create",
        "land_user_create",
        "land_user_edit",
        "land_user_sensitive",
        "land_user",
        "project_edit",
        "area_create",
        "area_edit",
        "plan_create",
        "plan_edit",
        "members",
        "member_edit",
        "member_remove",
        "project_create",
        # A file upload: its bad input (no workbook, a zip bomb, every bad cell, no reason) is
        # tested in tests/landcases/test_land_user_import*.py, not by this sweep of text values.
        "land_user_import",
        # The parcel import's upload, set-up and decisions: their bad input (a file too large,
        # of another kind, hostile; a set-up that cannot run; a decision out of turn) is
        # tested in tests/landcases/test_parcel_import*.py.
        "parcel_import",
        "parcel_import_check",
        "parcel_import_accept",
        "parcel_import_cancel",
        "parcel_import_revise",
    }
    register_pages = {
        p.name
        for route, p in patterns()
        if route.startswith("projects/")
        and p.name
        and p.callback.__module__.startswith("landcases.")
    }
    read_only = {"projects", "project", "parcels", "parcel", "land_users", "plans"}
    read_only |= {f"land_user_import_{n}" for n in ("template", "job", "status", "errors")}
    read_only |= {f"parcel_import_{n}" for n in ("job", "status", "report")}
    assert register_pages - read_only == posting


@pytest.mark.parametrize("form", FORMS)
def test_bad_input_is_refused_and_writes_nothing(client, form):
    world = World()
    spec = specs(world)[form]
    if spec.get("superuser"):
        client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    else:
        client.force_login(world.user)
    values = bad_values(other_project_id=world.other_parcel.id)
    other = {f: {"other_project": str(v)} for f, v in spec.get("other", {}).items()}
    # All fields at once, with each value that some field of the form must refuse (a date
    # typed as a reason is a valid reason).
    refused = {name for names in spec["fields"].values() for name in names}
    problems = sweep(
        client,
        spec["url"],
        fields=list(spec["fields"]),
        values={k: v for k, v in values.items() if k in refused},
    )
    problems += sweep_fields(
        client,
        spec["url"],
        baseline=spec["baseline"],
        fields=spec["fields"],
        values=values,
        field_values=other,
    )
    assert not problems, problems
    assert writes(client, spec["url"], spec["baseline"]), "the baseline itself must be valid"


def test_a_refused_post_is_not_a_strict_csrf_hole():
    """The sweep logs in with Django's test client, which skips CSRF checks: a real browser's
    POST without the token is refused (and writes nothing either)."""
    world = World()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user)
    assert strict.post(url(world, "plan_create"), {"number": "X"}).status_code == 403
