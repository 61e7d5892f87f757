"""The campaign dashboard's charts, drawn by ``library.charts`` from the figures
(``reports.figures``): each district's cases and each body's courses against the minimum and
maximum, submissions over time against the deadline, and the pilot regions' before/after.
The tables beside them stay the accessible version of the same numbers."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from wagtail.models import Page, WorkflowState

from cases.rules import counted_cases
from courses.rules import counted_courses
from library.charts import (
    BeforeAfter,
    Progress,
    before_after_chart,
    progress_chart,
    timeline_chart,
)
from library.models import District

RATE_SCALE = 100


@dataclass
class DashboardCharts:
    districts: str
    bodies: str
    timeline: str
    pilots: list  # (region name, svg)


def _local_date(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date()


def case_submission_dates(campaign):
    """The day each counted case was first submitted (or published, for cases published
    without a workflow)."""
    cases = counted_cases(campaign.pk).values_list("pk", "first_published_at")
    started = dict(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk, _ in cases],
        )
        .values_list("object_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    dates = []
    for pk, published in cases:
        moment = started.get(str(pk)) or published
        if moment is not None:
            dates.append(_local_date(moment))
    return dates


def course_publication_dates(campaign):
    return [
        _local_date(moment)
        for moment in counted_courses(campaign).values_list("first_published_at", flat=True)
        if moment is not None
    ]


def timeline_span(campaign, today):
    """From the notice (or the first phase, or 1 January) to two weeks after the deadline,
    or today when later, within the campaign's year."""
    phases = list(campaign.phases.all())
    first_phase = min((p.start_date for p in phases), default=datetime.date(campaign.year, 1, 1))
    start = min(campaign.notice_date or first_phase, campaign.submission_deadline)
    year_end = datetime.date(campaign.year, 12, 31)
    end = min(max(campaign.submission_deadline + datetime.timedelta(days=14), today), year_end)
    return start, max(end, campaign.submission_deadline)


def build(dashboard):
    campaign, today = dashboard.campaign, dashboard.today
    short = {d.pk: d.short_name for d in District.objects.all()}
    districts = progress_chart(
        [
            Progress(
                short.get(row.district.pk, row.district.name), row.counted, row.minimum, row.maximum
            )
            for row in dashboard.districts
        ],
        title=f"{campaign.year}年各区报送案例数与最低、最高数",
        chart_id="chart-districts",
        label_width=50,
    )
    bodies = progress_chart(
        [Progress(row.body.name, row.published, row.minimum) for row in dashboard.bodies],
        title=f"{campaign.year}年各认证机构已发布课程数与最低数",
        chart_id="chart-bodies",
        unit="套",
    )
    start, end = timeline_span(campaign, today)
    timeline = timeline_chart(
        [
            ("案例（累计报送）", "line-cases", case_submission_dates(campaign)),
            ("课程（累计发布）", "line-courses", course_publication_dates(campaign)),
        ],
        start=start,
        end=end,
        deadline=campaign.submission_deadline,
        today=today,
        title=f"{campaign.year}年案例、课程累计数量与报送截止日期",
        chart_id="chart-timeline",
    )
    pilots = []
    for index, pilot in enumerate(dashboard.pilots):
        rows = [
            BeforeAfter(stat.name, stat.before, stat.after, "%", RATE_SCALE)
            for stat in pilot.rates
            if stat.samples
        ]
        svg = before_after_chart(
            rows, title=f"{pilot.region.name}提升前后对比", chart_id=f"chart-pilot-{index}"
        )
        if svg:
            pilots.append((pilot.region.name, svg))
    return DashboardCharts(districts, bodies, timeline, pilots)
