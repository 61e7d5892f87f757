"""Four eyes on every review step, and an edit during review sends it back for re-approval.

Who may not take a step of a submission (``refusal_reason``):
- the person who submitted it;
- anyone who saved a revision of it since it was submitted (editing, then approving
  one's own edit, is not a review);
- anyone who already approved another step of the same submission, so a two-step
  review (初审, then 签发) always has two different people.

An edit while the item is in review (a new revision with a step in progress) cancels the
step and starts the review again from its first step on the new revision; with
``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` Wagtail no longer counts approvals given
to an earlier revision, so every step is taken again. The restart is written into the
page history.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState, WorkflowState

REAPPROVAL_ACTION = "review.reapproval"


def revision_authors_since_submission(state: WorkflowState) -> set[int]:
    return set(
        Revision.objects.filter(
            base_content_type_id=state.base_content_type_id,
            object_id=state.object_id,
            created_at__gte=state.created_at,
        )
        .exclude(user=None)
        .values_list("user_id", flat=True)
    )


def approvers_of_other_steps(state: WorkflowState, task) -> set[int]:
    return set(
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
        .exclude(task_id=task.pk)
        .exclude(finished_by=None)
        .values_list("finished_by_id", flat=True)
    )


def refusal_reason(state: WorkflowState, task, user) -> str | None:
    """Why ``user`` may not take ``task`` on this submission, in Chinese; None if they may."""
    if state is None or user is None or not user.is_authenticated:
        return None
    if state.requested_by_id == user.pk:
        return "不能审核：提交人不能审核自己提交的内容"
    if user.pk in revision_authors_since_submission(state):
        return "不能审核：您在提交审核后修改过内容，须由其他人审核"
    if user.pk in approvers_of_other_steps(state, task):
        return "不能审核：您已批准本次提交的另一审核步骤，须由其他人审核"
    return None


def in_progress_state(revision: Revision) -> WorkflowState | None:
    return (
        WorkflowState.objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("current_task_state")
        .first()
    )


@receiver(post_save, sender=Revision, dispatch_uid="review_reapproval_on_edit")
def restart_review_after_edit(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    state = in_progress_state(instance)
    current = state.current_task_state if state else None
    if current is None or current.status != TaskState.STATUS_IN_PROGRESS:
        return
    if current.revision_id == instance.pk:
        return
    # Cancel the step under way and start the workflow's first step on the new revision
    # (the page does not point at it yet, so Wagtail's own ``update`` would pick the old).
    current.status = TaskState.STATUS_CANCELLED
    current.finished_by = instance.user
    current.finished_at = timezone.now()
    current.comment = "审核期间内容被修改，需重新审核"
    current.save(update_fields=["status", "finished_by", "finished_at", "comment"])
    first = (
        state.workflow.workflow_tasks.filter(task__active=True)
        .order_by("sort_order")
        .select_related("task")
        .first()
    )
    if first is None:
        return
    restarted = first.task.specific.start(state, user=instance.user)
    restarted.revision = instance
    restarted.save(update_fields=["revision"])
    state.current_task_state = restarted
    state.save(update_fields=["current_task_state"])
    obj = instance.content_object
    log(
        instance=getattr(obj, "specific", obj),
        action=REAPPROVAL_ACTION,
        user=instance.user,
        revision=instance,
        data={"task": current.task.name},
    )
