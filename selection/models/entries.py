"""One row per subject a round judges (its candidates): a case, a course, a district or a
certification body, exactly one of them, of the round's kind (``selection.subjects``).

Assignments, recusals and decisions point at the entry, so every rule of the round (conflicts,
blind scoring, the trimmed mean, the lock, snapshots) is written once for every kind.
``subject_id`` is the database's own copy of whichever key is set: a round judges one kind,
so within a round it identifies the subject.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from selection.subjects import KINDS

SUBJECT_FIELDS = tuple(kind.entry_field for kind in KINDS.values())


def _exactly_one():
    options = Q()
    for chosen in SUBJECT_FIELDS:
        options |= Q(
            **{f"{f}__isnull": f != chosen for f in SUBJECT_FIELDS},
        )
    return options


class SelectionEntry(models.Model):
    round = models.ForeignKey(
        "selection.SelectionRound",
        verbose_name="评选轮次",
        on_delete=models.CASCADE,
        related_name="entries",
    )
    case = models.ForeignKey(
        "cases.CasePage",
        verbose_name="案例",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selection_entries",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name="课程",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selection_entries",
    )
    district = models.ForeignKey(
        "library.District",
        verbose_name="区",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selection_entries",
    )
    body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="认证机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selection_entries",
    )
    subject_id = models.GeneratedField(
        expression=Coalesce("case_id", "course_id", "district_id", "body_id"),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name="评选对象编号",
    )

    class Meta:
        verbose_name = "评选对象"
        verbose_name_plural = "评选对象"
        ordering = ["round", "subject_id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(),
                name="selection_entry_exactly_one_subject",
                violation_error_message="评选对象必须且只能是一个案例、课程、区或认证机构",
            ),
            *[
                models.UniqueConstraint(fields=["round", f], name=f"selection_unique_entry_{f}")
                for f in SUBJECT_FIELDS
            ],
        ]
        indexes = [
            models.Index(fields=["round", "subject_id"], name="selection_entry_round_subject")
        ]

    def __str__(self):
        return self.title

    @property
    def kind(self):
        for chosen in KINDS.values():
            if getattr(self, f"{chosen.entry_field}_id") is not None:
                return chosen
        raise LookupError("empty selection entry")

    @property
    def subject(self):
        return getattr(self, self.kind.entry_field)

    @property
    def title(self):
        return self.kind.title(self.subject)
