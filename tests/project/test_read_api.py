"""The read API (/api/v1/): published courses, lessons and cases with their facets, an OpenAPI
description; drafts and restricted pages never appear, no personal data, bad parameters are a
400 with a Chinese message."""

import json

import pytest
from wagtail.models import PageViewRestriction

from library.models import Clause, Industry
from tests.cases.factories import complete_case
from tests.courses.factories import make_course, make_lesson
from tests.factories import CertificationBodyFactory, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site_tree):
    body_a = CertificationBodyFactory(name="天津华正认证有限公司")
    body_b = CertificationBodyFactory(name="中国质量认证中心")
    carpet = Industry.objects.get(name="地毯")
    course = make_course(body_a, "进货检验怎么做", industries=[carpet], year=2023)
    make_lesson(course, "来料检验", clauses=("8.4.1",))
    make_lesson(course, "未发布的课时", clauses=("8.5.1",), live=False)
    other = make_course(body_b, "内审入门", year=2024)
    make_lesson(other, "审核方案", clauses=("9.2",))
    draft_course = make_course(body_a, "草稿课程", live=False)
    make_lesson(draft_course, "草稿课程的课时", clauses=("8.4.1",))
    case = complete_case("北辰区", helping_body=body_a, publish=True, title="北辰案例")
    case.clauses.set(Clause.objects.filter(number="8.4.1"))
    case.save_revision().publish()
    other_case = complete_case("武清区", helping_body=body_b, publish=True, title="武清案例")
    draft_case = complete_case("北辰区", helping_body=body_a, title="草稿案例")
    return {
        "bodies": (body_a, body_b),
        "carpet": carpet,
        "courses": (course, other, draft_course),
        "cases": (case, other_case, draft_case),
    }


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def titles(data):
    return sorted(item["title"] for item in data["results"])


def test_only_live_public_courses_and_lessons(client, library):
    data = get(client, "/api/v1/courses/")
    assert titles(data) == ["内审入门", "进货检验怎么做"]
    course = next(c for c in data["results"] if c["title"] == "进货检验怎么做")
    assert course["body"]["name"] == "天津华正认证有限公司"
    assert [i["name"] for i in course["industries"]] == ["地毯"]
    assert [c["number"] for c in course["clauses"]] == ["8.4.1"]  # not the draft lesson's 8.5.1
    assert course["year"] == 2023

    detail = get(client, f"/api/v1/courses/{course['id']}/")
    assert [lesson["title"] for lesson in detail["lessons"]] == ["来料检验"]
    assert "body" not in detail["lessons"][0]  # the blocks (quiz questions) stay on the page
    lessons = get(client, "/api/v1/lessons/")
    assert titles(lessons) == ["审核方案", "来料检验"]  # not under a draft course, not a draft

    draft = library["courses"][2]
    get(client, f"/api/v1/courses/{draft.pk}/", status=404)
    draft_lesson = draft.get_children().first()
    get(client, f"/api/v1/lessons/{draft_lesson.pk}/", status=404)


def test_course_filters(client, library):
    _, body_b = library["bodies"]
    assert titles(get(client, f"/api/v1/courses/?body={body_b.pk}")) == ["内审入门"]
    assert titles(get(client, f"/api/v1/courses/?industry={library['carpet'].pk}")) == [
        "进货检验怎么做"
    ]
    assert titles(get(client, "/api/v1/courses/?clause=8.4.1")) == ["进货检验怎么做"]
    assert titles(get(client, "/api/v1/courses/?clause=8.5.1")) == []  # only a draft lesson has it
    assert titles(get(client, "/api/v1/courses/?year=2024")) == ["内审入门"]
    assert titles(get(client, "/api/v1/lessons/?clause=9.2")) == ["审核方案"]


def test_cases_only_live_with_facets_and_no_personal_data(client, library):
    case, _, draft_case = library["cases"]
    data = get(client, "/api/v1/cases/")
    assert titles(data) == ["北辰案例", "武清案例"]
    raw = json.dumps(data, ensure_ascii=False)
    assert case.credit_code not in raw and case.enterprise_name not in raw
    assert "草稿案例" not in raw

    item = get(client, f"/api/v1/cases/{case.pk}/")
    assert item["district"]["name"] == "北辰区"
    assert item["body"]["name"] == "天津华正认证有限公司"
    assert [c["number"] for c in item["clauses"]] == ["8.4.1"]
    get(client, f"/api/v1/cases/{draft_case.pk}/", status=404)

    body_a, _ = library["bodies"]
    assert titles(get(client, f"/api/v1/cases/?district={district('武清区').pk}")) == ["武清案例"]
    assert titles(get(client, f"/api/v1/cases/?body={body_a.pk}")) == ["北辰案例"]
    assert titles(get(client, "/api/v1/cases/?clause=8.4.1")) == ["北辰案例"]
    year = case.campaign.year
    assert len(get(client, f"/api/v1/cases/?year={year}")["results"]) == 2
    assert get(client, f"/api/v1/cases/?year={year + 1}")["results"] == []


def test_a_restricted_page_does_not_appear(client, library):
    case = library["cases"][0]
    PageViewRestriction.objects.create(page=case, restriction_type="login")
    assert titles(get(client, "/api/v1/cases/")) == ["武清案例"]
    get(client, f"/api/v1/cases/{case.pk}/", status=404)


def test_pagination(client, library):
    first = get(client, "/api/v1/courses/?page_size=1")
    second = get(client, "/api/v1/courses/?page_size=1&page=2")
    assert (first["count"], first["pages"]) == (2, 2)
    assert first["results"][0]["id"] != second["results"][0]["id"]
    assert get(client, "/api/v1/courses/?page_size=100")["page_size"] == 100


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/v1/courses/?page=0", "参数“page”"),
        ("/api/v1/courses/?page_size=101", "参数“page_size”"),
        ("/api/v1/courses/?year=abcd", "参数“year”"),
        ("/api/v1/cases/?district=x", "参数“district”"),
        ("/api/v1/cases/?district=999999", "没有编号为 999999 的区"),
        ("/api/v1/cases/?clause=8.4.9", "没有条款“8.4.9”"),
        ("/api/v1/lessons/?course=99999999999999999999", "参数“course”"),
        ("/api/v1/cases/abc/", "请求参数格式不正确"),
    ],
)
def test_bad_parameters_are_a_400_in_chinese(client, library, url, message):
    data = get(client, url, status=400)
    assert message in data["error"]


def test_the_openapi_description_and_docs(client, site_tree):
    schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/courses/",
        "/api/v1/lessons/",
        "/api/v1/cases/",
        "/api/v1/cases/{case_id}/",
    ):
        assert path in paths
    names = {p["name"] for p in paths["/api/v1/cases/"]["get"]["parameters"]}
    assert {"body", "district", "industry", "clause", "year", "page", "page_size"} <= names
    assert client.get("/api/v1/docs").status_code == 200
