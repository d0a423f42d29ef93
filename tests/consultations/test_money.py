"""Plans and money on record: lines, approval (which freezes them), recovery decision,
payments and deposits against the net, the fall-back of `paid`, handover, resettlement."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from consultations.consistency import check_consistent
from consultations.messages import warning_text
from consultations.models import Event
from consultations.payloads import check_values
from consultations.services import Act, Subject, events_write
from consultations.warnings import warnings_for
from landcases import services as registers
from landcases.models import PlanLine
from landcases.services import ItemInput, LineInput
from tests.consultations.factories import D, make_world
from tests.consultations.record import record

pytestmark = pytest.mark.django_db
M = 1_000_000  # a million đồng


@pytest.fixture
def world():
    return make_world(3)


def plan(project, area, actor, *, kind="draft", number="PA-01"):
    return registers.plan_create(
        project=project,
        actor=actor,
        number=number,
        kind=kind,
        title="Phương án bồi thường",
        area=area,
        reason="lập",
    )


def lines(cases, amounts):
    return [
        LineInput(
            c.land_user_id,
            deductions=2 * M,
            items=[
                ItemInput(
                    "land",
                    amount - 10 * M,
                    code="LUC",
                    quantity=100,
                    unit="m2",
                    unit_price=(amount - 10 * M) // 100,
                ),
                ItemInput("support", 12 * M, code="life_stabilisation"),
            ],
        )
        for c, amount in zip(cases, amounts, strict=True)
    ]


def stage(case):
    case.refresh_from_db()
    return case.stage


def approve(project, actor, version, on, effective=None):
    return record(
        "plan_approved",
        project=project,
        actor=actor,
        plan=version,
        on=on,
        number="99/QĐ-UBND",
        effective_on=effective or on,
        authority="commune_pc",
    )


def test_lines_net_and_totals(world):
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    assert (
        registers.plan_lines_replace(
            plan=v1, actor=actor, reason="nhập", lines=lines(cases, [100 * M, 200 * M, 300 * M])
        )
        == 3
    )
    line = PlanLine.objects.get(plan=v1, land_user_id=cases[0].land_user_id)
    assert (line.gross_vnd, line.deductions_vnd, line.net_vnd) == (102 * M, 2 * M, 100 * M)
    assert line.items.count() == 2 and line.history.first().history_change_reason == "nhập"


def test_the_set_based_write_keeps_history_as_simple_history_does(world):
    """plan_lines_replace writes with COPY and one statement per history table: each new line
    and item has one '+' history row with its fields, who, why and one date; a second import
    leaves '-' rows for the old ones (as the ORM path plan_line_set writes them)."""
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines(cases, [50 * M] * 3)
    )
    first = list(PlanLine.objects.filter(plan=v1).order_by("id"))
    for line in first:
        (h,) = line.history.all()
        assert (h.history_type, h.history_user_id, h.history_change_reason) == (
            "+",
            actor.pk,
            "nhập",
        )
        assert (h.plan_id, h.land_user_id, h.gross_vnd, h.deductions_vnd, h.net_vnd) == (
            line.plan_id,
            line.land_user_id,
            line.gross_vnd,
            line.deductions_vnd,
            line.net_vnd,
        )
        for item in line.items.all():
            (hi,) = item.history.all()
            assert (hi.history_type, hi.history_user_id, hi.history_change_reason) == (
                "+",
                actor.pk,
                "nhập",
            )
            fields = ("line_id", "category", "code", "description", "quantity", "unit")
            assert [getattr(hi, f) for f in fields] == [getattr(item, f) for f in fields]
            assert (hi.unit_price_vnd, hi.amount_vnd) == (item.unit_price_vnd, item.amount_vnd)
    dates = PlanLine.history.filter(plan_id=v1.id).values_list("history_date", flat=True)
    assert len(set(dates)) == 1
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="lại", lines=lines(cases[:2], [60 * M] * 2)
    )
    assert PlanLine.objects.filter(plan=v1).count() == 2
    gone = PlanLine.history.filter(id__in=[ln.id for ln in first], history_type="-")
    assert gone.count() == 3 and {h.history_change_reason for h in gone} == {"lại"}
    # The ids come from the table's sequence: the ORM's next line does not collide.
    registers.plan_line_set(plan=v1, actor=actor, reason="sửa", line=lines(cases[2:], [70 * M])[0])
    assert PlanLine.objects.filter(plan=v1).count() == 3


def test_a_new_line_set_one_by_one_has_its_first_history_row_signed(world):
    """plan_line_set on a household without a line: its first history row carries who and
    why, with the line's amounts (not a nameless empty row followed by the real one)."""
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    line = registers.plan_line_set(
        plan=v1, actor=actor, reason="thêm hộ", line=lines(cases[:1], [70 * M])[0]
    )
    (h,) = line.history.all()
    assert (h.history_type, h.history_user_id, h.history_change_reason) == (
        "+",
        actor.pk,
        "thêm hộ",
    )
    assert (h.gross_vnd, h.deductions_vnd, h.net_vnd) == (72 * M, 2 * M, 70 * M)
    registers.plan_line_set(plan=v1, actor=actor, reason="sửa", line=lines(cases[:1], [80 * M])[0])
    latest = line.history.first()
    assert (latest.history_type, latest.history_user_id, latest.history_change_reason) == (
        "~",
        actor.pk,
        "sửa",
    )
    assert line.history.count() == 2


def test_the_set_based_write_sends_every_field_of_the_models_and_their_history():
    from landcases.models import PlanItem
    from landcases.services.bulk import HISTORY_COLUMNS
    from landcases.services.plans import ITEM_COLUMNS, LINE_COLUMNS

    for model, columns in ((PlanLine, LINE_COLUMNS), (PlanItem, ITEM_COLUMNS)):
        assert columns == tuple(f.column for f in model._meta.concrete_fields)
        history = {f.column for f in model.history.model._meta.concrete_fields}
        assert history == {*columns, *HISTORY_COLUMNS, "history_id"}


def test_the_copy_of_lines_into_a_frozen_version_is_refused_by_the_trigger(world):
    """COPY fires the row triggers: past the service's own check, the database refuses."""
    from landcases.services.plans import _copy_lines

    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    approve(project, actor, v1, D)
    v1.refresh_from_db()
    assert v1.frozen_at is not None
    with pytest.raises(Exception, match="never change"), transaction.atomic():
        _copy_lines(v1, lines(cases[:1], [20 * M]), actor=actor, reason="lén")
    assert not PlanLine.objects.filter(plan=v1).exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        (LineInput(0, items=[ItemInput("land", M, code="XYZ")]), "land-use"),
        (LineInput(0, items=[ItemInput("bonus", M)]), "category"),
        (
            LineInput(0, items=[ItemInput("land", 5 * M, code="LUC", quantity=10, unit_price=M)]),
            "quantity",
        ),
        (LineInput(0, deductions=-1), "deductions"),
    ],
)
def test_bad_lines_are_refused_and_nothing_written(world, bad, field):
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    bad.land_user_id = cases[0].land_user_id
    with pytest.raises(ValidationError):
        registers.plan_lines_replace(plan=v1, actor=actor, reason="nhập", lines=[bad])
    assert not PlanLine.objects.exists()


def test_a_duplicate_or_foreign_land_user_is_refused(world):
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    twice = lines(cases[:1], [100 * M]) * 2
    with pytest.raises(ValidationError, match="hai dòng"):
        registers.plan_lines_replace(plan=v1, actor=actor, reason="nhập", lines=twice)
    stranger = LineInput(10**12)
    with pytest.raises(ValidationError):
        registers.plan_lines_replace(plan=v1, actor=actor, reason="nhập", lines=[stranger])


def test_approval_freezes_the_lines_even_against_sql(world):
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines(cases, [20 * M] * 3)
    )
    approve(project, actor, v1, D)
    v1.refresh_from_db()
    assert v1.frozen_at is not None
    with pytest.raises(ValidationError, match="phê duyệt"):
        registers.plan_line_set(
            plan=v1, actor=actor, reason="sửa", line=lines(cases[:1], [5 * M])[0]
        )
    with (
        pytest.raises(Exception, match="never change"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("update landcases_planline set deductions_vnd = 0 where plan_id = %s", [v1.id])
    draft = plan(project, area, actor, kind="revised", number="PA-01")
    with (  # moved out of the approved version: it changes too
        pytest.raises(Exception, match="never change"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(
            "update landcases_planline set plan_id = %s where plan_id = %s", [draft.id, v1.id]
        )
    with (
        pytest.raises(Exception, match="stays frozen"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("update landcases_compensationplan set frozen_at = null where id = %s", [v1.id])


def test_an_approval_effective_before_it_was_signed_is_refused(world):
    actor, project, area, cases = world
    v1 = plan(project, area, actor)
    with pytest.raises(ValidationError) as info:
        approve(project, actor, v1, D, effective=D - timedelta(days=1))
    assert "effective_on" in info.value.message_dict
    v1.refresh_from_db()
    assert v1.frozen_at is None


def test_paid_by_amounts_and_the_fall_back_when_a_revision_raises_the_net(world):
    actor, project, area, (a, b, c) = world
    kw = {"project": project, "actor": actor}
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines([a, b, c], [100 * M, 100 * M, 100 * M])
    )
    approve(project, actor, v1, D)
    assert stage(a) == "approved" and stage(b) == "approved"
    decided = record(
        "recovery_decided",
        **kw,
        case=a,
        on=D + timedelta(days=5),
        number="1/QĐ",
        authority="commune_pc",
    )
    assert not any("PLAN-APPROVED" in warning_text(w) for w in decided.warnings)
    assert stage(a) == "decided"
    record("payment", **kw, case=a, on=D + timedelta(days=10), amount=60 * M, method="cash")
    assert stage(a) == "decided"  # an instalment does not cover the net
    late = record(
        "payment",
        **kw,
        case=a,
        on=D + timedelta(days=40),
        amount=40 * M,
        method="bank_transfer",
        receipt="PC-7",
    )
    assert stage(a) == "paid"
    assert any("PAYMENT-DEADLINE" in warning_text(w) for w in late.warnings)
    v2 = plan(project, area, actor, kind="revised")
    assert v2.base_id == v1.id
    registers.plan_lines_replace(
        plan=v2, actor=actor, reason="bổ sung đơn giá", lines=lines([a], [130 * M])
    )
    approve(project, actor, v2, D + timedelta(days=60))
    assert stage(a) == "decided"  # the net rose: no longer covered
    assert stage(b) == "approved"  # b is not in the revision: v1 stays in force for it
    record(
        "deposit", **kw, case=a, on=D + timedelta(days=70), amount=30 * M, custody="state_treasury"
    )
    assert stage(a) == "paid"


def test_handover_before_payment_is_recorded_with_a_warning(world):
    actor, project, area, (a, b, c) = world
    kw = {"project": project, "actor": actor}
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines([a, b], [20 * M, 20 * M])
    )
    early = record("recovery_decided", **kw, case=c, on=D, number="2/QĐ", authority="commune_pc")
    assert any("PLAN-APPROVED" in warning_text(w) for w in early.warnings)
    approve(project, actor, v1, D)
    handed = record("handover", **kw, case=a, on=D + timedelta(days=3), minutes="BB-1")
    assert any("PAID-BEFORE-HANDOVER" in warning_text(w) for w in handed.warnings)
    assert stage(a) == "handed_over"  # recorded: the audit will judge it
    record("early_handover_agreement", **kw, case=b, on=D + timedelta(days=2))
    fine = record("handover", **kw, case=b, on=D + timedelta(days=3))
    assert not any("PAID-BEFORE-HANDOVER" in warning_text(w) for w in fine.warnings)


def test_money_without_a_plan_line_is_refused(world):
    actor, project, area, (a, b, c) = world
    before = Event.objects.count()
    for kind, values in (
        ("payment", {"amount": M, "method": "cash"}),
        ("deposit", {"amount": M, "custody": "state_treasury"}),
    ):
        with pytest.raises(ValidationError, match="không có tên"):
            record(kind, project=project, actor=actor, case=a, on=D, **values)
    with pytest.raises(ValidationError):
        record("payment", project=project, actor=actor, case=a, on=D, amount=0, method="cash")
    assert Event.objects.count() == before


def test_a_first_act_creates_its_case_with_it_and_a_refused_one_leaves_none(world):
    """A land user's case is created by its first act, in the act's transaction: a money act
    refused at the door (no plan line) leaves no case row behind, whoever calls the door."""
    from consultations.models import Case

    actor, project, area, _cases = world
    newcomer = registers.land_user_create(
        project=project, actor=actor, kind="household", name="Hộ mới"
    )
    unsaved = Case(project_id=project.id, land_user=newcomer)  # as the case page reads it
    cases_before, events_before = Case.objects.count(), Event.objects.count()
    with pytest.raises(ValidationError, match="không có tên"):
        record("payment", project=project, actor=actor, case=unsaved, on=D, amount=M, method="cash")
    assert not Case.objects.filter(land_user=newcomer).exists()
    assert (Case.objects.count(), Event.objects.count()) == (cases_before, events_before)

    first = Case(project_id=project.id, land_user=newcomer)
    done = record(
        "opinion",
        project=project,
        actor=actor,
        case=first,
        on=D,
        opinion="agree",
        channel="written",
    )
    case = Case.objects.get(land_user=newcomer)
    assert done.event.case_id == case.id
    assert case.opinion == "agree"


def test_resettlement_overlay_until_the_plot_is_handed_over(world):
    actor, project, area, (a, b, c) = world  # a is eligible for resettlement
    kw = {"project": project, "actor": actor}
    a.refresh_from_db()
    assert "resettlement_pending" in a.overlays
    plot = record(
        "resettlement_allocated", **kw, case=a, on=D, kind="land_plot", plot="TĐC-12", area_m2=120
    )
    record("handover", **kw, case=a, on=D + timedelta(days=5))
    a.refresh_from_db()
    assert "resettlement_pending" in a.overlays  # the site, not the plot: still pending
    with pytest.raises(ValidationError):  # another household's allocation
        record("resettlement_handed_over", **kw, case=b, on=D, allocation=plot.event.id)
    record(
        "resettlement_handed_over", **kw, case=a, on=D + timedelta(days=9), allocation=plot.event.id
    )
    a.refresh_from_db()
    assert "resettlement_pending" not in a.overlays


def test_a_batch_of_money_acts_is_checked_and_warned_in_the_same_reads_as_one():
    """The door's plan-line checks, its references and the payment/handover warners read
    once for a batch: three households' acts cost the queries of one."""
    actor, project, area, (*cases, stranger) = make_world(4)  # the stranger has no line
    kw = {"project": project, "actor": actor}
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(
        plan=v1, actor=actor, reason="nhập", lines=lines(cases, [50 * M, 60 * M, 70 * M])
    )
    approve(project, actor, v1, D)
    decisions = {
        c.id: record(
            "recovery_decided", **kw, case=c, on=D, number=f"{k}/QĐ", authority="commune_pc"
        )
        for k, c in enumerate(cases)
    }

    def acts_of(chosen):
        acts = []
        for c in chosen:
            sub = Subject(case=c)
            decision = decisions[c.id].event.id
            acts += [
                Act(
                    "recovery_delivered",
                    sub,
                    D + timedelta(days=1),
                    {"decision": decision, "method": "in_person"},
                ),
                Act("plan_delivered", sub, D + timedelta(days=1), {"plan": v1, "method": "post"}),
                Act("payment", sub, D + timedelta(days=40), {"amount": 5 * M, "method": "cash"}),
                Act("handover", sub, D + timedelta(days=41), {"minutes": "BB-2"}),
            ]
        return acts

    def reads(acts):
        checked = [check_values(a.kind, a.values) for a in acts]
        payloads = [item.payload for item in checked]
        with CaptureQueriesContext(connection) as queries:
            check_consistent(acts, payloads)
            warned = warnings_for(project=project, acts=acts, payloads=payloads)
        return len(queries), warned

    one, _ = reads(acts_of(cases[:1]))
    three, warned = reads(acts_of(cases))
    assert three == one
    codes = [[warning_text(w) for w in ws] for ws in warned]
    assert ["PAYMENT-DEADLINE" in " ".join(ws) for ws in codes[2::4]] == [True] * 3
    assert ["PAID-BEFORE-HANDOVER" in " ".join(ws) for ws in codes[3::4]] == [True] * 3
    written = events_write(project=project, actor=actor, acts=acts_of(cases))
    assert len(written) == 12
    # Money to a household with no line is refused in a batch too, nothing written.
    before = Event.objects.count()
    with pytest.raises(ValidationError, match="không có tên"):
        events_write(
            project=project,
            actor=actor,
            acts=acts_of(cases[:1])[2:3]
            + [Act("payment", Subject(case=stranger), D, {"amount": M, "method": "cash"})],
        )
    assert Event.objects.count() == before


def test_a_late_payments_warning_tells_amounts_only_to_roles_that_may_read_them(world, client):
    """The PAYMENT-DEADLINE warning's reason carries the net and what was paid: a viewer sees
    the warning without them (as the payload's amounts are hidden from it)."""
    from django.urls import reverse

    from tests.factories import make_user

    actor, project, area, (a, _b, _c) = world
    kw = {"project": project, "actor": actor}
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(plan=v1, actor=actor, reason="nhập", lines=lines([a], [100 * M]))
    approve(project, actor, v1, D)
    late = record("payment", **kw, case=a, on=D + timedelta(days=40), amount=7 * M, method="cash")
    assert any("PAYMENT-DEADLINE" in warning_text(w) for w in late.warnings)
    viewer = make_user("xem.tien")
    project.memberships.create(user=viewer, role="viewer")
    url = reverse("consultations:case", args=[project.code, a.land_user_id])
    seen = {}
    for user in (actor, viewer):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "PAYMENT-DEADLINE" in body
        seen[user.username] = "7.000.000" in body or "7,000,000" in body or "7000000" in body
    assert seen == {actor.username: True, viewer.username: False}


def test_a_stored_runs_findings_tell_amounts_only_to_roles_that_may_read_them(world, client):
    from django.urls import reverse

    from consultations.auditruns import audit_run_store
    from tests.factories import make_user

    actor, project, area, (a, _b, _c) = world
    v1 = plan(project, area, actor)
    registers.plan_lines_replace(plan=v1, actor=actor, reason="nhập", lines=lines([a], [100 * M]))
    approve(project, actor, v1, D)
    kw = {"project": project, "actor": actor}
    record("payment", **kw, case=a, on=D + timedelta(days=40), amount=7 * M, method="cash")
    run = audit_run_store(project=project, as_of=D + timedelta(days=41), axis="happened")
    viewer = make_user("xem.chay")
    project.memberships.create(user=viewer, role="viewer")
    url = reverse("consultations:audit_run", args=[project.code, run.id])
    seen = {}
    for user in (actor, viewer):
        client.force_login(user)
        body = client.get(url + "?result=fail&rule=PAYMENT-DEADLINE").content.decode()
        assert "PAYMENT-DEADLINE <small" in body  # the finding's row, not only the tally
        seen[user.username] = any(s in body for s in ("7.000.000", "7,000,000", "7000000"))
    assert seen == {actor.username: True, viewer.username: False}
