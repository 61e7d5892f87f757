"""City editors see which bodies met the yearly course minimum, with training figures, and export it."""

import json
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import CourseRating
from library.models import Campaign
from reports.figures import build
from tests.courses.factories import learner, make_course, make_lesson
from tests.courses.test_assessment import take
from tests.factories import PASSWORD, body_user

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/courses/requirement/"


def in_admin_menu(client, label):
    """The sidebar menu reaches the page as JSON, so its labels may be escaped."""
    content = client.get("/admin/").content.decode()
    return label in content or json.dumps(label)[1:-1] in content


@pytest.fixture
def trained(client, course, body):
    """Three learners from two enterprises in two districts; two pass; two rate."""
    same_firm = "91120113MA0000001"
    people = [
        learner(district="北辰区", code17=same_firm),
        learner(district="北辰区", code17=same_firm),
        learner(district="武清区"),
    ]
    for number, user in enumerate(people):
        client.login(username=user.username, password=PASSWORD)
        take(client, course, wrong=0 if number < 2 else 3)
        if number < 2:
            CourseRating.objects.create(user=user, course=course, stars=5 - number * 2)
        client.logout()
    reader = learner(district="武清区")  # read a lesson, never took the assessment
    client.login(username=reader.username, password=PASSWORD)
    client.post(next(iter(course.lessons())).url + "complete/")
    client.logout()
    return [*people, reader]


def test_the_report_shows_who_met_the_minimum_and_the_training_figures(trained, body, other_body):
    campaign = Campaign.objects.get(year=2024)
    make_course(other_body, "只是草稿", live=False)
    report = build(campaign)
    rows = {row.body.pk: row for row in report.bodies}
    mine, theirs = rows[body.pk], rows[other_body.pk]
    assert (mine.published, mine.met) == (1, True)
    assert (theirs.published, theirs.drafts, theirs.met) == (0, 1, False)
    assert mine.training.learner_count == 4
    assert mine.training.enterprise_count == 3
    assert mine.training.pass_count == 2
    assert mine.training.average_stars == 4.0
    assert mine.training.satisfied_percent == 50
    districts = {row.district.name: row.training for row in report.districts}
    assert (districts["北辰区"].learner_count, districts["北辰区"].enterprise_count) == (2, 1)
    assert (districts["武清区"].learner_count, districts["武清区"].pass_count) == (2, 0)
    assert [row.course.title for row in mine.courses] == ["进货检验怎么做"]


def test_a_course_of_another_year_does_not_count(body):
    make_course(body, "2023 年的课程", year=2023)
    row = next(r for r in build(Campaign.objects.get(year=2024)).bodies if r.body == body)
    assert row.published == 0 and not row.met


def test_editors_open_the_report_and_download_it_as_xlsx(client, editor, trained, body):
    client.login(username=editor.username, password=PASSWORD)
    page = client.get(REPORT_URL, {"year": 2024})
    html = page.content.decode()
    assert page.status_code == 200
    assert body.name in html and "未达标" in html and "导出 Excel" in html
    assert in_admin_menu(client, "课程报送情况")

    export = client.get(REPORT_URL, {"year": 2024, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(export.content))
    assert workbook.sheetnames == ["机构课程报送", "课程培训情况", "各区培训情况"]
    sheet = workbook["机构课程报送"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["认证机构", "已发布课程数", "未发布课程数", "至少应报送", "是否达标"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == body.name)
    assert row[1:8] == (1, 0, 1, "达标", 3, 4, 2)


def test_body_users_cannot_open_the_report_but_see_their_own_figures(client, trained, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(REPORT_URL).status_code in (302, 403)
    assert not in_admin_menu(client, "课程报送情况")
    mine = client.get(reverse("reports_admin:body_figures"))
    assert mine.status_code == 200
    rows = mine.context["rows"]
    assert [(r.course.title, r.training.learner_count, r.training.average_stars) for r in rows] == [
        ("进货检验怎么做", 4, 4.0)
    ]


def test_a_body_sees_only_its_own_courses(client, body, other_body):
    course = make_course(other_body, "别家的课程")
    make_lesson(course, "课时")
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("reports_admin:body_figures")).context["rows"] == []
