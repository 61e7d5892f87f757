"""The course deadline, enforced at submission like the case deadline: a course sent after
its campaign's deadline (end of the day, Tianjin time) is refused in Chinese; an editor's
exception with a reason lets it in; one sent in on time is approved after the deadline."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses import rules
from library.models import Campaign
from review.exceptions import SubmissionRefused
from review.models import CheckOverride
from tests.clock import TIANJIN, at
from tests.courses.factories import make_course, make_lesson, question
from tests.factories import PASSWORD, body_user

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year + 7


@pytest.fixture
def campaign(site_tree):
    return Campaign.objects.create(
        year=YEAR,
        title=f"{YEAR}年小微企业质量管理体系认证提升行动",
        submission_deadline=datetime.date(YEAR, 10, 30),
    )


@pytest.fixture
def late_course(body, campaign):
    course = make_course(body, "进货检验怎么做", live=False, year=YEAR)
    make_lesson(course, "第一课", blocks=[question("谁负责？", [("组织", True), ("供方", False)])])
    course.save_revision()
    return course


def submit(course, user):
    """What the admin's submit button does: start the page's workflow."""
    page = Page.objects.get(pk=course.pk).specific
    page.get_workflow().start(page, user)


def test_the_deadline_day_ends_at_midnight_tianjin_time(body, late_course):
    with at(YEAR, 10, 30, 23, 59, 59):
        assert rules.check_deadline(late_course).passed
    with at(YEAR, 10, 31, 0, 0, 0), pytest.raises(SubmissionRefused) as refused:
        submit(late_course, body_user(body))
    assert [f.message for f in refused.value.failures] == [
        f"{YEAR}年培训课程报送已于{YEAR}年10月30日截止，不能再报送；如确需报送，请联系市级编辑记录例外理由"
    ]
    assert late_course.workflow_states.count() == 0


def test_a_course_sent_on_time_is_accepted(body, late_course):
    with at(YEAR, 10, 30, 23, 59):
        submit(late_course, body_user(body))
    assert late_course.workflow_states.get().status == "in_progress"


def test_an_editors_exception_with_a_reason_lets_a_late_course_in(
    client, editor, body, late_course
):
    url = reverse("review_override", args=(late_course.pk,))
    with at(YEAR, 11, 3, 10, 0):
        client.login(username=editor.username, password=PASSWORD)
        page = client.get(url).content.decode()
        assert "报送截止日期" in page
        too_short = client.post(url, {"reason_1": "同意"})
        assert "理由至少 6 个字" in too_short.content.decode()
        assert not CheckOverride.objects.filter(page_id=late_course.pk).exists()
        client.post(url, {"reason_1": "机构因疫情停课，经处务会研究同意补报"})
        override = CheckOverride.objects.get(page_id=late_course.pk)
        assert override.check_name == "报送截止日期"
        result = rules.check_deadline(late_course)
        assert result.passed
        assert "机构因疫情停课" in result.message
        submit(late_course, body_user(body))
    assert late_course.workflow_states.get().status == "in_progress"


def test_an_exception_for_another_check_does_not_let_a_late_course_in(body, late_course):
    CheckOverride.objects.create(
        page_id=late_course.pk, check_name="课程简介", messages=["x"], reason="与截止无关的例外"
    )
    with at(YEAR, 11, 3, 10, 0), pytest.raises(SubmissionRefused) as refused:
        submit(late_course, body_user(body))
    assert [f.name for f in refused.value.failures] == ["报送截止日期"]


def test_a_course_sent_on_time_is_approved_after_the_deadline(editor, body, late_course):
    with at(YEAR, 10, 30, 20, 0):
        submit(late_course, body_user(body))
    with at(YEAR, 11, 15, 9, 0):
        assert rules.check_deadline(late_course).passed
        state = Page.objects.get(pk=late_course.pk).current_workflow_task_state.specific
        state.task.specific.on_action(state, editor, "approve")
    late_course.refresh_from_db()
    assert late_course.live


def test_a_course_without_a_campaign_is_not_checked_against_a_deadline(body):
    course = make_course(body, "无年度课程", live=False, year=None)
    assert rules.check_deadline(course).passed is False  # the rule itself says why
    from review.checks import run_checks

    names = [r.name for r in run_checks(course)]
    assert names.count("所属年度") == 1 and "报送截止日期" not in names


def test_a_course_approved_on_time_and_scheduled_after_the_deadline_goes_live(
    editor, body, late_course
):
    from django.core.management import call_command

    course = Page.objects.get(pk=late_course.pk).specific
    course.go_live_at = datetime.datetime(YEAR, 12, 1, 9, 0, tzinfo=TIANJIN)
    course.save_revision(user=body_user(body))
    with at(YEAR, 10, 30, 20, 0):
        submit(course, body_user(body))
    with at(YEAR, 11, 15, 9, 0):
        state = Page.objects.get(pk=course.pk).current_workflow_task_state.specific
        state.task.specific.on_action(state, editor, "approve")
    course.refresh_from_db()
    assert not course.live  # scheduled
    with at(YEAR, 12, 1, 9, 5):
        call_command("publish_scheduled")
    course.refresh_from_db()
    assert course.live
