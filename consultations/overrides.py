"""Writes of rule overrides: one function each, with a reason kept in the history, checked
against the packs (type, range, known pack, rule and parameter) and against the overrides
already in force (two that apply at once are an error)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from landcases.models import Project
from landcases.text import clean

from .models import RuleOverride
from .rules.overrides import OverrideError, for_project, parse_overrides
from .rules.packs import default_packs

OVERRIDE_INVALID = _("The override cannot be used: %(detail)s")
REASON_REQUIRED = _("Say why the rule is changed here (the decision that changes it).")


def _check_all(candidate: RuleOverride) -> None:
    entries = [
        o.as_entry() for o in RuleOverride.objects.filter(active=True).exclude(pk=candidate.pk)
    ]
    entries.append({**candidate.as_entry(), "id": "new"})
    try:
        parsed = parse_overrides(entries, default_packs())
        projects = (
            Project.objects.filter(pk=candidate.project_id)
            if candidate.scope == "project"
            else Project.objects.filter(province__code=candidate.province_code)
        )
        for project in projects.select_related("province"):
            for_project(parsed, project_id=project.id, province=project.province.code)
    except OverrideError as exc:
        raise ValidationError(OVERRIDE_INVALID, params={"detail": str(exc)}) from None


@transaction.atomic
def override_create(
    *,
    actor,
    pack: str,
    rule: str,
    parameter: str,
    value: Any,
    reason: str,
    project: Project | None = None,
    province_code: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> RuleOverride:
    reason = clean(reason or "")
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    override = RuleOverride(
        scope="project" if project is not None else "province",
        project=project,
        province_code="" if project is not None else clean(province_code),
        pack=pack,
        rule=rule,
        parameter=parameter,
        value=value,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason,
        created_by=actor,
    )
    _check_all(override)
    override._history_user, override._change_reason = actor, reason
    override.save()
    return override


@transaction.atomic
def override_end(*, override: RuleOverride, actor, reason: str) -> RuleOverride:
    """An override no longer applies (kept, with its history: findings once made with it still
    name it)."""
    reason = clean(reason or "")
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    override = RuleOverride.objects.select_for_update().get(pk=override.pk)
    override.active = False
    override._history_user, override._change_reason = actor, reason
    override.save(update_fields=["active"])
    return override
