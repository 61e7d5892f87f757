from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from library.pagination import KeyPaginator
from library.tree import children


class CaseIndexPage(Page):
    """The cases area and the public case library, filterable by the facets the city
    reports on (district, industry, pilot region, year, helping body, recognition)."""

    introduction = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["library.HomePage"]
    subpage_types = ["cases.DistrictCasesPage", "cases.SatisfactionSurveyPage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = "案例栏目"

    def get_context(self, request, *args, **kwargs):
        from cases.library import CaseLibraryFilter
        from cases.models.survey import SatisfactionSurveyPage

        context = super().get_context(request, *args, **kwargs)
        filters = CaseLibraryFilter(request.GET, area=self)
        paginator = KeyPaginator(filters.cases(), self.page_size, remember_as=filters.cache_key())
        context["filters"] = filters
        context["cases_page"] = paginator.get_page(request.GET.get("page"))
        context["query_string"] = filters.query_string()
        context["sections"] = children(DistrictCasesPage.objects.live(), self).order_by("path")
        context["surveys"] = children(SatisfactionSurveyPage.objects.live(), self).order_by("-path")
        return context


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

    def get_context(self, request, *args, **kwargs):
        from cases.library import public_cases

        context = super().get_context(request, *args, **kwargs)
        cases = children(public_cases(), self)
        paginator = KeyPaginator(cases, 12, remember_as=f"district-cases:{self.pk}")
        context["cases_page"] = paginator.get_page(request.GET.get("page"))
        return context
