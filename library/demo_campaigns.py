"""Demo campaigns relative to today: last year's (closed) and this year's (open).

The reference data holds the 2023 and 2024 notices' campaigns as they were. The demo adds
the previous and the current year's campaigns when they are missing, derived from the
latest notice's rules shifted to their year (``library.campaigns.next_year_initial``), so
``make run`` on any date shows a campaign open for submissions with its deadline ahead and
last year's closed. The demo content of each app (courses, cases, the selection round) is
placed in these two campaigns, submitted and published on days spread over each campaign's
window before today (``submission_moments``, ``backdate``), so the dashboard's
submissions-over-time chart shows a curve rather than one step on the day of loading.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from library import campaigns
from library.models import Campaign, CampaignPhase

# The demo's current campaign keeps at least this many days before its deadline.
DAYS_AHEAD = 30
# ... and, when the notice it derives from came later in the year, was published this many
# days ago (not before 1 January).
DAYS_OPEN = 30
# Demo submissions fall in office hours, Tianjin time.
OFFICE_HOURS = (9, 17)
# Submissions gather towards the end of the window: the i-th of n comes after a fraction
# ((i + 0.5) / n) ** RUSH of it (below 1: a curve that steepens as the deadline nears).
RUSH = 0.6
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
            # Published a while ago, so the demo's submissions have days to spread over.
            opened = today - datetime.timedelta(days=DAYS_OPEN)
            fields["notice_date"] = max(opened, datetime.date(year, 1, 1))
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


def submission_window(campaign, today=None):
    """(first day, last day) a demo submission to ``campaign`` may fall on: from its notice
    (or first phase) to its deadline, and no later than yesterday while it is open (today
    itself when the window opened today)."""
    today = today or timezone.localdate()
    first_phase = campaign.phases.order_by("start_date").first()
    start = campaign.notice_date or (first_phase and first_phase.start_date)
    start = start or datetime.date(campaign.year, 1, 1)
    end = min(campaign.submission_deadline, today - datetime.timedelta(days=1))
    start = min(start, today)
    return start, max(start, end)


def submission_moments(campaign, count, today=None):
    """``count`` plausible submission moments for ``campaign``, oldest first: spread over
    ``submission_window``, more of them as the deadline nears, in office hours."""
    start, end = submission_window(campaign, today)
    span = (end - start).days
    first, last = OFFICE_HOURS
    moments = []
    for index in range(count):
        day = start + datetime.timedelta(days=round(span * ((index + 0.5) / count) ** RUSH))
        hour = first + (index * 3) % (last - first)
        moments.append(
            timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(hour, 10 * index % 60))
            )
        )
    return moments


def backdate(page, moment):
    """A freshly published demo page (and its subpages) as if written, submitted and
    published at ``moment``: publication dates, revisions and history entries."""
    pages = page.get_descendants(inclusive=True)
    ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    pages.update(
        first_published_at=moment, last_published_at=moment, latest_revision_created_at=moment
    )
    Revision.page_revisions.filter(object_id__in=ids).update(created_at=moment)
    PageLogEntry.objects.filter(page_id__in=[int(pk) for pk in ids]).update(timestamp=moment)
