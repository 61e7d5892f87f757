"""The daily run (``manage.py send_reminders``): reminders before the submission and
scoring deadlines, assignments and closed rounds, and the editors' digest.

Every notice has an event key, so the run may be repeated (cron retries, two servers)
without anyone receiving the same notice twice. ``today`` is the Tianjin date.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from library.models import Campaign
from notifications import kinds, recipients
from notifications.delivery import notify, retry_unsent
from reports import figures
from review.queue import review_queue
from selection.models import Assignment, SelectionRound
from selection.progress import round_progress

# A round that closed within this many days is announced (older ones are history).
CLOSED_RECENTLY = datetime.timedelta(days=7)


@dataclass
class RunReport:
    created: dict = field(default_factory=dict)
    retried: int = 0

    def add(self, kind, notification):
        if notification is not None:
            self.created[kind] = self.created.get(kind, 0) + 1

    def __str__(self):
        parts = [f"{kinds.LABELS[k]} {n} 条" for k, n in self.created.items()]
        return "；".join(parts) or "没有需要发送的新通知"


def reminder_day(deadline, today, days_before):
    """How many days before ``deadline`` ``today`` is, when that is a reminder day (N days
    before, and the deadline day itself), else None."""
    days = (deadline - today).days
    return days if days in {days_before, 0} else None


def submission_reminders(today, report):
    for campaign in Campaign.objects.filter(submission_deadline__gte=today):
        days = reminder_day(campaign.submission_deadline, today, campaign.reminder_days)
        if days is None:
            continue
        data = figures.build(campaign, today)
        context = {"campaign": campaign, "days": days}
        for row in data.districts_outstanding:
            for user in recipients.members_of(row.district):
                report.add(
                    kinds.SUBMISSION_REMINDER,
                    notify(
                        user,
                        kinds.SUBMISSION_REMINDER,
                        f"c{campaign.pk}:district{row.district.pk}:{days}d",
                        {**context, "organisation": row.district, "what": "优良实践案例",
                         "unit": "个", "have": row.counted, "minimum": row.minimum,
                         "short": row.outstanding},
                        reverse("wagtailadmin_home"),
                    ),
                )  # fmt: skip
        for row in data.bodies_outstanding:
            for user in recipients.members_of(row.body):
                report.add(
                    kinds.SUBMISSION_REMINDER,
                    notify(
                        user,
                        kinds.SUBMISSION_REMINDER,
                        f"c{campaign.pk}:body{row.body.pk}:{days}d",
                        {**context, "organisation": row.body, "what": "培训课程",
                         "unit": "套", "have": row.published, "minimum": row.minimum,
                         "short": row.outstanding},
                        reverse("wagtailadmin_home"),
                    ),
                )  # fmt: skip


def assignment_notices(report, assignments=None):
    """Tell each expert of the cases assigned to them (once per assignment)."""
    if assignments is None:
        assignments = Assignment.objects.filter(round__closed_at__isnull=True).exclude(
            status=Assignment.RECUSED
        )
    for assignment in assignments.select_related("round", "entry", "expert__user"):
        if assignment.round.is_closed() or assignment.expert.user is None:
            continue
        report.add(
            kinds.EXPERT_ASSIGNED,
            notify(
                assignment.expert.user,
                kinds.EXPERT_ASSIGNED,
                f"assignment{assignment.pk}",
                {"assignment": assignment, "round": assignment.round,
                 "deadline": timezone.localtime(assignment.round.scoring_deadline)},
                reverse("selection_my_tasks"),
            ),
        )  # fmt: skip


def scoring_reminders(today, report):
    for selection_round in SelectionRound.objects.filter(
        closed_at__isnull=True, scoring_deadline__gte=timezone.now()
    ).select_related("campaign"):
        deadline = timezone.localtime(selection_round.scoring_deadline)
        days = reminder_day(deadline.date(), today, selection_round.campaign.reminder_days)
        if days is None:
            continue
        progress = round_progress(selection_round)
        for expert in selection_round.experts.select_related("user"):
            left = progress.assigned_by_expert[expert.pk] - progress.scored_by_expert[expert.pk]
            if left <= 0 or expert.user is None:
                continue
            report.add(
                kinds.SCORING_REMINDER,
                notify(
                    expert.user,
                    kinds.SCORING_REMINDER,
                    f"round{selection_round.pk}:{days}d",
                    {"round": selection_round, "deadline": deadline, "days": days, "left": left},
                    reverse("selection_my_tasks"),
                ),
            )


def round_closed_notices(report, now=None):
    now = now or timezone.now()
    rounds = SelectionRound.objects.filter(
        scoring_deadline__lt=now, scoring_deadline__gte=now - CLOSED_RECENTLY
    )
    for selection_round in rounds:
        for expert in selection_round.experts.select_related("user"):
            if expert.user is None:
                continue
            report.add(
                kinds.ROUND_CLOSED,
                notify(
                    expert.user,
                    kinds.ROUND_CLOSED,
                    f"round{selection_round.pk}:closed",
                    {"round": selection_round,
                     "deadline": timezone.localtime(selection_round.scoring_deadline)},
                    reverse("selection_my_tasks"),
                ),
            )  # fmt: skip


def editor_digests(today, report):
    for editor in recipients.city_editors():
        items = review_queue(user=editor, today=today, with_checks=False)
        if not items:
            continue
        overdue = [item for item in items if item.urgency.level == "overdue"]
        late = [item for item in items if item.late_submission]
        report.add(
            kinds.EDITOR_DIGEST,
            notify(
                editor,
                kinds.EDITOR_DIGEST,
                f"digest:{today.isoformat()}",
                {"items": items, "overdue": overdue, "late": late, "today": today},
                reverse("review_queue"),
            ),
        )


def run_daily(today=None):
    today = today or timezone.localdate()
    report = RunReport()
    submission_reminders(today, report)
    assignment_notices(report)
    scoring_reminders(today, report)
    round_closed_notices(report)
    editor_digests(today, report)
    report.retried = retry_unsent()
    return report
