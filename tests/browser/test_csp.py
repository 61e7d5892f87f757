"""The Content-Security-Policy does not break the site: the public pages and the admin
pages an editor uses load in Chromium without a single CSP violation."""

import pytest

from tests.cases.factories import complete_case
from tests.factories import PASSWORD, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/clauses/", "/search/?q=进货检验", "/learners/login/", "/learners/signup/"]


def watch_violations(page):
    """Collects every CSP violation the page reports (console and DOM event)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', (e) => {
            console.error('Content Security Policy violation: ' + e.violatedDirective
                          + ' ' + e.blockedURI);
        });"""
    )
    return violations


def visit(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_work_under_the_policy(browser_page):
    case = complete_case(publish=True)
    violations = watch_violations(browser_page)
    for path in [*PUBLIC_PAGES, case.url]:
        response = visit(browser_page, path)
        assert (
            "'unsafe-inline'"
            not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        )
    # The print button of a case works without an inline handler.
    browser_page.evaluate("window.print = () => { window.printed = true; }")
    browser_page.get_by_role("button", name="打印案例").click()
    assert browser_page.evaluate("window.printed") is True
    assert violations == []


def test_admin_pages_work_under_the_policy(browser_page):
    editor = EditorFactory(username="csp-editor")
    case = complete_case()
    violations = watch_violations(browser_page)
    visit(browser_page, "/admin/login/")
    browser_page.locator("#id_username").fill(editor.username)
    browser_page.locator("#id_password").fill(PASSWORD)
    browser_page.get_by_role("button", name="登录").click()
    browser_page.wait_for_url("**/admin/")
    for path in [
        "/admin/",
        f"/admin/pages/{case.pk}/edit/",
        f"/admin/pages/{case.get_parent().pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/users/new/",
        "/admin/snippets/library/campaign/",
    ]:
        visit(browser_page, path)
    # The page editor's scripts ran: its tabs and the StreamField are drawn.
    visit(browser_page, f"/admin/pages/{case.pk}/edit/")
    assert browser_page.locator("[data-streamfield-stream-container]").count() >= 1
    assert violations == []
