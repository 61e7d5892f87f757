"""What an expert declares about enterprises they are tied to.

Matched to a case by the enterprise's unified social credit code (统一社会信用代码), not by
name, because enterprise names are written many ways and a code is not.
"""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from library.credit_code import validate_credit_code


class ExpertRelationship(models.Model):
    RELATIONS = [
        ("helper", "帮扶过该企业"),
        ("employee", "在该企业任职或兼职"),
        ("consultant", "为该企业提供过咨询或审核服务"),
        ("family", "近亲属在该企业任职"),
        ("investor", "持有该企业股份"),
        ("other", "其他利害关系"),
    ]

    expert = models.ForeignKey(
        "library.Expert",
        verbose_name="专家",
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, db_index=True, validators=[validate_credit_code]
    )
    enterprise_name = models.CharField("企业名称", max_length=100)
    relation = models.CharField("关系", max_length=20, choices=RELATIONS)
    note = models.CharField("说明", max_length=200, blank=True)
    declared_at = models.DateTimeField("申报时间", default=timezone.now)

    panels = [
        FieldPanel("expert"),
        FieldRowPanel([FieldPanel("credit_code"), FieldPanel("enterprise_name")]),
        FieldRowPanel([FieldPanel("relation"), FieldPanel("declared_at")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "专家利害关系申报"
        verbose_name_plural = "专家利害关系申报"
        ordering = ["expert", "credit_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "credit_code", "relation"], name="selection_unique_relationship"
            )
        ]

    def __str__(self):
        return f"{self.expert.name} — {self.enterprise_name}（{self.get_relation_display()}）"

    def save(self, *args, **kwargs):
        self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)
