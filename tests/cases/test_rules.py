"""Submission rules: the per-district maximum and the deadline refuse a district's
submission, at the model layer, unless a city editor recorded an exception (the one
override mechanism, ``review.CheckOverride``, recorded on the review app's form)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from cases import rules
from library.models import Campaign
from review.checks import failures, run_checks
from review.exceptions import PublicationRefused, SubmissionRefused
from review.models import CheckOverride
from review.publication import REFUSED_ACTION
from tests.cases.factories import complete_case, credit_code, open_campaign
from tests.clock import TIANJIN, at
from tests.factories import PASSWORD, DivisionHeadFactory, district, district_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    return open_campaign(case_max_per_district=2)


def submit(page, user):
    """What the admin's submit button does: start the page's workflow."""
    page.get_workflow().start(page, user)


def after_deadline(campaign, days=15):
    """The clock frozen ``days`` after ``campaign``'s deadline, whatever the real date."""
    return at(campaign.submission_deadline + datetime.timedelta(days=days))


def test_a_complete_case_passes_every_check(campaign):
    case = complete_case(campaign=campaign)
    assert failures(run_checks(case.get_latest_revision_as_object())) == []


def test_cases_over_the_district_maximum_are_refused_at_submission(campaign):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)
    complete_case(campaign=campaign, publish=True)
    third = complete_case(campaign=campaign)

    result = rules.check_quota(third)
    assert not result.passed
    assert "已达到每区不超过 2 个的上限" in result.message
    with pytest.raises(SubmissionRefused) as refused:
        submit(third, user)
    assert any("上限" in f.message for f in refused.value.failures)
    assert third.workflow_states.count() == 0


def test_other_districts_and_other_years_do_not_count_towards_the_maximum(campaign):
    user = district_user(district("北辰区"))
    for _ in range(2):
        complete_case("武清区", campaign=campaign, publish=True)
    complete_case(campaign=Campaign.objects.get(year=2024), publish=True)
    complete_case(campaign=campaign)  # drafts never submitted take no place
    complete_case(campaign=campaign)
    case = complete_case(campaign=campaign)
    assert rules.check_quota(case).passed
    submit(case, user)
    assert case.workflow_states.get().status == "in_progress"


def test_a_case_past_the_deadline_is_refused():
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    on_time = timezone.make_aware(datetime.datetime(2024, 10, 30, 23, 59))
    late = timezone.make_aware(datetime.datetime(2024, 10, 31, 0, 1))

    assert rules.check_deadline(case, on_time).passed
    result = rules.check_deadline(case, late)
    assert not result.passed
    assert "2024年10月30日截止" in result.message
    with after_deadline(past), pytest.raises(SubmissionRefused):
        submit(case, district_user(district("北辰区")))


def exception(case, name, reason):
    """An editor's recorded exception for one check of ``case``."""
    return CheckOverride.objects.create(page_id=case.pk, check_name=name, reason=reason)


def test_an_editor_override_with_a_reason_lets_the_district_submit(campaign, client, editor):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)
    submit(complete_case(campaign=campaign), user)
    third = complete_case(campaign=campaign)

    client.force_login(editor)
    # The former 记录报送例外 address leads to the one override form.
    old = client.get(reverse("cases_admin:rule_override", args=(third.pk,)))
    url = reverse("review_override", args=(third.pk,))
    assert old.status_code == 302 and old["Location"] == url
    page = client.get(url)
    assert "已达到每区不超过 2 个的上限" in page.content.decode()
    assert "报送截止日期" not in page.content.decode()  # only failing checks are offered
    response = client.post(url, {"reason_1": "该企业为电动自行车试点龙头配套企业，经研究同意增报"})
    assert response.status_code == 302

    override = CheckOverride.objects.get(page_id=third.pk)
    assert (override.check_name, override.editor) == ("每区推荐名额", editor)
    result = rules.check_quota(third)
    assert result.passed and "经研究同意增报" in result.message
    submit(third, user)
    assert third.workflow_states.get().status == "in_progress"
    history = client.get(reverse("wagtailadmin_pages:history", args=(third.pk,))).content.decode()
    assert "记录自动检查例外：每区推荐名额" in history


def test_the_deadline_override_lets_a_late_case_in():
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    with after_deadline(past):
        assert not rules.check_deadline(case).passed
        exception(case, rules.DEADLINE, "系统故障导致延误，补报")
        assert rules.check_deadline(case).passed


def test_only_city_editors_may_record_an_override(campaign, client):
    case = complete_case(campaign=campaign)
    user = district_user(district("北辰区"))
    client.login(username=user.username, password=PASSWORD)
    for url in (
        reverse("cases_admin:rule_override", args=(case.pk,)),
        reverse("review_override", args=(case.pk,)),
    ):
        client.post(url, {"reason_1": "我们区想多报一个案例"}, follow=True)
    assert client.get(reverse("review_override", args=(case.pk,))).status_code in (302, 403)
    assert not CheckOverride.objects.exists()


def test_a_case_submitted_on_time_still_passes_the_deadline_at_approval(campaign):
    case = complete_case(campaign=campaign)
    submit(case, district_user(district("北辰区")))
    after_deadline = timezone.make_aware(datetime.datetime(campaign.year, 11, 15, 9, 0))
    assert rules.check_deadline(case, after_deadline).passed


# What districts rely on, boundary by boundary ----------------------------------------------


def act(page, user, action):
    """An editor's approve / reject on the case's current review task."""
    state = Page.objects.get(pk=page.pk).current_workflow_task_state.specific
    state.task.specific.on_action(state, user, action)


def test_the_last_place_is_given_and_the_next_case_is_refused(campaign):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)  # 1 of 2 taken

    last = complete_case(campaign=campaign)
    assert rules.check_quota(last).passed
    submit(last, user)  # exactly at the maximum now
    assert last.workflow_states.get().status == "in_progress"

    refused = complete_case(campaign=campaign)
    assert not rules.check_quota(refused).passed
    with pytest.raises(SubmissionRefused):
        submit(refused, user)


def test_the_district_maximum_counts_only_this_campaigns_cases_of_this_district(campaign):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)  # 1 of 2 taken in 北辰区
    complete_case("北辰区", campaign=Campaign.objects.get(year=2024), publish=True)
    complete_case("武清区", campaign=campaign, publish=True)

    case = complete_case(campaign=campaign)
    result = rules.check_quota(case)
    assert result.passed and "已报送 1 个" in result.message
    submit(case, user)
    assert case.workflow_states.get().status == "in_progress"


def test_a_case_sent_back_for_changes_keeps_its_place_until_withdrawn(campaign, editor):
    user = district_user(district("北辰区"))
    first = complete_case(campaign=campaign)
    submit(first, user)
    submit(complete_case(campaign=campaign), user)
    act(first, editor, "reject")
    assert first.workflow_states.get().status == "needs_changes"

    waiting = complete_case(campaign=campaign)
    with pytest.raises(SubmissionRefused):
        submit(waiting, user)

    Page.objects.get(pk=first.pk).current_workflow_state.cancel(user=user)
    submit(waiting, user)
    assert waiting.workflow_states.get().status == "in_progress"


def test_the_deadline_day_ends_at_midnight_tianjin_time():
    past = Campaign.objects.get(year=2024)  # 报送截止 2024-10-30
    user = district_user(district("北辰区"))
    last_second = datetime.datetime(2024, 10, 30, 23, 59, 59, tzinfo=TIANJIN)
    midnight = datetime.datetime(2024, 10, 31, 0, 0, 0, tzinfo=TIANJIN)
    # In UTC both moments are still 30 October: a UTC reading would let the late case in.
    assert midnight.astimezone(datetime.UTC).date() == past.submission_deadline

    on_time = complete_case(campaign=past)
    with at(last_second):
        submit(on_time, user)
    assert on_time.workflow_states.get().status == "in_progress"

    late = complete_case(campaign=past)
    with at(midnight), pytest.raises(SubmissionRefused) as refused:
        submit(late, user)
    assert any("2024年10月30日截止" in f.message for f in refused.value.failures)
    assert late.workflow_states.count() == 0


def test_a_case_submitted_on_time_is_approved_after_the_deadline(editor):
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    with at(datetime.datetime(2024, 10, 30, 20, 0, tzinfo=TIANJIN)):
        submit(case, district_user(district("北辰区")))
    with at(datetime.datetime(2024, 11, 15, 9, 0, tzinfo=TIANJIN)):
        act(case, editor, "approve")  # 初审
        act(case, DivisionHeadFactory(), "approve")  # 签发
    case.refresh_from_db()
    assert case.live
    assert case.workflow_states.get().status == "approved"


def test_a_quota_exception_does_not_let_a_late_case_in():
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    exception(case, rules.QUOTA, "经研究同意增报")

    with after_deadline(past), pytest.raises(SubmissionRefused) as refused:
        assert not rules.check_deadline(case).passed
        submit(case, district_user(district("北辰区")))
    assert [f.name for f in refused.value.failures] == ["报送截止日期"]


def test_a_deadline_exception_does_not_lift_the_district_maximum(campaign):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)
    submit(complete_case(campaign=campaign), user)
    case = complete_case(campaign=campaign)
    exception(case, rules.DEADLINE, "系统故障导致延误，补报")

    assert not rules.check_quota(case).passed
    with pytest.raises(SubmissionRefused) as refused:
        submit(case, user)
    assert [f.name for f in refused.value.failures] == ["每区推荐名额"]


# One case per enterprise ---------------------------------------------------------------------

SAME_FIRM = credit_code(424242)


def test_the_same_enterprise_twice_in_one_district_is_refused_naming_the_first_case(campaign):
    user = district_user(district("北辰区"))
    first = complete_case(campaign=campaign, credit_code=SAME_FIRM, title="车架焊接质量提升")
    submit(first, user)

    again = complete_case(campaign=campaign, credit_code=SAME_FIRM)
    with pytest.raises(SubmissionRefused) as refused:
        submit(again, user)
    (failure,) = refused.value.failures
    assert failure.name == "同一企业重复报送"
    assert f"{SAME_FIRM} 的企业已由北辰区报送案例“车架焊接质量提升”" in failure.message


def test_the_same_enterprise_from_another_district_is_refused(campaign):
    complete_case(
        "武清区", campaign=campaign, credit_code=SAME_FIRM, title="地毯织造", publish=True
    )
    case = complete_case(campaign=campaign, credit_code=SAME_FIRM.lower())

    result = rules.check_one_case_per_enterprise(case)
    assert not result.passed and "已由武清区报送案例“地毯织造”" in result.message
    with pytest.raises(SubmissionRefused):
        submit(case, district_user(district("北辰区")))


def test_the_same_enterprise_may_come_back_in_another_year_or_after_a_draft(campaign):
    complete_case(campaign=Campaign.objects.get(year=2024), credit_code=SAME_FIRM, publish=True)
    complete_case("武清区", campaign=campaign, credit_code=SAME_FIRM)  # a draft, never submitted
    case = complete_case(campaign=campaign, credit_code=SAME_FIRM)

    assert rules.check_one_case_per_enterprise(case).passed
    submit(case, district_user(district("北辰区")))
    assert case.workflow_states.get().status == "in_progress"


# The deadline at go-live -----------------------------------------------------------------------


def test_a_case_approved_on_time_and_scheduled_after_the_deadline_goes_live(editor):
    """Judged on the submission of the workflow that approved the revision going live."""
    past = Campaign.objects.get(year=2024)  # 报送截止 2024-10-30
    case = complete_case(campaign=past)
    case.go_live_at = datetime.datetime(2024, 12, 1, 9, 0, tzinfo=TIANJIN)
    case.save_revision(user=district_user(district("北辰区")))
    with at(datetime.datetime(2024, 10, 30, 20, 0, tzinfo=TIANJIN)):
        submit(case, district_user(district("北辰区")))
    with at(datetime.datetime(2024, 11, 15, 9, 0, tzinfo=TIANJIN)):
        act(case, editor, "approve")  # 初审
        act(case, DivisionHeadFactory(), "approve")  # 签发: scheduled, not yet live
    case.refresh_from_db()
    assert not case.live
    assert case.revisions.filter(approved_go_live_at__isnull=False).count() == 1

    with at(datetime.datetime(2024, 12, 1, 9, 5, tzinfo=TIANJIN)):
        call_command("publish_scheduled")
    case.refresh_from_db()
    assert case.live
    assert not PageLogEntry.objects.filter(page_id=case.pk, action=REFUSED_ACTION).exists()


def test_an_editor_publishing_a_draft_after_the_deadline_needs_an_exception(editor):
    """No workflow at all: the deadline is judged on now."""
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    with after_deadline(past), pytest.raises(PublicationRefused) as refused:
        case.get_latest_revision().publish(user=editor)
    assert [f.name for f in refused.value.failures] == ["报送截止日期"]
    case.refresh_from_db()
    assert not case.live

    exception(case, rules.DEADLINE, "区里按时报送了纸质材料，系统补录")
    with after_deadline(past):
        case.get_latest_revision().publish(user=editor)
    case.refresh_from_db()
    assert case.live


def test_a_scheduled_case_never_submitted_is_refused_at_go_live(editor):
    """Scheduled by an editor without a review: at go-live it is judged on that moment."""
    past = Campaign.objects.get(year=2024)
    case = complete_case(campaign=past)
    case.go_live_at = datetime.datetime(2024, 11, 1, 9, 0, tzinfo=TIANJIN)
    revision = case.save_revision(user=editor)
    with at(datetime.datetime(2024, 10, 30, 20, 0, tzinfo=TIANJIN)):
        revision.publish(user=editor)  # on time: scheduled
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    with at(datetime.datetime(2024, 11, 1, 9, 5, tzinfo=TIANJIN)):
        call_command("publish_scheduled")
    case.refresh_from_db()
    assert not case.live
    entry = PageLogEntry.objects.get(page_id=case.pk, action=REFUSED_ACTION)
    assert "2024年10月30日截止" in entry.data["messages"][0]
