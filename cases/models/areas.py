from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class CaseIndexPage(Page):
    """The cases area: one section per district below it."""

    introduction = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["library.HomePage"]
    subpage_types = ["cases.DistrictCasesPage"]
    max_count = 1

    class Meta:
        verbose_name = "案例栏目"


class DistrictCasesPage(Page):
    """A district's own section; its group may edit this subtree only.

    Created automatically with the district (see ``library.sections``), never by hand.
    """

    district = models.OneToOneField(
        "library.District",
        verbose_name="区",
        on_delete=models.PROTECT,
        related_name="cases_section",
    )
    introduction = RichTextField("本区介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = ["cases.CasePage"]
    is_creatable = False

    class Meta:
        verbose_name = "区案例专栏"
