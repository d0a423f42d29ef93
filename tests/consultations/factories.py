from datetime import date
from decimal import Decimal

from consultations.services import case_for
from landcases import services as registers
from tests.factories import make_parcel, make_project, make_user


def make_world(n_users=3, *, members=(), code="du-an-thu", username="canbo.ban"):
    """A project with one area, n land users each holding a parcel in it, and their cases."""
    actor = make_user(username, first_name="Lan", last_name="Nguyễn")
    project, area, commune = make_project(code, members=[(actor, "board_staff"), *members])
    cases = []
    for i in range(n_users):
        parcel = make_parcel(project, commune, actor=actor, no=str(i + 1), dx=i * 25, area=area)
        lu = registers.land_user_create(
            project=project,
            actor=actor,
            kind="household",
            name=f"Hộ số {i + 1}",
            resettlement_eligible=(i == 0),
        )
        registers.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=actor,
            tenure="certificate",
            affected_area_m2=Decimal(100),
        )
        cases.append(case_for(lu))
    return actor, project, area, cases


D = date(2025, 3, 3)


def make_crowd(n, *, code="du-an-dong", username="canbo.ban"):
    """A project with one area of n land users (each holding a parcel of a grid inside the
    boundary), their cases made by applying the register changes as the worker would."""
    from consultations.projection import apply_register_changes

    actor = make_user(username)
    project, area, commune = make_project(code, members=[(actor, "board_staff")])
    given = ("An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Lan", "Minh", "Thảo")
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi")
    for i in range(n):
        parcel = make_parcel(
            project,
            commune,
            actor=actor,
            no=str(i + 1),
            sheet="20",
            dx=-480 + (i % 38) * 25,
            dy=-480 + (i // 38) * 32,
            area=area,
        )
        name = f"{family[i % len(family)]} Văn {given[(i // 8) % len(given)]} {i + 1}"
        lu = registers.land_user_create(project=project, actor=actor, kind="household", name=name)
        registers.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=actor,
            tenure="certificate",
            affected_area_m2=Decimal(100),
        )
    apply_register_changes(project_id=project.id)
    return actor, project, area
