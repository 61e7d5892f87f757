"""An editor's 发布 runs the same automatic checks as a submission: a draft promising free
certification is refused with Chinese reasons, and goes live only after the editor records a
reason for each check it lifts (shown in the page history)."""

import pytest
from playwright.sync_api import expect

from cases.models import CasePage
from tests.browser.test_review_flow import press, sign_in
from tests.cases.factories import complete_case
from tests.factories import EditorFactory, district, district_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editors_publish_is_refused_until_a_reason_is_recorded(browser_page, screenshot):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    author = district_user(district("北辰区"), username="beichen-writer")
    editor = EditorFactory(username="publishing-editor")
    case = complete_case(title="报名即享免费认证的企业案例", user=author)
    edit = f"/admin/pages/{case.pk}/edit/"

    sign_in(page, editor)
    page.goto(edit)
    press(page, "button[name='action-publish']")
    expect(page.get_by_text("不能发布：自动检查未通过")).to_be_visible()
    expect(page.get_by_text("含有禁用宣传用语“免费认证”").first).to_be_visible()
    screenshot("review-editor-publish-refused")
    assert not CasePage.objects.get(pk=case.pk).live

    page.get_by_role("link", name="记录例外理由后发布").click()
    page.wait_for_url("**/review/override/**")
    screenshot("review-override-form")
    reasons = page.locator("textarea, input[type=text]")
    assert reasons.count() >= 1
    for index in range(reasons.count()):
        reasons.nth(index).fill("经处务会研究，标题引用的是企业原话，已在正文中更正说明。")
    with page.expect_navigation():
        page.get_by_role("button", name="记录例外理由").click()

    page.goto(edit)
    press(page, "button[name='action-publish']")
    assert CasePage.objects.get(pk=case.pk).live
    page.goto(f"/admin/pages/{case.pk}/history/")
    expect(page.get_by_text("经处务会研究").first).to_be_visible()
    screenshot("review-override-in-history")
