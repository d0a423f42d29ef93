"""The audit on the demo finds what it should (issue 12): each deliberate violation
(demo/history/violations.py) on its named subject, a lawful case of every code, and nothing
failing about the subjects the demo keeps lawful."""

from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone

from consultations.auditing import audit_project
from consultations.rules.packs import RULE_CODES
from demo import project as demo
from demo.history import build_demo_history

pytestmark = pytest.mark.django_db

PARCELS = 300

# code → the named subject (demo/history/violations.py) on which it must fail.
EXPECTED_VIOLATIONS = {
    "NOTICE-PRE-MEETING": "area:Km6-8",
    "NOTICE-DELIVERED": "case:never-notified",
    "NOTICE-POSTED": "area:Km0-2",
    "NOTICE-LEAD-TIME": "parcel:late-notice",
    "NOTICE-VALIDITY": "parcel:lapsed-notice",
    "INVENTORY-DONE": "case:inventoried-after-posting",
    "INVENTORY-PERSUASION": "case:compulsory-without-front",
    "PLAN-POSTING": "plan:Km2-4-draft",
    "PLAN-CONSULTED": "case:no-opinion",
    "MINUTES-SIGNED": "meeting:dialogue-unsigned",
    "OPINION-TALLY": "plan:Km2-4-draft",
    "DIALOGUE-HELD": "case:objector-without-dialogue",
    "PLAN-APPROVED": "case:decided-before-approval",
    "DECISION-DELIVERED": "case:plan-delivered-late",
    "RECOVERY-TIMING": "case:decided-late",
    "PAYMENT-DEADLINE": "case:paid-late",
    "RESETTLE-BEFORE-RECOVERY": "case:resettled-late",
    "PAID-BEFORE-HANDOVER": "case:handed-over-unpaid",
    "ENFORCEMENT-PRECONDITIONS": "case:enforced-unposted",
    "DEM-FRONT-PRESENT": "meeting:dialogue-without-front",
    "GRV-ACCEPT": "grievance:accepted-late",
    "GRV-RESOLVE": "grievance:settled-late",
    "LND-VULNERABLE": "case:vulnerable-without-support",
    "LND-FPIC": "case:no-fpic",
}
# About the one project: a violation would leave no lawful case (the demo keeps them lawful).
LAWFUL_ONLY = {"DEM-DISCLOSURE", "LND-CUTOFF"}
# Subjects about which no finding fails.
LAWFUL_SUBJECTS = (
    "case:lawful",
    "parcel:lawful",
    "area:Km4-6",
    "plan:Km0-2-draft",
    "meeting:dialogue-lawful",
    "grievance:lawful",
    "project",
)
# Subjects on which a code passes (the lawful side of a violation shown next to it).
EXPECTED_PASSES = {
    "ENFORCEMENT-PRECONDITIONS": "case:enforced-lawfully",
    "GRV-ACCEPT": "grievance:lawful",
    "GRV-RESOLVE": "grievance:lawful",
    "MINUTES-SIGNED": "meeting:dialogue-lawful",
    "DEM-FRONT-PRESENT": "meeting:dialogue-lawful",
    "DEM-DISCLOSURE": "project",
    "LND-CUTOFF": "project",
    "LND-FPIC": "case:fpic-given",
    "OPINION-TALLY": "plan:Km0-2-draft",
    "PLAN-POSTING": "plan:Km0-2-draft",
    "NOTICE-PRE-MEETING": "area:Km4-6",
    "NOTICE-POSTED": "area:Km4-6",
    "NOTICE-LEAD-TIME": "parcel:lawful",
}


@pytest.fixture(scope="module")
def audited(django_db_setup, django_db_blocker):
    """One small demo, its history and its audit (as of today) for the module; rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = demo.build_demo_project(max_parcels=PARCELS, password="x")
        history = build_demo_history(built.project)
        audit = audit_project(built.project, as_of=timezone.localdate())
        results: dict[tuple[str, str, int], str] = {}
        by_subject: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        by_code: dict[str, set[str]] = defaultdict(set)
        for f in audit.findings():
            key = (f.subject["type"], f.subject["id"])
            results[(f.rule, *key)] = f.result
            by_subject[key].append((f.rule, f.result))
            by_code[f.rule].add(f.result)
        yield history.named, results, by_subject, by_code
        transaction.set_rollback(True)


def test_every_violation_is_found_on_its_subject(audited):
    named, results, _, _ = audited
    missed = {}
    for code, key in EXPECTED_VIOLATIONS.items():
        if key not in named:
            missed[code] = (key, "not named by the demo")
            continue
        got = results.get((code, *named[key]))
        if got != "fail":
            missed[code] = (key, got)
    assert not missed, missed


def test_at_least_twenty_codes_fail(audited):
    _, _, _, by_code = audited
    failing = {code for code, seen in by_code.items() if "fail" in seen}
    assert len(failing) >= 20, sorted(failing)
    assert set(EXPECTED_VIOLATIONS) <= failing
    assert not LAWFUL_ONLY & failing


def test_every_code_has_a_lawful_case(audited):
    named, results, _, by_code = audited
    assert set(RULE_CODES) == set(EXPECTED_VIOLATIONS) | LAWFUL_ONLY
    without = [code for code in RULE_CODES if "pass" not in by_code.get(code, ())]
    assert not without, without
    for code, key in EXPECTED_PASSES.items():
        assert results.get((code, *named[key])) == "pass", (code, key)


def test_lawful_subjects_have_no_failure(audited):
    named, _, by_subject, _ = audited
    for key in LAWFUL_SUBJECTS:
        assert key in named, key
        findings = by_subject[named[key]]
        assert findings, f"no finding about {key}"
        failed = [rule for rule, result in findings if result == "fail"]
        assert not failed, (key, failed)
