from datetime import timedelta
from decimal import Decimal

import pytest

from consultations.services import Subject, case_for, event_record
from landcases import services as registers
from landcases.models import Role
from tests.consultations.factories import D
from tests.factories import make_parcel, make_project, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIXEL_AT = """([x, y]) => {
  const c = Array.from(document.querySelectorAll('.leaflet-tile-pane canvas')).find(el => {
    const b = el.getBoundingClientRect();
    return x >= b.left && x < b.right && y >= b.top && y < b.bottom;
  });
  if (!c) return null;
  const r = c.getBoundingClientRect();
  const d = c.getContext('2d').getImageData(
    Math.floor((x - r.left) * c.width / r.width), Math.floor((y - r.top) * c.height / r.height),
    1, 1).data;
  return Array.from(d);
}"""


def count(page, stage):
    return int(page.locator(f"[data-count={stage}]").inner_text().replace(".", ""))


def test_progress_map_tiles_click_and_replay(page):
    board = make_user("canbo.ban", first_name="Lan", last_name="Nguyễn")
    board.set_password("mat-khau-thu-nghiem-1")
    board.save()
    project, area, commune = make_project(members=[(board, Role.BOARD_STAFF)])
    cases = []
    # Four 80 m plots east of the map centre (the boundary is a 1 km square around it).
    for i in range(4):
        parcel = make_parcel(
            project,
            commune,
            actor=board,
            no=str(i + 1),
            dx=20 + i * 100,
            dy=-40,
            w=80,
            h=80,
            legal=Decimal(6400),
            area=area,
        )
        lu = registers.land_user_create(
            project=project,
            actor=board,
            kind="household",
            name=f"Hộ bà Trần Thị {i + 1}",
            resettlement_eligible=(i == 0),
        )
        registers.holding_create(
            land_user=lu,
            parcel=parcel,
            actor=board,
            tenure="certificate",
            affected_area_m2=Decimal(6400),
        )
        cases.append(case_for(lu))
    kw = {"project": project, "actor": board}
    for i, case in enumerate(cases):
        event_record(
            **kw,
            kind="notice_delivered",
            happened_on=D + timedelta(days=10 * i),
            subject=Subject(case=case),
            values={"method": "in_person", "signed": True},
        )

    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", "canbo.ban")
    page.fill("input[name=password]", "mat-khau-thu-nghiem-1")
    page.click("form.form-stack button[type=submit]")
    tiles = []
    page.on("response", lambda r: tiles.append(r.status) if ".pbf" in r.url else None)
    page.goto(f"{page.base}/maps/{project.code}/")
    page.wait_for_selector("#progressmap[data-ready='1']")
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane canvas').length > 0")
    page.wait_for_timeout(500)
    assert tiles and set(tiles) == {200}
    assert count(page, "notified") == 4

    # The first plot's centre, 60 m east and 0 m north of the map centre (z16: ~2.35 m/px).
    box = page.locator("#progressmap").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    x, y = cx + 60 / 2.35, cy
    rgba = page.evaluate(PIXEL_AT, [x, y])
    assert rgba is not None and rgba[3] > 0, "the parcel is not drawn"
    assert (rgba[0], rgba[1], rgba[2]) != (221, 221, 221), "only the empty map is there"
    page.mouse.click(x, y)
    popup = page.get_by_test_id("popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "10/1" in text and "Hộ bà Trần Thị 1" in text and "Đã thông báo" in text
    assert "chờ tái định cư" in text  # the overlay, in Vietnamese

    # Replay: back to the first recorded day, only the first delivery had happened.
    page.evaluate(
        "() => { const s = document.getElementById('f-day'); s.value = '0';"
        " s.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.wait_for_function("document.querySelector('[data-count=notified]').textContent === '1'")
    assert count(page, "identified") == 3
    assert page.locator("#day-label").inner_text() == D.strftime("%d/%m/%Y")
    page.screenshot(path="test-artifacts/progress-map.png", full_page=True)
    assert not page.js_errors
