"""The model-layer guard: no item enters review while an automatic check fails.

It sits on ``WorkflowState`` rather than in a view, so every way in is covered: the
admin's submit and resubmit buttons, the create view's submit, restarting a workflow,
and code calling ``Workflow.start`` or ``WorkflowState.resume`` directly.

Checks that count other submissions (a district's quota, one case per enterprise) register
a ``submission_lock`` for their model: it runs before the checks, inside the transaction of
``Workflow.start``, so two concurrent submissions are checked one after the other.
"""

import contextvars
from collections.abc import Callable
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import WorkflowState

from review.checks import failures, run_checks
from review.exceptions import SubmissionRefused

_locks: list[tuple[tuple[type, ...], Callable[[object], None]]] = []
# The revision going live while the publication checks run (``review.publication``).
_publishing = contextvars.ContextVar("review_publishing_revision", default=None)


def submission_lock(*models: type):
    """Register a function that locks (``select_for_update``) what a submission of
    ``models`` is counted against; it is held until the submission's transaction ends."""

    def decorator(function):
        _locks.append((models, function))
        return function

    return decorator


def lock_for_submission(content) -> None:
    for models, function in _locks:
        if not models or isinstance(content, models):
            function(content)


@contextmanager
def publishing(revision):
    """Run the publication checks of ``revision`` (``submitted_at`` then knows which
    approved submission, if any, it goes live from)."""
    token = _publishing.set(revision)
    try:
        yield
    finally:
        _publishing.reset(token)


def submitted_at(page):
    """When ``page`` was submitted, as a rule judged on the submission time sees it, or None.

    - its workflow under way (in progress, or sent back for changes): that submission;
    - while a revision goes live (``publishing``): the submission of the workflow that
      approved that very revision, e.g. a case approved on time and scheduled to go live
      after the deadline;
    - otherwise None (an editor publishing a draft directly): the rule judges on now.
    """
    if not getattr(page, "pk", None):
        return None
    states = WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk)
    )
    active = (
        states.filter(
            status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)
        )
        .values_list("created_at", flat=True)
        .first()
    )
    if active is not None:
        return active
    revision = _publishing.get()
    if revision is None or str(revision.object_id) != str(page.pk):
        return None
    return (
        states.filter(
            status=WorkflowState.STATUS_APPROVED, current_task_state__revision_id=revision.pk
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def entering_review(state: WorkflowState) -> bool:
    """A new in-progress state (submission) or a needs-changes one resumed (resubmission)."""
    if state.status != WorkflowState.STATUS_IN_PROGRESS:
        return False
    if state.pk is None:
        return True
    previous = WorkflowState.objects.filter(pk=state.pk).values_list("status", flat=True).first()
    return previous != WorkflowState.STATUS_IN_PROGRESS


def submitted_content(state: WorkflowState):
    """The latest revision of the item as an object: what the editors will review."""
    obj = state.content_object
    if hasattr(obj, "specific"):
        obj = obj.specific
    if hasattr(obj, "get_latest_revision_as_object"):
        return obj, obj.get_latest_revision_as_object()
    return obj, obj


@receiver(pre_save, sender=WorkflowState, dispatch_uid="review_refuse_failed_submission")
def refuse_failed_submission(sender, instance, raw=False, **kwargs):
    if raw or not entering_review(instance):
        return
    obj, content = submitted_content(instance)
    # ``Workflow.start`` is atomic, so the lock lasts until the new state is committed. A
    # resumed state (needs changes -> in progress) already holds its place; outside a
    # transaction the short block below still keeps select_for_update valid.
    with transaction.atomic():
        lock_for_submission(content)
        results = run_checks(content)
    if failures(results):
        raise SubmissionRefused(results, obj)
