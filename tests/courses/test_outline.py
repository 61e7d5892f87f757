"""The course outline is paged (courses.learning.OUTLINE_PER_PAGE lessons a page) and the
lesson pager finds its neighbours by path: the course page and a lesson cost the same for ten
lessons or two thousand, and the learner's progress still counts the whole course."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from courses.learning import OUTLINE_PER_PAGE
from courses.models import LessonPage, LessonProgress
from library import pagecache
from tests.courses.factories import bulk_lessons, learner, make_course, make_lesson, question
from tests.factories import PASSWORD, CertificationBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_tree):
    return make_course(CertificationBodyFactory(), "大纲分页课程")


def outline(client, course, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(course.url, params)
    assert response.status_code == 200
    html = response.content.decode()
    numbers = [int(n) for n in re.findall(r'lesson-item__no" aria-hidden="true">(\d+)<', html)]
    return numbers, html, len(captured)


def test_exactly_one_page_of_lessons_has_no_pager_and_one_more_makes_two(client, course):
    bulk_lessons(course, OUTLINE_PER_PAGE)
    numbers, html, _ = outline(client, course)
    assert numbers == list(range(1, OUTLINE_PER_PAGE + 1))
    assert "课程大纲分页" not in html
    bulk_lessons(course, 1)
    numbers, html, _ = outline(client, course)
    assert numbers == list(range(1, OUTLINE_PER_PAGE + 1)) and "课程大纲分页" in html
    assert "第 1 / 2 页" in html and f"（共 {OUTLINE_PER_PAGE + 1} 课时）" in html
    numbers, html, _ = outline(client, course, page=2)
    assert numbers == [OUTLINE_PER_PAGE + 1]
    assert f"批量课时 {OUTLINE_PER_PAGE}<" in html and "批量课时 0<" not in html


def test_the_outline_costs_the_same_at_ten_and_two_thousand_lessons(client, course):
    make_lesson(course, "第一课", clauses=("8.4",), blocks=[question("题目", [("甲", True)])])
    bulk_lessons(course, 9, clauses=("8.4", "8.5.1"))
    user = learner()

    def measure():
        rows = []
        for signed_in in (False, True):
            if signed_in:
                client.login(username=user.username, password=PASSWORD)
            outline(client, course)  # warm (site root paths, content types)
            for params in ({}, {"page": 2}, {"page": "x"}):
                numbers, html, queries = outline(client, course, **params)
                rows.append((queries, len(numbers)))
            client.logout()
        return rows, html

    small, _small_html = measure()
    bulk_lessons(course, 1990, clauses=("8.4", "8.5.1"))
    large, large_html = measure()
    assert [q for q, _ in large] == [q for q, _ in small]
    # One page of lessons at most (page 2 of a one-page outline and a bad number: page 1).
    assert [shown for _, shown in large] == [OUTLINE_PER_PAGE] * 6
    assert [shown for _, shown in small] == [10] * 6
    assert "共 2000 课时" in large_html and "共 1 道题" in large_html
    # The last page holds the last lesson, numbered by its place in the course.
    numbers, html, _ = outline(client, course, page=2000 // OUTLINE_PER_PAGE)
    assert numbers[-1] == 2000 and "批量课时 1999<" in html


def test_progress_counts_the_whole_course_and_marks_lessons_on_their_page(client, course):
    bulk_lessons(course, OUTLINE_PER_PAGE + 10)
    user = learner()
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    LessonProgress.objects.create(user=user, lesson=lessons[OUTLINE_PER_PAGE + 4])
    client.login(username=user.username, password=PASSWORD)
    numbers, html, _ = outline(client, course)
    percent = round(100 / (OUTLINE_PER_PAGE + 10))
    assert f"已学完 1 / {OUTLINE_PER_PAGE + 10} 课时（{percent}%）" in html
    assert "lesson-item--done" not in html and len(numbers) == OUTLINE_PER_PAGE
    numbers, html, _ = outline(client, course, page=2)
    assert html.count("lesson-item--done") == 1
    # The done lesson shows ✓ in place of its number; the others keep theirs.
    assert OUTLINE_PER_PAGE + 5 not in numbers and OUTLINE_PER_PAGE + 6 in numbers


def test_the_question_count_follows_a_publish_with_the_cache_on(client, course):
    make_lesson(course, "第一课", blocks=[question("题一", [("甲", True), ("乙", False)])])
    with override_settings(PAGE_CACHE_ENABLED=True, DERIVED_CACHE_ENABLED=True):
        pagecache.page_cache().clear()
        client.cookies["sessionid"] = "x"  # a fresh render each time, not the cached page
        assert "共 1 道题" in outline(client, course)[1]
        make_lesson(
            course,
            "第二课",
            blocks=[question("题二", [("甲", True)]), question("题三", [("乙", True)])],
        )
        assert "共 3 道题" in outline(client, course)[1]
    pagecache.page_cache().clear()


def test_the_lesson_pager_at_two_thousand_lessons(client, course):
    first = make_lesson(course, "第一课", clauses=("8.4",))
    bulk_lessons(course, 1998)
    last = make_lesson(course, "最后一课", clauses=("8.4",))

    def lesson_page(lesson):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(lesson.url)
        assert response.status_code == 200
        return response, len(captured)

    client.get(first.url)  # warm
    response, first_queries = lesson_page(first)
    assert "第 1 / 2000 课时" in response.content.decode()
    assert response.context["previous_lesson"] is None
    assert response.context["next_lesson"].title == "批量课时 1"
    response, last_queries = lesson_page(last)
    assert "第 2000 / 2000 课时" in response.content.decode()
    assert response.context["previous_lesson"].title == "批量课时 1998"
    assert response.context["next_lesson"] is None
    assert last_queries == first_queries
