"""The assessment scores on the server, explains every answer, and keeps only learners' attempts."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from courses.assessment import course_questions
from courses.models import Attempt, Certificate, LessonProgress
from tests.courses.factories import learner, make_course, make_lesson, question
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def answer_sheet(course, wrong=0):
    """The right answers for every question, with the first ``wrong`` questions answered wrong."""
    sheet = {}
    for number, q in enumerate(course_questions(course.lessons())):
        choices = sorted(q.correct)
        if number < wrong:
            choices = [next(i for i in range(len(q.choices)) if i not in q.correct)]
        sheet[q.field_name] = [str(i) for i in choices]
    return sheet


def assessment_url(course):
    return course.url + "assessment/"


def test_the_assessment_gathers_the_questions_of_every_lesson_in_order(client, course):
    response = client.get(assessment_url(course))
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(p) for p in ("外购件出了问题", "哪些是进货检验的记录", "不合格品应当")]
    assert positions == sorted(positions)
    assert 'type="checkbox"' in html  # the multiple-choice question
    assert "找我们" in html and "8.4.1 要求" not in html  # explanations only after submitting


def test_a_learner_sees_score_right_answers_and_explanations(client, course):
    response = client.post(assessment_url(course), answer_sheet(course, wrong=1))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"].score == 67
    assert response.context["result"].correct == 2
    assert not response.context["result"].passed
    assert "未达到合格分" in html
    assert "外部提供的产品不合格，责任在组织自己" in html  # the explanation
    assert "正确答案" in html and "答错了" in html


def test_a_multiple_choice_question_needs_exactly_the_right_set(client, course):
    sheet = answer_sheet(course)
    multiple = next(q for q in course_questions(course.lessons()) if q.is_multiple)
    sheet[multiple.field_name] = ["0"]  # one right choice of two is not right
    response = client.post(assessment_url(course), sheet)
    assert response.context["result"].correct == 2


def test_anonymous_learners_get_a_score_and_nothing_is_stored(client, course):
    response = client.post(assessment_url(course), answer_sheet(course))
    assert response.context["result"].passed
    assert "登录" in response.content.decode()
    assert Attempt.objects.count() == 0
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize(
    "tamper, message",
    [
        (lambda sheet, other: sheet.pop(next(iter(sheet))), "道题未作答"),
        (
            lambda sheet, other: sheet[next(iter(sheet))].append(sheet[next(iter(sheet))][0]),
            "重复提交",
        ),
        (lambda sheet, other: sheet.update(other), "不属于本课程的题目"),
        (lambda sheet, other: sheet.update({next(iter(sheet)): ["9"]}), "无效的选项"),
    ],
    ids=["missing", "duplicated", "forged-question", "forged-choice"],
)
def test_tampered_answer_sheets_are_refused(client, course, body, tamper, message):
    other_course = make_course(body, "另一门课")
    make_lesson(
        other_course, "别的课时", blocks=[question("别的题", [("甲", True), ("乙", False)])]
    )
    sheet = answer_sheet(course)
    tamper(sheet, answer_sheet(other_course))
    user = learner()
    client.login(username=user.username, password=PASSWORD)

    response = client.post(assessment_url(course), sheet)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "result" not in response.context
    assert Attempt.objects.count() == 0


def test_a_posted_score_is_ignored(client, course):
    sheet = answer_sheet(course, wrong=3)
    sheet["score"] = "100"
    sheet["passed"] = "1"
    response = client.post(assessment_url(course), sheet)
    assert response.context["result"].score == 0


def test_a_signed_in_learner_who_passes_gets_a_verifiable_certificate(client, course, body):
    user = learner(enterprise="天津市鑫达车架制造有限公司")
    client.login(username=user.username, password=PASSWORD)

    failed = client.post(assessment_url(course), answer_sheet(course, wrong=2))
    assert failed.context["certificate"] is None
    assert client.get(course.url + "certificate/").status_code == 404

    passed = client.post(assessment_url(course), answer_sheet(course))
    certificate = passed.context["certificate"]
    assert certificate is not None
    assert list(Attempt.objects.filter(user=user).values_list("score", "passed")) in (
        [(100, True), (33, False)],
        [(33, False), (100, True)],
    )

    download = client.get(course.url + "certificate/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(download.content)).pages)
    compact = "".join(text.split())
    for expected in ("结业证书", "孙丽", "进货检验怎么做", body.name, certificate.display_code):
        assert "".join(expected.split()) in compact, expected
    assert "发证日期" in compact

    verify = client.get("/certificates/verify/", {"code": certificate.display_code.lower()})
    assert "证书有效" in verify.content.decode()
    assert body.name in verify.content.decode()
    forged = client.get("/certificates/verify/", {"code": "AAAA-BBBB-CCCC"})
    assert "未找到该证书" in forged.content.decode()


def test_a_certificate_belongs_to_its_learner(client, course):
    owner = learner()
    client.login(username=owner.username, password=PASSWORD)
    client.post(assessment_url(course), answer_sheet(course))
    client.logout()
    stranger = learner()
    client.login(username=stranger.username, password=PASSWORD)
    assert client.get(course.url + "certificate/").status_code == 404


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
