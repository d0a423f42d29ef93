"""The demo project's frame: administrative units, logins, the project, its areas and its
members.

These registers have no service of their own (they are set up once, in the admin, in a real
project): written here with their history rows (who, why), as the admin would.
"""

from __future__ import annotations

from decimal import Decimal

import shapely
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import LineString
from simple_history.utils import bulk_create_with_history

from landcases.models import (
    AdministrativeUnit,
    Project,
    ProjectArea,
    ProjectMembership,
    Role,
    UnitLevel,
)

from .layout import AREA_LENGTH_M, Corridor, clean, geos
from .people import lower
from .places import (
    CUTOFF_DATE,
    DEMO_USERS,
    DISTRICTS,
    MERGER_DAY,
    NEW_COMMUNES,
    OFFICIAL_COMMUNE,
    OLD_COMMUNES,
    PLANNED_DECISION_DATE,
    PROJECT_BOARD,
    PROJECT_CODE,
    PROJECT_INVESTOR,
    PROJECT_LEGAL_BASIS,
    PROJECT_NAME,
    PROJECT_PURPOSE,
    PROVINCE_NEW,
    PROVINCE_OLD,
    REASON,
    RULE_PACKS,
    SRID,
)

DEMO_ADMIN = "demo"  # the administrator login of manage.py demo_login


def with_history(obj, actor):
    obj._history_user = actor
    obj._change_reason = REASON
    obj.save()
    return obj


def _unit(code, name, level, valid_from, valid_to=None, parent=None, successor=None):
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code,
        valid_from=valid_from,
        defaults={
            "name": name,
            "level": level,
            "valid_to": valid_to,
            "parent": parent,
            "successor": successor,
        },
    )
    return unit


def ensure_units() -> dict[str, AdministrativeUnit]:
    """Keyed by code; the units are shared with other projects, so they are reused if present."""
    code, name, start, end = PROVINCE_NEW
    new_province = _unit(code, name, UnitLevel.PROVINCE, start, end)
    code, name, start, end = PROVINCE_OLD
    old_province = _unit(code, name, UnitLevel.PROVINCE, start, end, successor=new_province)
    units = {new_province.code: new_province, old_province.code: old_province}
    for code, name in NEW_COMMUNES.items():
        units[code] = _unit(code, name, UnitLevel.COMMUNE, MERGER_DAY, parent=new_province)
    for code, name in DISTRICTS.items():
        units[code] = _unit(
            code, name, UnitLevel.DISTRICT, PROVINCE_OLD[2], MERGER_DAY, parent=old_province
        )
    for c in OLD_COMMUNES:
        units[c.code] = _unit(
            c.code,
            c.name,
            UnitLevel.COMMUNE,
            PROVINCE_OLD[2],
            MERGER_DAY,
            parent=units[c.district],
            successor=units[c.successor],
        )
    return units


def ensure_users(password: str) -> dict:
    User = get_user_model()
    hashed = make_password(password)  # once: one password for every demo login
    users = {}
    for username, _role, family, given in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        # Vietnamese order: family and middle names first, so get_full_name() reads naturally.
        user.first_name, user.last_name = family, given
        user.password = hashed
        user.save()
        users[username] = user
    return users


def create_project(units, actor) -> Project:
    corridor = Corridor.default()
    boundary = clean(corridor.to_lonlat(corridor.band(0, corridor.length)))
    line = corridor.to_lonlat(corridor.centreline())
    project = with_history(
        Project(
            code=PROJECT_CODE,
            name=PROJECT_NAME,
            purpose=PROJECT_PURPOSE,
            investor=PROJECT_INVESTOR,
            board=PROJECT_BOARD,
            legal_basis=PROJECT_LEGAL_BASIS,
            province=units[PROVINCE_OLD[0]],
            boundary=geos(boundary),
            chainage_line=LineString(shapely.get_coordinates(line).tolist(), srid=4326),
            source_srid=SRID,
            cutoff_date=CUTOFF_DATE,
            planned_decision_date=PLANNED_DECISION_DATE,
            rule_packs=RULE_PACKS,
        ),
        actor,
    )
    communes = [units[c.code] for c in OLD_COMMUNES] + [units[c] for c in NEW_COMMUNES]
    project.communes.set(communes)
    return project


def _km(metres: float) -> str:
    km, m = divmod(int(round(metres)), 1000)
    return f"Km{km}+{m:03d}"


def create_areas(project, units, actor) -> list[ProjectArea]:
    corridor = Corridor.default()
    areas = []
    for i, commune in enumerate(OLD_COMMUNES):
        s0, s1 = i * AREA_LENGTH_M, (i + 1) * AREA_LENGTH_M
        successor = NEW_COMMUNES[commune.successor]
        areas.append(
            ProjectArea(
                project=project,
                code=f"{_km(s0)}-{_km(s1)}",
                name=f"{_km(s0)} – {_km(s1)}, {lower(commune.name)} (nay {lower(successor)})",
                commune=units[commune.code],
                km_from=Decimal(s0 / 1000).quantize(Decimal("0.001")),
                km_to=Decimal(s1 / 1000).quantize(Decimal("0.001")),
                geom=geos(clean(corridor.to_lonlat(corridor.band(s0, s1)))),
            )
        )
    return bulk_create_with_history(
        areas, ProjectArea, default_user=actor, default_change_reason=REASON
    )


def create_memberships(project, users, units, actor) -> None:
    for username, role, _family, _given in DEMO_USERS:
        commune = units[OFFICIAL_COMMUNE] if role == Role.COMMUNE_OFFICIAL else None
        with_history(
            ProjectMembership(user=users[username], project=project, role=role, commune=commune),
            actor,
        )
    demo = get_user_model().objects.filter(username=DEMO_ADMIN).first()
    if demo is not None:
        with_history(ProjectMembership(user=demo, project=project, role=Role.BOARD_STAFF), actor)
