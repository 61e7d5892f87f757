"""A city editor's recorded exception to a campaign rule for one case.

The notices set a per-district maximum and a deadline; the city may still accept a case
beyond them, but only as a decision with a reason and a name, kept here for the record.
"""

from django.conf import settings
from django.db import models

OVERRIDABLE_RULES = [
    ("quota", "超出每区推荐名额"),
    ("deadline", "超过报送截止日期"),
    ("ledger", "帮扶台账未满足报送条件（体系运行满 3 个月、内审、管理评审）"),
    ("impartiality", "帮扶专家进入认证审核组"),
]


class CaseRuleOverride(models.Model):
    case = models.ForeignKey(
        "cases.CasePage",
        verbose_name="案例",
        on_delete=models.CASCADE,
        related_name="rule_overrides",
    )
    rule = models.CharField("例外事项", max_length=20, choices=OVERRIDABLE_RULES)
    reason = models.TextField("理由")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="市级编辑",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "报送规则例外"
        verbose_name_plural = "报送规则例外"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.case} · {self.get_rule_display()}"
