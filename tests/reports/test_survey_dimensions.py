"""The questionnaire's 成效 dimensions (附件1: 运营绩效, 产品服务质量, 质量管理水平, 信用品牌,
数字化信息化, 持续性): asked on the public form, stored, averaged per district and per body
(unanswered dimensions left out of the mean) on the dashboard and in its xlsx."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CaseIndexPage, SatisfactionSurveyPage, SurveyResponse
from cases.models.survey import EFFECT_DIMENSIONS
from reports import figures
from tests.cases.factories import credit_code, open_campaign
from tests.factories import CertificationBodyFactory, district

pytestmark = pytest.mark.django_db
LABELS = ["运营绩效", "产品服务质量", "质量管理水平", "信用品牌", "数字化信息化", "持续性"]


@pytest.fixture
def scene(site_tree):
    campaign = open_campaign()
    body_x, body_y = (
        CertificationBodyFactory(name="甲认证"),
        CertificationBodyFactory(name="乙认证"),
    )
    survey = CaseIndexPage.objects.get().add_child(
        instance=SatisfactionSurveyPage(title="满意度问卷", slug="survey-dims", campaign=campaign)
    )
    answers = [
        ("北辰区", body_x, {"effect_operations": 5, "effect_quality": 4}),
        ("北辰区", body_y, {"effect_operations": 2, "effect_quality": None}),
        ("武清区", body_y, {"effect_operations": 3, "effect_sustainability": 1}),
    ]
    for number, (name, body, effects) in enumerate(answers):
        SurveyResponse.objects.create(
            page=survey, campaign=campaign, form_data={}, enterprise_name=f"企业{number}",
            credit_code=credit_code(700 + number), district=district(name), helping_body=body,
            satisfaction=4, **effects,
        )  # fmt: skip
    return campaign, survey


def effects(row):
    return {label: (mean, n) for label, mean, n in row.effects}


def test_every_dimension_is_averaged_per_district_per_body_and_in_total(scene):
    campaign, _ = scene
    assert [label for _, label in EFFECT_DIMENSIONS] == LABELS
    by_district = {row.name: effects(row) for row in figures.satisfaction(campaign, "district")}
    assert by_district["北辰区"]["运营绩效"] == (Decimal("3.50"), 2)
    assert by_district["北辰区"]["产品服务质量"] == (Decimal("4.00"), 1)  # one left it blank
    assert by_district["武清区"]["持续性"] == (Decimal("1.00"), 1)
    assert by_district["北辰区"]["持续性"] == (None, 0)
    by_body = {row.name: effects(row) for row in figures.satisfaction(campaign, "helping_body")}
    assert by_body["乙认证"]["运营绩效"] == (Decimal("2.50"), 2)
    total = effects(figures.satisfaction(campaign))
    assert total["运营绩效"] == (Decimal("3.33"), 3)
    assert set(total) == set(LABELS)


def test_the_dashboard_and_its_xlsx_show_the_dimensions(client, editor, scene):
    campaign, _ = scene
    client.force_login(editor)
    html = client.get(reverse("reports_admin:dashboard") + f"?year={campaign.year}").content
    for label in LABELS:
        assert label in html.decode()
    content = client.get(reverse("reports_admin:dashboard_export") + f"?year={campaign.year}")
    sheet = load_workbook(BytesIO(content.content))["满意度（按区）"]
    header = [c.value for c in sheet[1]]
    assert header[4:] == [f"{label}（5分制）" for label in LABELS]
    beichen = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "北辰区")
    assert beichen[4] == 3.5 and beichen[9] is None


def test_the_public_form_asks_every_dimension_and_stores_the_answer(client, scene):
    _, survey = scene
    body = CertificationBodyFactory(name="丙认证")
    html = client.get(survey.url).content.decode()
    for label in LABELS:
        assert f"“{label}”" in html
    data = {
        "enterprise_name": "天津问卷企业有限公司",
        "credit_code": credit_code(800),
        "district": district("静海区").pk,
        "helping_body": body.pk,
        "satisfaction": "5",
        "effect_digital": "4",
    }
    client.post(survey.url, data)
    response = SurveyResponse.objects.get(credit_code=credit_code(800))
    assert (response.effect_digital, response.effect_quality) == (4, None)
    assert response.form_data["effect_digital"] == "明显提升"
