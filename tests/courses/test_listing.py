"""Finding courses: the filtered list, the course outline, the lesson pager and browse by clause."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Industry
from tests.courses.factories import (
    bulk_courses,
    bulk_lessons,
    learner,
    make_course,
    make_lesson,
    question,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def titles(response):
    return {course.title for course in response.context["courses"]}


@pytest.fixture
def catalogue(body, other_body):
    carpet = Industry.objects.get(code="carpet")
    a = make_course(body, "地毯色差怎么管", audiences=["leaders"], industries=[carpet])
    make_lesson(a, "色差", clauses=("8.5.1",))
    b = make_course(other_body, "文件怎么写", audiences=["document_writers"], year=2023)
    make_lesson(b, "文件结构", clauses=("7.5.1",))
    make_course(body, "尚未发布的课程", live=False)
    return a, b


def test_the_course_list_filters_by_body_audience_industry_clause_and_year(
    client, catalogue, body, other_body
):
    url = catalogue[0].get_parent().get_parent().url
    assert titles(client.get(url)) >= {"地毯色差怎么管", "文件怎么写"}
    assert "尚未发布的课程" not in titles(client.get(url))
    assert titles(client.get(url, {"body": body.pk})) == {"地毯色差怎么管"}
    assert titles(client.get(url, {"audience": "document_writers"})) >= {"文件怎么写"}
    assert "地毯色差怎么管" not in titles(client.get(url, {"audience": "document_writers"}))
    assert titles(client.get(url, {"industry": "carpet"})) == {"地毯色差怎么管"}
    assert titles(client.get(url, {"clause": "8.5"})) == {"地毯色差怎么管"}  # includes 8.5.1
    assert titles(client.get(url, {"clause": "7.5.1"})) == {"文件怎么写"}
    assert "地毯色差怎么管" not in titles(client.get(url, {"year": 2023}))
    assert "文件怎么写" in titles(client.get(url, {"year": 2023}))
    combined = client.get(url, {"body": other_body.pk, "year": 2024})
    assert titles(combined) == set()
    assert "没有符合条件的课程" in combined.content.decode()


def test_the_course_page_shows_its_outline_in_order_with_question_count(client, course):
    response = client.get(course.url)
    html = response.content.decode()
    assert html.index("第一课 供方选择") < html.index("第二课 不合格品")
    assert "共 3 道题" in html
    assert response.context["page"].certification_body.name in html


def test_a_lesson_links_previous_next_and_its_clauses(client, course):
    first, second = course.lessons()
    response = client.get(first.url)
    html = response.content.decode()
    assert response.context["previous_lesson"] is None
    assert response.context["next_lesson"].pk == second.pk
    assert "第 1 / 2 课时" in html
    assert '/clauses/#clause-8.4.1"' in html
    last = client.get(second.url)
    assert last.context["previous_lesson"].pk == first.pk
    assert "参加课程考评" in last.content.decode()


def test_draft_lessons_stay_out_of_the_outline_and_the_pager(client, course):
    make_lesson(course, "未发布的课时", live=False)
    response = client.get(course.url)
    assert "未发布的课时" not in response.content.decode()
    last = list(course.lessons())[-1]
    assert client.get(last.url).context["next_lesson"] is None


def test_browse_by_clause_lists_every_clause_with_its_lessons_and_count(client, course, body):
    other = make_course(body, "第二门课")
    make_lesson(other, "另一门课讲 8.7", clauses=("8.7",))
    make_lesson(other, "草稿也讲 8.7", clauses=("8.7",), live=False)
    response = client.get("/clauses/")
    clauses = {clause.number: clause for clause in response.context["clauses"]}
    assert {"4.1", "7.1.5.2", "10.3"} <= set(clauses)
    assert clauses["8.7"].lesson_count == 2
    assert {lesson.title for lesson in clauses["8.7"].lesson_list} == {
        "第二课 不合格品",
        "另一门课讲 8.7",
    }
    assert clauses["4.1"].lesson_count == 0
    html = response.content.decode()
    assert "2 个课时" in html and "另一门课讲 8.7" in html and "草稿也讲 8.7" not in html
    assert "《进货检验怎么做》" in html


def test_browse_by_clause_shows_the_first_lessons_in_course_order_and_counts_them_all(
    client, course, body
):
    third = make_course(body, "第三门课")
    for number in range(1, 8):
        make_lesson(third, f"9.2 内审第{number}课", clauses=("9.2",))
    make_lesson(third, "9.2 草稿", clauses=("9.2",), live=False)
    clauses = {c.number: c for c in client.get("/clauses/").context["clauses"]}
    assert clauses["9.2"].lesson_count == 7
    assert [lesson.title for lesson in clauses["9.2"].lesson_list] == [
        f"9.2 内审第{number}课" for number in range(1, 6)
    ]
    assert clauses["8.7"].lesson_count == 1 and clauses["4.1"].lesson_list == []


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_page_queries_stay_constant_from_ten_to_two_thousand_courses_and_lessons(
    client, body, other_body, site_tree
):
    """Every public course page at 10 and at 2,000 courses (and lessons in the course):
    home, course list (plain and filtered), a body's section, the course page, a lesson
    and browse by clause, signed in (the learner's extra queries) and anonymous."""
    user = learner()
    course = make_course(body, "被测课程")
    lesson = make_lesson(
        course,
        "被测课时",
        clauses=("8.4", "8.5"),
        blocks=[question("题目", [("甲", True), ("乙", False)])],
    )
    make_lesson(course, "下一课时", clauses=("8.6",))
    bulk_lessons(course, 8, clauses=("8.4", "8.5.1"))
    bulk_courses(other_body, 9)
    index_url = course.get_parent().get_parent().url
    urls = [
        (site_tree.url, {}),
        (index_url, {}),
        (index_url, {"clause": "8.4"}),
        (other_body.courses_section.url, {}),
        (course.url, {}),
        (lesson.url, {}),
        ("/clauses/", {}),
    ]

    def measure():
        counts = []
        for signed_in in (False, True):
            if signed_in:
                client.login(username=user.username, password=PASSWORD)
            for url, params in urls:  # warm caches (site root paths, content types)
                queries_for(client, url, **params)
            counts += [queries_for(client, url, **params) for url, params in urls]
            client.logout()
        return counts

    small = measure()
    bulk_courses(other_body, 1990)
    bulk_lessons(course, 1990, clauses=("8.4", "8.5.1"))
    large = measure()
    assert large == small, f"10 门课程时 {small}，2000 门课程时 {large}"
    assert max(small) <= 40
