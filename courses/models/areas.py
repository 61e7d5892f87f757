from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class CourseIndexPage(Page):
    """The courses area: one section per certification body below it."""

    introduction = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["library.HomePage"]
    subpage_types = ["courses.BodyCoursesPage"]
    max_count = 1

    class Meta:
        verbose_name = "课程栏目"

    def get_context(self, request, *args, **kwargs):
        from courses.listing import course_list

        context = super().get_context(request, *args, **kwargs)
        context.update(course_list(request))
        return context


class BodyCoursesPage(Page):
    """A certification body's own section; its group may edit this subtree only.

    Created automatically with the body (see ``library.sections``), never by hand.
    """

    certification_body = models.OneToOneField(
        "library.CertificationBody",
        verbose_name="认证机构",
        on_delete=models.PROTECT,
        related_name="courses_section",
    )
    introduction = RichTextField("机构介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]
    is_creatable = False

    class Meta:
        verbose_name = "认证机构课程专栏"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from courses.learning import live_lesson_counts
        from courses.listing import PER_PAGE
        from courses.models.course import CoursePage
        from library.tree import children

        context = super().get_context(request, *args, **kwargs)
        courses = (
            children(CoursePage.objects.live(), self)
            .select_related("campaign")
            .order_by("-campaign__year", "path")
        )
        page = Paginator(courses, PER_PAGE).get_page(request.GET.get("page"))
        items = list(page.object_list)
        counts = live_lesson_counts([course.path for course in items])
        for course in items:
            course.lesson_count = counts.get(course.path, 0)
        context["courses"] = items
        context["courses_page"] = page
        return context
