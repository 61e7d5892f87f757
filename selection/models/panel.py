"""Who judges which subject of a round: assignments, and every recusal with its reason."""

from django.conf import settings
from django.db import models


class Assignment(models.Model):
    """One expert asked to score one subject (case, course, district, body) in one round.

    The expert must confirm there is no conflict before the subject opens to them; a declared
    conflict turns the assignment into a recusal and the subject is short until reassigned.
    """

    PENDING, CONFIRMED, RECUSED = "pending", "confirmed", "recused"
    STATUSES = [
        (PENDING, "待确认无利益冲突"),
        (CONFIRMED, "已确认无利益冲突"),
        (RECUSED, "已回避"),
    ]
    AUTO, MANUAL = "auto", "manual"
    SOURCES = [(AUTO, "自动分配"), (MANUAL, "编辑调整")]

    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    entry = models.ForeignKey(
        "selection.SelectionEntry",
        verbose_name="评选对象",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        "library.Expert",
        verbose_name="专家",
        on_delete=models.PROTECT,
        related_name="selection_assignments",
    )
    status = models.CharField("状态", max_length=12, choices=STATUSES, default=PENDING)
    source = models.CharField("来源", max_length=8, choices=SOURCES, default=AUTO)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分配人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    comment = models.TextField("评审意见", blank=True)
    scored_at = models.DateTimeField("最后评分时间", null=True, blank=True)

    class Meta:
        verbose_name = "评审分配"
        verbose_name_plural = "评审分配"
        ordering = ["round", "entry_id", "expert_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "expert"], name="selection_unique_entry_assignment"
            )
        ]
        indexes = [models.Index(fields=["expert", "round"])]

    def __str__(self):
        return f"{self.expert.name} 评审《{self.entry.title}》"

    @property
    def is_active(self):
        return self.status != self.RECUSED


class Recusal(models.Model):
    """Why an expert does not judge a subject: found automatically, or declared by the expert."""

    HELPING_BODY = "helping_body"
    HELPER = "helper"
    RELATIONSHIP = "relationship"
    PUBLISHING_BODY = "publishing_body"
    OWN_DISTRICT = "own_district"
    HELPED_DISTRICT = "helped_district"
    OWN_BODY = "own_body"
    DECLARED = "declared"
    REASONS = [
        (HELPING_BODY, "所属认证机构为该案例的帮扶机构"),
        (HELPER, "为该案例的帮扶专家"),
        (RELATIONSHIP, "已申报与该企业存在利害关系"),
        (PUBLISHING_BODY, "所属认证机构为该课程的发布机构"),
        (OWN_DISTRICT, "本人属于被评区"),
        (HELPED_DISTRICT, "在被评区帮扶过企业"),
        (OWN_BODY, "本人属于被评认证机构"),
        (DECLARED, "评审前自行申报利益冲突"),
    ]

    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.CASCADE,
        related_name="recusals",
    )
    entry = models.ForeignKey(
        "selection.SelectionEntry",
        verbose_name="评选对象",
        on_delete=models.CASCADE,
        related_name="recusals",
    )
    expert = models.ForeignKey(
        "library.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("回避原因", max_length=16, choices=REASONS)
    detail = models.CharField("说明", max_length=300, blank=True)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        ordering = ["round", "entry_id", "expert_id", "reason"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "expert", "reason"], name="selection_unique_entry_recusal"
            )
        ]

    def __str__(self):
        return f"{self.expert.name} 回避《{self.entry.title}》：{self.get_reason_display()}"
