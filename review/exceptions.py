"""Raised when the automatic checks stop an item from moving on in its review.

The admin turns these into Chinese error messages (``review.middleware``) instead of a
server error; anything else that starts or approves a workflow sees the exception.
"""

from django.core.exceptions import PermissionDenied


class ReviewRefused(Exception):
    """The checks failed; ``results`` holds every check's result, ``failures`` the failed
    ones that stop the step (all of them unless ``blocking`` names fewer, e.g. when an
    editor recorded an exception for the others)."""

    title = "自动检查未通过"

    def __init__(self, results, obj=None, blocking=None):
        from review.checks import failures

        self.results = list(results)
        self.failures = failures(self.results) if blocking is None else list(blocking)
        self.object = obj
        super().__init__("；".join(result.message for result in self.failures))


class SubmissionRefused(ReviewRefused):
    title = "未能提交审核：自动检查未通过"


class ApprovalRefused(ReviewRefused):
    title = "不能批准：自动检查未通过"


class PublicationRefused(ReviewRefused):
    """Raised on every way a page becomes live while a check fails without a recorded exception."""

    title = "不能发布：自动检查未通过"


class ReviewerRefused(ReviewRefused, PermissionDenied):
    """Four eyes: this person may not take this review step (``reason`` says why)."""

    title = "不能审核"

    def __init__(self, reason, obj=None):
        super().__init__([], obj)
        self.title = reason
        self.args = (reason,)
