"""What the commission decided about a subject in a round, and why.

The decision is the round's own record; the public recognition of a case
(``cases.CaseRecognition``) is derived from it, so the record survives even if a page's
recognition later changes. The levels a kind allows are in ``selection.subjects``.
"""

from django.conf import settings
from django.db import models

from selection.subjects import ALL_LEVELS, CITY, NATIONAL


class Decision(models.Model):
    CITY, NATIONAL = CITY, NATIONAL
    LEVELS = list(ALL_LEVELS)

    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    entry = models.OneToOneField(
        "selection.SelectionEntry",
        verbose_name="评选对象",
        on_delete=models.CASCADE,
        related_name="decision",
    )
    level = models.CharField("认定", max_length=20, choices=LEVELS)
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
        ordering = ["round", "entry_id"]

    def __str__(self):
        return f"《{self.entry.title}》：{self.get_level_display()}"

    @property
    def subject(self):
        return self.entry.subject

    # A case round's decision names its case (None for the other kinds).
    @property
    def case(self):
        return self.entry.case

    @property
    def case_id(self):
        return self.entry.case_id
