"""The demo on any date: this year's campaign open with its deadline ahead, last year's
closed and decided, their cases and courses submitted on days spread before today; the
reference campaigns (2023, 2024) kept as they were."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import CasePage, CaseRecognition
from courses.models import CoursePage
from library import campaigns
from library.demo_campaigns import demo_campaigns, submission_moments, submission_window
from library.models import Campaign
from reports.charts import case_submission_dates, course_publication_dates
from selection.models import SelectionRound
from tests.clock import at

pytestmark = pytest.mark.django_db

FAR = datetime.date.today().year + 10


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(FAR, 1, 2),  # before the shifted notice
        datetime.date(FAR, 6, 15),  # mid-campaign
        datetime.date(FAR, 10, 30),  # the shifted deadline day
        datetime.date(FAR, 12, 1),  # after the shifted deadline
        datetime.date(FAR, 12, 31),  # the last day of the year
    ],
)
def test_demo_campaigns_are_relative_to_today(site_tree, day):
    with at(day):
        previous, current = demo_campaigns()
        assert (previous.year, current.year) == (FAR - 1, FAR)
        assert campaigns.current() == current
        assert current.accepts_submissions()
        assert current.submission_deadline >= day
        assert current.submission_deadline.year == FAR
        assert not previous.accepts_submissions()
        for phase in current.phases.all():
            assert phase.start_date <= phase.end_date
            assert phase.end_date.year == FAR
        assert current.notice_text  # the home page's notice
        # Derived from the latest notice's rules (2024: at most 5 cases per district).
        reference = Campaign.objects.get(year=2024)
        assert current.case_max_per_district == reference.case_max_per_district
        assert demo_campaigns() == (previous, current)  # nothing twice
    assert Campaign.objects.get(year=2024).submission_deadline == datetime.date(2024, 10, 30)
    assert Campaign.objects.get(year=2023).submission_deadline == datetime.date(2023, 11, 30)


def test_the_demo_content_fills_last_and_this_years_campaigns(site_tree, client):
    day = datetime.date(FAR, 3, 10)
    with at(day):
        call_command("load_initial_data", "--demo", verbosity=0, stdout=open("/dev/null", "w"))
        current = campaigns.current()
        assert current.year == FAR and current.accepts_submissions()
        previous = Campaign.objects.get(year=FAR - 1)
        assert CoursePage.objects.filter(campaign=current).exists()
        assert CasePage.objects.live().filter(campaign=current).exists()
        selection_round = SelectionRound.objects.get(campaign=previous)
        assert selection_round.is_closed()
        assert selection_round.decisions.count() == 3
        assert CaseRecognition.objects.filter(case__campaign=previous).count() == 3
        html = client.get("/").content.decode()
    assert f"{FAR} 年度工作安排" in html
    assert "报送中" in html
    # Submitted and published on days spread over each campaign's window, not on the day the
    # demo was loaded: the dashboard's submissions-over-time chart shows a curve.
    for campaign, last_day in ((current, day - datetime.timedelta(days=1)), (previous, None)):
        last_day = last_day or campaign.submission_deadline
        for dates in (case_submission_dates(campaign), course_publication_dates(campaign)):
            for date in dates:
                assert campaign.notice_date <= date <= last_day
        cases = case_submission_dates(campaign)
        assert len(set(cases)) == len(cases) >= 2
    courses = course_publication_dates(current)
    assert len(set(courses)) == len(courses) >= 2


@pytest.mark.parametrize(
    ("day", "window"),
    [
        # Mid-campaign: from the notice to yesterday.
        (datetime.date(FAR, 6, 15), (datetime.date(FAR, 4, 1), datetime.date(FAR, 6, 14))),
        # On the deadline day: the deadline itself has not happened yet.
        (datetime.date(FAR, 10, 30), (datetime.date(FAR, 4, 1), datetime.date(FAR, 10, 29))),
        # After the deadline: up to the deadline.
        (datetime.date(FAR, 12, 1), (datetime.date(FAR, 4, 1), datetime.date(FAR, 10, 30))),
        # The notice came out today: nothing earlier is plausible.
        (datetime.date(FAR, 4, 1), (datetime.date(FAR, 4, 1), datetime.date(FAR, 4, 1))),
    ],
)
def test_demo_submissions_fall_in_the_window_before_today(site_tree, day, window):
    campaign = Campaign.objects.create(
        year=FAR,
        title=f"{FAR}年度行动",
        notice_date=datetime.date(FAR, 4, 1),
        submission_deadline=datetime.date(FAR, 10, 30),
    )
    assert submission_window(campaign, day) == window
    moments = submission_moments(campaign, 6, day)
    days = [timezone.localtime(m).date() for m in moments]
    assert days == sorted(days) and window[0] <= days[0] and days[-1] <= window[1]
    assert all(9 <= timezone.localtime(m).hour < 17 for m in moments)
    if window[0] != window[1]:
        # More of them towards the end: the later half of the window holds most.
        middle = window[0] + (window[1] - window[0]) / 2
        assert sum(d > middle for d in days) > len(days) / 2
