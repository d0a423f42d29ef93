"""Which plan versions are in force for a household (rules/plans.py, pure): revisions replace
along their chain, supplements add, only what took effect counts."""

from datetime import date

from consultations.rules.plans import Term, in_force, versions_in_force

D1, D2, D3 = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)


def term(plan_id, kind, base, version, net, effective):
    return Term(plan_id, kind, base, version, net, effective)


def test_a_revision_replaces_and_a_supplement_adds():
    v1 = term(1, "draft", None, 1, 100, D1)
    v2 = term(2, "revised", 1, 2, 130, D2)
    s3 = term(3, "supplementary", 2, 3, 20, D3)
    assert in_force([v1, v2, s3]) == (150, D3)
    assert in_force([v1, v2, s3], date(2025, 4, 15)) == (130, D2)
    assert [t.plan_id for t in versions_in_force([v1, v2, s3])] == [2, 3]
    assert in_force([v1], date(2025, 2, 1)) == (None, None)


def test_a_revision_chain_passes_a_revision_that_left_the_household_out():
    """v2 revised v1 for other households; v3 revises v2 and lists this one again: v3 replaces
    v1 for it (the household was never owed v1 + v3)."""
    v1 = term(1, "draft", None, 1, 100, D1)
    v3 = term(3, "revised", 2, 3, 120, D3)
    bases, kinds = {1: None, 2: 1, 3: 2}, {1: "draft", 2: "revised", 3: "revised"}
    assert in_force([v1, v3], bases=bases, kinds=kinds) == (120, D3)
    assert in_force([v1, v3], date(2025, 4, 1), bases=bases, kinds=kinds) == (100, D1)
    # Without the kinds of the versions that do not list it, the chain stopped at v2.
    assert in_force([v1, v3], bases=bases) == (220, D3)


def test_the_projection_follows_such_a_chain(db):
    from datetime import timedelta

    from tests.consultations.factories import D, make_world
    from tests.consultations.record import record
    from tests.consultations.test_money import M, approve, lines, plan, stage

    actor, project, area, (a, b, c) = make_world(3)
    v1 = plan(project, area, actor)
    registers_replace(v1, actor, lines([a, b], [100 * M, 100 * M]))
    approve(project, actor, v1, D)
    v2 = plan(project, area, actor, kind="revised")
    registers_replace(v2, actor, lines([b], [110 * M]))
    approve(project, actor, v2, D + timedelta(days=5))
    v3 = plan(project, area, actor, kind="revised")
    registers_replace(v3, actor, lines([a], [120 * M]))
    approve(project, actor, v3, D + timedelta(days=10))
    record(
        "payment",
        project=project,
        actor=actor,
        case=a,
        on=D + timedelta(days=12),
        amount=120 * M,
        method="cash",
    )
    assert stage(a) == "paid"  # owed v3's 120 million, not v1 + v3


def registers_replace(version, actor, rows):
    from landcases import services as registers

    registers.plan_lines_replace(plan=version, actor=actor, reason="nhập", lines=rows)
