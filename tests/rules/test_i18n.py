"""The audit's texts as templates and values (rules/i18n.py): the JSON carries everything a
reader needs to show a reason or a step in another language, every template is marked for
makemessages, and the words a finding can show are all in the catalogue's source."""

import ast
import string
from pathlib import Path

import pytest

from consultations.rules import vocabulary as v
from consultations.rules.audit import RESULTS, RULES, evaluate
from consultations.rules.audit.words import CODE_WORDS, RESULT_WORDS, SEVERITY_WORDS
from consultations.rules.facts import SCHEMAS
from consultations.rules.packs import SEVERITIES
from consultations.rules.scenario import load_scenario
from landcases.land_use_codes import GROUPS

RULES_DIR = Path(__file__).resolve().parents[2] / "consultations" / "rules"
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _english(text: dict) -> str:
    """A {template, values} JSON text shown as the pure core shows it, from the JSON alone."""

    def shown(value):
        if value is None:
            return "—"
        if isinstance(value, list):
            return ", ".join(shown(x) for x in value)
        if isinstance(value, dict) and "template" in value:
            return _english(value)
        if isinstance(value, dict) and "holiday" in value:
            return value["name"]
        return format(value)

    return text["template"].format_map({k: shown(x) for k, x in text["values"].items()})


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_json_texts_give_back_the_english_reason_and_steps(path):
    s = load_scenario(path)
    audit = evaluate(s.registers, s.records, as_of=s.as_of, axis=s.axis, overrides=s.overrides)
    for code, run in audit.runs.items():
        for subject_id in run.table.ids:
            f = audit.finding(code, run.subject, int(subject_id)).as_json()
            if f["reason_template"]:
                reason = {"template": f["reason_template"], "values": f["reason_values"]}
                assert _english(reason) == f["reason"], (code, subject_id)
            steps = f["explanation_steps"] or []
            assert [_english(t) for t in steps] == (f["explanation"] or []), (code, subject_id)


def test_a_counting_step_and_a_roll_forward_are_templates_with_dates():
    from datetime import date

    from consultations.rules.calendar import default_calendar
    from consultations.rules.periods import Period, deadline

    d = deadline(date(2025, 8, 22), Period(10, "calendar_days"), roll_forward=True,
                 calendar=default_calendar())  # fmt: skip
    first, rolled = d.texts[0], d.texts[-1]
    assert first.template.startswith("event on {start} (not counted")
    assert first.values["start"] == date(2025, 8, 22)
    assert first.as_json()["values"]["period"] == {
        "template": "{amount} calendar days",
        "values": {"amount": 10},
    }
    assert d.steps == tuple(str(t) for t in d.texts)
    assert "day off ({why})" in rolled.template
    why = rolled.as_json()["values"]["why"]
    assert why["template"] == "day off: {holiday}"
    assert why["values"]["holiday"]["holiday"] == "2025-09-01"


def test_the_words_a_finding_shows_are_marked():
    assert set(RESULT_WORDS) == set(RESULTS)
    assert set(SEVERITY_WORDS) == set(SEVERITIES)
    assert set(CODE_WORDS["meeting_kind"]) == set(v.MEETING_KINDS)
    assert set(CODE_WORDS["opinion"]) == set(v.OPINIONS)
    assert set(CODE_WORDS["authority"]) == set(v.AUTHORITIES)
    assert set(CODE_WORDS["fpic_consent"]) == set(v.FPIC_CONSENT)
    assert set(CODE_WORDS["land_group"]) == set(GROUPS)
    # A code of the record named in a reason is shown translated: its words must be above.
    covered = {"kind", "opinion", "land_group", "fpic_consent", "approval_authority"}
    for function in RULES.values():
        codes = {c.name for c in SCHEMAS[function.subject] if c.type == "code"}
        for template in function.reasons.values():
            named = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            assert named & codes <= covered, (function.name, named & codes - covered)


def test_the_pack_texts_are_up_to_date():
    from consultations.rules import pack_texts

    assert list(pack_texts.TEXTS) == pack_texts.collect(), (
        "run python -m consultations.rules.pack_texts"
    )


def _calls(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
            yield node


def _is_marked(node) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop"


def test_every_template_in_the_pure_core_is_marked_for_extraction():
    """A Text's template is gettext_noop("…") (or a layout constant), never a bare literal or
    an f-string; every reason of a rule function is gettext_noop("…")."""
    for path in RULES_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "Text"):
            first = call.args[0] if call.args else None
            assert not isinstance(first, (ast.Constant, ast.JoinedStr)), (path.name, call.lineno)
        for call in _calls(tree, "rule"):
            for kw in call.keywords:
                if kw.arg == "reasons" and isinstance(kw.value, ast.Dict):
                    for key, value in zip(kw.value.keys, kw.value.values, strict=True):
                        assert key is None or _is_marked(value), (path.name, value.lineno)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                names = {getattr(t, "id", "") for t in node.targets}
                if any(n.endswith("REASONS") or n == "COMMON" for n in names):
                    assert all(_is_marked(x) for x in node.value.values), (path.name, node.lineno)
