"""The review app's data: the forbidden claims editors maintain, the exceptions editors
record to publish despite a failing check, and the approval task.

Wagtail docs: https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from django.conf import settings
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask

from review.claims import Claim


class ForbiddenClaim(models.Model):
    """A phrase no course or case may use, e.g. the notice's "免费认证"."""

    phrase = models.CharField(
        "禁用用语",
        max_length=60,
        unique=True,
        help_text="忽略空格、标点和全角/半角差异；用 * 表示中间可夹杂最多 8 个字，例如“免费*认证”",
    )
    reason = models.CharField("依据或说明", max_length=200, blank=True)
    allowed_contexts = models.TextField(
        "允许的上下文",
        blank=True,
        help_text="包含该用语但并无不当含义的词语，每行一个，例如“打包过程”",
    )
    active = models.BooleanField("启用", default=True)

    panels = [
        FieldPanel("phrase"),
        FieldPanel("reason"),
        FieldPanel("allowed_contexts"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = "禁用宣传用语"
        verbose_name_plural = "禁用宣传用语"
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    def as_claim(self) -> Claim:
        contexts = tuple(
            line.strip() for line in self.allowed_contexts.splitlines() if line.strip()
        )
        return Claim(self.phrase, contexts)


class CheckOverride(models.Model):
    """An editor's recorded reason to publish a page although one automatic check fails.

    One record per check (``CheckResult.name``) and page; it covers the failures listed in
    ``messages`` and nothing else, so a new problem under the same check needs a new
    reason. Recording one writes a ``review.override`` entry into the page history.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        on_delete=models.CASCADE,
        related_name="check_overrides",
    )
    check_name = models.CharField("检查项", max_length=60)
    messages = models.JSONField("当时未通过的内容", default=list)
    reason = models.TextField("理由")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="记录时的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "自动检查例外"
        verbose_name_plural = "自动检查例外"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.page} · {self.check_name}"

    def covers(self, result) -> bool:
        return result.name == self.check_name and result.message in self.messages


ACTION_LABELS = {
    ("reject", True): "退回修改",
    ("approve", False): "批准发布",
    ("approve", True): "批准并附意见",
}


class EditorApprovalTask(AbstractGroupApprovalTask):
    """Group approval (city editors, or a 处长 group for a sign-off step) with four eyes.

    Nobody approves or requests changes on a submission they submitted, edited since it
    was submitted, or already approved at another step (``review.four_eyes``); they are
    not offered the actions and are refused if they post them anyway. Approval re-runs
    every automatic check on the revision that would be published, refusing while any
    fails without an editor's recorded exception.
    """

    class Meta:
        verbose_name = "市级编辑审核"
        verbose_name_plural = "市级编辑审核"

    @staticmethod
    def submitter(obj):
        state = getattr(obj, "current_workflow_state", None)
        return state.requested_by if state else None

    def is_submitter(self, obj, user):
        submitter = self.submitter(obj)
        return submitter is not None and submitter.pk == user.pk

    def refusal(self, obj, user):
        from review.four_eyes import refusal_reason

        state = getattr(obj, "current_workflow_state", None)
        return refusal_reason(state, self, user) if state else None

    def refusal_for(self, state, user):
        """Why ``user`` may not act on this step of the submission ``state``, in Chinese, or
        None: the four-eyes reasons, or not being in the step's group."""
        from review.four_eyes import refusal_reason

        reason = refusal_reason(state, self, user)
        if reason:
            return reason
        obj = state.content_object
        if not super().get_actions(getattr(obj, "specific", obj), user):
            return "不能审核：您不在本审核步骤的审核组中"
        return None

    def get_actions(self, obj, user):
        if self.refusal(obj, user):
            return []
        return [
            (name, ACTION_LABELS.get((name, modal), label), modal)
            for name, label, modal in super().get_actions(obj, user)
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from review.four_eyes import refusal_reason

        states = (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )
        refused = [
            state.pk
            for state in states.select_related("workflow_state")
            if refusal_reason(state.workflow_state, self, user)
        ]
        return states.exclude(pk__in=refused)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from review.exceptions import ApprovalRefused, ReviewerRefused
        from review.publication import blocking_failures, checked_revision

        obj = task_state.workflow_state.content_object
        if hasattr(obj, "specific"):
            obj = obj.specific
        reason = self.refusal_for(task_state.workflow_state, user)
        if reason:
            raise ReviewerRefused(reason, obj)
        if action_name == "approve":
            from review.checks import run_checks

            revision = obj.get_latest_revision()
            latest = revision.as_object()
            results = run_checks(latest)
            blocking = blocking_failures(latest, results)
            if blocking:
                raise ApprovalRefused(results, obj, blocking)
            # Publishing the approved revision does not run the same checks twice (a
            # case's deadline is judged on its submission, which approval just closed).
            with checked_revision(revision):
                return super().on_action(task_state, user, action_name, **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return (
            "所选用户组的成员审核；提交人、提交后修改过内容的人、在其他步骤已批准的人"
            "不能审核；自动检查未通过（且未记录例外）时不能批准"
        )
