"""Every scenario file under tests/rules/scenarios holds: each expectation is met, and the
explanation of every finding builds (its periods re-derived with their steps)."""

import io
import json
from pathlib import Path

import pytest

from consultations.rules.audit import evaluate
from consultations.rules.scenario import check_files, load_scenario, run_scenario

SCENARIO_DIR = Path(__file__).parent / "scenarios"
SCENARIOS = sorted(SCENARIO_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path):
    scenario = load_scenario(path)
    unmet = [c for c in run_scenario(scenario) if not c.met]
    assert not unmet, "\n".join(
        f"{c.expectation.where} {c.expectation.rule} {c.expectation.subject}: "
        f"{'; '.join(c.problems)} — {c.finding.reason if c.finding else ''}"
        for c in unmet
    )


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_finding_explains_and_serialises(path):
    scenario = load_scenario(path)
    audit = evaluate(scenario.registers, scenario.records, as_of=scenario.as_of, axis=scenario.axis,
                     overrides=scenario.overrides)  # fmt: skip
    for code, run in audit.runs.items():
        for subject_id in run.table.ids:
            finding = audit.finding(code, run.subject, int(subject_id))
            assert (
                finding.explanation
                and finding.explanation[-1].startswith(("result:", code))
                or finding.pack is None
            )
            json.dumps(finding.as_json(), ensure_ascii=False)


def test_scenarios_cover_every_code_with_each_result():
    seen: dict[str, set[str]] = {}
    for path in SCENARIOS:
        for x in load_scenario(path).expectations:
            seen.setdefault(x.rule, set()).add(x.result)
    from consultations.rules.packs import RULE_CODES

    lacking = {
        code: {"pass", "fail", "open", "not_applicable"} - seen.get(code, set())
        for code in RULE_CODES
    }
    # A meeting is a subject once held: DEM-FRONT-PRESENT cannot be open.
    lacking["DEM-FRONT-PRESENT"].discard("open")
    assert not {c: r for c, r in lacking.items() if r}


def test_an_unmet_expectation_is_reported_and_fails_the_run(tmp_path):
    text = (
        (SCENARIO_DIR / "notice-2024.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "{rule: NOTICE-LEAD-TIME, subject: parcel 11, result: pass, days: 90}",
            "{rule: NOTICE-LEAD-TIME, subject: parcel 11, result: fail, days: 91}",
        )
    )
    assert "result: fail, days: 91" in text
    path = tmp_path / "wrong.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert check_files([path], out=out) == 1
    assert "NOT MET  NOTICE-LEAD-TIME parcel 11" in out.getvalue()
    assert "result pass, expected fail; days 90, expected 91" in out.getvalue()
    assert check_files([SCENARIO_DIR / "notice-2024.yaml"], out=io.StringIO()) == 0
