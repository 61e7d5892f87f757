"""Raised when the automatic checks stop an item from moving on in its review.

The admin turns these into Chinese error messages (``review.middleware``) instead of a
server error; anything else that starts or approves a workflow sees the exception.
"""


class ReviewRefused(Exception):
    """The checks failed; ``results`` holds every check's result, ``failures`` the failed ones."""

    title = "自动检查未通过"

    def __init__(self, results, obj=None):
        from review.checks import failures

        self.results = list(results)
        self.failures = failures(self.results)
        self.object = obj
        super().__init__("；".join(result.message for result in self.failures))


class SubmissionRefused(ReviewRefused):
    title = "未能提交审核：自动检查未通过"


class ApprovalRefused(ReviewRefused):
    title = "不能批准：自动检查未通过"
