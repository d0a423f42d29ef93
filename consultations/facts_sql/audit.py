"""The whole-project audit, set-based: the facts extracted in SQL (extract.py), the rules run
over their columns (rules.audit.engine.evaluate_facts), explanations built only for the failing
and the asked-for subjects when findings are read. `auditing.audit_project` is the per-subject
Python path it must agree with (the reference, and the scenario runner's)."""

from __future__ import annotations

from datetime import date

from landcases.models import Project

from ..auditing import check_as_of, project_overrides
from ..rules import registers as reg
from ..rules.audit.engine import evaluate_facts
from ..rules.audit.finding import Audit
from .extract import extract_facts


def audit_project_sql(
    project: Project, *, as_of: date, axis: str = "recorded", explain=()
) -> Audit:
    check_as_of(project, as_of, axis)
    facts = extract_facts(project, as_of=as_of, axis=axis)
    return evaluate_facts(
        facts,
        project=reg.Project(project.id, tuple(project.rule_packs), province=project.province.code),
        overrides=project_overrides(project),
        explain=explain,
    )
