"""Facts (one subject = one row of the batch), the two axes, and the audit's contract."""

import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from consultations.rules.audit import RULES, evaluate
from consultations.rules.audit.engine import _pack_values
from consultations.rules.audit.outcome import Context, Param, Params
from consultations.rules.calendar import default_calendar
from consultations.rules.facts import (
    SCHEMAS,
    build_facts,
    relevant_records,
    standing_as_of,
    subject_facts,
)
from consultations.rules.overrides import OverrideError
from consultations.rules.packs import PackError
from consultations.rules.registers import Project, Registers
from consultations.rules.scenario import check_files, load_scenario

SCENARIOS = Path(__file__).parent / "scenarios"


def _audit(name, **kwargs):
    s = load_scenario(SCENARIOS / name)
    options = {"as_of": s.as_of, "axis": s.axis, "overrides": s.overrides, **kwargs}
    return s, evaluate(s.registers, s.records, **options)


@pytest.mark.parametrize("name", ["plan-2024.yaml", "recovery.yaml", "democracy-lender.yaml"])
def test_one_subjects_facts_are_its_row_of_the_batch(name):
    s = load_scenario(SCENARIOS / name)
    facts = build_facts(s.registers, s.records, as_of=s.as_of, axis=s.axis)
    for subject, table in facts.tables.items():
        assert [c.name for c in table.schema] == [c.name for c in SCHEMAS[subject]]
        for i, sid in enumerate(table.ids):
            one = subject_facts(
                s.registers, s.records, subject, int(sid), as_of=s.as_of, axis=s.axis
            )
            assert one == table.row(i)
            assert all(not isinstance(v, (list, dict, np.ndarray)) for v in one.values())


def test_an_act_typed_in_late_is_missing_on_the_recorded_axis():
    s = load_scenario(SCENARIOS / "democracy-lender.yaml")
    day = date(2024, 11, 20)
    recorded = (
        build_facts(s.registers, s.records, as_of=day, axis="recorded").table("project").row(0)
    )
    happened = (
        build_facts(s.registers, s.records, as_of=day, axis="happened").table("project").row(0)
    )
    assert recorded["land_prices_posted_on"] is None
    assert happened["land_prices_posted_on"] == date(2024, 10, 1)


def test_a_correction_re_dates_and_a_void_removes():
    s = load_scenario(SCENARIOS / "democracy-lender.yaml")
    before = standing_as_of(s.records, as_of=date(2025, 1, 31), axis="recorded")
    after = standing_as_of(s.records, as_of=date(2025, 3, 1), axis="recorded")
    cutoff = [r.happened_on for r in before if r.kind == "cutoff_announced"]
    assert cutoff == [date(2024, 8, 10)]
    assert [r.happened_on for r in after if r.kind == "cutoff_announced"] == [date(2024, 9, 5)]
    assert not [r for r in after if r.kind == "support_measure" and r.subject_id == 3]


def test_relevant_records_of_a_case():
    s = load_scenario(SCENARIOS / "plan-2024.yaml")
    kinds = {(r.kind, r.subject_type) for r in relevant_records(s.registers, s.records, 2)}
    assert ("opinion", "case") in kinds and ("meeting", "area") in kinds
    assert ("plan_approved", "plan") in kinds and ("notice_issued", "area") in kinds
    assert ("minutes_signed", "area") in kinds
    mine = relevant_records(s.registers, s.records, 7)
    assert not [r for r in mine if r.kind == "opinion" and r.subject_id != 7]


def test_a_batch_of_one_explains_the_same_as_the_batch():
    s, audit = _audit("recovery.yaml")
    calendar = default_calendar()
    for run in audit.runs.values():
        for group in run.groups:
            if group.function is None or group.note:
                continue
            params = Params({r.name: Param(r.value, r.unit) for r in group.params})
            ctx = Context(calendar, s.as_of, _pack_values(group.pack))
            for pos, row in enumerate(group.rows):
                one = group.function.fn(run.table.take(np.array([row])), params, ctx)
                assert one.result[0] == group.outcome.result[pos]
                assert str(one.due_on[0]) == str(group.outcome.due_on[pos])
                assert str(one.since[0]) == str(group.outcome.since[pos])


def test_an_override_shows_beside_the_base_value():
    _, audit = _audit("grievance.yaml")
    f = audit.finding("GRV-ACCEPT", "grievance", 10).as_json()
    unit = next(p for p in f["parameters"] if p["name"] == "accept_unit")
    assert unit["value"] == "working_days" and unit["base_value"] == "calendar_days"
    assert unit["override"]["id"] == "lam-dong-working-days" and unit["override"]["scope"] == {
        "province": "68"
    }
    assert any("overriding calendar_days" in step for step in f["explanation"])
    base = audit.finding("GRV-ACCEPT", "grievance", 11).as_json()
    assert "override" not in next(p for p in base["parameters"] if p["name"] == "accept_unit")
    sev = audit.finding("GRV-RESOLVE", "grievance", 8).as_json()
    assert sev["severity"] == "minor"
    assert next(p for p in sev["parameters"] if p["name"] == "severity")["base_value"] == "major"


def test_two_overlapping_overrides_are_an_error_naming_both(tmp_path):
    text = (SCENARIOS / "grievance.yaml").read_text(encoding="utf-8")
    doubled = text.replace(
        "  - id: project-resolve-minor",
        "  - id: project-working-days\n    scope: {project: 1}\n    pack: complaints-2011\n"
        "    rule: GRV-ACCEPT\n    parameter: accept_unit\n    value: calendar_days\n"
        "    valid_from: 2025-09-01\n    reason: the project keeps calendar days\n"
        "  - id: project-resolve-minor",
    )
    path = tmp_path / "doubled.yaml"
    path.write_text(doubled, encoding="utf-8")
    s = load_scenario(path)
    with pytest.raises(OverrideError, match="'lam-dong-working-days' and 'project-working-days'"):
        evaluate(s.registers, s.records, as_of=s.as_of, overrides=s.overrides)
    out = io.StringIO()
    assert check_files([path], out=out) == 1 and "project-working-days" in out.getvalue()


def test_unknown_pack_of_a_project_is_an_error_naming_it():
    s = load_scenario(SCENARIOS / "empty-project.yaml")
    registers = Registers(Project(1, ("vn-2024", "vn-1993")), s.registers.areas)
    with pytest.raises(PackError, match="vn-1993"):
        evaluate(registers, [], as_of=date(2025, 1, 1))


def test_findings_say_which_basis_stands_in_and_that_3406_is_kept_in_force():
    _, audit = _audit("plan-2024.yaml")
    minutes = audit.finding("MINUTES-SIGNED", "meeting", 20).as_json()
    assert (
        minutes["basis"][0]["status"] == "S" and "2013 basis is kept" in minutes["basis"][0]["note"]
    )
    _, dem = _audit("democracy-lender.yaml")
    f = dem.finding("DEM-FRONT-PRESENT", "meeting", 21).as_json()
    assert (
        "Lâm Đồng" in f["pack"]["validity_note"] and "kept in force" in f["pack"]["validity_note"]
    )
    assert not any("Art." in b.get("article", "") for b in f["basis"] if "3406" in b["instrument"])


def test_the_finding_json_shape():
    _, audit = _audit("notice-2024.yaml")
    f = audit.finding("NOTICE-LEAD-TIME", "parcel", 12).as_json()
    assert list(f) == [
        "schema", "rule", "result", "severity", "subject", "cases", "pack", "parameters", "basis",
        "reason", "reason_key", "due_on", "since", "missing", "facts", "computed", "explanation", "calendar",
        "as_of", "axis", "reason_template", "reason_values", "explanation_steps",
    ]  # fmt: skip
    assert f["schema"] == "finding/1" and f["subject"] == {"type": "parcel", "id": 12}
    assert f["cases"] == [102] and f["calendar"].startswith("holidays 0.109")
    assert f["pack"]["selected_by"] == {
        "fact": "notice_issued_on",
        "date": "2024-09-02",
        "provisional": False,
    }
    json.dumps(f)
    passing = audit.finding("NOTICE-LEAD-TIME", "parcel", 11, explain=False)
    assert passing.explanation is None
    assert audit.findings(codes=["NOTICE-LEAD-TIME"], results=["pass"])[0].explanation is None
    failing = audit.findings(codes=["NOTICE-LEAD-TIME"], results=["fail"])
    assert failing and all(f.explanation for f in failing)


def test_every_pack_entry_maps_to_a_rule_function_of_the_right_subject():
    from consultations.rules.packs import default_packs

    for pack in default_packs().values():
        for code, entry in pack.rules.items():
            fn = RULES[entry.function]
            assert entry.selecting_date in {c.name for c in SCHEMAS[fn.subject]}, (pack.id, code)
            assert set(fn.reads) <= {c.name for c in SCHEMAS[fn.subject]}, (pack.id, code)


def test_the_rules_that_read_a_households_sensitive_facts_are_known_from_what_they_read():
    from consultations.rules.audit.outcome import sensitive_codes
    from consultations.rules.packs import default_packs

    assert sensitive_codes(default_packs().values()) == {"LND-VULNERABLE", "LND-FPIC"}
