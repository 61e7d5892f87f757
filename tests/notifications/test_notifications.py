"""Notifications with Django's locmem email and the clock frozen: who gets what, when, and
nothing twice when the daily run is repeated."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from library.models import Campaign
from notifications import kinds
from notifications.models import Notification, NotificationPreference
from notifications.reminders import run_daily
from selection.assignment import assign_by_hand, auto_assign
from selection.models import Decision
from tests.cases.factories import complete_case
from tests.clock import TIANJIN, at
from tests.courses.factories import make_course, make_lesson, question
from tests.factories import (
    PASSWORD,
    CertificationBodyFactory,
    EditorFactory,
    body_user,
    district,
    district_user,
)
from tests.selection.factories import make_case, make_expert, make_round

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year + 8


@pytest.fixture(autouse=True)
def content_checks_elsewhere(monkeypatch):
    """Only the review app's own checks: these tests are about who hears of a submission
    or decision, the apps' content rules are tested with the apps."""
    from review import checks
    from review.builtin_checks import attachments_present, forbidden_claims

    registry = [e for e in checks._registry if e[1] in (forbidden_claims, attachments_present)]
    monkeypatch.setattr(checks, "_registry", registry)


def sent_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def daily(*day):
    with at(*day, 8, 0):
        return run_daily()


@pytest.fixture
def campaign(site_tree):
    return Campaign.objects.create(
        year=YEAR,
        title=f"{YEAR}年小微企业质量管理体系认证提升行动",
        submission_deadline=datetime.date(YEAR, 10, 30),
        case_min_per_district=1,
        case_max_per_district=5,
        course_min_per_body=1,
        reminder_days=7,
    )


@pytest.fixture
def people(campaign):
    beichen = district_user(district("北辰区"))  # no case yet: short of the minimum
    wuqing = district_user(district("武清区"))
    make_case(district="武清区", year=YEAR)  # has its one (published) case
    body = CertificationBodyFactory()
    return {"beichen": beichen, "wuqing": wuqing, "body": body, "body_user": body_user(body)}


def test_submission_reminders_n_days_before_and_on_the_deadline_day_once(people):
    beichen, wuqing, trainer = people["beichen"], people["wuqing"], people["body_user"]

    daily(YEAR, 10, 22)  # 8 days before: not a reminder day
    assert mail.outbox == []

    daily(YEAR, 10, 23)  # 7 days before (the campaign's N)
    [to_district] = sent_to(beichen)
    assert f"还有 7 天截止：北辰区{YEAR}年优良实践案例尚未报送足额" == to_district.subject
    assert "已报送优良实践案例 0 个" in to_district.body and "尚缺 1 个" in to_district.body
    [to_body] = sent_to(trainer)
    assert "培训课程" in to_body.subject and "尚缺 1 套" in to_body.body
    assert sent_to(wuqing) == []  # met its minimum

    daily(YEAR, 10, 23)  # the run repeated the same day
    assert len(mail.outbox) == 2

    daily(YEAR, 10, 30)  # the deadline day
    assert [m.subject[:4] for m in sent_to(beichen)] == ["还有 7", "今天截止"]
    daily(YEAR, 10, 31)
    daily(YEAR, 10, 30)
    assert len(sent_to(beichen)) == 2
    assert Notification.objects.filter(user=beichen).count() == 2


def test_a_district_that_catches_up_is_not_reminded(people, campaign):
    make_case(district="北辰区", year=YEAR)
    daily(YEAR, 10, 23)
    assert sent_to(people["beichen"]) == []
    assert len(sent_to(people["body_user"])) == 1


def test_optional_reminders_can_be_turned_off_in_my_notifications(client, people):
    trainer = people["body_user"]
    with at(YEAR, 10, 1, 9, 0):
        client.login(username=trainer.username, password=PASSWORD)
        page = client.get(reverse("my_notifications"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "报送截止提醒" in html and "评审任务分配" in html
        client.post(reverse("my_notifications"), {"receive": [kinds.SCORING_REMINDER]})
    preference = NotificationPreference.objects.get(user=trainer)
    assert kinds.SUBMISSION_REMINDER in preference.muted_kinds
    daily(YEAR, 10, 23)
    assert sent_to(trainer) == []
    assert len(sent_to(people["beichen"])) == 1


def test_each_user_sees_only_their_own_notifications(client, people):
    daily(YEAR, 10, 23)
    with at(YEAR, 10, 23, 9, 0):
        client.login(username=people["beichen"].username, password=PASSWORD)
        html = client.get(reverse("my_notifications")).content.decode()
    assert "北辰区" in html and "培训课程尚未报送足额" not in html
    assert "已发送" in html


@pytest.fixture
def selection_round(campaign, people):
    cases = [make_case(district="北辰区", year=YEAR) for _ in range(2)]
    experts = [make_expert() for _ in range(3)]
    with at(YEAR, 11, 1, 9, 0):
        selection_round = make_round(
            cases,
            experts,
            campaign=campaign,
            title=f"{YEAR}年度小微企业质量管理优良案例评选",
            k=2,
            deadline=datetime.datetime(YEAR, 11, 20, 17, 0, tzinfo=TIANJIN),
        )
    return selection_round


def test_experts_are_told_of_assignments_once(selection_round, django_capture_on_commit_callbacks):
    editor = EditorFactory()
    with at(YEAR, 11, 1, 10, 0):
        auto_assign(selection_round)
    assert mail.outbox == []  # bulk assignment: announced by the daily run
    daily(YEAR, 11, 2)
    assignments = list(selection_round.assignments.select_related("expert__user"))
    assert len(mail.outbox) == len(assignments) == 4
    assert all(m.subject.startswith("新的评审任务") for m in mail.outbox)
    daily(YEAR, 11, 3)
    assert len(mail.outbox) == 4

    # A case added by hand is announced at once.
    case = make_case(district="武清区", year=YEAR)
    expert = selection_round.experts.first()
    with at(YEAR, 11, 3, 10, 0):
        selection_round.set_candidates([*selection_round.candidate_subjects(), case])
        selection_round.save()
        with django_capture_on_commit_callbacks(execute=True):
            assign_by_hand(selection_round, case, expert, editor)
    assert len(mail.outbox) == 5
    assert mail.outbox[-1].to == [expert.user.email]
    assert f"《{case.title}》" in mail.outbox[-1].subject


def test_scoring_reminders_go_to_experts_with_cases_unscored(selection_round):
    with at(YEAR, 11, 1, 10, 0):
        auto_assign(selection_round)
    daily(YEAR, 11, 2)
    mail.outbox.clear()
    busy = selection_round.assignments.first().expert
    # Everyone else has scored (simulated: their assignments answered).
    from selection.models import Score

    criterion = selection_round.criteria.first()
    for assignment in selection_round.assignments.exclude(expert=busy):
        Score.objects.create(assignment=assignment, criterion=criterion, value=8)
    daily(YEAR, 11, 12)  # 8 days before the scoring deadline
    assert mail.outbox == []
    daily(YEAR, 11, 13)  # 7 days before
    assert [m.to for m in mail.outbox] == [[busy.user.email]]
    assert "未评分" in mail.outbox[0].subject
    daily(YEAR, 11, 13)
    daily(YEAR, 11, 20)  # the scoring deadline day
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    left = selection_round.assignments.filter(expert=busy).count()
    assert subjects[0] == f"还有 7 天评分截止：您尚有 {left} 个案例未评分"
    assert subjects[1].startswith("今天评分截止")


def test_the_close_of_a_round_is_announced_once_to_every_expert(selection_round):
    daily(YEAR, 11, 21)
    closed = [m for m in mail.outbox if m.subject.startswith("评分已截止")]
    assert sorted(m.to[0] for m in closed) == sorted(
        e.user.email for e in selection_round.experts.all()
    )
    daily(YEAR, 11, 22)
    assert len([m for m in mail.outbox if m.subject.startswith("评分已截止")]) == 3


def test_districts_and_bodies_hear_of_a_selection_decision(
    selection_round, people, django_capture_on_commit_callbacks
):
    case = selection_round.candidate_subjects().first()
    case.helping_body = people["body"]
    case.save()
    with django_capture_on_commit_callbacks(execute=True):
        Decision.objects.create(
            round=selection_round,
            entry=selection_round.entry_for(case.pk),
            level=Decision.CITY,
            reason="成效突出",
            decided_at=datetime.datetime(YEAR, 12, 1, 10, tzinfo=TIANJIN),
        )
    assert [m.subject for m in sent_to(people["beichen"])] == [
        f"评选结果：市级优良案例：案例《{case.title}》"
    ]
    assert len(sent_to(people["body_user"])) == 1
    assert sent_to(people["wuqing"]) == []


def ours(messages):
    return [m for m in messages if m.subject.startswith(("审核通过：", "需要修改："))]


def submit(page, user):
    page = Page.objects.get(pk=page.pk).specific
    page.get_workflow().start(page, user)


def act(page, user, action):
    state = Page.objects.get(pk=page.pk).current_workflow_task_state.specific
    state.task.specific.on_action(state, user, action)


def test_a_body_hears_when_its_course_is_approved(people, django_capture_on_commit_callbacks):
    course = make_course(people["body"], "进货检验怎么做", live=False, year=YEAR)
    make_lesson(course, "第一课", blocks=[question("谁负责？", [("组织", True), ("供方", False)])])
    course.save_revision()
    with at(YEAR, 9, 1, 10, 0):
        submit(course, people["body_user"])
        with django_capture_on_commit_callbacks(execute=True):
            act(course, EditorFactory(), "approve")
    # (Wagtail also mails the submitter its own workflow notice.)
    [message] = ours(sent_to(people["body_user"]))
    assert message.subject == "审核通过：培训课程《进货检验怎么做》"
    assert message.body.endswith(f"/admin/pages/{course.pk}/edit/")
    assert sent_to(people["beichen"]) == []


def test_a_district_hears_when_its_case_is_sent_back(
    people, campaign, django_capture_on_commit_callbacks
):
    case = complete_case("北辰区", campaign)
    with at(YEAR, 9, 1, 10, 0):
        submit(case, people["beichen"])
        with django_capture_on_commit_callbacks(execute=True):
            act(case, EditorFactory(), "reject")
    [message] = ours(sent_to(people["beichen"]))
    assert message.subject.startswith("需要修改：")
    assert "重新提交" in message.body


def test_editors_get_one_digest_a_day_of_what_waits(people, campaign):
    editor = EditorFactory()
    case = complete_case("北辰区", campaign, title="北辰某车架厂案例")
    with at(YEAR, 9, 1, 10, 0):
        submit(case, people["beichen"])
    daily(YEAR, 9, 2)

    def digests():
        return [m for m in sent_to(editor) if m.subject.startswith("审核待办日报")]

    [digest] = digests()
    assert digest.subject == "审核待办日报（9月2日）：1 项待审核"
    assert "北辰某车架厂案例" in digest.body
    daily(YEAR, 9, 2)
    daily(YEAR, 9, 3)
    assert len(digests()) == 2


def test_the_command_runs_for_a_given_date(people, capsys):
    with at(YEAR, 10, 23, 8, 0):
        call_command("send_reminders")
        call_command("send_reminders", "--date", f"{YEAR}-10-30")
    out = capsys.readouterr().out
    assert "报送截止提醒" in out
    assert len(sent_to(people["beichen"])) == 2
