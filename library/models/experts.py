"""Experts: the people who help enterprises and the people who judge cases.

One record per person, shared by the cases app (the experts who helped an enterprise) and
expert selection (the panels that score cases), so that "whoever helped never judges" can
be checked by identity rather than by matching names.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Expert(index.Indexed, models.Model):
    name = models.CharField("姓名", max_length=40)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        help_text="参加评审的专家需要登录账号",
    )
    certification_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="所属认证机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    other_affiliation = models.CharField(
        "其他工作单位",
        max_length=100,
        blank=True,
        help_text="不属于认证机构时填写，如高校、行业协会",
    )
    specialty = models.CharField("专业领域", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("user"),
        FieldPanel("certification_body"),
        FieldPanel("other_affiliation"),
        FieldPanel("specialty"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name

    @property
    def affiliation(self):
        return (
            self.certification_body.name if self.certification_body_id else self.other_affiliation
        )
