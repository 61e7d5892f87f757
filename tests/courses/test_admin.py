"""Bodies write courses and lessons in the admin, in their own section only, and never publish."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CoursePage, LessonPage
from library.models import Campaign, Clause, Industry
from tests.courses.factories import make_course, make_lesson
from tests.factories import PASSWORD, body_user

pytestmark = pytest.mark.django_db


def shows_error(response, message):
    """Block errors reach the editor as JSON for the StreamField widget, escaped or not."""
    content = response.content.decode()
    return message in content or json.dumps(message)[1:-1] in content


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def course_data(title, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": extra.pop("slug", "incoming-inspection"),
            "summary": "用大白话讲清楚进货检验该怎么做。",
            "campaign": Campaign.objects.get(year=2024).pk,
            "pass_mark": 80,
            "attachments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
            **extra,
        }
    )
    # Multiple-choice fields post one value per ticked box (nested_form_data would index them).
    data["audiences"] = ["leaders", "document_writers"]
    data["delivery_modes"] = ["online", "on_site"]
    data["industries"] = [Industry.objects.get(code="carpet").pk]
    return data


def choices(*items):
    data = {
        str(i): {
            "value": {"text": text, **({"correct": "on"} if ok else {})},
            "deleted": "",
            "order": str(i),
        }
        for i, (text, ok) in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def lesson_data(title, question_choices, kind="single"):
    clause = Clause.objects.get(number="8.4.1")
    data = nested_form_data(
        {
            "title": title,
            "slug": "supplier-control",
            "introduction": "外购件怎么管。",
            "body": streamfield(
                [
                    (
                        "clause",
                        {
                            "clause": clause.pk,
                            "requirement": "组织应确保外部提供的过程、产品和服务符合要求。",
                            "plain_reading": rich_text("<p>外购件出了问题，客户只找你。</p>"),
                        },
                    ),
                    ("text", rich_text("<p>进货要检验，供应商要评价。</p>")),
                    (
                        "risk_control",
                        {
                            "risk": "外协件盐雾不合格",
                            "control": "按批抽检",
                            "record": "《进货检验记录》",
                        },
                    ),
                    (
                        "question",
                        {
                            "prompt": "外购件出了问题，客户找谁？",
                            "kind": kind,
                            "choices": choices(*question_choices),
                            "explanation": "8.4.1 要求组织确保外部提供的产品符合要求。",
                        },
                    ),
                ]
            ),
        }
    )
    data["clauses"] = [clause.pk, Clause.objects.get(number="8.4").pk]
    return data


def test_body_user_writes_a_course_and_a_lesson_through_the_admin(client, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)

    response = client.post(add_url(CoursePage, body.courses_section), course_data("进货检验怎么做"))
    assert response.status_code == 302, response.content.decode()[:3000]
    course = CoursePage.objects.get(title="进货检验怎么做")
    assert course.audiences == ["leaders", "document_writers"]
    assert course.delivery_modes == ["online", "on_site"]
    assert [i.code for i in course.industries.all()] == ["carpet"]
    assert course.certification_body == body

    response = client.post(
        add_url(LessonPage, course),
        lesson_data("第一课 供方控制", [("找我们", True), ("找供应商", False)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = LessonPage.objects.get(title="第一课 供方控制")
    assert lesson.get_parent().pk == course.pk
    assert not lesson.live
    draft = lesson.get_latest_revision_as_object()
    assert [b.block_type for b in draft.body] == ["clause", "text", "risk_control", "question"]
    assert draft.body[0].value["clause"].number == "8.4.1"
    assert {c.number for c in lesson.clauses.all()} == {"8.4", "8.4.1"}


def test_a_single_choice_question_with_two_right_answers_is_refused(client, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    course = make_course(body)
    response = client.post(
        add_url(LessonPage, course),
        lesson_data("两个正确答案", [("甲", True), ("乙", True)], kind="single"),
    )
    assert response.status_code == 200
    assert shows_error(response, "单选题只能有一个正确答案")
    assert not LessonPage.objects.filter(title="两个正确答案").exists()


def test_a_question_without_a_right_answer_is_refused(client, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    course = make_course(body)
    response = client.post(
        add_url(LessonPage, course), lesson_data("没有答案", [("甲", False), ("乙", False)])
    )
    assert shows_error(response, "请至少标出一个正确答案")
    assert not LessonPage.objects.filter(title="没有答案").exists()


def test_another_bodys_user_cannot_add_or_edit_lessons(client, body, other_body):
    course = make_course(body)
    lesson = make_lesson(course, "本机构的课时")
    intruder = body_user(other_body)
    client.login(username=intruder.username, password=PASSWORD)

    response = client.post(
        add_url(LessonPage, course), lesson_data("越权课时", [("甲", True), ("乙", False)])
    )
    assert response.status_code in (302, 403)
    assert not LessonPage.objects.filter(title="越权课时").exists()

    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=(lesson.pk,)),
        lesson_data("被篡改的课时", [("甲", True), ("乙", False)]),
    )
    assert edit.status_code in (302, 403)
    assert (
        LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().title == "本机构的课时"
    )


def test_body_user_cannot_publish_a_lesson(client, body):
    user = body_user(body)
    client.login(username=user.username, password=PASSWORD)
    course = make_course(body)
    data = lesson_data("想直接发布的课时", [("甲", True), ("乙", False)])
    data["action-publish"] = "action-publish"
    client.post(add_url(LessonPage, course), data)
    assert not LessonPage.objects.get(title="想直接发布的课时").live


def test_editor_publishes_a_lesson(client, body, editor):
    client.login(username=editor.username, password=PASSWORD)
    course = make_course(body)
    data = lesson_data("编辑发布的课时", [("甲", True), ("乙", False)])
    data["action-publish"] = "action-publish"
    response = client.post(add_url(LessonPage, course), data)
    assert response.status_code == 302
    assert LessonPage.objects.get(title="编辑发布的课时").live
