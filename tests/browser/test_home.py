import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The colour of the vector-tile canvas pixel under a page point, or null when no canvas is there.
PIXEL_AT = """([x, y]) => {
  // Tile canvases take no pointer events, so elementsFromPoint would not list them.
  const c = Array.from(document.querySelectorAll('.leaflet-tile-pane canvas')).find(el => {
    const b = el.getBoundingClientRect();
    return x >= b.left && x < b.right && y >= b.top && y < b.bottom;
  });
  if (!c) return null;
  const r = c.getBoundingClientRect();
  const sx = c.width / r.width, sy = c.height / r.height;
  const d = c.getContext('2d').getImageData(Math.floor((x - r.left) * sx), Math.floor((y - r.top) * sy), 1, 1).data;
  return Array.from(d);
}"""


def test_login_shows_home_in_vietnamese_then_english(page, login):
    login(first_name="Lan", last_name="Nguyễn")
    assert page.get_by_test_id("welcome").inner_text().startswith("Xin chào")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_test_id("welcome").inner_text().startswith("Welcome")
    assert not page.js_errors


def test_wrong_password_is_refused_with_a_message(page, django_user_model):
    django_user_model.objects.create_user(username="canbo", password="dung-mat-khau-1")
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", "sai")
    page.click("form.form-stack button[type=submit]")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.locator("[role=alert]").inner_text()


def test_spike_map_draws_tiles_and_answers_a_click(page, login):
    login()
    tiles = []
    page.on("response", lambda r: tiles.append(r) if r.url.endswith(".pbf") else None)
    page.goto(f"{page.base}/maps/spike/")
    page.wait_for_selector("#spikemap canvas")
    page.wait_for_function("document.querySelectorAll('#spikemap canvas').length > 0")
    page.wait_for_timeout(500)
    assert tiles and all(r.status == 200 for r in tiles)
    # The map opens centred on Thửa A: its centre pixel is painted by a tile canvas...
    box = page.locator("#spikemap").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    rgba = page.evaluate(PIXEL_AT, [cx, cy])
    assert rgba is not None and rgba[3] > 0, f"nothing drawn at the map centre: {rgba}"
    assert rgba[2] > rgba[0], f"not the plot's blue fill: {rgba}"
    # ...and a click there asks the server, whose answer fills the popup.
    page.mouse.click(cx, cy)
    popup = page.get_by_test_id("popup")
    popup.wait_for()
    assert popup.inner_text() == "Thửa A (#1)"
    assert not page.js_errors
