"""A stored warning that names a household's money shows it only to roles that may read amounts
(landcases/access.py Can.READ_AMOUNTS): the audit's reasons (WARN_RULE) and the older warnings
whose params are amounts (WARN_HANDOVER_BEFORE_PAYMENT, stored by issue 10's code)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from psycopg.types.json import Jsonb

from consultations import messages
from consultations.messages import AMOUNT_PARAMS, warning_text
from landcases.access import ROLE_CAPABILITIES, Can
from tests.consultations.factories import D
from tests.consultations.money_world import ROLES, build_money_world

OLD_HANDOVER = {
    "code": "WARN_HANDOVER_BEFORE_PAYMENT",
    "params": {"net": "100.000.000", "paid": "40.000.000"},
}


def test_every_warning_that_speaks_of_dong_masks_its_amounts():
    """A warning template with an amount in đồng names its amount params in AMOUNT_PARAMS."""
    found = {}
    for name in dir(messages):
        template = getattr(messages, name)
        if name.startswith("WARN_") and "đồng" in str(template):
            found[name] = set(re.findall(r"%\((\w+)\)s đồng", str(template)))
    assert found  # the handover's warning at least
    for name, params in found.items():
        assert params and params <= AMOUNT_PARAMS.get(name, set()), name


def test_an_older_handover_warning_hides_its_amounts_without_read_amounts():
    shown = warning_text(OLD_HANDOVER, show_amounts=True)
    hidden = warning_text(OLD_HANDOVER, show_amounts=False)
    assert "100.000.000" in shown and "40.000.000" in shown
    assert "100.000.000" not in hidden and "40.000.000" not in hidden
    assert "[…]" in hidden and "PAID-BEFORE-HANDOVER" in hidden


def _old_handover_row(world) -> None:
    """A handover as issue 10's code stored it, its warning carrying the amounts (inserted as
    that code did, by the one insert the table allows)."""
    with connection.cursor() as cur:
        cur.execute(
            """
            insert into consultations_event (project_id, kind, subject_type, case_id,
                happened_on, recorded_by_id, recorded_role, payload, is_void, warnings)
            values (%s, 'handover', 'case', %s, %s, %s, 'board_staff', '{}', false, %s)
            """,
            [
                world.project.id,
                world.cases[0].id,
                D + timedelta(days=50),
                world.users["board_staff"].pk,
                Jsonb([OLD_HANDOVER]),
            ],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_shows_an_older_warnings_amounts_only_to_roles_that_may_read_them(
    client, role
):
    world = build_money_world()
    _old_handover_row(world)
    client.force_login(world.users[role])
    url = reverse("consultations:case", args=[world.project.code, world.cases[0].land_user_id])
    body = client.get(url).content.decode()
    assert "PAID-BEFORE-HANDOVER" in body  # the warning is shown to every reader
    may = Can.READ_AMOUNTS in ROLE_CAPABILITIES[role]
    assert ("100.000.000" in body) == may, role
