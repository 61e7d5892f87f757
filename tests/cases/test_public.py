"""The public case library and case page: filters, the metrics table and chart, the
print layout, and a query count that does not grow with the number of cases."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseIndexPage, CaseMetric, CasePage, CaseRecognition
from library.models import Campaign, PilotRegion
from tests.cases.factories import bulk_cases, complete_case, open_campaign
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library_url(site_tree):
    return CaseIndexPage.objects.get().url


def titles(response):
    return {case.title for case in response.context["cases_page"]}


def test_the_library_filters_by_each_facet(client, library_url):
    campaign = open_campaign()
    body = CertificationBodyFactory(name="海河检验认证有限公司")
    beichen = complete_case(
        "北辰区", campaign, title="北辰车架", publish=True,
        pilot_region=PilotRegion.objects.get(name="电动自行车试点"),
    )  # fmt: skip
    wuqing = complete_case("武清区", campaign, title="武清地毯", helping_body=body, publish=True)
    old = complete_case("西青区", Campaign.objects.get(year=2024), title="西青五金", publish=True)
    complete_case("北辰区", campaign, title="北辰草稿")  # never published: never listed
    CaseRecognition.objects.create(case=wuqing, level="city", decided_at=timezone.now())

    assert titles(client.get(library_url)) == {"北辰车架", "武清地毯", "西青五金"}
    assert titles(client.get(library_url, {"district": beichen.district_id})) == {"北辰车架"}
    pilot = PilotRegion.objects.get(name="电动自行车试点")
    assert titles(client.get(library_url, {"pilot": pilot.pk})) == {"北辰车架"}
    assert titles(client.get(library_url, {"year": 2024})) == {"西青五金"}
    assert titles(client.get(library_url, {"body": body.pk})) == {"武清地毯"}
    assert titles(client.get(library_url, {"recognition": "city"})) == {"武清地毯"}
    assert titles(client.get(library_url, {"recognition": "national"})) == set()
    assert titles(
        client.get(library_url, {"industry": old.industry_id, "year": campaign.year})
    ) == {
        "北辰车架",
        "武清地毯",
    }
    assert "市级优良案例" in client.get(library_url).content.decode()


def test_the_case_page_shows_metrics_as_a_table_and_a_chart(client, site_tree):
    case = complete_case(
        title="车架焊接",
        publish=True,
        metrics=[
            CaseMetric(kind="first_pass_yield", before=Decimal("86.4"), after=Decimal("95.1"), period="2023年 对比 2024年"),
            CaseMetric(kind="output_value", before=Decimal("1860"), after=Decimal("2240")),
        ],
    )  # fmt: skip
    html = client.get(case.url).content.decode()
    assert "86.4%" in html and "95.1%" in html and "+8.7 个百分点" in html
    assert "+380 万元（+20.4%）" in html
    assert '<svg class="chart metrics-chart"' in html and "提升前后对比图" in html
    for heading in (
        "企业概况与背景",
        "问题诊断",
        "帮扶措施",
        "体系建设与运行",
        "成效",
        "经验与推广价值",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert case.enterprise_name in html and case.credit_code in html


def test_an_unpublished_case_is_not_public(client, site_tree):
    case = complete_case(title="尚未发布")
    assert client.get(case.url).status_code == 404


def test_the_print_stylesheet_lays_out_the_case_page(client):
    css = client.get("/static/css/cases.css")
    text = b"".join(css.streaming_content).decode() if css.status_code == 200 else ""
    if not text:
        from pathlib import Path

        text = (Path(__file__).resolve().parents[2] / "static" / "css" / "cases.css").read_text()
    assert "@media print" in text and ".metrics-table" in text.split("@media print", 1)[1]


def queries(client, url):
    client.get(url)  # warm the site and content-type caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_queries_stay_constant_from_10_to_2000_cases(client, site_tree, library_url):
    campaign = open_campaign()
    bulk_cases(10, campaign=campaign)
    first = CasePage.objects.live().order_by("path").first()
    section_url = first.get_parent().url
    urls = [
        site_tree.url,
        library_url,
        first.url,
        f"{library_url}?year={campaign.year}&page=2",
        section_url,
        f"{section_url}?page=2",
    ]
    # Each round is measured warm: the navigation is kept per process between content changes.
    for url in urls:
        client.get(url)
    few = [queries(client, url) for url in urls]

    bulk_cases(1990, campaign=campaign)
    assert CasePage.objects.live().count() == 2000
    for url in urls:
        client.get(url)
    assert [queries(client, url) for url in urls] == few
    few_library, few_case = few[1], few[2]
    assert few_library <= 20 and few_case <= 20


def test_search_text_and_facets_follow_the_contract(site_tree):
    case = complete_case(
        "滨海新区",
        title="精密传动件 SPC 控制",
        pilot_region=PilotRegion.objects.get(name="高端装备制造试点"),
        publish=True,
    )
    CaseRecognition.objects.create(case=case, level="national", decided_at=timezone.now())
    case = CasePage.objects.get(pk=case.pk)
    text = case.search_text()
    assert "精密传动件 SPC 控制" in text and "问题诊断" in text and "<p>" not in text
    assert "一次合格率 +9 个百分点" in text
    assert case.search_facets() == {
        "type": "case",
        "body": case.helping_body.name,
        "district": "滨海新区",
        "industry": ["电动自行车"],
        "pilot_region": "高端装备制造试点",
        "clause": [],
        "year": case.campaign.year,
        "recognition": "推荐至市场监管总局",
    }
