import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
