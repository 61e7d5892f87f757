import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_opens_in_chinese_and_leads_to_courses(browser_page, screenshot):
    browser_page.goto("/")
    assert browser_page.locator("html").get_attribute("lang") == "zh-Hans"
    nav = browser_page.get_by_role("navigation", name="主导航").last
    for label in ("课程", "案例", "按条款浏览", "搜索"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    screenshot("home-desktop")
    nav.get_by_role("link", name="按条款浏览").click()
    browser_page.wait_for_url("**/clauses/")
    expect(browser_page.get_by_text("测量溯源")).to_be_visible()


def test_home_page_is_readable_on_a_phone(browser_page, screenshot):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/")
    # On a phone the navigation folds into a menu button.
    browser_page.get_by_text("菜单").click()
    expect(
        browser_page.get_by_role("navigation", name="主导航").first.get_by_role("link", name="案例")
    ).to_be_visible()
    width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "页面在手机宽度下不应出现横向滚动"
    screenshot("home-phone")


def test_editor_logs_into_the_admin_in_chinese(browser_page, screenshot):
    editor = EditorFactory(username="wangbianji")
    browser_page.goto("/admin/login/")
    browser_page.locator("#id_username").fill(editor.username)
    browser_page.locator("#id_password").fill(PASSWORD)
    browser_page.get_by_role("button", name="登录").click()
    browser_page.wait_for_url("**/admin/")
    expect(browser_page.get_by_text("行动基础数据").first).to_be_visible()
    screenshot("admin-dashboard-editor")
