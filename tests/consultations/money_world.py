"""A project with a plan version imported, approved, partly paid: for the money pages' tests."""

from dataclasses import dataclass
from datetime import timedelta

from landcases import services as registers
from landcases.models import Role
from tests.consultations.factories import D, make_world
from tests.consultations.record import record
from tests.factories import make_project, make_user
from tests.workbooks import land_item, plan_workbook, support_item

M = 1_000_000
ROLES = [r.value for r in Role]


@dataclass
class MoneyWorld:
    users: dict
    project: object
    area: object
    cases: list
    plan: object  # approved, with a line for each case
    draft: object  # a revised draft with one line
    other: object  # another project
    payment: object


def build_money_world() -> MoneyWorld:
    users = {role: make_user(f"m-{role}") for role in ROLES if role != "board_staff"}
    actor, project, area, cases = make_world(3, members=[(u, r) for r, u in users.items()])
    users["board_staff"] = actor
    project.memberships.filter(user=users["commune_official"]).update(
        commune=area.commune.current()
    )
    plan = registers.plan_create(
        project=project, actor=actor, number="PA-01", kind="draft", title="Dự thảo", reason="lập"
    )
    codes = [c.land_user.lookup_code for c in cases]
    households = [[c, f"Hộ số {i + 1}", M, None] for i, c in enumerate(codes)]
    items = [row for c in codes for row in (land_item(c, 90 * M), support_item(c, 11 * M))]
    registers.plan_import_start(
        plan=plan,
        actor=actor,
        data=plan_workbook(households, items),
        name="pa.xlsx",
        reason="nhập",
        language="vi",
    )
    kw = {"project": project, "actor": actor}
    record("opinion", **kw, case=cases[0], on=D, opinion="agree", channel="written")
    record(
        "plan_approved",
        **kw,
        plan=plan,
        on=D + timedelta(days=30),
        number="12/QĐ-UBND",
        effective_on=D + timedelta(days=31),
        authority="commune_chairman",
    )
    payment = record(
        "payment",
        **kw,
        case=cases[0],
        on=D + timedelta(days=40),
        amount=40 * M,
        method="cash",
        receipt="PC-01",
    ).event
    draft = registers.plan_create(
        project=project, actor=actor, number="PA-01", kind="revised", title="Sửa", reason="sửa"
    )
    registers.plan_line_set(
        plan=draft,
        actor=actor,
        reason="đơn giá",
        line=registers.LineInput(
            cases[1].land_user_id, 0, [registers.ItemInput("land", 120 * M, code="LUC")]
        ),
    )
    other, _area, _commune = make_project("du-an-khac")
    return MoneyWorld(users, project, area, cases, plan, draft, other, payment)
