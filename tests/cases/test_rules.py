"""Submission rules: the per-district maximum and the deadline refuse a district's
submission, at the model layer, unless a city editor recorded an exception."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.models import CaseRuleOverride
from library.models import Campaign
from review.checks import failures, run_checks
from review.exceptions import SubmissionRefused
from tests.cases.factories import complete_case, open_campaign
from tests.factories import PASSWORD, district, district_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    return open_campaign(case_max_per_district=2)


def submit(page, user):
    """What the admin's submit button does: start the page's workflow."""
    page.get_workflow().start(page, user)


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
    with pytest.raises(SubmissionRefused):
        submit(case, district_user(district("北辰区")))


def test_an_editor_override_with_a_reason_lets_the_district_submit(campaign, client, editor):
    user = district_user(district("北辰区"))
    submit(complete_case(campaign=campaign), user)
    submit(complete_case(campaign=campaign), user)
    third = complete_case(campaign=campaign)

    client.force_login(editor)
    url = reverse("cases_admin:rule_override", args=(third.pk,))
    page = client.get(url)
    assert "已达到每区不超过 2 个的上限" in page.content.decode()
    response = client.post(
        url, {"rule": "quota", "reason": "该企业为电动自行车试点龙头配套企业，经研究同意增报"}
    )
    assert response.status_code == 302

    override = CaseRuleOverride.objects.get(case=third)
    assert (override.rule, override.editor) == ("quota", editor)
    result = rules.check_quota(third)
    assert result.passed and "经研究同意增报" in result.message
    submit(third, user)
    assert third.workflow_states.get().status == "in_progress"


def test_the_deadline_override_lets_a_late_case_in():
    case = complete_case(campaign=Campaign.objects.get(year=2024))
    CaseRuleOverride.objects.create(case=case, rule="deadline", reason="系统故障导致延误，补报")
    assert rules.check_deadline(case).passed


def test_only_city_editors_may_record_an_override(campaign, client):
    case = complete_case(campaign=campaign)
    user = district_user(district("北辰区"))
    client.login(username=user.username, password=PASSWORD)
    url = reverse("cases_admin:rule_override", args=(case.pk,))
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"rule": "quota", "reason": "我们区想多报一个案例"})
    assert not CaseRuleOverride.objects.exists()


def test_a_case_submitted_on_time_still_passes_the_deadline_at_approval(campaign):
    case = complete_case(campaign=campaign)
    submit(case, district_user(district("北辰区")))
    after_deadline = timezone.make_aware(datetime.datetime(campaign.year, 11, 15, 9, 0))
    assert rules.check_deadline(case, after_deadline).passed
