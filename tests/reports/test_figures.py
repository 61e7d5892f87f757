"""The campaign figures count what the rules count: the dashboard's per-district figures are
the quota rule's cases grouped by district, the per-body figures the courses that count
toward the minimum, and the work stays a fixed number of queries as the campaign grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cases import rules
from courses.models import CoursePage
from library.models import Campaign
from reports import figures
from tests.cases.factories import bulk_cases, complete_case, open_campaign
from tests.factories import CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    return open_campaign(case_min_per_district=1, case_max_per_district=3, course_min_per_body=2)


def row_of(data, name):
    return next(row for row in data.districts if row.district.name == name)


def test_a_district_row_counts_exactly_the_cases_that_take_its_places(campaign, editor):
    user = district_user(district("北辰区"))
    sent_back = complete_case(campaign=campaign)
    sent_back.get_workflow().start(sent_back, user)
    task = Page.objects.get(pk=sent_back.pk).current_workflow_task_state.specific
    task.task.specific.on_action(task, editor, "reject")  # needs changes: keeps its place
    withdrawn = complete_case(campaign=campaign)
    withdrawn.get_workflow().start(withdrawn, user)
    Page.objects.get(pk=withdrawn.pk).current_workflow_state.cancel(user=user)
    complete_case(campaign=campaign, publish=True)
    complete_case(campaign=campaign)  # a draft
    complete_case(campaign=Campaign.objects.get(year=2024), publish=True)  # another year

    row = row_of(figures.build(campaign), "北辰区")
    assert (row.submitted, row.published, row.counted) == (1, 1, 2)
    assert row.counted == rules.counted_cases(campaign.pk).filter(district__name="北辰区").count()
    assert (row.minimum, row.maximum, row.status) == (1, 3, "已达要求")


def test_a_district_over_its_maximum_is_flagged(campaign):
    for _ in range(3):
        complete_case("静海区", campaign=campaign, publish=True)
    exact = row_of(figures.build(campaign), "静海区")
    assert (exact.counted, exact.over_quota, exact.status) == (3, False, "已达要求")

    campaign.case_max_per_district = 2  # the city lowers the maximum afterwards
    row = row_of(figures.build(campaign), "静海区")
    assert (row.over_quota, row.status) == (True, "超出上限 1 个")


def test_a_body_meets_its_minimum_only_with_published_courses_of_the_campaign(campaign):
    body = CertificationBodyFactory()

    def course(number, live=True, year=None):
        body.courses_section.add_child(
            instance=CoursePage(
                title=f"课程{number}",
                slug=f"course-{number}",
                summary="进货检验",
                campaign=Campaign.objects.get(year=year) if year else campaign,
                live=live,
            )
        )

    course(1)
    course(2, live=False)
    course(3, year=2024)
    row = next(r for r in figures.build(campaign).bodies if r.body == body)
    assert (row.published, row.drafts, row.met, row.status) == (1, 1, False, "尚缺 1 套")

    course(4)  # exactly the minimum of two
    row = next(r for r in figures.build(campaign).bodies if r.body == body)
    assert (row.published, row.met, row.status) == (2, True, "已达要求")


def build_queries(campaign):
    figures.build(campaign)  # warm the content-type cache
    with CaptureQueriesContext(connection) as captured:
        figures.build(campaign)
    return len(captured)


def test_the_figures_take_the_same_queries_for_10_or_1000_cases(campaign):
    bulk_cases(10, campaign=campaign)
    few = build_queries(campaign)
    bulk_cases(990, "武清区", campaign=campaign)
    assert row_of(figures.build(campaign), "武清区").published == 990
    assert build_queries(campaign) == few
