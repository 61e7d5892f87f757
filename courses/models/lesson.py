from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock
from courses.models.text import stream_text
from library.drafts import DraftAwarePageForm


class LessonPage(RoutablePageMixin, Page):
    """One lesson of a course, in the course's page order, explaining one or more clauses.

    ``clauses`` is what the browse-by-clause page and the clause filter read; the clause
    blocks in the body must name clauses from it (a review check says so).
    """

    introduction = models.TextField("本课导读", max_length=300, blank=True)
    minutes = models.PositiveSmallIntegerField("学习时长（分钟）", null=True, blank=True)
    clauses = ParentalManyToManyField(
        "library.Clause",
        verbose_name="涉及条款",
        related_name="lessons",
        help_text="本课讲解的 GB/T 19001-2016 条款",
    )
    body = StreamField(LessonBodyBlock(), verbose_name="课程内容", blank=True)

    base_form_class = DraftAwarePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("minutes"),
        FieldPanel("clauses"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        # The admin's page search matches as you type (autocomplete): the whole text too.
        index.AutocompleteField("search_text"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = "课时"

    @cached_property
    def course(self):
        from courses.models.course import CoursePage

        return CoursePage.objects.filter(path=self.path[: -self.steplen]).first()

    @classmethod
    def search_prefetch(cls, lessons):
        """Their courses, with what a course's facets read, for all the lessons in a few
        queries (search.indexing.loaded calls it; ``course`` is otherwise a query each)."""
        from courses.models.course import CoursePage
        from library.models import CertificationBody

        paths = {lesson.path[: -cls.steplen] for lesson in lessons}
        courses = {
            course.path: course
            for course in CoursePage.objects.filter(path__in=paths)
            .select_related("campaign")
            .prefetch_related("industries")
        }
        bodies = {
            body.courses_section.path: body
            for body in CertificationBody.objects.filter(
                courses_section__path__in={path[: -cls.steplen] for path in courses}
            ).select_related("courses_section")
        }
        for course in courses.values():
            course.certification_body = bodies.get(course.path[: -cls.steplen])
        for lesson in lessons:
            lesson.course = courses.get(lesson.path[: -cls.steplen])

    def questions(self):
        return [child for child in self.body if child.block_type == "question"]

    def content_blocks(self):
        """The body without its quiz blocks: what the public page and search show (quiz text
        appears only inside the learner's assessment, never in snippets or listings)."""
        return [child for child in self.body if child.block_type != "question"]

    def search_text(self):
        parts = [self.title, self.introduction, stream_text(self.content_blocks())]
        return "\n".join(part for part in parts if part)

    def search_facets(self):
        course = self.course
        facets = (
            course.search_facets(clauses=False)
            if course
            else {
                "body": None,
                "district": None,
                "industry": [],
                "pilot_region": None,
                "year": None,
                "recognition": None,
            }
        )
        numbers = [clause.number for clause in self.clauses.all()]
        return {
            **facets,
            "type": "lesson",
            "clause": sorted(numbers, key=lambda n: [int(p) for p in n.split(".")]),
        }

    def get_context(self, request, *args, **kwargs):
        from courses.learning import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request.user))
        return context

    @path("complete/", name="complete")
    def complete(self, request):
        from courses.views.learning import complete_lesson

        return complete_lesson(request, self)
