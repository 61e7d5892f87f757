"""Which campaign is current, with the clock frozen through a year of the action: before the
next campaign opens, mid-campaign, on the deadline day, after it and in January of the next
year. The years are relative to today's, so the tests mean the same on any date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.forms import CasePageForm
from cases.models import CasePage, SatisfactionSurveyPage
from courses.models import CoursePage
from library import campaigns
from library.models import Campaign, CampaignPhase
from tests.clock import at
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Far enough ahead of the reference data (2023, 2024) and of other tests' campaigns.
YEAR = datetime.date.today().year + 6


def make(year, **fields):
    values = {
        "title": f"{year}年小微企业质量管理体系认证提升行动",
        "notice_date": datetime.date(year, 4, 1),
        "submission_deadline": datetime.date(year, 10, 30),
        **fields,
    }
    campaign = Campaign.objects.create(year=year, **values)
    CampaignPhase.objects.create(
        campaign=campaign,
        name="报送阶段",
        start_date=datetime.date(year, 4, 1),
        end_date=datetime.date(year, 10, 30),
    )
    return campaign


@pytest.fixture
def two_years(site_tree):
    """Last year's campaign (closed) and this year's, both of the far year ``YEAR``."""
    return make(YEAR - 1), make(YEAR)


@pytest.mark.parametrize(
    ("moment", "expected_year", "accepts"),
    [
        # 15 December: next year's campaign already opened by an editor, this year's current.
        ((YEAR - 1, 12, 15), YEAR - 1, False),
        # January: the new year's campaign is current, its deadline ahead.
        ((YEAR, 1, 10), YEAR, True),
        # Mid-campaign.
        ((YEAR, 6, 15), YEAR, True),
        # The deadline day, one minute before midnight in Tianjin.
        ((YEAR, 10, 30, 23, 59), YEAR, True),
        # One minute after midnight: still current, readable, no longer taking submissions.
        ((YEAR, 10, 31, 0, 1), YEAR, False),
        # January of the next year, nobody has opened that year's campaign yet.
        ((YEAR + 1, 1, 5), YEAR, False),
    ],
)
def test_the_current_campaign_follows_the_tianjin_calendar(
    two_years, moment, expected_year, accepts
):
    with at(*moment):
        campaign = campaigns.current()
        assert campaign.year == expected_year
        assert campaign.accepts_submissions() is accepts


def test_the_tianjin_date_not_utc_decides_the_year(two_years):
    # 31 December 16:30 UTC is already 1 January in Tianjin.
    moment = datetime.datetime(YEAR - 1, 12, 31, 16, 30, tzinfo=datetime.UTC)
    with at(moment):
        assert timezone.localdate() == datetime.date(YEAR, 1, 1)
        assert campaigns.current().year == YEAR


def test_a_later_campaign_is_never_current(site_tree):
    make(YEAR + 2)
    with at(YEAR + 1, 6, 1):
        assert campaigns.current().year != YEAR + 2


def test_status_label_counts_the_days(two_years):
    _, this = two_years
    assert this.status_label(datetime.date(YEAR, 10, 28)) == "报送中，还有 2 天截止"
    assert this.status_label(datetime.date(YEAR, 10, 30)) == "报送中，今天截止"
    assert this.status_label(datetime.date(YEAR, 10, 31)) == "已截止"


@pytest.mark.parametrize(
    ("moment", "expected_year"),
    [((YEAR - 1, 12, 15), YEAR - 1), ((YEAR, 6, 15), YEAR), ((YEAR + 1, 1, 5), YEAR)],
)
def test_home_page_shows_the_current_years_arrangements(client, two_years, moment, expected_year):
    with at(*moment):
        response = client.get("/")
    html = response.content.decode()
    assert f"{expected_year} 年度工作安排" in html
    other = YEAR if expected_year == YEAR - 1 else YEAR - 1
    assert f"{other} 年度工作安排" not in html


def test_home_page_shows_a_past_year_on_request_and_its_notice_text(client, two_years):
    last, _ = two_years
    last.notice_text = "<p>上一年度的通知正文</p>"
    last.save()
    with at(YEAR, 6, 15):
        html = client.get("/", {"year": YEAR - 1}).content.decode()
        assert f"{YEAR - 1} 年度工作安排" in html
        assert "上一年度的通知正文" in html
        assert "已截止" in html
        assert client.get("/", {"year": YEAR + 40}).status_code == 404
        assert client.get("/", {"year": "20x6"}).status_code == 400


@pytest.mark.parametrize(
    ("moment", "expected_year"),
    [((YEAR, 6, 15), YEAR), ((YEAR, 10, 30, 23, 0), YEAR), ((YEAR + 1, 1, 5), YEAR)],
)
def test_dashboard_defaults_to_the_current_campaign(
    client, editor, two_years, moment, expected_year
):
    with at(*moment):
        client.login(username=editor.username, password=PASSWORD)  # the idle timeout
        response = client.get(reverse("reports_admin:dashboard"))
    assert response.status_code == 200
    assert response.context["campaign"].year == expected_year


def test_dashboard_counts_days_from_the_frozen_date(client, editor, two_years):
    with at(YEAR, 10, 20):
        client.login(username=editor.username, password=PASSWORD)
        html = client.get(reverse("reports_admin:dashboard")).content.decode()
    assert "还有 <strong>10</strong> 天" in html
    client.logout()
    with at(YEAR, 10, 30):
        client.login(username=editor.username, password=PASSWORD)
        html = client.get(reverse("reports_admin:dashboard")).content.decode()
    assert "今天截止" in html


@pytest.mark.parametrize(
    ("moment", "expected_year"), [((YEAR, 6, 15), YEAR), ((YEAR + 1, 1, 5), YEAR)]
)
def test_new_cases_and_courses_start_in_the_current_campaign(two_years, moment, expected_year):
    with at(*moment):
        case_form = CasePage.get_edit_handler().get_form_class()(instance=CasePage(), for_user=None)
        course_form = CoursePage.get_edit_handler().get_form_class()(
            instance=CoursePage(), for_user=None
        )
    expected = Campaign.objects.get(year=expected_year).pk
    assert isinstance(case_form, CasePageForm)
    assert case_form.initial["campaign"] == expected
    assert course_form.initial["campaign"] == expected


def test_an_existing_case_keeps_its_campaign(two_years):
    last, _ = two_years
    with at(YEAR, 6, 15):
        form = CasePage.get_edit_handler().get_form_class()(
            instance=CasePage(campaign=last), for_user=None
        )
    assert form.initial.get("campaign") in (None, last.pk)


# The acceptance test: at each moment of the year, every year-dependent screen starts at the
# same current campaign (and a new record of each kind starts in it).
MOMENTS = [
    # Before the new campaign opens: next year's is already saved, this year's is current.
    ((YEAR - 1, 12, 15), YEAR - 1, False),
    # Mid-campaign.
    ((YEAR, 6, 15), YEAR, True),
    # The deadline day, late in the evening.
    ((YEAR, 10, 30, 23, 0), YEAR, True),
    # After the deadline: still the year's campaign, readable.
    ((YEAR, 11, 20), YEAR, False),
    # January of the next year, before anybody opened that year's campaign.
    ((YEAR + 1, 1, 5), YEAR, False),
]
SCREENS = {
    "案例报送看板": "reports_admin:dashboard",
    "课程报送情况": "reports_admin:course_report",
    "区域试点统计表": "reports_admin:pilot_statistics",
    "评估总结": "reports_admin:district_summaries",
}
ADD_FORMS = {
    "评选轮次": "selection_rounds:add",
    "帮扶台账": "wagtailsnippets_enterprises_helpledger:add",
    "培训登记": "wagtailsnippets_enterprises_trainingsession:add",
    "投诉与通报批评": "reports_admin:complaint_add",
}


def new_record_forms():
    """A new case, course and questionnaire, each as its admin form starts."""
    return {
        model.__name__: model.get_edit_handler().get_form_class()(instance=model(), for_user=None)
        for model in (CasePage, CoursePage, SatisfactionSurveyPage)
    }


@pytest.mark.parametrize(("moment", "expected_year", "accepts"), MOMENTS)
def test_the_current_campaign_is_the_default_everywhere(
    client, two_years, moment, expected_year, accepts
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    expected = Campaign.objects.get(year=expected_year)
    with at(*moment):
        assert campaigns.current() == expected
        client.login(username=admin.username, password=PASSWORD)  # the idle timeout
        home = client.get("/").content.decode()
        assert f"{expected_year} 年度工作安排" in home  # the home page's 工作安排
        for label, name in SCREENS.items():  # dashboards and reports
            response = client.get(reverse(name))
            assert response.status_code == 200, label
            assert response.context["campaign"] == expected, label
        for label, name in ADD_FORMS.items():  # selection, ledgers, trainings, complaints
            form = client.get(reverse(name)).context["form"]
            assert str(form["campaign"].value()) == str(expected.pk), label
        for label, form in new_record_forms().items():  # cases, courses, the questionnaire
            assert form.initial["campaign"] == expected.pk, label
        # Submissions: open until the deadline's last minute, refused after it.
        assert expected.accepts_submissions() is accepts
