from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class CasePage(Page):
    """An exemplary SME case (优良实践案例) a district recommends."""

    summary = models.TextField("案例摘要", max_length=500)
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("campaign")]
    parent_page_types = ["cases.DistrictCasesPage"]

    class Meta:
        verbose_name = "优良实践案例"
