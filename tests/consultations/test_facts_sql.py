"""The set-based facts (consultations/facts_sql) equal the per-subject Python facts
(rules/facts.py over auditing.registers_as_of and project_records), and the set-based findings
the per-subject ones, on generated histories: acts back-dated, typed in late (the seeding
path), corrected and voided, on both axes and at several as-of dates."""

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.auditing import audit_project, first_day, project_records, registers_as_of
from consultations.facts_sql.audit import audit_project_sql
from consultations.facts_sql.extract import extract_facts
from consultations.models import Event, Grievance
from consultations.rules.columns import INT_NULL
from consultations.rules.facts import build_facts
from landcases import services as registers
from landcases.models import Holding, Parcel
from tests.consultations.factories import D
from tests.consultations.record import meeting, record
from tests.consultations.test_projection import KINDS as PROJECTION_KINDS
from tests.consultations.test_projection import M, _apply, _plan_world, typed_in

pytestmark = pytest.mark.django_db

# Beyond the projection's acts: every other kind the facts read.
MORE = [
    "notice_issued",
    "posting_placed",
    "posting_ended",
    "persuasion",
    "compulsory",
    "appraise",
    "summary",
    "plan_delivered",
    "recovery_delivered",
    "early_handover",
    "earlier_recovery",
    "resettlement_agreed",
    "enforcement_posted",
    "enforcement_delivered",
    "census",
    "cutoff",
    "support",
    "fpic",
    "accept",
    "withdraw",
    "customary",
    "customary_holding",
]
# With the projection's "revise" and "supplement": revised and supplementary versions, each
# based on the number's latest version, approved when written (the versions in force,
# rules/plans.py). "customary" and "customary_holding" change the registers (now, after every
# act's day): as of today the latest tenure, as of an earlier day the holding as first entered.
KINDS = PROJECTION_KINDS + MORE


def _more(kind, case, on, *, kw, area, plan):  # noqa: C901 - a branch per act
    if kind == "notice_issued":
        record("notice_issued", **kw, area=area, on=on, number="1/TB")
    elif kind == "posting_placed":
        what = ("notice", "land_user_list", "draft_plan", "asset_prices")[on.day % 4]
        places = [["commune_office"], ["residential_area"], []][on.day % 3]
        extra = {"plan": plan.id} if what == "draft_plan" else {}
        record("posting_started", **kw, area=area, on=on, what=what, places=places, **extra)
    elif kind == "posting_ended":
        posting = Event.objects.filter(project=kw["project"], kind="posting_started").last()
        if posting is not None:
            record("posting_ended", **kw, area=area, on=on, posting=posting.root_id)
    elif kind == "persuasion":
        purpose = (None, "inventory", "enforcement")[on.day % 3]
        extra = {"purpose": purpose} if purpose else {}
        by = [["commune_pc"], ["fatherland_front", "board"]][on.day % 2]
        ended = {"ended_on": on + timedelta(days=3)} if on.day % 2 else {}
        record("persuasion", **kw, case=case, on=on, by=by, **extra, **ended)
    elif kind == "compulsory":
        record("compulsory_inventory", **kw, case=case, on=on, number="1/CC")
    elif kind == "appraise":
        record("plan_appraised", **kw, plan=plan, on=on, number="1/TĐ")
    elif kind == "summary":
        counts = {k: on.day % 3 for k in ("agree", "disagree", "other")}
        proposed = {f"proposed_{k}": v for k, v in counts.items()}
        record("opinion_summary", **kw, plan=plan, on=on, **counts, **proposed)
    elif kind == "plan_delivered":
        record("plan_delivered", **kw, case=case, on=on, plan=plan.id, method="in_person")
    elif kind == "recovery_delivered":
        decision = Event.objects.filter(kind="recovery_decided", case=case).last()
        if decision is not None:
            record(
                "recovery_delivered", **kw, case=case, on=on, decision=decision.root_id,
                method="post",
            )  # fmt: skip
    elif kind == "early_handover":
        record("early_handover_agreement", **kw, case=case, on=on)
    elif kind == "earlier_recovery":
        record("earlier_recovery_agreement", **kw, case=case, on=on)
    elif kind == "resettlement_agreed":
        record("resettlement_agreed", **kw, case=case, on=on, kind="land_plot")
    elif kind == "enforcement_posted":
        record("enforcement_posted", **kw, case=case, on=on, places=["commune_office"])
    elif kind == "enforcement_delivered":
        record("enforcement_delivered", **kw, case=case, on=on, method="in_person")
    elif kind == "census":
        record("census_closed", **kw, on=on)
    elif kind == "cutoff":
        record("cutoff_announced", **kw, on=on, cutoff_on=on, method="posting")
    elif kind == "support":
        record("support_measure", **kw, case=case, on=on, measure="livelihood")
    elif kind == "fpic":
        consent = ("given", "withheld", "pending")[on.day % 3]
        record(
            "fpic_record", **kw, case=case, on=on, basis="customary_land", consultation_on=on,
            consent=consent,
        )  # fmt: skip
    elif kind == "customary":  # the case's own holding: customary ↔ certificate
        holding = case.land_user.holdings.order_by("id").first()
        tenure = "certificate" if holding.tenure == "customary" else "customary"
        registers.holding_update(holding=holding, actor=kw["actor"], reason="tenure", tenure=tenure)
    elif kind == "customary_holding":  # a customary share in another case's parcel, entered so
        held = Holding.objects.filter(land_user=case.land_user).values_list("parcel", flat=True)
        parcel = Parcel.objects.filter(area=area).exclude(id__in=held).order_by("id").first()
        if parcel is None:
            return
        registers.holding_create(
            land_user=case.land_user, parcel=parcel, actor=kw["actor"], tenure="customary",
            share_pct=Decimal(1), affected_area_m2=Decimal(1),
        )  # fmt: skip
    elif kind in ("accept", "withdraw"):
        g = Grievance.objects.filter(project=kw["project"]).order_by("-id").first()
        if g is not None:
            code = "grievance_accepted" if kind == "accept" else "grievance_withdrawn"
            record(code, **kw, grievance=g, on=on)


step = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 2),  # which case
    st.integers(0, 120),  # happened on D + this
    st.integers(0, 20),  # typed in this many days after the latest typing-in so far
    st.sampled_from(["agree", "disagree", "other"]),
)


def _equal_tables(py, sq):
    for subject, t in py.tables.items():
        s = sq.tables[subject]
        assert sorted(t.ids.tolist()) == sorted(s.ids.tolist()), subject
        at = {int(i): k for k, i in enumerate(s.ids)}
        for k, sid in enumerate(t.ids):
            j = at[int(sid)]
            assert t.row(k) == s.row(j), (subject, int(sid))
            assert tuple(t.touches[k]) == tuple(s.touches[j]), (subject, int(sid))
    a, b = py.tables["case"].extra["payments"], sq.tables["case"].extra["payments"]
    assert [list(x) for x in a] == [list(b[k]) for k in range(len(b))]


def _findings(audit):
    found = [f.as_json() for f in audit.findings()]
    return sorted(found, key=lambda f: (f["rule"], f["subject"]["type"], f["subject"]["id"]))


def _history(steps):
    actor, project, area, cases, plan = _plan_world()
    kw = {"project": project, "actor": actor}
    typed = D
    for kind, who, day, lag, opinion in steps:
        on = D + timedelta(days=day)
        # typed in never before the latest typing-in (a correction is recorded after what it
        # corrects), often long after the act: late recording, back-dated acts
        typed = max(typed, on) + timedelta(days=lag)
        try:
            with transaction.atomic(), typed_in(typed):
                if kind in MORE:
                    _more(kind, cases[who], on, kw=kw, area=area, plan=plan)
                else:
                    _apply(kind, cases[who], on, opinion, kw=kw, area=area, cases=cases, plan=plan)
        except Exception as exc:  # an act the door refuses in this history (not the point)
            if "ValidationError" not in type(exc).__name__:
                raise
    return project, typed


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=18))
def test_sql_facts_and_findings_equal_the_python_ones(django_db_blocker, steps):
    with transaction.atomic():
        project, typed = _history(steps)
        project.rule_packs = ["vn-2024", "democracy-3406", "complaints-2011", "lender-ess5"]
        project.save(update_fields=["rule_packs"])
        records = project_records(project)
        today = timezone.localdate()
        for day in (D + timedelta(days=30), D + timedelta(days=90), typed, today):
            registers = registers_as_of(project, day)
            for axis in ("recorded", "happened"):
                py = build_facts(registers, records, as_of=day, axis=axis)
                sq = extract_facts(project, as_of=day, axis=axis)
                _equal_tables(py, sq)
                if day in (D + timedelta(days=90), today) and day >= (first_day(project) or day):
                    expected = _findings(audit_project(project, as_of=day, axis=axis))
                    assert _findings(audit_project_sql(project, as_of=day, axis=axis)) == expected
        transaction.set_rollback(True)


def test_a_history_of_every_kind_agrees():
    """One fixed history that reaches every branch above (the generated ones may not)."""
    steps = [(k, i % 3, (7 * i) % 100, i % 5, "agree") for i, k in enumerate(KINDS)]
    steps += [("correct", 0, 50, 2, "agree"), ("void", 1, 60, 1, "agree")]
    project, typed = _history(steps)
    kinds = set(Event.objects.filter(project=project).values_list("kind", flat=True))
    assert len(kinds) >= 30, sorted(kinds)
    reached = {"customary": set(), "plan kinds": set(), "nets": set()}
    for day in (typed, timezone.localdate()):  # the registers as first entered; as they are
        for axis in ("recorded", "happened"):
            py = build_facts(
                registers_as_of(project, day), project_records(project), as_of=day, axis=axis
            )
            _equal_tables(py, extract_facts(project, as_of=day, axis=axis))
            assert _findings(audit_project_sql(project, as_of=day, axis=axis)) == _findings(
                audit_project(project, as_of=day, axis=axis)
            )
            reached["customary"] |= set(py.tables["case"]["customary_land"].tolist())
            reached["plan kinds"] |= set(py.tables["plan"]["kind"].tolist())
            reached["nets"] |= set(py.tables["case"]["net_amount"].tolist())
    assert np.any(py.tables["case"]["paid_amount"] >= 0)
    # customary tenure both held and not; revised and supplementary versions, in force: a net
    # other than the draft's lines (100, 80, 60 million)
    assert reached["customary"] == {True, False}, reached
    assert reached["plan kinds"] == {"draft", "revised", "supplementary"}, reached
    assert reached["nets"] - {100 * M, 80 * M, 60 * M, INT_NULL}, reached


def _agree(project, days):
    for day in days:
        for axis in ("recorded", "happened"):
            py = build_facts(
                registers_as_of(project, day), project_records(project), as_of=day, axis=axis
            )
            _equal_tables(py, extract_facts(project, as_of=day, axis=axis))
            assert _findings(audit_project_sql(project, as_of=day, axis=axis)) == _findings(
                audit_project(project, as_of=day, axis=axis)
            )
    return py


def test_the_branches_a_generated_history_may_miss_agree():
    """Persuasion by purpose and by its bound, an opinion on the version by its meeting or by
    no version and which is the latest, payments on one day out of order: written so, not left
    to chance."""
    actor, project, area, (a, b, c), plan = _plan_world()
    kw = {"project": project, "actor": actor}

    def on(days):
        return D + timedelta(days=days)

    # a: persuaded to allow the enforcement only; b: for the inventory, once before the
    # compulsory inventory and once after it (not counted), by other persuaders
    record("recovery_decided", **kw, case=a, on=on(9), number="1/QĐ", authority="commune_pc")
    record("persuasion", **kw, case=a, on=on(10), by=["board"], purpose="enforcement")
    record("compulsory_inventory", **kw, case=b, on=on(5), number="1/CC")
    record("persuasion", **kw, case=b, on=on(3), by=["fatherland_front"], ended_on=on(6))
    record("persuasion", **kw, case=b, on=on(8), by=["commune_pc"], purpose="inventory")
    # a: a written opinion, then one at a consultation on the version (the later counts);
    # b: the consultation first, then a written one; c: the written one only
    record("opinion", **kw, case=a, on=on(20), opinion="disagree", channel="written")
    meeting(**kw, area=area, on=on(25), attendees=(a, b), outcomes=[(a, "agree"), (b, "agree")],
            plan=plan)  # fmt: skip
    record("opinion", **kw, case=b, on=on(30), opinion="other", channel="written")
    record("opinion", **kw, case=c, on=on(31), opinion="disagree", channel="written")
    # c: two payments on one day, the larger recorded first
    record("payment", **kw, case=c, on=on(40), amount=50 * M, method="cash")
    record("payment", **kw, case=c, on=on(40), amount=10 * M, method="cash")
    py = _agree(project, (on(28), on(60), timezone.localdate()))
    case = py.tables["case"]
    row = {int(i): k for k, i in enumerate(case.ids)}
    assert not case["inventory_persuaded_by_board"][row[a.id]]
    assert case["enforcement_persuaded_by_board"][row[a.id]]
    assert case["inventory_persuaded_by_front"][row[b.id]]
    assert not case["inventory_persuaded_by_commune_pc"][row[b.id]]
    plans = py.tables["plan"]
    at = list(plans.ids).index(plan.id)
    assert (plans["opinions_agree"][at], plans["opinions_other"][at]) == (1, 1)
    assert plans["opinions_disagree"][at] == 1


@pytest.mark.django_db(transaction=True)
def test_the_records_read_on_a_second_connection_equal_those_read_in_turn(monkeypatch):
    """Outside a savepoint the cases' records are read on a second connection under the
    extracting transaction's snapshot (beside.py); inside one, on this connection in turn.
    Both read the same (committed) history alike."""
    import consultations.facts_sql.extract as extract

    snapshots = []

    class Spied(extract.Beside):
        def __init__(self, snapshot, work):
            snapshots.append(snapshot)
            super().__init__(snapshot, work)

    monkeypatch.setattr(extract, "Beside", Spied)
    steps = [(k, i % 3, (7 * i) % 100, i % 5, "agree") for i, k in enumerate(KINDS)]
    project, typed = _history(steps)
    for day in (typed, timezone.localdate()):
        for axis in ("recorded", "happened"):
            beside = extract_facts(project, as_of=day, axis=axis)
            with transaction.atomic(), transaction.atomic():  # a savepoint: in turn
                in_turn = extract_facts(project, as_of=day, axis=axis)
            _equal_tables(beside, in_turn)
            assert snapshots[-2] is not None and snapshots[-1] is None, snapshots
    # more extractions than the pool holds connections: the second connection is none of them
    from django.db import connection

    assert connection.pool is not None and connection.pool.max_size < 10
    for _ in range(10):
        extract_facts(project, as_of=typed, axis="recorded")
    assert snapshots[-1] is not None
    # a stored run shares the snapshot of the transaction that stores it
    from consultations.auditruns import audit_run_store

    audit_run_store(project=project, as_of=typed, axis="recorded")
    assert snapshots[-1] is not None
