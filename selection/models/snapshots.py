"""The states of a round the commission certifies: one canonical record per event.

At close (the first time the round is handled after its scoring deadline) and at every
decision or withdrawal, the round's canonical record (ranking, every score, recusals,
decisions; ``selection.exports.canonical_record``) is stored as canonical JSON together
with its SHA-256. Exports print the digest of the latest stored snapshot and the verify
page looks digests up here, so a report certifies a stored state, not whatever the live
data say today. Snapshots are written once and never changed.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class RoundSnapshot(models.Model):
    CLOSE, DECISION, WITHDRAWAL = "close", "decision", "withdrawal"
    KINDS = [(CLOSE, "评分截止"), (DECISION, "评选决定"), (WITHDRAWAL, "撤销决定")]

    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.PROTECT,
        related_name="snapshots",
    )
    sequence = models.PositiveIntegerField("序号")
    kind = models.CharField("记录类型", max_length=12, choices=KINDS)
    note = models.CharField("说明", max_length=300, blank=True)
    taken_at = models.DateTimeField("保存时间")
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    canonical = models.TextField("规范化记录（JSON）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)

    class Meta:
        verbose_name = "评选记录快照"
        verbose_name_plural = "评选记录快照"
        ordering = ["round", "sequence"]
        get_latest_by = "sequence"
        constraints = [
            models.UniqueConstraint(fields=["round", "sequence"], name="selection_snapshot_seq")
        ]

    def __str__(self):
        return f"{self.round} 第{self.sequence}号记录（{self.get_kind_display()}）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("评选记录快照保存后不能修改")
        super().save(*args, **kwargs)

    @property
    def record(self):
        return json.loads(self.canonical)

    def matches_digest(self):
        return hashlib.sha256(self.canonical.encode()).hexdigest() == self.sha256
