"""The satisfaction questionnaire: editors write the questions, each enterprise answers
once per campaign (by credit code)."""

import pytest

from cases.models import CaseIndexPage, SatisfactionSurveyPage, SurveyFormField, SurveyResponse
from library.models import Campaign
from tests.cases.factories import credit_code, open_campaign
from tests.factories import CertificationBodyFactory, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(site_tree):
    page = SatisfactionSurveyPage(
        title="帮扶企业满意度调查问卷", slug="survey", campaign=open_campaign()
    )
    page.form_fields = [
        SurveyFormField(
            label="培训内容是否通俗易懂",
            field_type="radio",
            choices="易懂\n较难理解",
            required=True,
        )
    ]
    CaseIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def answer(client, survey, code, **extra):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    data = {
        "enterprise_name": "天津市津北精工车架有限公司",
        "credit_code": code,
        "district": district("北辰区").pk,
        "helping_body": body.pk,
        "satisfaction": "5",
        "peixunneirongshifoutongsuyidong": "易懂",
        **extra,
    }
    return client.post(survey.url, data)


def test_the_questionnaire_shows_fixed_and_editor_questions(client, survey):
    html = client.get(survey.url).content.decode()
    for text in ("统一社会信用代码", "帮扶认证机构", "总体满意度", "培训内容是否通俗易懂"):
        assert text in html


def test_an_enterprise_answers_once_per_campaign(client, survey):
    field = survey.form_fields.get()
    code = credit_code(4242)
    first = answer(client, survey, code, **{field.clean_name: "易懂"})
    assert "感谢" in first.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.credit_code, response.district.name, response.satisfaction) == (
        code,
        "北辰区",
        5,
    )
    assert response.form_data[field.clean_name] == "易懂"

    again = answer(client, survey, code.lower(), **{field.clean_name: "易懂"})
    assert f"统一社会信用代码为 {code} 的企业已填写过" in again.content.decode()
    assert SurveyResponse.objects.count() == 1

    other_year = SatisfactionSurveyPage(
        title="2024年问卷", slug="survey-2024", campaign=Campaign.objects.get(year=2024)
    )
    CaseIndexPage.objects.get().add_child(instance=other_year)
    answer(client, other_year, code)
    assert SurveyResponse.objects.count() == 2


def test_an_invalid_credit_code_is_refused(client, survey):
    response = answer(client, survey, "91120113MA05T8QX4X")
    assert "统一社会信用代码“91120113MA05T8QX4X”无效" in response.content.decode()
    assert not SurveyResponse.objects.exists()
