"""A learner walks from the course list through a lesson to a passed assessment and a certificate."""

from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from courses.assessment import drawn_questions
from courses.models import Attempt, BankChoice, BankQuestion, QuestionCategory
from library.models import Clause
from tests.browser.conftest import take_docs_screenshot
from tests.courses.factories import learner, make_course, make_lesson, question
from tests.factories import PASSWORD, CertificationBodyFactory, body_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_course(site_tree):
    body = CertificationBodyFactory(name="天津华正认证有限公司")
    course = make_course(
        body,
        "小微企业 ISO 9001 大白话",
        summary="用企业听得懂的话讲 GB/T 19001-2016，每章配真实做法和考评题。",
        audiences=["leaders", "system_builders"],
    )
    make_lesson(
        course,
        "第一课 有风险才有制度",
        clauses=("6.1", "6.1.1"),
        blocks=[
            (
                "clause",
                {
                    "clause": Clause.objects.get(number="6.1.1"),
                    "requirement": "组织应确定需要应对的风险和机遇。",
                    "plain_reading": "<p>先问“哪里最容易出事”，再定办法。</p>",
                },
            ),
            (
                "risk_control",
                {"risk": "关键供应商停产", "control": "保持两家合格供方", "record": "合格供方名录"},
            ),
            question("“有风险才有制度”是指？", [("先识别风险再定制度", True), ("照抄范本", False)]),
        ],
    )
    make_lesson(
        course,
        "第二课 不合格品",
        clauses=("8.7",),
        blocks=[
            question(
                "不合格品应当？（多选）", [("标识", True), ("隔离", True), ("直接发货", False)]
            )
        ],
    )
    return course


def _choose(page, attempt, right):
    """Tick the right (or a wrong) choice of every drawn question, by its label."""
    for drawn in drawn_questions(attempt):
        indexes = (
            sorted(drawn.correct)
            if right
            else [next(i for i in range(len(drawn.choices)) if i not in drawn.correct)]
        )
        for index in indexes:
            page.get_by_label(drawn.choices[index], exact=True).check()


def _open_attempt(course):
    return Attempt.objects.get(course=course, submitted_at__isnull=True)


def test_a_learner_who_fails_sees_no_answers_studies_passes_a_new_draw_and_is_certified(
    browser_page, screenshot, published_course
):
    course = published_course
    body = course.certification_body
    category = QuestionCategory.objects.create(body=body, name="风险与不合格品")
    for prompt, choices in (
        ("合格供方名录多久评价一次？", [("至少每年一次", True), ("从不评价", False)]),
        ("内审发现的问题应当？", [("分析原因并纠正", True), ("删掉记录", False)]),
    ):
        q = BankQuestion.objects.create(
            body=body, category=category, prompt=prompt, explanation=f"解析：{prompt}"
        )
        for order, (text, ok) in enumerate(choices):
            BankChoice.objects.create(question=q, text=text, correct=ok, sort_order=order)
    course.question_categories.set([category])
    course.question_count = 3
    course.save()

    user = learner("sunli")
    page = browser_page
    page.goto("/learners/login/?next=/courses/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/courses/")
    screenshot("courses-list-desktop")

    page.get_by_role("link", name="小微企业 ISO 9001 大白话").click()
    page.get_by_role("link", name="第一课 有风险才有制度").click()
    expect(page.get_by_text("大白话", exact=True)).to_be_visible()
    assert page.get_by_text("“有风险才有制度”是指？").count() == 0  # no quiz text on the lesson
    screenshot("courses-lesson-desktop")
    page.get_by_role("button", name="学完本课时").click()
    expect(page.get_by_text("您已学完本课时")).to_be_visible()
    page.goto(course.url + "assessment/")

    # First attempt: everything wrong. The score shows; the answers do not.
    page.get_by_role("button", name="开始考评").click()
    expect(page.get_by_role("button", name="提交答卷")).to_be_visible()
    first = _open_attempt(course)
    assert len(first.drawn) == 3
    _choose(page, first, right=False)
    page.get_by_role("button", name="提交答卷").click()
    expect(page.get_by_text("未达到合格分")).to_be_visible()
    expect(page.get_by_text("正确答案和解析在考评合格")).to_be_visible()
    html = page.content()
    assert "解析：" not in html and "review__mark" not in html
    screenshot("courses-assessment-failed-desktop")

    # Study the remaining lesson, then pass a new draw.
    page.goto(course.url)
    page.get_by_role("link", name="第二课 不合格品").click()
    page.get_by_role("button", name="学完本课时").click()
    expect(page.get_by_text("您已学完本课时")).to_be_visible()
    page.goto(course.url + "assessment/")
    page.get_by_role("button", name="再考一次").click()
    expect(page.get_by_role("button", name="提交答卷")).to_be_visible()
    second = _open_attempt(course)
    assert second.pk != first.pk and len(second.drawn) == 3
    _choose(page, second, right=True)
    page.get_by_role("button", name="提交答卷").click()
    expect(page.get_by_text("考评合格")).to_be_visible()
    expect(page.get_by_text("答对 3 / 3 题")).to_be_visible()
    expect(page.get_by_text("正确答案").first).to_be_visible()  # revealed after the pass
    screenshot("courses-assessment-passed-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载结业证书（PDF）").click()
    pdf = download_info.value.path().read_bytes()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert "结业证书" in text and "小微企业ISO9001大白话" in text and "天津华正认证有限公司" in text

    code = page.locator("text=证书验证码").inner_text().split("：")[-1].strip()
    page.goto(f"/certificates/verify/?code={code}")
    expect(page.get_by_text("证书有效")).to_be_visible()

    # The body reads the gradebook.
    page.context.clear_cookies()
    staff = body_user(body, username="huazheng")
    page.goto("/admin/login/")
    page.locator("#id_username").fill(staff.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/learning/gradebook/{course.pk}/")
    row = page.locator("[data-gradebook] tbody tr").first
    assert "孙丽" in row.inner_text() and "100" in row.inner_text()
    assert "2 / 2" in row.inner_text() and code in row.inner_text()
    assert page.locator("[data-items] tbody tr").count() >= 3
    take_docs_screenshot(page, "gradebook")


def test_course_pages_fit_a_phone(browser_page, screenshot, published_course):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    lesson = next(iter(published_course.lessons()))
    for name, url in [
        ("courses-list-phone", published_course.get_parent().get_parent().url),
        ("courses-course-phone", published_course.url),
        ("courses-lesson-phone", lesson.url),
        ("courses-clauses-phone", "/clauses/"),
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} 在手机宽度下出现横向滚动（{width}px）"
        screenshot(name)


def test_the_body_edits_a_lesson_and_finds_a_clause_by_number(browser_page, published_course):
    page = browser_page
    body = published_course.certification_body
    staff = body_user(body, username="huazheng-editor")
    page.goto("/admin/login/")
    page.locator("#id_username").fill(staff.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    lesson = next(iter(published_course.lessons()))
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.wait_for_selector("[data-contentpath='body']")
    take_docs_screenshot(page, "lesson-editor")

    # The clause block's chooser finds 8.4.1 by its number.
    # (the block has a clause already: its "choose another" action sits in a closed menu)
    page.locator("[data-contentpath='clause'] [data-chooser-action-choose]").first.dispatch_event(
        "click"
    )
    search = page.get_by_placeholder("输入条款号（如 8.4.1）或标题关键词")
    search.fill("8.4.1")
    results = page.locator(".modal [data-chooser-modal-choice], .modal table a")
    results.first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)  # the results panel replaces itself after the typing pause
    assert "8.4.1" in results.first.inner_text()
    take_docs_screenshot(page, "clause-chooser")
