"""A district user turns a Word document into a case, completes it and submits it; another
district cannot open it. Plus the case page on screen and in print, to look at."""

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from cases.docx_import import import_case
from cases.models import CasePage
from library.models import Expert
from review.publication import seed_publication
from tests.cases.factories import open_campaign
from tests.cases.test_docx_import import SAMPLES, sample
from tests.enterprises.factories import enterprise, ledger
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def helpers(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    for name in ("王建华", "李秀英"):
        Expert.objects.create(name=name, certification_body=body)
    return body


def test_district_user_imports_completes_and_submits_a_case(browser_page, screenshot, helpers):
    campaign = open_campaign()
    # The sample's enterprise is in the register, with a ledger ready for a case this year.
    record = enterprise(credit_code="91120113MA05T8QX48", name="天津市津北精工车架有限公司")
    ledger(record, campaign, body=helpers)
    author = district_user(district("北辰区"), username="beichen_user")
    page = browser_page
    log_in(page, author)

    page.get_by_role("link", name="从 Word 导入案例").first.click()
    page.wait_for_url("**/admin/cases/import/")
    page.locator("input[name=document]").set_input_files(str(SAMPLES / "full_case.docx"))
    page.get_by_role("button", name="导入并创建草稿").click()
    page.get_by_text("文档内容已全部导入").wait_for()
    screenshot("cases-import-result")

    page.get_by_role("link", name="继续编辑案例").click()
    page.wait_for_url("**/edit/")
    case = CasePage.objects.get(owner=author)
    assert case.enterprise_name == "天津市津北精工车架有限公司" and not case.live
    # The sample is a 2024 case; the district files it under the year still open.
    page.locator("#id_campaign").select_option(str(campaign.pk))
    for name in (
        "eligible_normal_operation",
        "eligible_not_abnormal_list",
        "eligible_not_dishonest_list",
        "eligible_no_quality_penalty",
    ):
        page.locator(f"#id_{name}").check()
    screenshot("cases-edit-before-submit")
    # "提交审核" lives in the save button's dropdown.
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.locator("button[name='action-submit']").first.click()
    page.wait_for_load_state()

    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    case.refresh_from_db()
    assert case.campaign == campaign
    assert case.eligibility_declared_by == author

    # Another district's user can neither open it nor see it.
    page.context.clear_cookies()
    log_in(page, district_user(district("武清区"), username="wuqing_user"))
    page.goto(f"/admin/pages/{case.pk}/edit/")
    assert page.locator("#id_enterprise_name").count() == 0
    assert "天津市津北精工车架有限公司" not in page.content()
    page.goto(f"/admin/pages/{case.get_parent().pk}/")
    assert page.get_by_text(case.title).count() == 0


def test_the_case_page_on_screen_and_in_print(browser_page, screenshot, helpers):
    author = district_user(district("北辰区"))
    case = import_case(sample("full_case"), district("北辰区").cases_section, author).page
    with seed_publication():  # a fixture: the sample is a past year's case, not checked here
        case.get_latest_revision().publish()
    page = browser_page
    page.goto(case.url)
    expect(page.get_by_role("heading", name="成效数据")).to_be_visible()
    expect(page.locator("svg.metrics-chart")).to_be_visible()
    screenshot("case-page-screen")

    page.emulate_media(media="print")
    expect(page.locator(".case-toc")).not_to_be_visible()
    expect(page.locator(".case-print-source")).to_be_visible()
    screenshot("case-page-print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (SAMPLES.parents[2] / ".ci-artifacts" / "screenshots").mkdir(parents=True, exist_ok=True)
    (SAMPLES.parents[2] / ".ci-artifacts" / "screenshots" / "case-page-print.pdf").write_bytes(pdf)
