"""The assessment draws questions per attempt on the server, limits attempts, keeps the answers
back until a pass or the last attempt, and certifies only a learner who studied every lesson
and passed."""

from collections import Counter
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from courses.assessment import SUBMIT_GRACE, draw, drawn_questions, pool_size, question_pool
from courses.models import (
    Attempt,
    BankChoice,
    BankQuestion,
    Certificate,
    LessonProgress,
    QuestionCategory,
)
from tests.courses.factories import learner, make_course, make_lesson, question
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EXPLANATION = "外部提供的产品不合格，责任在组织自己"


def assessment_url(course):
    return course.url + "assessment/"


def signed_in(client, user=None):
    user = user or learner()
    client.login(username=user.username, password=PASSWORD)
    return user


def start(client, course):
    response = client.post(assessment_url(course), {"action": "start"})
    assert response.status_code == 302
    return Attempt.objects.filter(course=course, submitted_at__isnull=True).latest("started_at")


def answer_sheet(attempt, wrong=0):
    """The right answers to the attempt's draw, the first ``wrong`` questions answered wrong."""
    sheet = {"action": "submit", "attempt": str(attempt.pk)}
    for number, q in enumerate(drawn_questions(attempt)):
        choices = sorted(q.correct)
        if number < wrong:
            choices = [next(i for i in range(len(q.choices)) if i not in q.correct)]
        sheet[q.field_name] = [str(i) for i in choices]
    return sheet


def take(client, course, wrong=0):
    attempt = start(client, course)
    return client.post(assessment_url(course), answer_sheet(attempt, wrong))


def study_all(client, course):
    for lesson in course.lessons():
        client.post(lesson.url + "complete/")


def test_public_pages_and_search_never_show_quiz_text(client, course):
    lesson = course.lessons().first()
    page = client.get(lesson.url).content.decode()
    assert "外购件出了问题" not in page and "找供应商" not in page
    assert "道考评题" in page
    assessment = client.get(assessment_url(course)).content.decode()
    assert "外购件出了问题" not in assessment and "登录后参加考评" in assessment
    assert "外购件出了问题" not in lesson.search_text()
    assert "找供应商" not in lesson.search_text()
    assert EXPLANATION not in lesson.search_text()
    quiz = lesson.body.stream_block.child_blocks["question"]
    assert quiz.get_searchable_content(lesson.questions()[0].value) == []


def test_an_attempt_stores_its_draw_and_shows_it(client, course):
    signed_in(client)
    attempt = start(client, course)
    assert len(attempt.drawn) == 3 and attempt.total == 3
    assert {q["id"] for q in attempt.drawn} == {q.id for q in question_pool(course)}
    html = client.get(assessment_url(course)).content.decode()
    for q in drawn_questions(attempt):
        assert q.prompt in html
    assert EXPLANATION not in html
    assert 'type="checkbox"' in html  # the multiple-choice question


def test_a_draw_takes_n_questions_and_shuffles_choices(course):
    course.question_count = 2
    orders, sets = Counter(), Counter()
    for _ in range(60):
        drawn = draw(course)
        assert len(drawn) == 2
        sets[frozenset(q.id for q in drawn)] += 1
        for q in drawn:
            assert sorted(q.origin) == list(range(len(q.choices)))
            # the right answers follow their choices through the shuffle
            pool = {p.id: p for p in question_pool(course)}
            original = pool[q.id]
            assert {original.choices[i] for i in original.correct} == {
                q.choices[i] for i in q.correct
            }
            orders[(q.id, tuple(q.origin))] += 1
    assert len(sets) == 3  # every pair of the three questions came up
    assert len(orders) > 3  # choices appear in more than one order


def test_a_failed_attempt_shows_the_score_but_no_answers(client, course):
    signed_in(client)
    response = take(client, course, wrong=1)
    html = response.content.decode()
    assert response.context["result"].score == 67
    assert not response.context["result"].passed
    assert "未达到合格分" in html
    assert EXPLANATION not in html
    assert "正确答案" not in html.replace("正确答案和解析在", "")
    assert not response.context["reveal"]


def test_a_pass_reveals_answers_and_explanations(client, course):
    signed_in(client)
    response = take(client, course)
    html = response.content.decode()
    assert response.context["result"].passed
    assert EXPLANATION in html and "正确答案" in html


def test_the_last_allowed_attempt_reveals_answers_and_no_more_can_start(client, course):
    course.max_attempts = 2
    course.save()
    signed_in(client)
    first = take(client, course, wrong=2)
    assert not first.context["reveal"] and first.context["attempts_left"] == 1
    last = take(client, course, wrong=2)
    assert last.context["reveal"] and EXPLANATION in last.content.decode()
    refused = client.post(assessment_url(course), {"action": "start"}, follow=True)
    assert "次数已用完" in refused.content.decode()
    assert Attempt.objects.count() == 2


def test_a_retake_gets_a_new_draw(client, course):
    signed_in(client)
    take(client, course, wrong=2)
    second = start(client, course)
    assert Attempt.objects.count() == 2
    assert second.submitted_at is None and second.drawn


def test_the_cool_down_is_kept_to_the_minute(client, course):
    course.cooldown_minutes = 30
    course.save()
    signed_in(client)
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        take(client, course, wrong=2)
    submitted = Attempt.objects.get().submitted_at
    with time_machine.travel(submitted + timedelta(minutes=30) - timedelta(seconds=1), tick=False):
        refused = client.post(assessment_url(course), {"action": "start"}, follow=True)
        assert "两次考评需间隔 30 分钟" in refused.content.decode()
        assert Attempt.objects.count() == 1
    with time_machine.travel(submitted + timedelta(minutes=30), tick=False):
        start(client, course)
        assert Attempt.objects.count() == 2


def test_the_time_limit_is_enforced_on_the_server(client, course):
    course.time_limit_minutes = 10
    course.save()
    signed_in(client)
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        attempt = start(client, course)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)
    with time_machine.travel(attempt.deadline + SUBMIT_GRACE, tick=False):
        on_time = client.post(assessment_url(course), answer_sheet(attempt))
        assert on_time.context["result"].passed

    with time_machine.travel(moment + timedelta(hours=1), tick=False):
        late_attempt = start(client, course)
    with time_machine.travel(
        late_attempt.deadline + SUBMIT_GRACE + timedelta(seconds=1), tick=False
    ):
        late = client.post(assessment_url(course), answer_sheet(late_attempt), follow=True)
    assert "考评时限" in late.content.decode()
    late_attempt.refresh_from_db()
    assert late_attempt.timed_out and late_attempt.score == 0 and not late_attempt.passed


@pytest.mark.parametrize(
    "tamper, message",
    [
        (
            lambda sheet, other: sheet.pop(next(k for k in sheet if k.startswith("q-"))),
            "道题未作答",
        ),
        (
            lambda sheet, other: sheet[next(k for k in sheet if k.startswith("q-"))].append(
                sheet[next(k for k in sheet if k.startswith("q-"))][0]
            ),
            "重复提交",
        ),
        (lambda sheet, other: sheet.update(other), "不属于本次考评的题目"),
        (
            lambda sheet, other: sheet.update(
                {next(k for k in sheet if k.startswith("q-")): ["9"]}
            ),
            "无效的选项",
        ),
    ],
    ids=["missing", "duplicated", "forged-question", "forged-choice"],
)
def test_tampered_answer_sheets_are_refused(client, course, body, tamper, message):
    other_course = make_course(body, "另一门课")
    make_lesson(
        other_course, "别的课时", blocks=[question("别的题", [("甲", True), ("乙", False)])]
    )
    signed_in(client)
    attempt = start(client, course)
    sheet = answer_sheet(attempt)
    other = {q.field_name: ["0"] for q in question_pool(other_course)}
    tamper(sheet, other)

    response = client.post(assessment_url(course), sheet)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "result" not in response.context
    attempt.refresh_from_db()
    assert attempt.is_open  # the learner may correct the sheet


def test_a_question_of_the_pool_that_was_not_drawn_is_refused(client, course):
    course.question_count = 1
    course.save()
    signed_in(client)
    attempt = start(client, course)
    sheet = answer_sheet(attempt)
    not_drawn = next(q for q in question_pool(course) if q.id != attempt.drawn[0]["id"])
    sheet[not_drawn.field_name] = ["0"]
    assert client.post(assessment_url(course), sheet).status_code == 400


def test_a_posted_score_is_ignored(client, course):
    signed_in(client)
    attempt = start(client, course)
    sheet = answer_sheet(attempt, wrong=3)
    sheet["score"] = "100"
    sheet["passed"] = "1"
    response = client.post(assessment_url(course), sheet)
    assert response.context["result"].score == 0


def test_an_answer_sheet_is_graded_once(client, course):
    signed_in(client)
    attempt = start(client, course)
    client.post(assessment_url(course), answer_sheet(attempt, wrong=2))
    again = client.post(assessment_url(course), answer_sheet(attempt), follow=True)
    assert "已经结束或已交卷" in again.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 33


def test_a_certificate_needs_every_lesson_studied_and_a_pass(client, course, body):
    user = signed_in(client, learner(enterprise="天津市鑫达车架制造有限公司"))
    first, second = course.lessons()
    client.post(first.url + "complete/")

    passed = take(client, course)
    assert passed.context["result"].passed
    assert passed.context["certificate"] is None
    assert [lesson.pk for lesson in passed.context["lessons_left"]] == [second.pk]
    assert "还需学完以下 1 个课时" in passed.content.decode()
    assert client.get(course.url + "certificate/").status_code == 404

    client.post(second.url + "complete/")
    certificate = Certificate.objects.get(user=user, course=course)
    assert certificate.score == 100

    download = client.get(course.url + "certificate/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(download.content)).pages)
    compact = "".join(text.split())
    for expected in ("结业证书", "孙丽", "进货检验怎么做", body.name, certificate.display_code):
        assert "".join(expected.split()) in compact, expected

    verify = client.get("/certificates/verify/", {"code": certificate.display_code.lower()})
    assert "证书有效" in verify.content.decode()
    forged = client.get("/certificates/verify/", {"code": "AAAA-BBBB-CCCC"})
    assert "未找到该证书" in forged.content.decode()


def test_studying_everything_without_passing_earns_nothing(client, course):
    signed_in(client)
    study_all(client, course)
    take(client, course, wrong=2)
    assert Certificate.objects.count() == 0


def test_a_certificate_belongs_to_its_learner(client, course):
    signed_in(client)
    study_all(client, course)
    take(client, course)
    assert Certificate.objects.count() == 1
    client.logout()
    signed_in(client)
    assert client.get(course.url + "certificate/").status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, course):
    response = client.post(assessment_url(course), {"action": "start"})
    assert response.status_code == 302 and "/learners/login/" in response["Location"]
    assert Attempt.objects.count() == 0


def test_bank_questions_come_from_the_courses_chosen_categories_of_its_own_body(
    client, course, body, other_body
):
    mine = QuestionCategory.objects.create(body=body, name="进货检验")
    unchosen = QuestionCategory.objects.create(body=body, name="内审")
    theirs = QuestionCategory.objects.create(body=other_body, name="进货检验")
    for category, prompt in ((mine, "题库题甲"), (unchosen, "未选分类题"), (theirs, "别家题")):
        q = BankQuestion.objects.create(
            body=category.body, category=category, prompt=prompt, explanation="解析"
        )
        BankChoice.objects.create(question=q, text="对", correct=True, sort_order=0)
        BankChoice.objects.create(question=q, text="错", correct=False, sort_order=1)
    course.question_categories.set([mine, theirs])
    prompts = {q.prompt for q in question_pool(course)}
    assert "题库题甲" in prompts
    assert "未选分类题" not in prompts and "别家题" not in prompts
    assert len(prompts) == 4
    # The course page counts the same pool without building it (assessment.pool_size): a
    # draft lesson's quiz blocks do not count, nor do the other blocks of a lesson.
    # The categories are a parental relation: stored when the course is saved.
    make_lesson(course, "草稿课时", blocks=[question("草稿题", [("甲", True)])], live=False)
    course.save()
    assert pool_size(course) == len(question_pool(course)) == 4
    assert "共 4 道题" in client.get(course.url).content.decode()


def test_lesson_progress_is_kept_for_signed_in_learners(client, course):
    first, second = course.lessons()
    user = learner()
    assert client.post(first.url + "complete/").status_code == 302  # anonymous: sent to login
    assert LessonProgress.objects.count() == 0

    client.login(username=user.username, password=PASSWORD)
    client.post(first.url + "complete/")
    client.post(first.url + "complete/")  # twice is still once
    assert LessonProgress.objects.filter(user=user).count() == 1
    page = client.get(course.url)
    assert page.context["done_count"] == 1
    assert "已学完 1 / 2 课时" in page.content.decode()
    assert client.get(second.url).context["is_done"] is False
    assert client.get(first.url).context["is_done"] is True
