"""In the browser: a body user starts a course, the editor autosaves it, they leave; the
dashboard lists it under 未完成的草稿 and the create form offers it; starting again with the
same title autosaves with the next free slug instead of pausing on a hidden slug clash.
And the date picker speaks Chinese (its "Save Selected" button). Screenshots to look at."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import BodyCoursesPage, CoursePage
from tests.factories import PASSWORD, CertificationBodyFactory, body_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "进货检验怎么做"


def log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def type_title_and_wait_for_autosave(page, add_url, title):
    """Wagtail's editor records the form as loaded 2 s after opening it; a change after that
    is autosaved in the background (a POST answered with JSON)."""
    page.wait_for_timeout(2500)
    with page.expect_response(
        lambda response: response.request.method == "POST" and add_url in response.url
    ) as autosave:
        page.locator("#id_title").fill(title)
        page.locator("#id_title").blur()  # the editor copies the title into the slug
    return autosave.value


def test_an_autosaved_draft_is_listed_resumable_and_never_blocks(browser_page, screenshot):
    page = browser_page
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    log_in(page, body_user(body, username="zidong-baocun"))
    section = BodyCoursesPage.objects.get(certification_body=body)
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", section.pk))

    page.goto(add_url)
    response = type_title_and_wait_for_autosave(page, add_url, TITLE)
    assert response.status == 200 and response.json()["success"] is True
    first = CoursePage.objects.get(title=TITLE)
    page.wait_for_url(f"**/admin/pages/{first.pk}/edit/")  # the editor continues on the draft

    # They leave without pressing 保存草稿: the dashboard lists the draft.
    page.goto("/admin/")
    panel = page.locator("#unfinished-drafts-section")
    expect(panel.get_by_role("heading", name="未完成的草稿")).to_be_visible()
    expect(panel.get_by_role("link", name=TITLE)).to_be_visible()
    expect(panel.get_by_text("课程简介")).to_be_visible()  # still missing
    screenshot("admin-unfinished-drafts")

    # Opening 新建 again offers the draft to resume.
    page.goto(add_url)
    offer = page.get_by_role("link", name=f"继续编辑“{TITLE}”")
    expect(offer).to_be_visible()
    screenshot("editor-create-offers-draft")

    # Starting again with the same title is not blocked: autosaved as a second page.
    response = type_title_and_wait_for_autosave(page, add_url, TITLE)
    assert response.status == 200, response.text()
    assert response.json()["field_updates"]["slug"] == f"{TITLE}-2"
    second = CoursePage.objects.exclude(pk=first.pk).get(title=TITLE)
    assert second.slug == f"{TITLE}-2"
    expect(page.locator("#id_slug")).to_have_value(f"{TITLE}-2", timeout=5000)
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )  # not 自动保存已暂停
    screenshot("editor-same-title-autosaved")

    # And the dashboard's 继续编辑 leads back into the first draft's editor.
    page.goto("/admin/")
    rows = page.locator("#unfinished-drafts-section tbody tr")
    expect(rows).to_have_count(2)  # newest first
    expect(rows.nth(1).get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/admin/pages/{first.pk}/edit/"
    )
    rows.nth(1).get_by_role("link", name="继续编辑").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{first.pk}/edit/"))
    expect(page.locator("#id_title")).to_have_value(TITLE)


def test_the_date_picker_has_no_english(browser_page, screenshot):
    page = browser_page
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    log_in(page, body_user(body, username="riqi-xuanze"))
    page.goto("/admin/snippets/enterprises/trainingsession/add/")
    page.locator("#id_held_on").click()
    picker = page.locator(".xdsoft_datetimepicker:visible").first
    expect(picker).to_be_visible()
    expect(picker.locator(".xdsoft_monthpicker .xdsoft_next")).to_have_attribute(
        "aria-label", "下个月"
    )
    # The apply button exists in every picker (shown when a picker is configured to need
    # it); it and everything else the picker writes is Chinese.
    assert picker.locator(".xdsoft_save_selected").text_content() == "保存所选"
    assert "Save Selected" not in page.evaluate("document.body.textContent")
    screenshot("admin-date-picker")
