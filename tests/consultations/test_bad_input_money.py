"""The bad-input sweep (tests/sweep.py) over every POST form of plans and money: each form gets
every bad value in all its fields at once, then each field alone the bad values it must
refuse (the others valid); no answer is a server error and nothing is written. Each form's
valid baseline is posted last and must write. The workbook import is swept by its own tests
(tests/landcases/test_plan_import.py, test_money_pages.py): a file is not a form field."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultations.models import Event
from tests.consultations.factories import D
from tests.consultations.money_world import build_money_world
from tests.consultations.record import record
from tests.landcases.test_bad_input import (
    ANY_DATE,
    CHOICE,
    ID,
    NUMBER,
    OPTIONAL_TEXT,
    PAST_DATE,
    TEXT,
)
from tests.sweep import bad_values, sweep, sweep_fields, writes

pytestmark = pytest.mark.django_db
ON = (D + timedelta(days=60)).isoformat()
AMOUNT = ["empty", "wrong_type", "huge_int", "huge", "nul", "other_digits"]


def specs(w) -> dict[str, dict]:
    code, a, b = w.project.code, w.cases[0], w.cases[1]

    def case_act(act, land_user=a):
        return reverse("consultations:case_act", args=[code, land_user.land_user_id, act])

    def plan_act(act, plan=w.plan):
        return reverse("consultations:plan_act", args=[code, plan.id, act])

    decision = Event.objects.get(kind="recovery_decided", case=b)
    allocation = Event.objects.get(kind="resettlement_allocated", case=b)
    other_plan = w.other_plan.id
    return {
        "line_new": {
            "url": reverse("consultations:plan_line_new", args=[code, w.draft.id]),
            "baseline": {
                "land_user": w.cases[2].land_user.lookup_code,
                "deductions": "0",
                "reason": "lập",
                "item-TOTAL_FORMS": "1",
                "item-INITIAL_FORMS": "0",
                "item-0-category": "land",
                "item-0-code": "LUC",
                "item-0-quantity": "10",
                "item-0-unit_price": "1000",
                "item-0-amount": "10000",
            },
            "fields": {
                "land_user": ["empty", *ID, "huge"],
                "deductions": ["wrong_type", "huge_int", "huge", "nul", "other_digits"],
                "reason": TEXT,
                "item-TOTAL_FORMS": NUMBER,
                "item-0-category": ["wrong_type", "nul", "huge"],
                "item-0-code": ["huge", "nul", "wrong_type"],
                "item-0-quantity": NUMBER,
                "item-0-unit_price": NUMBER,
                "item-0-amount": AMOUNT,
            },
        },
        "line_delete": {
            "url": reverse(
                "consultations:plan_line_delete", args=[code, w.draft.id, b.land_user_id]
            ),
            "baseline": {"reason": "trùng"},
            "fields": {"reason": TEXT},
        },
        "summary": {
            "url": plan_act("summary"),
            "baseline": {"happened_on": ON, "agree": "2", "disagree": "1", "other": "0"},
            "fields": {
                "happened_on": PAST_DATE,
                "agree": ["empty", *NUMBER],
                "disagree": ["empty", *NUMBER],
                "other": ["empty", *NUMBER],
            },
        },
        "appraisal": {
            "url": plan_act("appraisal", w.draft),
            "baseline": {"happened_on": ON, "number": "3/TĐ"},
            "fields": {"happened_on": PAST_DATE, "number": [*TEXT, "other_digits"]},
        },
        "approval": {
            "url": plan_act("approval", w.draft),
            "baseline": {
                "happened_on": ON,
                "number": "9/QĐ",
                "effective_on": ON,
                "authority": "commune_chairman",
            },
            "fields": {
                "happened_on": PAST_DATE,
                "number": TEXT,
                "effective_on": ["empty", *ANY_DATE],
                "authority": CHOICE,
            },
        },
        "deliver_all": {
            "url": plan_act("deliver-all"),
            "baseline": {"happened_on": ON, "method": "post", "exceptions": ""},
            "fields": {
                "happened_on": PAST_DATE,
                "method": CHOICE,
                "exceptions": [*OPTIONAL_TEXT, "wrong_type", "huge_int", "other_project"],
            },
        },
        "decide_all": {
            "url": plan_act("decide-all"),
            "baseline": {"happened_on": ON, "number": "8/QĐ", "authority": "commune_chairman"},
            "fields": {
                "happened_on": PAST_DATE,
                "number": TEXT,
                "authority": CHOICE,
                "only": [*OPTIONAL_TEXT, "wrong_type", "huge_int"],
                "exceptions": [*OPTIONAL_TEXT, "wrong_type"],
            },
        },
        "deliver_decisions": {
            "url": plan_act("deliver-decisions"),
            "baseline": {
                "happened_on": ON,
                "method": "in_person",
                "exceptions": f"#{a.land_user_id}\n#{w.cases[2].land_user_id}",
            },
            "fields": {"happened_on": PAST_DATE, "method": CHOICE, "exceptions": ["nul", "huge"]},
        },
        "payment": {
            "url": case_act("payment"),
            "baseline": {"happened_on": ON, "amount": "1.000.000", "method": "cash", "receipt": ""},
            "fields": {
                "happened_on": PAST_DATE,
                "amount": AMOUNT,
                "method": CHOICE,
                "receipt": [*OPTIONAL_TEXT, "other_digits"],
                "plan": ID,
            },
            "other": {"plan": other_plan},
        },
        "payment_refused": {
            "url": case_act("payment-refused"),
            "baseline": {"happened_on": ON},
            "fields": {"happened_on": PAST_DATE},
        },
        "deposit": {
            "url": case_act("deposit"),
            "baseline": {"happened_on": ON, "amount": "2000000", "custody": "state_treasury"},
            "fields": {
                "happened_on": PAST_DATE,
                "amount": AMOUNT,
                "custody": CHOICE,
                "number": OPTIONAL_TEXT,
            },
        },
        "early_handover": {
            "url": case_act("early-handover"),
            "baseline": {"happened_on": ON},
            "fields": {"happened_on": PAST_DATE},
        },
        "earlier_recovery": {
            "url": case_act("earlier-recovery"),
            "baseline": {"happened_on": ON},
            "fields": {"happened_on": PAST_DATE},
        },
        "handover": {
            "url": case_act("handover"),
            "baseline": {"happened_on": ON, "minutes": "BB-1", "area_m2": "12.5"},
            "fields": {
                "happened_on": PAST_DATE,
                "minutes": [*OPTIONAL_TEXT, "other_digits"],
                "area_m2": NUMBER,
            },
        },
        "resettlement": {
            "url": case_act("resettlement"),
            "baseline": {"happened_on": ON, "kind": "land_plot", "plot": "L-1", "area_m2": ""},
            "fields": {
                "happened_on": PAST_DATE,
                "kind": CHOICE,
                "plot": [*TEXT, "other_digits"],
                "area_m2": NUMBER,
            },
        },
        "resettlement_handed_over": {
            "url": case_act("resettlement-handed-over", b),
            "baseline": {"happened_on": ON, "allocation": str(allocation.root_id)},
            "fields": {"happened_on": PAST_DATE, "allocation": ["empty", *ID]},
        },
        "plan_delivered": {
            "url": case_act("plan-delivered"),
            "baseline": {"happened_on": ON, "plan": str(w.plan.id), "method": "post"},
            "fields": {"happened_on": PAST_DATE, "plan": ["empty", *ID], "method": CHOICE},
            "other": {"plan": other_plan},
        },
        "recovery_decision": {
            "url": case_act("recovery-decision"),
            "baseline": {"happened_on": ON, "number": "2/QĐ", "authority": "commune_chairman"},
            "fields": {
                "happened_on": PAST_DATE,
                "number": [*TEXT, "other_digits"],
                "authority": CHOICE,
            },
        },
        "recovery_delivered": {
            "url": case_act("recovery-delivered", b),
            "baseline": {"happened_on": ON, "decision": str(decision.root_id), "method": "post"},
            "fields": {"happened_on": PAST_DATE, "decision": ["empty", *ID], "method": CHOICE},
        },
    }


FORMS = [
    "line_new",
    "line_delete",
    "summary",
    "appraisal",
    "approval",
    "deliver_all",
    "decide_all",
    "deliver_decisions",
    "payment",
    "payment_refused",
    "deposit",
    "early_handover",
    "earlier_recovery",
    "handover",
    "resettlement",
    "resettlement_handed_over",
    "plan_delivered",
    "recovery_decision",
    "recovery_delivered",
]


@pytest.fixture
def world():
    w = build_money_world()
    board, b = w.users["board_staff"], w.cases[1]
    record(
        "recovery_decided",
        project=w.project,
        actor=board,
        case=b,
        on=D + timedelta(days=50),
        number="1/QĐ",
        authority="commune_chairman",
    )
    record(
        "resettlement_allocated",
        project=w.project,
        actor=board,
        case=b,
        on=D + timedelta(days=50),
        kind="apartment",
        plot="CH-1",
    )
    from landcases import services as registers

    w.other_plan = registers.plan_create(
        project=w.other, actor=board, number="PA-X", kind="draft", title="Khác", reason="lập"
    )
    return w


def test_every_post_form_of_plans_and_money_is_swept():
    """A new POST page of plans and money must join the sweep (or be listed here as read-only
    or as a file upload / an export that writes nothing)."""
    from consultations.views.case_money import MONEY_CASE_ACTS
    from consultations.views.plans import PLAN_ACTS

    swept = {n.replace("_", "-") for n in FORMS}
    assert set(MONEY_CASE_ACTS) - {"recovery-decision"} <= swept | {"recovery-decision"}
    assert {a.replace("-", "_") for a in PLAN_ACTS} <= set(FORMS)
    assert {a.replace("-", "_") for a in MONEY_CASE_ACTS} <= set(FORMS)


@pytest.mark.parametrize("form", FORMS)
def test_bad_input_is_refused_and_writes_nothing(client, world, form):
    spec = specs(world)[form]
    client.force_login(world.users["board_staff"])
    values = bad_values(other_project_id=world.other_plan.id)
    other = {f: {"other_project": str(v)} for f, v in spec.get("other", {}).items()}
    refused = {name for names in spec["fields"].values() for name in names}
    problems = sweep(
        client,
        spec["url"],
        fields=list(spec["fields"]),
        values={k: v for k, v in values.items() if k in refused},
        baseline={"item-TOTAL_FORMS": "1", "item-INITIAL_FORMS": "0"}
        if form == "line_new"
        else None,
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


def test_the_exports_filters_never_break_it_nor_write(client, world):
    client.force_login(world.users["board_staff"])
    url = reverse("consultations:households_export", args=[world.project.code])
    values = bad_values(other_project_id=world.other_plan.id)
    problems = sweep(
        client, url, fields=["area", "commune", "stage", "opinion", "money"], values=values
    )
    assert not problems, problems
    problems = sweep_fields(
        client,
        url,
        baseline={},
        fields={f: list(values) for f in ("area", "commune", "stage", "opinion", "money")},
        values=values,
    )
    assert not problems, problems


def _upload(data: bytes):
    import io

    file = io.BytesIO(data)
    file.name = "pa.xlsx"
    return file


def issue_list(w) -> dict[str, tuple[str, dict, str]]:
    """The issue's list of bad input: (URL, POST data, the message's words)."""
    from landcases import services as registers
    from tests.workbooks import land_item, plan_workbook

    code, a = w.project.code, w.cases[0]
    codes = [c.land_user.lookup_code for c in w.cases]
    stranger = registers.land_user_create(
        project=w.other, actor=w.users["board_staff"], kind="household", name="Hộ ngoài"
    )
    newcomer = registers.land_user_create(
        project=w.project, actor=w.users["board_staff"], kind="household", name="Hộ mới"
    )
    payment = reverse("consultations:case_act", args=[code, a.land_user_id, "payment"])
    imports = reverse("consultations:plan_import", args=[code, w.draft.id])
    households = [[c, f"Hộ số {i + 1}", 0, None] for i, c in enumerate(codes)]
    items = [land_item(c, 10**7) for c in codes]
    amount_text = [[codes[0], "đất", "LUC", "", 100, "m2", 1000, "một trăm nghìn"]]

    def workbook(h, i, **kw):
        return {"file": _upload(plan_workbook(h, i, **kw)), "reason": "nhập"}

    return {
        "payment of 0": (
            payment,
            {"happened_on": ON, "amount": "0", "method": "cash"},
            "lớn hơn 0",
        ),
        "negative payment": (
            payment,
            {"happened_on": ON, "amount": "-1.000.000", "method": "cash"},
            "lớn hơn 0",
        ),
        "payment without a plan line": (
            reverse("consultations:case_act", args=[code, newcomer.id, "payment"]),
            {"happened_on": ON, "amount": "1000000", "method": "cash"},
            "không có tên trong phương án nào",
        ),
        "edit of an approved version's line": (
            reverse("consultations:plan_line", args=[code, w.plan.id, a.land_user_id]),
            {
                "deductions": "0",
                "reason": "sửa",
                "item-TOTAL_FORMS": "1",
                "item-INITIAL_FORMS": "0",
                "item-0-category": "crop",
                "item-0-amount": "1000",
            },
            "đã được phê duyệt",
        ),
        "XLSX with a duplicate land user": (
            imports,
            workbook([*households, households[0]], items),
            "1 dòng bị từ chối",
        ),
        "XLSX with an unknown land user code": (
            imports,
            workbook([*households, ["KHONGCO234", "Ai", 0, None]], items),
            "1 dòng bị từ chối",
        ),
        "XLSX with merged header cells": (
            imports,
            workbook(households, items, merge=("Hộ gia đình", "A1:B1")),
            "ô gộp",
        ),
        "XLSX with text in an amount column": (
            imports,
            workbook(households, items + amount_text),
            "1 dòng bị từ chối",
        ),
        "approval effective before it was signed": (
            reverse("consultations:plan_act", args=[code, w.draft.id, "approval"]),
            {
                "happened_on": ON,
                "number": "1/QĐ",
                "effective_on": (D + timedelta(days=59)).isoformat(),
                "authority": "commune_chairman",
            },
            "không thể có hiệu lực trước ngày ký",
        ),
        "recovery decision for a land user outside the project": (
            reverse("consultations:plan_act", args=[code, w.plan.id, "decide-all"]),
            {
                "happened_on": ON,
                "number": "1/QĐ",
                "authority": "commune_chairman",
                "only": stranger.lookup_code,
            },
            "không phải là hộ của phương án này",
        ),
    }


CASES = [
    "payment of 0",
    "negative payment",
    "payment without a plan line",
    "edit of an approved version's line",
    "XLSX with a duplicate land user",
    "XLSX with an unknown land user code",
    "XLSX with merged header cells",
    "XLSX with text in an amount column",
    "approval effective before it was signed",
    "recovery decision for a land user outside the project",
]


@pytest.mark.parametrize("case", CASES)
def test_the_issues_bad_input_gets_a_translated_message_and_writes_nothing(client, world, case):
    """Issue 10's list. A refused import keeps its job row (its error sheet): that row alone."""
    from tests.sweep import changed, digest

    url, data, words = issue_list(world)[case]
    client.force_login(world.users["board_staff"])
    before = digest()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert words in response.content.decode(), response.content.decode()[-2500:]
    ignore = {"landcases_spreadsheetjob"} if case.startswith("XLSX") else set()
    assert not changed(before, digest(), ignore=ignore), case


def test_a_recovery_decision_for_another_projects_land_user_is_a_404_by_its_address(client, world):
    from landcases import services as registers
    from tests.sweep import changed, digest

    stranger = registers.land_user_create(
        project=world.other, actor=world.users["board_staff"], kind="household", name="Hộ ngoài"
    )
    client.force_login(world.users["board_staff"])
    url = reverse(
        "consultations:case_act", args=[world.project.code, stranger.id, "recovery-decision"]
    )
    before = digest()
    data = {"happened_on": ON, "number": "1/QĐ", "authority": "commune_chairman"}
    assert client.post(url, data).status_code == 404
    assert not changed(before, digest())
