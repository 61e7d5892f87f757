"""Demo campaigns relative to today: last year's (closed) and this year's (open).

The reference data holds the 2023 and 2024 notices' campaigns as they were. The demo adds
the previous and the current year's campaigns when they are missing, derived from the
latest notice's rules shifted to their year (``library.campaigns.next_year_initial``), so
``make run`` on any date shows a campaign open for submissions with its deadline ahead and
last year's closed. The demo content of each app (courses, cases, the selection round) is
placed in these two campaigns.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from library import campaigns
from library.models import Campaign, CampaignPhase

# The demo's current campaign keeps at least this many days before its deadline.
DAYS_AHEAD = 30
DEMO_NOTICE = (
    "<p>各区市场监管局组织辖区小微企业参加提升行动，于 <b>{deadline.year}年{deadline.month}月{deadline.day}日</b> 前"
    "在本平台报送优良实践案例；各认证机构同期报送通俗化培训课程。逾期报送的，"
    "须由市级编辑记录例外理由。</p>"
)


def _template(year):
    """The latest campaign before ``year`` (the latest notice's rules), else the latest."""
    return (
        Campaign.objects.filter(year__lt=year).order_by("-year").first()
        or Campaign.objects.order_by("-year").first()
    )


def _create(year, today, *, open_until_ahead):
    source = _template(year)
    if source is None:
        return None
    fields, phases = campaigns.next_year_initial(source, year)
    fields["notice_number"] = f"（演示）{year}年度通知"
    shifted = fields["submission_deadline"]
    if open_until_ahead:
        ahead = min(today + datetime.timedelta(days=DAYS_AHEAD), datetime.date(year, 12, 31))
        deadline = max(shifted, ahead)
        moved = deadline - shifted
        last_day = datetime.date(year, 12, 31)
        for phase in phases:  # the phases from the deadline on move with it
            if phase["end_date"] >= shifted:
                phase["end_date"] = min(phase["end_date"] + moved, last_day)
            if phase["start_date"] > shifted:
                phase["start_date"] = min(phase["start_date"] + moved, last_day)
        fields["submission_deadline"] = deadline
        if fields["notice_date"] and fields["notice_date"] > today:
            fields["notice_date"] = today
        fields["notice_text"] = DEMO_NOTICE.format(deadline=deadline)
    campaign = Campaign.objects.create(**fields)
    for order, phase in enumerate(phases):
        CampaignPhase.objects.create(campaign=campaign, sort_order=order, **phase)
    return campaign


@transaction.atomic
def demo_campaigns(today=None):
    """(previous, current): the campaigns of last year and this year, created if missing."""
    today = today or timezone.localdate()
    previous = Campaign.objects.filter(year=today.year - 1).first() or _create(
        today.year - 1, today, open_until_ahead=False
    )
    current = Campaign.objects.filter(year=today.year).first() or _create(
        today.year, today, open_until_ahead=True
    )
    return previous, current
