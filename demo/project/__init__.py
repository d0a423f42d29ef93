"""The demo project: a coastal road in Bình Thuận with real parcel shapes moved into place
(layout.py), made-up Vietnamese registers on top of them (places.py, people.py): the parcels,
land users and holdings by the generators' bulk path with their histories (parcels.py,
land_users.py: COPY, measured in PostGIS, one register change), the frame with its history rows
(registers.py).

`build_demo_project()` writes everything in one transaction; the same seed gives the same demo.
Its register changes are left for the case record to apply (demo.history does, first).
"""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from landcases.models import Project

from .land_users import create_land_users
from .layout import layout_parcels, select_parcels
from .parcels import create_parcels, land_use_codes
from .places import DEMO_USERS, PASSWORD_FILE, PROJECT_CODE, SEED
from .registers import (
    DEMO_ADMIN,
    create_areas,
    create_memberships,
    create_project,
    ensure_units,
    ensure_users,
)

__all__ = [
    "PROJECT_CODE",
    "SEED",
    "DemoResult",
    "build_demo_project",
    "current_password",
    "demo_logins",
    "demo_password",
    "find_demo_project",
]


@dataclass
class DemoResult:
    project: Project
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, role label)


def find_demo_project() -> Project | None:
    return Project.objects.filter(code=PROJECT_CODE).first()


def demo_password(explicit: str | None = None) -> str:
    """One password for every demo login: the given one, else the `demo_login` password (so
    bin/run shows one login), else the one this command stored before, else a new one."""
    for candidate in _password_candidates(explicit):
        return candidate
    password = secrets.token_urlsafe(9)
    PASSWORD_FILE.parent.mkdir(exist_ok=True)
    PASSWORD_FILE.write_text(password)
    return password


def _password_candidates(explicit: str | None):
    from ..management.commands.demo_login import LOGIN_FILE

    if explicit:
        yield explicit
    if LOGIN_FILE.exists() and get_user_model().objects.filter(username=DEMO_ADMIN).exists():
        yield LOGIN_FILE.read_text().strip()
    if PASSWORD_FILE.exists():
        yield PASSWORD_FILE.read_text().strip()


def current_password(explicit: str | None = None) -> str | None:
    """The password the demo logins have now, if it is one we know (checked, not assumed)."""
    user = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    for candidate in _password_candidates(explicit):
        if user is not None and candidate and user.check_password(candidate):
            return candidate
    return None


def demo_logins() -> list[tuple[str, str]]:
    return [(username, str(role.label)) for username, role, _f, _g in DEMO_USERS]


def build_demo_project(*, max_parcels: int = 3000, password: str, seed: int = SEED) -> DemoResult:
    """Create the demo project once; when it exists, change nothing and say so."""
    started = time.monotonic()
    existing = find_demo_project()
    if existing is not None:
        return DemoResult(project=existing, created=False, logins=demo_logins())
    placed = layout_parcels(seed)
    rng = random.Random(seed)
    with transaction.atomic():
        counts: dict[str, int] = {}
        codes = land_use_codes()
        units = ensure_units()
        users = ensure_users(password)
        actor = users["canbo.ban"]
        project = create_project(units, actor)
        areas = create_areas(project, units, actor)
        chosen = select_parcels(placed, max_parcels, rng)
        parcels, plan = create_parcels(project, areas, units, codes, chosen, rng, actor)
        counts["land_users"], counts["holdings"] = create_land_users(
            project, parcels, plan, rng, actor
        )
        create_memberships(project, users, units, actor)
        counts = {
            "parcels": len(parcels),
            "areas": len(areas),
            **counts,
            "communes": project.communes.count(),
            "users": len(users),
        }
    return DemoResult(
        project=project,
        created=True,
        counts=counts,
        seconds=time.monotonic() - started,
        logins=demo_logins(),
    )
