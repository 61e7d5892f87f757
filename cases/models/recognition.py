"""The city's decision on a case (docs/contracts.md): the selection rounds write it, the
cases app shows it on the page and filters the library by it."""

from django.conf import settings
from django.db import models

RECOGNITION_LEVELS = [("city", "市级优良案例"), ("national", "推荐至市场监管总局")]


class CaseRecognition(models.Model):
    case = models.OneToOneField(
        "cases.CasePage", verbose_name="案例", on_delete=models.CASCADE, related_name="recognition"
    )
    level = models.CharField("认定结果", max_length=20, choices=RECOGNITION_LEVELS)
    reason = models.TextField("认定理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间")
    source = models.CharField("来源", max_length=120, blank=True, help_text="例如评选轮次名称")

    class Meta:
        verbose_name = "案例认定"
        verbose_name_plural = "案例认定"

    def __str__(self):
        return f"{self.case} · {self.get_level_display()}"
