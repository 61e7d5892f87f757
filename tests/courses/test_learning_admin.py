"""A body's question bank and gradebook in the admin: each body sees and edits only its own;
the gradebook lists learners, attempts, best score and completion, exports xlsx (one writer)
and analyses items (correct rate, weak distractors)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.gradebook import item_analysis
from courses.models import Attempt, BankQuestion, QuestionCategory
from tests.courses.test_assessment import signed_in, study_all, take
from tests.factories import ExpertFactory, body_user

pytestmark = pytest.mark.django_db


def question_data(body, category, choices, kind="single"):
    return nested_form_data(
        {
            "body": body.pk,
            "category": category.pk,
            "prompt": "进货检验记录由谁保存？",
            "kind": kind,
            "explanation": "谁检验谁记录。",
            "choices": inline_formset(
                [{"text": text, "correct": ok} for text, ok in choices], min=2
            ),
        }
    )


def test_a_body_keeps_its_own_question_bank(client, body, other_body):
    mine = QuestionCategory.objects.create(body=body, name="进货检验")
    theirs = QuestionCategory.objects.create(body=other_body, name="别家分类")
    client.force_login(body_user(body))

    listing = client.get("/admin/snippets/courses/questioncategory/").content.decode()
    assert "进货检验" in listing and "别家分类" not in listing
    assert client.get(
        f"/admin/snippets/courses/questioncategory/edit/{theirs.pk}/"
    ).status_code in (
        302,
        403,
        404,
    )

    add = "/admin/snippets/courses/bankquestion/add/"
    form = client.get(add).content.decode()
    assert "别家分类" not in form
    assert form.count('name="choices-') >= 2  # a new question starts with two choices

    refused = client.post(add, question_data(body, mine, [("质检员", False), ("仓库", False)]))
    assert "请至少标出一个正确答案" in refused.content.decode()
    refused = client.post(add, question_data(body, mine, [("质检员", True), ("仓库", True)]))
    assert "单选题只能有一个正确答案" in refused.content.decode()
    forged = client.post(add, question_data(other_body, theirs, [("甲", True), ("乙", False)]))
    assert forged.status_code == 200 and not BankQuestion.objects.exists()

    saved = client.post(add, question_data(body, mine, [("质检员", True), ("仓库", False)]))
    assert saved.status_code == 302
    question = BankQuestion.objects.get()
    assert question.body == body and question.choices.count() == 2


def test_experts_have_no_question_bank(client, body):
    client.force_login(ExpertFactory())
    assert client.get("/admin/snippets/courses/bankquestion/").status_code in (302, 403)
    assert client.get("/admin/learning/gradebook/").status_code in (302, 403)


def test_the_body_reads_the_gradebook_and_exports_it(client, course, body, other_body):
    passer = signed_in(client)
    study_all(client, course)
    take(client, course, wrong=2)
    take(client, course)
    client.logout()
    failer = signed_in(client)
    take(client, course, wrong=3)
    client.logout()

    client.force_login(body_user(other_body))
    assert client.get(f"/admin/learning/gradebook/{course.pk}/").status_code == 404

    client.force_login(body_user(body))
    assert course.title in client.get("/admin/learning/gradebook/").content.decode()
    response = client.get(f"/admin/learning/gradebook/{course.pk}/")
    assert len(response.context["rows"]) == 2
    best = response.context["rows"][0]
    assert best.username == passer.username
    assert (best.attempts, best.best_score, best.passed, best.lessons_done) == (2, 100, True, 2)
    assert best.completed
    worst = response.context["rows"][1]
    assert worst.username == failer.username
    assert (worst.attempts, worst.best_score, worst.passed, worst.completed) == (1, 0, False, False)

    export = client.get(f"/admin/learning/gradebook/{course.pk}/export.xlsx")
    book = load_workbook(BytesIO(export.content))
    assert book.sheetnames == ["成绩册", "试题分析"]
    sheet = book["成绩册"]
    assert [cell.value for cell in sheet[1]][:6] == [
        "姓名",
        "登录名",
        "企业",
        "所在区",
        "考评次数",
        "最高分",
    ]
    assert sheet["E2"].value == 2 and sheet["F2"].value == 100 and sheet["G2"].value == "合格"


def test_item_analysis_counts_correct_rates_and_flags_weak_distractors(client, course):
    for wrong in (0, 0, 0, 0, 1):  # five learners; one answers the first drawn question wrong
        signed_in(client)
        take(client, course, wrong=wrong)
        client.logout()
    items = {item.prompt: item for item in item_analysis(course)}
    assert sum(item.answered for item in items.values()) == 15
    rates = sorted(item.correct_rate for item in items.values())
    assert rates[0] == pytest.approx(4 / 5)
    assert rates[1:] == [1.0, 1.0]
    never = items["不合格品应当？"]
    wrong_choices = [c for c in never.choice_list if not c.correct]
    if never.correct_rate == 1.0:
        # nobody picked "混入合格品" or "直接发货": both are weak distractors
        assert all(choice.weak for choice in wrong_choices)
    assert not any(choice.weak for choice in never.choice_list if choice.correct)
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 5
