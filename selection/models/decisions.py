"""What the commission decided about a case in a round, and why.

The decision is the round's own record; the public recognition (``cases.CaseRecognition``)
is derived from it, so the record survives even if a page's recognition later changes.
"""

from django.conf import settings
from django.db import models


class Decision(models.Model):
    CITY, NATIONAL = "city", "national"
    LEVELS = [(CITY, "市级优良案例"), (NATIONAL, "推荐至市场监管总局")]

    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    case = models.ForeignKey(
        "cases.CasePage", verbose_name="案例", on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField("认定", max_length=10, choices=LEVELS)
    reason = models.TextField("理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = "评选决定"
        verbose_name_plural = "评选决定"
        ordering = ["round", "case_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "case"], name="selection_unique_decision")
        ]

    def __str__(self):
        return f"《{self.case.title}》：{self.get_level_display()}"
