"""The editors' queue: what waits for review, since when, from whom, and how close the
campaign's review dates are.

A campaign's review runs until the end of its last phase (2024: 总结评估阶段, 11-30);
items are flagged when that date is near (``SOON_DAYS``) or past, and when they reached
the editors after the submission deadline.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from review.checks import failures, run_checks
from review.models import EditorApprovalTask

SOON_DAYS = 14


@dataclass(frozen=True)
class Urgency:
    level: str  # "overdue" | "soon" | "normal" | "none"
    label: str
    review_end: datetime.date | None = None
    days_left: int | None = None

    @property
    def highlighted(self):
        return self.level in ("overdue", "soon")


def review_end(campaign):
    ends = [phase.end_date for phase in campaign.phases.all()]
    return max(ends) if ends else campaign.submission_deadline


def urgency(campaign, today=None) -> Urgency:
    if campaign is None:
        return Urgency("none", "未选择所属年度")
    today = today or timezone.localdate()
    end = review_end(campaign)
    days = (end - today).days
    if days < 0:
        return Urgency("overdue", f"已超过评审截止日期 {end:%Y-%m-%d}（{-days} 天）", end, days)
    if days <= SOON_DAYS:
        return Urgency("soon", f"距评审截止 {end:%Y-%m-%d} 还有 {days} 天", end, days)
    return Urgency("normal", f"评审截止 {end:%Y-%m-%d}", end, days)


def organisation_of_page(page):
    for attribute in ("certification_body", "district"):
        value = getattr(page, attribute, None)
        if value is not None:
            return value
    parent = page.get_parent()
    return parent.title if parent else ""


@dataclass
class QueueItem:
    page: Page
    task_state: TaskState
    submitted_by: object
    submitted_at: datetime.datetime
    first_submitted_at: datetime.datetime
    organisation: object
    campaign: object
    urgency: Urgency
    late_submission: bool
    failed_checks: int

    @property
    def kind(self):
        return self.page._meta.verbose_name

    @property
    def waiting_days(self):
        return (timezone.now() - self.submitted_at).days


def waiting_task_states():
    return (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            task__in=EditorApprovalTask.objects.all(),
        )
        .select_related("workflow_state", "workflow_state__requested_by", "revision")
        .order_by("started_at")
    )


def queue_item(task_state, today=None, with_checks=True):
    page = Page.objects.get(pk=task_state.workflow_state.object_id).specific
    campaign = getattr(page, "campaign", None)
    submitted_at = task_state.started_at
    deadline = getattr(campaign, "submission_deadline", None)
    late = bool(deadline and timezone.localtime(submitted_at).date() > deadline)
    failed = len(failures(run_checks(page.get_latest_revision_as_object()))) if with_checks else 0
    return QueueItem(
        page=page,
        task_state=task_state,
        submitted_by=task_state.workflow_state.requested_by,
        submitted_at=submitted_at,
        first_submitted_at=task_state.workflow_state.created_at,
        organisation=organisation_of_page(page),
        campaign=campaign,
        urgency=urgency(campaign, today),
        late_submission=late,
        failed_checks=failed,
    )


ORDER = {"overdue": 0, "soon": 1, "normal": 2, "none": 3}


def review_queue(user=None, today=None, with_checks=True):
    """Items awaiting the editors, most urgent first, then longest waiting.

    With ``user``, only what that user may review (never their own submissions).
    """
    states = waiting_task_states()
    if user is not None:
        states = states.exclude(workflow_state__requested_by=user)
    items = [queue_item(state, today, with_checks) for state in states]
    return sorted(items, key=lambda item: (ORDER[item.urgency.level], item.submitted_at))
