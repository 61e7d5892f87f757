"""An expert's score on one criterion of one assigned subject.

Rows are updated in place until the deadline, each with the page revision it judged; every change (old and new value, who, when)
goes to the round's audit log, which is the score's history.
"""

from django.db import models


class Score(models.Model):
    assignment = models.ForeignKey(
        "selection.Assignment",
        verbose_name="评审分配",
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "selection.RoundCriterion",
        verbose_name="评分项",
        on_delete=models.PROTECT,
        related_name="scores",
    )
    value = models.DecimalField("得分", max_digits=6, decimal_places=2)
    # The version of the page (case, course) the expert judged: its latest revision when the
    # sheet was saved. A newer revision afterwards makes the score stale (shown to editors).
    # Districts and bodies are not pages: None.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="评分依据的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["assignment_id", "criterion__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="selection_unique_score"
            )
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"
