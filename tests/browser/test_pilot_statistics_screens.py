"""A pilot district fills its 附件3 table in the admin and prints it (docs/screenshots/)."""

import datetime
from decimal import Decimal

import pytest

from cases.models import CaseMetric
from library.models import PilotRegion
from reports.models import PilotStatistics
from tests.browser.conftest import take_docs_screenshot
from tests.cases.factories import complete_case, open_campaign
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def test_a_pilot_district_fills_and_prints_its_statistics(browser_page):
    page = browser_page
    campaign = open_campaign()
    ebike = PilotRegion.objects.get(name="电动自行车试点")
    body = CertificationBodyFactory(name="天津华诚认证中心")
    people = []
    for number, name in enumerate(("北辰", "武清", "静海"), start=1):
        record = enterprise(f"{name}区", pilot_region=ebike, name=f"天津{name}电动车配件有限公司")
        ledger(
            record,
            campaign,
            body,
            certification_outcome="certified" if number == 1 else "",
            certified_on=datetime.date.today() if number == 1 else None,
        )
        people.append((record.credit_code, record.name, f"质量员{number}"))
    session(campaign, people=people)
    complete_case(
        campaign=campaign,
        publish=True,
        pilot_region=ebike,
        metrics=[CaseMetric(kind="pass_rate", before=Decimal("91.2"), after=Decimal("97.6"))],
    )
    log_in(page, district_user(district("北辰区")))
    page.goto(f"/admin/reports/pilot-statistics/{ebike.pk}/{campaign.year}/")
    page.locator("#id_sme_total").fill("1260")
    page.locator("#id_leader_deployed").fill("18")
    page.locator("#id_pain_points_found").fill("6")
    page.locator("#id_pain_points_solved").fill("4")
    page.locator("#id_output_value_before").fill("386000")
    page.locator("#id_output_value_after").fill("412500")
    page.locator("#id_award_municipal").fill("2")
    page.locator("#id_stakeholder_parks").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    assert PilotStatistics.objects.get(region=ebike).sme_total == 1260
    take_docs_screenshot(page, "pilot-statistics-form")
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"/admin/reports/pilot-statistics/{ebike.pk}/{campaign.year}/print/")
    assert "提升行动区域试点工作统计表" in page.content()
    take_docs_screenshot(page, "pilot-statistics-print")
