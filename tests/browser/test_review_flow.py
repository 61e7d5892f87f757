"""A district's case through the editors' review in a real browser: submitted, sent back
with a comment, fixed and resubmitted, approved by an editor and signed off by a 处长,
then read on the public site."""

import pytest
from playwright.sync_api import expect

from tests.cases.factories import complete_case
from tests.factories import PASSWORD, DivisionHeadFactory, EditorFactory, district, district_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "北辰区某电动自行车车架厂质量提升案例"
FIXED_TITLE = TITLE + "（已补充数据来源）"
COMMENT = "请在“成效”一节注明一次合格率数据的统计期间和来源。"


def sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def open_actions(page):
    """The footer's action menu keeps everything but the main button in a dropdown."""
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    if toggle.is_visible():
        toggle.click()


def press(page, selector):
    open_actions(page)
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_case_from_submission_to_the_public_site(browser_page, screenshot):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    author = district_user(district("北辰区"), username="beichen-author")
    editor = EditorFactory(username="city-editor")
    case = complete_case(title=TITLE, user=author)
    edit = f"/admin/pages/{case.pk}/edit/"

    # A case promising free certification cannot even be submitted.
    sign_in(page, author)
    promising = complete_case(title="参加即可免 费 认 证的企业案例", user=author)
    page.goto(f"/admin/pages/{promising.pk}/edit/")
    press(page, "button[name='action-submit']")
    expect(page.get_by_text("未能提交审核：自动检查未通过")).to_be_visible()
    expect(page.get_by_text("“标题”含有禁用宣传用语“免费认证”").first).to_be_visible()
    screenshot("review-submission-refused")
    assert not promising.specific_class.objects.get(pk=promising.pk).workflow_in_progress

    # The district user submits the case.
    page.goto(edit)
    expect(page.locator("[data-review-panel]").get_by_text("全部通过")).to_be_visible()
    press(page, "button[name='action-submit']")
    assert case.specific_class.objects.get(pk=case.pk).workflow_in_progress

    # The editor sees the checks beside the content and asks for changes.
    sign_in(page, editor)
    expect(page.get_by_text("编辑审核队列")).to_be_visible()
    page.goto(edit)
    panel = page.locator("[data-review-panel]")
    expect(panel.get_by_text("审核中")).to_be_visible()
    expect(panel.get_by_text("禁用宣传用语").first).to_be_visible()
    screenshot("review-editor-checks")
    open_actions(page)
    page.locator("button[data-workflow-action-name='reject']").first.click()
    page.locator(".modal textarea[name='comment']").fill(COMMENT)
    with page.expect_navigation():
        page.locator(".modal button[type='submit']").click()

    # The author reads why, fixes the case and resubmits.
    sign_in(page, author)
    page.goto(edit)
    panel = page.locator("[data-review-panel]")
    expect(panel.get_by_text("已退回修改")).to_be_visible()
    expect(panel.locator(".review-panel__comment").get_by_text(COMMENT)).to_be_visible()
    screenshot("review-author-changes-requested")
    page.locator("#id_title").fill(FIXED_TITLE)
    press(page, "button[name='action-submit']")

    # Another look by the editor, who approves: the case is published.
    sign_in(page, editor)
    page.goto("/admin/review/queue/")
    expect(page.get_by_role("link", name=FIXED_TITLE)).to_be_visible()
    screenshot("review-queue")
    page.goto(edit)
    press(page, "button[data-workflow-action-name='approve']")
    case.refresh_from_db()
    assert not case.live  # 初审 done; a 处长 signs off (签发)

    sign_in(page, DivisionHeadFactory())
    page.goto(edit)
    press(page, "button[data-workflow-action-name='approve']")
    case.refresh_from_db()
    assert case.live
    page.context.clear_cookies()
    page.goto(case.url)
    expect(page.get_by_role("heading", name=FIXED_TITLE).first).to_be_visible()
    screenshot("review-published-case")
