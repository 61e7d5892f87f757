"""The review app's data: the forbidden claims editors maintain, and the approval task.

Wagtail docs: https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from django.core.exceptions import PermissionDenied
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


ACTION_LABELS = {
    ("reject", True): "退回修改",
    ("approve", False): "批准发布",
    ("approve", True): "批准并附意见",
}


class EditorApprovalTask(AbstractGroupApprovalTask):
    """Group approval by the city editors that closes two gaps in Wagtail's own task.

    The person who submitted an item is never offered the approve / request-changes
    actions, and is refused if they post them anyway; and approval re-runs every
    automatic check on the revision that would be published, refusing while any fails.
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

    def get_actions(self, obj, user):
        if self.is_submitter(obj, user):
            return []
        return [
            (name, ACTION_LABELS.get((name, modal), label), modal)
            for name, label, modal in super().get_actions(obj, user)
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if hasattr(obj, "specific"):
            obj = obj.specific
        if self.is_submitter(obj, user) or not self.get_actions(obj, user):
            raise PermissionDenied("提交人不能审核自己提交的内容")
        if action_name == "approve":
            from review.checks import failures, run_checks
            from review.exceptions import ApprovalRefused

            latest = obj.get_latest_revision_as_object()
            results = run_checks(latest)
            if failures(results):
                raise ApprovalRefused(results, obj)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "所选用户组（市级编辑）的成员审核；提交人不能审核自己提交的内容，自动检查未通过时不能批准"
