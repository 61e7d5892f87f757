from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class CoursePage(Page):
    """A plain-language ISO 9001 course a certification body publishes."""

    summary = models.TextField("课程简介", max_length=500)
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("campaign")]
    parent_page_types = ["courses.BodyCoursesPage"]

    class Meta:
        verbose_name = "培训课程"
