"""A learner walks from the course list through a lesson to a passed assessment and a certificate."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from library.models import Clause
from tests.courses.factories import learner, make_course, make_lesson, question
from tests.factories import PASSWORD, CertificationBodyFactory

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


def test_a_learner_passes_the_assessment_and_downloads_the_certificate(
    browser_page, screenshot, published_course
):
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
    assert page.get_by_text("大白话", exact=True).is_visible()
    screenshot("courses-lesson-desktop")
    page.get_by_role("button", name="学完本课时").click()
    assert page.get_by_text("您已学完本课时").is_visible()
    page.get_by_role("link", name="第二课 不合格品").click()
    page.get_by_role("link", name="参加课程考评").click()

    page.get_by_label("先识别风险再定制度").check()
    page.get_by_label("标识").check()
    page.get_by_label("隔离").check()
    page.get_by_role("button", name="提交答卷").click()
    assert page.get_by_text("考评合格").is_visible()
    assert page.get_by_text("答对 2 / 2 题").is_visible()
    screenshot("courses-assessment-passed-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载结业证书（PDF）").click()
    pdf = download_info.value.path().read_bytes()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert "结业证书" in text and "小微企业ISO9001大白话" in text and "天津华正认证有限公司" in text

    code = page.locator("text=证书验证码").inner_text().split("：")[-1].strip()
    page.goto(f"/certificates/verify/?code={code}")
    assert page.get_by_text("证书有效").is_visible()

    page.goto(published_course.url)
    assert page.get_by_text("已学完 1 / 2 课时").is_visible()
    screenshot("courses-course-desktop")


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
