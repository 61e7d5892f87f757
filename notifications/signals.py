"""Event notices sent as the events happen: an expert assigned by hand, an editor's
decision on a case or course (approved, sent back), the commission's decision on a case.
Automatic assignments (bulk) are announced by the daily run."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.signals import workflow_approved, workflow_rejected

from notifications import kinds, recipients
from notifications.delivery import notify
from selection.models import Assignment, Decision


@receiver(post_save, sender=Assignment, dispatch_uid="notifications_expert_assigned")
def expert_assigned(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.status != Assignment.RECUSED:
        from notifications.reminders import RunReport, assignment_notices

        assignment_notices(RunReport(), Assignment.objects.filter(pk=instance.pk))


def _review_decision(state, outcome, user):
    page = state.content_object
    page = getattr(page, "specific", page)
    organisation = recipients.organisation_of_content(page)
    if organisation is None:
        return
    comment = ""
    task_state = state.task_states.order_by("-finished_at", "-pk").first()
    if task_state is not None:
        comment = task_state.get_comment() if hasattr(task_state, "get_comment") else ""
    for member in recipients.members_of(organisation):
        notify(
            member,
            kinds.DECISION,
            f"review{state.pk}:{outcome}",
            {"page": page, "kind": page._meta.verbose_name, "outcome": outcome,
             "comment": comment},
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        )  # fmt: skip


@receiver(workflow_approved, dispatch_uid="notifications_review_approved")
def review_approved(sender, instance, user=None, **kwargs):
    _review_decision(instance, "approved", user)


@receiver(workflow_rejected, dispatch_uid="notifications_review_rejected")
def review_rejected(sender, instance, user=None, **kwargs):
    _review_decision(instance, "needs_changes", user)


@receiver(post_save, sender=Decision, dispatch_uid="notifications_selection_decision")
def selection_decision(sender, instance, raw=False, **kwargs):
    if raw:
        return
    entry = instance.entry
    case, kind = entry.subject, entry.kind
    organisations = {
        "case": lambda: [case.district, case.helping_body],
        "course": lambda: [case.certification_body],
        "district": lambda: [case],
        "body": lambda: [case],
    }[kind.key]()
    for organisation in filter(None, organisations):
        for member in recipients.members_of(organisation):
            notify(
                member,
                kinds.DECISION,
                f"decision{instance.round_id}:{case.pk}:{instance.level}",
                {"page": {"title": entry.title}, "kind": kind.label, "outcome": "selected",
                 "level": instance.get_level_display(), "round": instance.round},
                (case.url or "") if kind.is_page else "",
            )  # fmt: skip
