"""The benchmark generator (demo/bench/): a small bench project, audited, holds passing and
failing subjects of every rule that can fail in bulk, and the acts of plans and money and of
grievances (bench/README.md, "The data")."""

from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from consultations.auditing import audit_project
from consultations.models import Event
from consultations.rules.packs import RULE_CODES
from demo.bench import generate

# About the one project: a single finding, kept lawful (as in the demo).
PROJECT_CODES = ("DEM-DISCLOSURE", "LND-CUTOFF")
KINDS = (
    "plan_appraised",
    "plan_approved",
    "opinion_summary",
    "plan_delivered",
    "recovery_decided",
    "recovery_delivered",
    "payment",
    "payment_refused",
    "deposit",
    "early_handover_agreement",
    "earlier_recovery_agreement",
    "handover",
    "resettlement_allocated",
    "resettlement_handed_over",
    "persuasion",
    "enforcement_decided",
    "enforcement_executed",
    "invitation_sent",
    "minutes_signed",
    "grievance_received",
    "grievance_accepted",
    "grievance_settled",
    "support_measure",
    "fpic_record",
    "cutoff_announced",
    "census_closed",
)


@pytest.fixture(scope="module")
def audited(django_db_setup, django_db_blocker):
    """A bench project of 2,000 parcels (six areas at six stages), audited as of today, for the
    module: the findings counted by code and result, the kinds of its events, its plan
    versions' kinds; rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        project = generate(2000, log=lambda *_: None, analyze=False)
        tally = Counter(
            (f.rule, f.result)
            for f in audit_project(project, as_of=timezone.localdate()).findings()
        )
        kinds = set(Event.objects.filter(project=project).values_list("kind", flat=True))
        versions = Counter(project.plans.values_list("kind", flat=True))
        yield tally, kinds, versions
        transaction.set_rollback(True)


def test_every_rule_passes_and_fails_somewhere(audited):
    tally, _, _ = audited
    for code in RULE_CODES:
        passed, failed = tally[(code, "pass")], tally[(code, "fail")]
        assert passed, code
        if code in PROJECT_CODES:
            assert not failed, code
            continue
        assert failed, code
        if passed + failed >= 200:  # a case rule: a realistic small share fails
            assert failed / (passed + failed) < 0.08, (code, passed, failed)


def test_the_acts_of_plans_money_and_grievances(audited):
    _, kinds, versions = audited
    assert set(KINDS) <= kinds, sorted(set(KINDS) - kinds)
    assert versions["draft"] and versions["revised"] and versions["supplementary"], versions
