"""Metric rows: impossible values are refused naming the row, the change is computed;
the eligibility declaration records who declared it and when."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cases.checks import eligibility, measured_results
from cases.models import CaseMetric, CasePage
from library.models import Industry
from tests.cases.factories import open_campaign
from tests.factories import PASSWORD, CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db


def metric(**values):
    return CaseMetric(**{"kind": "pass_rate", **values})


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        (
            {"before": Decimal("96"), "after": Decimal("104")},
            "after",
            "指标“产品合格率”的提升后数值 104% 超过 100%",
        ),
        (
            {"kind": "output_value", "before": Decimal("-5"), "after": Decimal("10")},
            "before",
            "指标“产值”的提升前数值 -5 不能为负数",
        ),
        (
            {"kind": "customer_satisfaction", "after": Decimal("90")},
            "before",
            "指标“客户满意度”填写了提升后数值，但缺少提升前数值",
        ),
        (
            {"kind": "other", "label": "", "unit": "次", "before": 1, "after": 2},
            "label",
            "“其他指标”需要填写指标名称",
        ),
        (
            {"kind": "other", "label": "返工工时", "unit": "%", "before": 20, "after": 120},
            "after",
            "指标“返工工时”的提升后数值 120% 超过 100%",
        ),
    ],
)
def test_impossible_values_are_refused_with_a_message_naming_the_row(values, field, text):
    with pytest.raises(Exception) as error:
        metric(**values).clean()
    assert text in error.value.message_dict[field]


def test_the_change_is_computed_in_points_for_rates_and_percent_for_amounts():
    rate = metric(kind="defect_rate", before=Decimal("3.8"), after=Decimal("1.2"))
    assert rate.change == Decimal("-2.6")
    assert rate.change_display == "-2.6 个百分点"
    assert rate.improved is True  # a lower defect rate is better

    output = metric(kind="output_value", before=Decimal("1860"), after=Decimal("2240"))
    assert output.relative_change == Decimal("20.4")
    assert output.change_display == "+380 万元（+20.4%）"
    assert output.improved is True

    worse = metric(
        kind="other", label="交货周期", unit="天", higher_is_better=False, before=10, after=12
    )
    assert worse.improved is False


@pytest.fixture
def author(site_tree):
    return district_user(district("北辰区"))


def case_form(**extra):
    metrics = extra.pop("metrics", [])
    return nested_form_data(
        {
            "title": "车架焊接首件检验",
            "slug": "frame-welding",
            "enterprise_name": "天津市津北精工车架有限公司",
            "credit_code": "91120113MA05T8QX48",
            "enterprise_size": "small",
            "industry": Industry.objects.get(name="电动自行车").pk,
            "campaign": open_campaign().pk,
            "helping_body": CertificationBodyFactory().pk,
            "summary": "一次合格率从 86.4% 提升到 95.1%。",
            "body": streamfield(
                [
                    (
                        "section",
                        {
                            "kind": "background",
                            "content": streamfield([("paragraph", rich_text("<p>企业概况</p>"))]),
                        },
                    )
                ]
            ),
            "metrics": inline_formset(metrics),
            **extra,
        }
    )


def add_url():
    section = district("北辰区").cases_section
    return reverse("wagtailadmin_pages:add", args=("cases", "casepage", section.pk))


def test_the_admin_form_refuses_an_impossible_metric_and_names_it(client, author):
    client.login(username=author.username, password=PASSWORD)
    response = client.post(
        add_url(),
        case_form(
            metrics=[
                {
                    "kind": "first_pass_yield",
                    "label": "",
                    "unit": "",
                    "before": "86",
                    "after": "95",
                    "period": "",
                    "higher_is_better": "on",
                },
                {
                    "kind": "pass_rate",
                    "label": "",
                    "unit": "",
                    "before": "96",
                    "after": "104",
                    "period": "",
                    "higher_is_better": "on",
                },
            ]
        ),
    )
    assert response.status_code == 200
    assert "指标“产品合格率”的提升后数值 104% 超过 100%" in response.content.decode()
    assert not CasePage.objects.filter(slug="frame-welding").exists()


def test_the_declaration_records_who_declared_and_when(client, author):
    client.login(username=author.username, password=PASSWORD)
    declared = {
        "eligible_normal_operation": "on",
        "eligible_not_abnormal_list": "on",
        "eligible_not_dishonest_list": "on",
        "eligible_no_quality_penalty": "on",
    }
    response = client.post(add_url(), case_form(**declared))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = CasePage.objects.get(slug="frame-welding")
    assert case.district.name == "北辰区"
    assert case.eligibility_declared_by == author
    assert case.eligibility_declared_at is not None
    assert next(iter(eligibility(case))).passed

    # Withdrawing one statement withdraws the declaration.
    edit = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    partial = {
        key: value for key, value in declared.items() if key != "eligible_not_dishonest_list"
    }
    response = client.post(edit, case_form(**partial))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.eligibility_declared_by is None and case.eligibility_declared_at is None
    (result,) = eligibility(case)
    assert not result.passed
    assert "企业未列入严重违法失信企业名单" in result.message


def test_the_district_comes_from_the_section_not_the_form(client, author):
    client.login(username=author.username, password=PASSWORD)
    form = case_form()
    form["district"] = district("武清区").pk
    client.post(add_url(), form)
    assert CasePage.objects.get(slug="frame-welding").district == district("北辰区")


def test_submission_checks_name_the_metric_row():
    case = CasePage(
        title="x",
        enterprise_name="x",
    )
    case.metrics = [
        metric(kind="first_pass_yield", before=Decimal("86"), after=Decimal("95")),
        metric(kind="complaint_rate", before=Decimal("2.5")),
    ]
    messages = [r.message for r in measured_results(case) if not r.passed]
    assert messages == ["“绩效指标”第2行：指标“投诉率”缺少提升后数值"]
