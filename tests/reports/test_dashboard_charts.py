"""The dashboard's charts: SVG drawn on the server beside the tables, each with a title, the
bars coloured by the rule they show, the deadline marked; the figures stay in the tables."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from library.charts import Progress, progress_chart, timeline_chart
from library.models import Campaign
from tests.factories import PASSWORD
from tests.selection.factories import make_case

pytestmark = pytest.mark.django_db

TIANJIN = ZoneInfo("Asia/Shanghai")
YEAR = datetime.date.today().year + 9


def test_progress_bars_are_coloured_against_minimum_and_maximum():
    svg = progress_chart(
        [Progress("北辰", 0, 1, 5), Progress("武清", 2, 1, 5), Progress("静海", 6, 1, 5)],
        title="各区",
        chart_id="c",
    )
    bars = re.findall(r'<rect x="150" y="\d+" width="[\d.]+" height="13" class="(bar-\w+)"', svg)
    assert bars == ["bar-short", "bar-met", "bar-over"]
    assert svg.count('class="chart-min"') == 3 and svg.count('class="chart-max"') == 3
    assert '<title id="c">各区</title>' in svg
    assert 'viewBox="0 0 550' in svg and 'width="100%"' in svg


def test_the_timeline_marks_the_deadline_and_counts_up():
    start, deadline = datetime.date(YEAR, 5, 1), datetime.date(YEAR, 10, 30)
    svg = timeline_chart(
        [("案例", "line-cases", [datetime.date(YEAR, 6, 1), datetime.date(YEAR, 7, 1)])],
        start=start,
        end=datetime.date(YEAR, 11, 13),
        deadline=deadline,
        today=datetime.date(YEAR, 8, 1),
        title="累计",
        chart_id="t",
    )
    assert 'class="chart-deadline"' in svg and 'class="chart-today"' in svg
    assert ">截止<" in svg and ">2<" in svg  # the peak of the axis
    assert 'class="chart-line line-cases"' in svg


def test_the_dashboard_shows_charts_beside_the_tables(client, editor, site_tree):
    campaign = Campaign.objects.create(
        year=YEAR,
        title=f"{YEAR}年行动",
        notice_date=datetime.date(YEAR, 5, 1),
        submission_deadline=datetime.date(YEAR, 10, 30),
        case_min_per_district=1,
        case_max_per_district=5,
    )
    with time_machine.travel(datetime.datetime(YEAR, 6, 1, 9, tzinfo=TIANJIN), tick=False):
        make_case(district="北辰区", year=YEAR)
    with time_machine.travel(datetime.datetime(YEAR, 8, 1, 9, tzinfo=TIANJIN), tick=False):
        client.login(username=editor.username, password=PASSWORD)
        response = client.get(reverse("reports_admin:dashboard"), {"year": YEAR})
    html = response.content.decode()
    assert response.context["campaign"] == campaign
    for chart in ("timeline", "districts", "bodies"):
        assert f'data-chart="{chart}"' in html
    assert f'<title id="chart-districts">{YEAR}年各区报送案例数与最低、最高数</title>' in html
    districts = html[html.index('data-chart="districts"') :]
    districts = districts[: districts.index("</svg>")]
    bars = re.findall(r'height="13" class="(bar-\w+)"', districts)
    assert len(bars) == 16  # one bar per district
    assert bars.count("bar-met") == 1  # 北辰区 has its case; the others are short
    assert bars.count("bar-short") == 15
    assert "css/charts.css" in html
    assert "data-districts" in html  # the table is still there
