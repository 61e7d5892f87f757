import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from library.models import Campaign, Clause, District, Industry, PilotRegion
from library.reference import data
from library.reference.loader import load_reference_data

pytestmark = pytest.mark.django_db


def test_all_sixteen_districts_of_tianjin_are_loaded(site_tree):
    names = set(District.objects.values_list("name", flat=True))
    assert len(names) == 16
    assert {"和平区", "滨海新区", "蓟州区", "北辰区", "武清区", "静海区", "宁河区"} <= names


def test_industries_named_in_the_notices_are_loaded(site_tree):
    names = set(Industry.objects.values_list("name", flat=True))
    expected = {
        "电动自行车",
        "自行车",
        "高端装备制造",
        "地毯",
        "汽车及零部件",
        "五金制品",
        "绢花",
        "乐器",
        "医疗器械",
        "其他",
    }
    assert expected <= names


def test_four_pilot_regions_cover_the_districts_the_2024_notice_names(site_tree):
    regions = {
        region.industry.name: {d.name for d in region.districts.all()}
        for region in PilotRegion.objects.all()
    }
    assert regions == {
        "电动自行车": {"北辰区", "武清区", "静海区", "宁河区"},
        "高端装备制造": {"滨海新区"},
        "地毯": {"武清区"},
        "汽车及零部件": {"宁河区", "滨海新区"},
    }


def test_clause_tree_has_every_numbered_clause_of_sections_4_to_10(site_tree):
    numbers = list(Clause.objects.values_list("number", flat=True))
    # A sample from each section, including the deepest and the untitled sub-clauses.
    for number in [
        "4.4.2",
        "5.1.2",
        "6.1.2",
        "7.1.5.2",
        "7.5.3.2",
        "8.2.3.1",
        "8.5.6",
        "8.7.2",
        "9.1.3",
        "9.2.2",
        "9.3.3",
        "10.2.2",
        "10.3",
    ]:
        assert number in numbers
    assert len(numbers) == len(data.CLAUSES) == 91
    assert {Clause.objects.get(number=str(n)).title for n in range(4, 11)} == {
        "组织环境",
        "领导作用",
        "策划",
        "支持",
        "运行",
        "绩效评价",
        "改进",
    }
    # Parents link the tree and ordering follows the standard, not string order.
    assert Clause.objects.get(number="7.1.5.2").parent.number == "7.1.5"
    assert numbers.index("10") > numbers.index("9.3.3")
    assert all(Clause.objects.get(number=n).title for n in numbers)


def test_campaigns_carry_each_notices_rules(site_tree):
    c2023 = Campaign.objects.get(year=2023)
    c2024 = Campaign.objects.get(year=2024)
    assert (c2023.case_min_per_district, c2023.case_max_per_district) == (1, None)
    assert (c2024.case_min_per_district, c2024.case_max_per_district) == (1, 5)
    assert c2024.submission_deadline == datetime.date(2024, 10, 30)
    assert c2023.submission_deadline == datetime.date(2023, 11, 30)
    assert c2024.course_min_per_body == 1
    assert [p.name for p in c2024.phases.all()] == [
        "行动部署阶段",
        "帮扶提升阶段",
        "中期评估",
        "总结评估阶段",
    ]


def test_loading_twice_creates_nothing_new(site_tree):
    counts = [m.objects.count() for m in (District, Industry, PilotRegion, Clause, Campaign, Page)]
    report = load_reference_data()
    call_command("load_initial_data", verbosity=0)
    assert str(report) == "参考数据已是最新，未新增任何记录"
    assert counts == [
        m.objects.count() for m in (District, Industry, PilotRegion, Clause, Campaign, Page)
    ]


def test_loading_again_never_overwrites_or_resurrects_editors_changes(site_tree):
    clause = Clause.objects.get(number="8.4")
    clause.title = "外部提供过程、产品和服务的控制（编辑修订）"
    clause.save()
    campaign = Campaign.objects.get(year=2024)
    campaign.case_max_per_district = 6
    campaign.save()
    Industry.objects.get(code="silk-flowers").delete()

    load_reference_data()

    assert Clause.objects.get(number="8.4").title.endswith("（编辑修订）")
    assert Campaign.objects.get(year=2024).case_max_per_district == 6
    assert not Industry.objects.filter(code="silk-flowers").exists()


def test_demo_data_loads_twice_without_duplicates(site_tree):
    call_command("load_initial_data", "--demo", verbosity=0, stdout=open("/dev/null", "w"))
    users, pages = get_user_model().objects.count(), Page.objects.count()
    call_command("load_initial_data", "--demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert (users, pages) == (get_user_model().objects.count(), Page.objects.count())
    assert get_user_model().objects.filter(username="editor").exists()
