"""The editors' dashboard and its xlsx: every figure checked against a hand count."""

import datetime
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CaseIndexPage, CaseMetric, SatisfactionSurveyPage, SurveyResponse
from courses.models import CoursePage
from library.models import Campaign, PilotRegion
from reports import figures
from tests.cases.factories import complete_case, credit_code, open_campaign
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db


def rows(*values):
    return [CaseMetric(kind=kind, before=Decimal(b), after=Decimal(a)) for kind, b, a in values]


def course(body, campaign, number, live=True):
    section = body.courses_section
    page = section.add_child(
        instance=CoursePage(
            title=f"课程{number}",
            slug=f"course-{number}",
            summary="进货检验",
            campaign=campaign,
            live=live,
        )
    )
    return page


@pytest.fixture
def scene(site_tree):
    campaign = open_campaign(
        case_max_per_district=5, case_min_per_district=1, course_min_per_body=1
    )
    body_x = CertificationBodyFactory(name="甲认证有限公司")
    body_y = CertificationBodyFactory(name="乙认证有限公司")
    ebike = PilotRegion.objects.get(name="电动自行车试点")
    carpet = PilotRegion.objects.get(name="地毯试点")

    def case(district_name, pilot, metrics, **kwargs):
        return complete_case(
            district_name,
            campaign,
            helping_body=body_x,
            pilot_region=pilot,
            metrics=rows(*metrics),
            **kwargs,
        )

    case(
        "北辰区",
        ebike,
        [
            ("pass_rate", "90", "96"),
            ("first_pass_yield", "86.4", "95.1"),
            ("output_value", "1860", "2240"),
        ],
        publish=True,
    )
    case(
        "北辰区",
        ebike,
        [("pass_rate", "93", "99"), ("defect_rate", "3.8", "1.2"), ("output_value", "500", "650")],
        publish=True,
    )
    case(
        "静海区",
        ebike,
        [("pass_rate", "91.5", "97.2"), ("complaint_rate", "2.5", "0.8")],
        publish=True,
    )
    case("武清区", carpet, [("customer_satisfaction", "78", "91")], publish=True)
    submitted = case("北辰区", ebike, [("pass_rate", "10", "20")])
    submitted.get_workflow().start(submitted, district_user(district("北辰区")))
    case("宁河区", None, [("pass_rate", "50", "60")])  # a draft: counts nowhere
    complete_case(
        "北辰区", Campaign.objects.get(year=2024), helping_body=body_x, publish=True
    )  # another year

    course(body_x, campaign, 1)
    course(body_x, campaign, 2)
    course(body_x, campaign, 3, live=False)
    course(body_x, Campaign.objects.get(year=2024), 4)

    survey = CaseIndexPage.objects.get().add_child(
        instance=SatisfactionSurveyPage(title="满意度问卷", slug="survey", campaign=campaign)
    )
    for number, (name, body, score) in enumerate(
        [("北辰区", body_x, 5), ("北辰区", body_x, 4), ("北辰区", body_y, 2), ("武清区", body_y, 3)]
    ):
        SurveyResponse.objects.create(
            page=survey, campaign=campaign, form_data={}, enterprise_name=f"企业{number}",
            credit_code=credit_code(900 + number), district=district(name), helping_body=body, satisfaction=score,
        )  # fmt: skip
    return campaign, body_x, body_y


def test_district_and_body_progress(scene):
    campaign, *_ = scene
    data = figures.build(campaign, today=datetime.date(campaign.year, 10, 1))
    by_name = {row.district.name: row for row in data.districts}

    assert (
        by_name["北辰区"].submitted,
        by_name["北辰区"].published,
        by_name["北辰区"].outstanding,
    ) == (1, 2, 0)
    assert (by_name["静海区"].counted, by_name["武清区"].counted) == (1, 1)
    assert (by_name["宁河区"].counted, by_name["宁河区"].outstanding, by_name["宁河区"].status) == (
        0,
        1,
        "尚缺 1 个",
    )
    assert len(data.districts_outstanding) == 13
    bodies = {row.body.name: row for row in data.bodies}
    assert (bodies["甲认证有限公司"].published, bodies["甲认证有限公司"].outstanding) == (2, 0)
    assert (bodies["乙认证有限公司"].published, bodies["乙认证有限公司"].status) == (0, "尚缺 1 套")
    assert data.days_left == 29


def test_pilot_statistics_from_published_cases(scene):
    campaign, *_ = scene
    pilots = {row.region.name: row for row in figures.build(campaign).pilots}

    ebike = pilots["电动自行车试点"]
    assert ebike.enterprises == 3
    rates = {stat.key: (stat.samples, stat.before, stat.after) for stat in ebike.rates}
    assert rates["pass_rate"] == (
        3,
        Decimal("91.50"),
        Decimal("97.40"),
    )  # (90+93+91.5)/3, (96+99+97.2)/3
    assert rates["first_pass_yield"] == (1, Decimal("86.40"), Decimal("95.10"))
    assert rates["defect_rate"] == (1, Decimal("3.80"), Decimal("1.20"))
    assert rates["complaint_rate"] == (1, Decimal("2.50"), Decimal("0.80"))
    assert rates["customer_satisfaction"] == (0, None, None)
    (output,) = ebike.totals
    assert (output.samples, output.before, output.after) == (2, Decimal("2360"), Decimal("2890"))

    carpet = pilots["地毯试点"]
    assert carpet.enterprises == 1
    assert {s.key: s.after for s in carpet.rates}["customer_satisfaction"] == Decimal("91.00")
    assert pilots["高端装备制造试点"].enterprises == 0


def test_satisfaction_per_district_and_body(scene):
    campaign, *_ = scene
    data = figures.build(campaign)
    districts = {
        row.name: (row.responses, row.average, row.satisfied_share)
        for row in data.satisfaction_by_district
    }
    assert districts == {
        "北辰区": (3, Decimal("3.67"), Decimal("66.7")),
        "武清区": (1, Decimal("3.00"), Decimal("0.0")),
    }
    bodies = {
        row.name: (row.responses, row.average, row.satisfied_share)
        for row in data.satisfaction_by_body
    }
    assert bodies == {
        "甲认证有限公司": (2, Decimal("4.50"), Decimal("100.0")),
        "乙认证有限公司": (2, Decimal("2.50"), Decimal("0.0")),
    }
    total = data.satisfaction_total
    assert (total.responses, total.average, total.satisfied_share) == (
        4,
        Decimal("3.50"),
        Decimal("50.0"),
    )


def test_the_dashboard_page_and_the_xlsx(scene, client, editor):
    campaign, *_ = scene
    client.force_login(editor)
    page = client.get(reverse("reports_admin:dashboard") + f"?year={campaign.year}")
    html = page.content.decode()
    assert page.status_code == 200
    days = (campaign.submission_deadline - datetime.date.today()).days
    assert f"还有 <strong>{days}</strong> 天" in html
    assert "尚缺 1 套" in html and "91.50% → 97.40%（3）" in html

    response = client.get(reverse("reports_admin:dashboard_export") + f"?year={campaign.year}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "说明",
        "区案例报送",
        "认证机构课程",
        "培训（按区）",
        "培训（按认证机构）",
        "帮扶公正性",
        "区域试点统计",
        "满意度（按区）",
        "满意度（按帮扶机构）",
    ]

    districts = {row[0]: row for row in book["区案例报送"].iter_rows(min_row=2, values_only=True)}
    assert districts["北辰区"] == ("北辰区", 1, 5, 1, 2, 3, 0, "已达要求")
    assert districts["宁河区"][5:7] == (0, 1)

    bodies = {row[0]: row for row in book["认证机构课程"].iter_rows(min_row=2, values_only=True)}
    assert bodies["甲认证有限公司"][2] == 2 and bodies["乙认证有限公司"][3] == 1

    sheet = book["区域试点统计"]
    header = [cell.value for cell in sheet[1]]
    ebike = {
        header[i]: value
        for i, value in enumerate(
            next(
                r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "电动自行车试点"
            )
        )
    }
    assert ebike["参与企业数（家）"] == 3
    assert ebike["产品合格率提升前（%）"] == pytest.approx(91.5)
    assert ebike["产品合格率提升后（%）"] == pytest.approx(97.4)
    assert ebike["产品合格率样本数"] == 3
    assert ebike["客户满意度提升前（%）"] is None
    assert ebike["产值提升前合计（万元）"] == 2360 and ebike["产值提升后合计（万元）"] == 2890

    satisfaction = list(book["满意度（按区）"].iter_rows(min_row=2, values_only=True))
    # The first four columns; the 成效 dimensions follow (tests/reports/test_survey_dimensions.py).
    assert satisfaction[0][:4] == ("北辰区", 3, pytest.approx(3.67), pytest.approx(66.7))
    assert satisfaction[-1][:4] == ("合计", 4, 3.5, 50.0)
    by_body = {
        row[0]: row for row in book["满意度（按帮扶机构）"].iter_rows(min_row=2, values_only=True)
    }
    assert by_body["甲认证有限公司"][1:4] == (2, 4.5, 100.0)


def in_admin_menu(client, label):
    """The sidebar menu reaches the page as JSON, so its labels may be escaped."""
    content = client.get("/admin/").content.decode()
    return label in content or json.dumps(label)[1:-1] in content


def test_only_city_editors_see_the_dashboard(scene, client, editor):
    client.force_login(editor)
    assert in_admin_menu(client, "案例报送看板")
    client.logout()
    user = district_user(district("北辰区"))
    client.login(username=user.username, password=PASSWORD)
    assert not in_admin_menu(client, "案例报送看板")
    assert client.get(reverse("reports_admin:dashboard")).status_code in (302, 403)
    assert client.get(reverse("reports_admin:dashboard_export")).status_code in (302, 403)
