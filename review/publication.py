"""Publication is guarded, not the workflow: the automatic checks run on every way a page
becomes live, for every role (superusers included).

Where the guard sits, so that each path is covered once:
- ``PublishRevisionAction.execute`` (wrapped below): the edit view's 发布 and its
  scheduled variant, revert-and-publish, bulk publish, workflow approval,
  ``Revision.publish`` / ``Page.publish`` from code (``import_library --publish`` for a
  page it updates) and the ``publish_scheduled`` command at go-live time.
- ``guard_publication``: the pages ``import_library --publish`` creates in bulk.
- ``CopyPageAction.execute`` (wrapped): a copy of a live page that is kept live.
- ``pre_page_move`` (a Wagtail signal): a live page moved to another parent.

Wagtail has no before-publish hook below the admin views, hence the two wrappers;
``tests/review/test_publication.py`` fails if Wagtail renames what they wrap.

A failing check stops the publication unless an editor recorded an exception for it
(``CheckOverride``, one reason per check, shown in the page history). At go-live time a
refused scheduled publication is unscheduled and logged, and the other scheduled pages
still go live.
"""

import contextvars
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import receiver
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.signals import pre_page_move

from review.checks import CheckResult, failures, run_checks
from review.exceptions import PublicationRefused
from review.guards import publishing

OVERRIDE_ACTION = "review.override"
REFUSED_ACTION = "review.publish.refused"
SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"

# The revision whose checks the approval step has just run (see EditorApprovalTask).
_checked_revision = contextvars.ContextVar("review_checked_revision", default=None)
# Seed data being built (``seed_publication``).
_seeding = contextvars.ContextVar("review_seeding", default=False)


@contextmanager
def checked_revision(revision):
    token = _checked_revision.set(revision.pk)
    try:
        yield
    finally:
        _checked_revision.reset(token)


@contextmanager
def seed_publication():
    """Publish seed data built in several steps (demo content, test fixtures: a course is
    published before its lessons exist) without the checks.

    Only the demo loader (``project.setup.load_demo_content``) and test factories use it;
    no request, command option or import reaches it.
    """
    token = _seeding.set(True)
    try:
        yield
    finally:
        _seeding.reset(token)


def overrides_for(page):
    from review.models import CheckOverride

    if not getattr(page, "pk", None):
        return []
    return list(CheckOverride.objects.filter(page_id=page.pk))


def override_for(page, check_name):
    """The latest recorded exception for ``check_name`` on ``page``, or None.

    The one place a rule reads an editor's exception: a rule that lets its content in on
    an exception (a case's quota, deadline, help ledger and impartiality, a course's
    deadline) asks here, so the same record answers at submission, at approval and at
    publication, and an exception recorded for one check never lifts another."""
    from review.models import CheckOverride

    if not getattr(page, "pk", None):
        return None
    return CheckOverride.objects.filter(page_id=page.pk, check_name=check_name).first()


def exception_result(page, check_name, field=""):
    """The passing result of ``check_name`` when an editor recorded an exception for it on
    ``page`` (citing the reason), else None."""
    override = override_for(page, check_name)
    if override is None:
        return None
    return CheckResult(check_name, True, f"市级编辑已批准例外：{override.reason}", field)


def blocking_failures(page, results):
    """The failed results no recorded exception covers."""
    overrides = overrides_for(page)
    return [
        result
        for result in failures(results)
        if not any(override.covers(result) for override in overrides)
    ]


def publication_problems(page):
    """(every result, the failures that stop ``page`` from going live)."""
    results = run_checks(page)
    return results, blocking_failures(page, results)


def check_publication(page):
    """Raise ``PublicationRefused`` if ``page`` (as it would go live) may not go live."""
    if not isinstance(page, Page):
        return
    results, blocking = publication_problems(page)
    if blocking:
        raise PublicationRefused(results, page, blocking)


def record_overrides(page, reasons, user, revision=None):
    """Record ``{check name: reason}`` for the failures of ``page`` and log each one."""
    from review.models import CheckOverride

    _, blocking = publication_problems(page)
    by_name = {}
    for result in blocking:
        by_name.setdefault(result.name, []).append(result.message)
    created = []
    with transaction.atomic():
        for name, reason in reasons.items():
            if name not in by_name:
                continue
            override = CheckOverride.objects.create(
                page_id=page.pk,
                check_name=name,
                messages=by_name[name],
                reason=reason,
                editor=user,
                revision=revision,
            )
            log(
                instance=page,
                action=OVERRIDE_ACTION,
                user=user,
                revision=revision,
                data={"check": name, "reason": reason, "messages": by_name[name]},
            )
            created.append(override)
    return created


def guard_publication(page, revision):
    """The guard for code that makes a new page live without ``PublishRevisionAction``
    (``import_library --publish`` writes its pages in bulk, search.pagewriter): the same
    checks, skipped for seed data only, and ``PublicationRefused`` when they fail."""
    if _seeding.get():
        return
    with publishing(revision):
        check_publication(page)


# --- The paths -----------------------------------------------------------------------

_wagtail_publish_execute = PublishRevisionAction.execute
_wagtail_copy_execute = CopyPageAction.execute


def _refuse_scheduled(action, refused):
    """At go-live time: unschedule the revision and say why in the page history."""
    revision = action.revision
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    log(
        instance=action.object,
        action=REFUSED_ACTION,
        revision=revision,
        data={"messages": [result.message for result in refused.failures]},
    )


def guarded_publish_execute(self, skip_permission_checks=False):
    obj = self.object
    if isinstance(obj, Page) and not _seeding.get() and _checked_revision.get() != self.revision.pk:
        self.check(skip_permission_checks=skip_permission_checks)
        try:
            with publishing(self.revision):
                check_publication(obj)
        except PublicationRefused as refused:
            if self.log_action == SCHEDULED_LOG_ACTION:
                _refuse_scheduled(self, refused)
                return None
            raise
    return _wagtail_publish_execute(self, skip_permission_checks=skip_permission_checks)


def guarded_copy_execute(self, skip_permission_checks=False):
    if _seeding.get() or not (self.keep_live and self.page.live):
        return _wagtail_copy_execute(self, skip_permission_checks=skip_permission_checks)
    try:
        with transaction.atomic():
            copy = _wagtail_copy_execute(self, skip_permission_checks=skip_permission_checks)
            # The copy is checked where and as it now is (its own section, its own place
            # in any count); refusing rolls the whole copy back.
            check_publication(type(copy.specific).objects.get(pk=copy.pk))
    except PublicationRefused as refused:
        refused.object = self.page.specific  # the copy no longer exists
        raise
    return copy


PublishRevisionAction.execute = guarded_publish_execute
CopyPageAction.execute = guarded_copy_execute


@receiver(pre_page_move, dispatch_uid="review_guard_live_moves")
def refuse_failing_live_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A live page (or live pages below it) moved to another parent is checked again."""
    if (
        _seeding.get()
        or parent_page_before is None
        or parent_page_before.pk == parent_page_after.pk
    ):
        return
    pages = Page.objects.filter(pk=instance.pk) | instance.get_descendants()
    for page in pages.live().specific():
        with publishing(page.live_revision):
            check_publication(page)
