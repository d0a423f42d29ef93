"""Every page works on a 360 px phone (issue 9, part 8): for each role, every page of the
permission matrix (enumerated from the URL configuration, tests/pages.py) is opened at
360×740 and must not scroll sideways — tables scroll inside their own box, forms stack, the
top bar wraps, the map's panel folds under the map."""

import os

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.pages import ROLES, build_world, html_routes, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Thu-nghiem-9"  # tests/factories.make_user
WIDTH, HEIGHT = 360, 740
# PHONE_SHOTS=1: a screenshot of every page board staff open, in test-artifacts/ (to look at).
SHOTS = os.environ.get("PHONE_SHOTS") == "1"
OVERFLOW_JS = """() => {
  const d = document.documentElement, b = document.body;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed';
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {doc: d.scrollWidth, body: b.scrollWidth, inner: window.innerWidth, wide};
}"""


def test_no_page_scrolls_sideways_at_360px(browser, live_server, django_user_model):
    world = build_world()
    admin = django_user_model.objects.create_user(
        username="quantri", password=PASSWORD, is_superuser=True, is_staff=True
    )
    paths = page_paths(world, include=html_routes, one_per_route=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    too_wide, opened = [], 0
    logins = [(world.users[r].username, paths) for r in ROLES]
    logins.append((admin.username, ["/projects/", "/projects/new/"]))
    try:
        for username, role_paths in logins:
            page.goto("about:blank")  # the last page's requests end before the cookies go
            context.clear_cookies()
            page.goto(f"{live_server.url}/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("form.form-stack button[type=submit]")
            assert page.url == f"{live_server.url}/", (username, page.inner_text("main"))
            for path in ["/", *role_paths]:
                response = page.goto(live_server.url + path, wait_until="load")
                assert response.status < 500, (username, path, response.status)
                opened += 1
                m = page.evaluate(OVERFLOW_JS)
                wide = max(m["doc"], m["body"]) > m["inner"]
                if wide:
                    too_wide.append(f"{username} {path}: {m['doc']}/{m['body']} px {m['wide']}")
                if wide or (SHOTS and username == world.users["board_staff"].username):
                    ARTIFACTS.mkdir(exist_ok=True)
                    name = path.strip("/").replace("/", "_") or "home"
                    page.screenshot(
                        path=str(ARTIFACTS / f"phone-{username}-{name}.png"), full_page=True
                    )
    finally:
        context.close()
    assert opened > 5 * 30
    assert not too_wide, "\n".join(too_wide)
