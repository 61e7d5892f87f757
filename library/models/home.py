from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front door: what the action is, and the way into courses and cases."""

    hero_heading = models.CharField("主标题", max_length=80)
    hero_lead = models.TextField("导语", max_length=400)
    introduction = RichTextField("行动简介", blank=True)
    courses_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="课程栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cases_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="案例栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_lead")], heading="首屏"),
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("courses_page"), FieldPanel("cases_page")], heading="入口"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from library import campaigns
        from library.models import Clause, PilotRegion

        context = super().get_context(request, *args, **kwargs)
        # The current year's arrangements; ?year= shows a past year's.
        context["campaign"], context["campaigns"] = campaigns.chosen(request)
        context["pilot_regions"] = PilotRegion.objects.select_related("industry").prefetch_related(
            "districts"
        )
        context["sections"] = Clause.objects.filter(parent=None)
        # The yearly 专栏 (results, recognised cases, bodies and districts; reports'
        # PublicityColumnPage, named by its content type since library cannot import reports),
        # newest year first.
        context["columns"] = (
            self.get_children()
            .live()
            .filter(content_type__app_label="reports", content_type__model="publicitycolumnpage")
            .order_by("-title")
        )
        return context
