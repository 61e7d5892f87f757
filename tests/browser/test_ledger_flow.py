"""A body records an enterprise from diagnosis to management review in the admin; the district
submits a case for it, and the case's enterprise details come from the register. Plus the
ledger and the training register on screen (docs/screenshots/)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from enterprises.models import Enterprise, HelpLedger
from enterprises.rules import shift_months
from library.models import Expert
from tests.cases.factories import complete_case, open_campaign
from tests.enterprises.factories import code, session
from tests.factories import PASSWORD, CertificationBodyFactory, body_user, district, district_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def fill_date(page, selector, day):
    page.locator(selector).fill(day.isoformat())
    page.keyboard.press("Escape")


def save(page):
    # The click goes to the button itself: a date picker still open after the last date
    # field (its Escape can come before it opens) would otherwise take a pointer click.
    with page.expect_navigation():
        page.locator("footer button[type=submit]").first.dispatch_event("click")


def docs_shot(page, name):
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)


def test_body_records_the_help_and_the_district_submits_the_case(browser_page, screenshot):
    campaign = open_campaign()
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    Expert.objects.create(name="王建华", certification_body=body)
    today = timezone.localdate()
    page = browser_page

    # The body registers the enterprise it was sent to help.
    log_in(page, body_user(body, username="huazheng_user"))
    page.goto("/admin/snippets/enterprises/enterprise/add/")
    page.locator("#id_name").fill("天津市津北精工车架有限公司")
    credit_code = code(777001)
    page.locator("#id_credit_code").fill(credit_code)
    page.locator("#id_size").select_option("micro")
    page.locator("#id_district").select_option(str(district("北辰区").pk))
    page.locator("#id_industry").select_option(label="电动自行车")
    page.locator("#id_contact_person").fill("马红")
    page.locator("#id_contact_phone").fill("13820010001")
    save(page)
    enterprise = Enterprise.objects.get(credit_code=credit_code)
    assert enterprise.registered_by_body == body

    # Diagnosis, plan, documents, operation, 内审 and 管理评审 in the ledger.
    page.goto("/admin/snippets/enterprises/helpledger/add/")
    page.locator("#id_enterprise").select_option(str(enterprise.pk))
    page.locator("#id_campaign").select_option(str(campaign.pk))
    page.locator("#id_helper_experts").select_option(label="王建华（天津华正认证有限公司）")
    fill_date(page, "#id_diagnosed_on", shift_months(today, -6))
    for name in ("legal_qualification", "no_serious_dishonesty", "no_quality_penalty"):
        page.locator(f"#id_{name}").check()
    page.locator("#id_problems-ADD").click()
    page.locator("#id_problems-0-description").fill("来料检验无记录，供应商质量问题无法追溯")
    page.locator("#id_problems-0-urgency").select_option("urgent")
    page.locator("#id_plan").fill("一企一策：先建立进货检验和首件检验制度，再建立文件化体系。")
    page.locator("#id_documents-ADD").click()
    page.locator("#id_documents-0-kind").select_option("manual")
    page.locator("#id_documents-0-title").fill("质量手册（A/0 版）")
    started = shift_months(today, -4)
    fill_date(page, "#id_operation_started_on", started)
    page.locator("#id_internal_audits-ADD").click()
    fill_date(page, "#id_internal_audits-0-started_on", today - datetime.timedelta(days=30))
    fill_date(page, "#id_internal_audits-0-ended_on", today - datetime.timedelta(days=29))
    page.locator("#id_management_reviews-ADD").click()
    fill_date(page, "#id_management_reviews-0-held_on", today - datetime.timedelta(days=10))
    save(page)
    ledger = HelpLedger.objects.get(enterprise=enterprise, campaign=campaign)
    assert ledger.body == body and ledger.operation_started_on == started
    assert ledger.internal_audits.count() == 1 and ledger.management_reviews.count() == 1
    assert ledger.problems.get().urgency == "urgent"
    page.goto(f"/admin/snippets/enterprises/helpledger/inspect/{ledger.pk}/")
    page.get_by_text("已完成管理评审").first.wait_for()
    docs_shot(page, "ledger-inspect")
    page.goto("/admin/snippets/enterprises/helpledger/")
    docs_shot(page, "ledger-list")

    # The district submits a case for the enterprise, picked from the register.
    author = district_user(district("北辰区"), username="beichen_case")
    case = complete_case(campaign=campaign, with_ledger=False, user=author, helping_body=body)
    assert case.enterprise_name != enterprise.name
    log_in(page, author)
    page.goto(f"/admin/pages/{case.pk}/edit/")
    page.locator("#id_enterprise").select_option(str(enterprise.pk))
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.locator("button[name='action-submit']").first.click()
    page.wait_for_load_state()
    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    case.refresh_from_db()
    submitted = case.get_latest_revision_as_object()
    assert submitted.enterprise_id == enterprise.pk
    assert submitted.enterprise_name == "天津市津北精工车架有限公司"
    assert submitted.credit_code == credit_code
    assert submitted.enterprise_size == "micro"
    assert submitted.industry.name == "电动自行车"
    page.goto(f"/admin/pages/{case.pk}/edit/")
    assert page.locator("#id_enterprise_name").input_value() == "天津市津北精工车架有限公司"
    screenshot("ledger-case-submitted")


def test_the_training_register_on_screen(browser_page):
    campaign = open_campaign()
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    people = [
        (code(778001), "天津市津北精工车架有限公司", "马红"),
        (code(778001), "天津市津北精工车架有限公司", "杜强"),
        (code(778002), "天津瑞达电动车配件有限公司", "周敏"),
    ]
    item = session(
        campaign,
        kind="industry",
        body=body,
        district_obj=district("北辰区"),
        title="电动自行车行业质量管理体系建设专题培训",
        people=people,
    )
    session(
        campaign, kind="regional", district_obj=district("北辰区"), title="北辰区小微企业集中培训"
    )
    page = browser_page
    log_in(page, body_user(body, username="huazheng_trainer"))
    page.goto("/admin/snippets/enterprises/trainingsession/")
    page.get_by_text("电动自行车行业质量管理体系建设专题培训").first.wait_for()
    assert page.get_by_text("北辰区小微企业集中培训").count() == 0  # the district's own session
    docs_shot(page, "training-list")
    page.goto(f"/admin/snippets/enterprises/trainingsession/inspect/{item.pk}/")
    page.get_by_text("导入签到表").first.wait_for()
    docs_shot(page, "training-inspect")
