"""Review checks for courses and lessons, and the search contract other apps rely on."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from courses.models import CoursePage
from library.models import Clause
from review.checks import failures, run_checks
from tests.cases.factories import open_campaign
from tests.courses.factories import make_course, make_lesson, question

pytestmark = pytest.mark.django_db


def failed_names(page):
    return {result.name for result in failures(run_checks(page))}


def test_a_course_without_lessons_or_summary_fails_its_checks(body):
    course = make_course(body, "空课程", summary=" ", audiences=[])
    assert {"课时", "课程简介", "培训对象"} <= failed_names(course)


def test_a_complete_course_and_lesson_pass(course):
    course.campaign = open_campaign()  # a campaign still taking courses
    assert failed_names(course) == set()
    for lesson in course.lessons():
        assert failed_names(lesson) == set()


def test_a_lesson_citing_an_unchosen_clause_or_a_deleted_document_fails(body):
    course = make_course(body)
    document = get_document_model().objects.create(
        title="课件", file=ContentFile(b"%PDF-1.4", name="x.pdf")
    )
    lesson = make_lesson(
        course,
        "条款不一致",
        clauses=("8.4",),
        blocks=[
            (
                "clause",
                {
                    "clause": Clause.objects.get(number="8.7"),
                    "requirement": "组织应确保对不符合要求的输出进行识别和控制。",
                    "plain_reading": "<p>坏的要分开放。</p>",
                },
            ),
            ("document", {"document": document, "caption": "课件"}),
        ],
    )
    names = failed_names(lesson)
    assert "条款一致" in names and "附件完整性" not in names
    messages = [r.message for r in failures(run_checks(lesson)) if r.name == "条款一致"]
    assert "8.7" in messages[0]
    document.delete()
    lesson.refresh_from_db()
    assert "附件完整性" in failed_names(lesson)


def test_search_text_and_facets_follow_the_contract(course, body):
    page = CoursePage.objects.get(pk=course.pk)
    facets = page.search_facets()
    assert facets == {
        "type": "course",
        "body": body.name,
        "district": None,
        "industry": [],
        "pilot_region": None,
        "clause": ["8.4", "8.4.1", "8.7"],
        "year": 2024,
        "recognition": None,
    }
    assert "进货检验怎么做" in page.search_text()
    assert "企业负责人和质量负责人" in page.search_text()

    lesson = make_lesson(
        course,
        "带正文的课时",
        clauses=("8.4.1",),
        blocks=[
            ("text", "<p>进货要<b>检验</b>。</p>"),
            (
                "risk_control",
                {"risk": "外协件不合格", "control": "按批抽检", "record": "进货检验记录"},
            ),
            question("外购件谁负责？", [("我们", True), ("供方", False)], "责任在组织。"),
        ],
    )
    text = lesson.search_text()
    assert "进货要检验。" in text and "<b>" not in text
    for expected in ("外协件不合格", "按批抽检"):
        assert expected in text
    # Quiz text never reaches search (it would show questions and answers in snippets).
    for hidden in ("外购件谁负责？", "供方", "责任在组织。"):
        assert hidden not in text
    lesson_facets = lesson.search_facets()
    assert lesson_facets["type"] == "lesson"
    assert lesson_facets["clause"] == ["8.4.1"]
    assert lesson_facets["body"] == body.name and lesson_facets["year"] == 2024
