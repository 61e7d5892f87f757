"""A district writes its 评估总结 against 附件1 with evidence beside the ledger figures, and the
public 专栏 lists the recognised bodies and districts (docs/screenshots/)."""

import datetime

import pytest
from django.utils import timezone

from library.models import Campaign
from reports.district_summary import DistrictSummary
from reports.pages import PublicityColumnPage
from reports.publicity import PublicityNotice
from selection.models import Decision
from selection.subjects import EXCELLENT_BODY, IMPROVED, OUTSTANDING
from tests.browser.conftest import take_docs_screenshot
from tests.cases.factories import open_campaign
from tests.enterprises.factories import enterprise, ledger, session
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    EditorFactory,
    district,
    district_user,
)
from tests.selection.factories import make_expert, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def test_a_district_writes_its_summary_with_evidence(browser_page, tmp_path):
    page = browser_page
    campaign = open_campaign()
    beichen = district("北辰区")
    body = CertificationBodyFactory(name="天津华诚认证中心")
    helper = make_expert("赵帮扶")
    people = []
    for number in range(1, 4):
        record = enterprise("北辰区", name=f"天津北辰精密零部件{number}厂")
        item = ledger(
            record, campaign, body, certification_outcome="certified" if number < 3 else ""
        )
        item.helper_experts.set([helper])
        item.save()
        people.append((record.credit_code, record.name, f"质量员{number}"))
    session(campaign, district_obj=beichen, people=people)
    session(campaign, kind="industry", district_obj=beichen, people=people[:2])

    log_in(page, district_user(beichen))
    page.goto(f"/admin/reports/district-summaries/{beichen.pk}/{campaign.year}/")
    page.get_by_label("总体情况").fill(
        "北辰区召开提升行动启动会，区市场监管局牵头，工信、商务部门协同推进。"
    )
    page.locator("#account-organise-1").fill(
        "区政府办公室印发《北辰区小微企业质量管理体系认证提升行动实施方案》。"
    )
    page.locator("#account-training-2").fill(
        "举办区域集中培训、电动自行车行业培训各1场，覆盖企业3家。"
    )
    evidence = tmp_path / "培训签到表.pdf"
    evidence.write_bytes(PDF)
    page.locator("#evidence-training-2").set_input_files(str(evidence))
    page.locator("#account-help-1").fill("走访企业、发放需求调查表，形成帮扶需求清单。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    summary = DistrictSummary.objects.get(district=beichen, campaign=campaign)
    assert summary.accounts.get(indicator="training-2").evidence.count() == 1
    page.locator("#indicator-training-2").get_by_text("培训签到表.pdf").wait_for()
    # The admin scrolls inside its own container: show the 培训 item with its figures.
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.evaluate("document.getElementById('indicator-training-1').scrollIntoView()")
    take_docs_screenshot(page, "district-summary-form")


def test_the_column_lists_recognised_bodies_and_districts(browser_page):
    page = browser_page
    editor = EditorFactory()
    campaign = Campaign.objects.get(year=2024)
    good = CertificationBodyFactory(name="天津华诚认证中心")
    other = CertificationBodyFactory(name="天津某认证有限公司")
    beichen, wuqing = district("北辰区"), district("武清区")
    now, today = timezone.now(), timezone.localdate()
    for kind, subjects, levels, title in (
        ("body", [good, other], [EXCELLENT_BODY], "2024年提升行动优秀认证机构评选"),
        ("district", [beichen, wuqing], [OUTSTANDING, IMPROVED], "2024年各区提升行动评估"),
    ):
        selection_round = make_round(title=title, subject_kind=kind, campaign=campaign)
        selection_round.set_candidates(subjects)
        for subject, level in zip(subjects, levels, strict=False):
            Decision.objects.create(
                round=selection_round,
                entry=selection_round.entry_for(subject.pk),
                level=level,
                reason="综合评估结果",
                decided_by=editor,
                decided_at=now,
            )
        PublicityNotice.objects.create(
            round=selection_round,
            title=f"{title}结果公示",
            starts_on=today - datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=6),
        )
    column = PublicityColumnPage.objects.get(campaign=campaign)
    page.goto(column.url)
    assert "提升行动优秀认证机构" in page.content()
    page.get_by_role("heading", name="2024年认定结果").wait_for()
    take_docs_screenshot(page, "publicity-column")
