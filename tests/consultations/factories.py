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
