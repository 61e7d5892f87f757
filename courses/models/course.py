from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.fields import MultipleChoiceField
from library.campaigns import CurrentCampaignInitial
from library.drafts import DraftAwareSlugMixin
from library.tree import children

DEFAULT_PASS_MARK = 80
AUDIENCES = [
    ("leaders", "企业负责人和质量负责人"),
    ("system_builders", "体系建设主管部门和制度建设工作组"),
    ("document_writers", "文件编写人员"),
]
DELIVERY_MODES = [
    ("online", "线上"),
    ("offline", "线下"),
    ("classroom", "课堂"),
    ("on_site", "现场"),
]


class CoursePageForm(DraftAwareSlugMixin, CurrentCampaignInitial, WagtailAdminPageForm):
    """The question-bank categories offered are the course's own body's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("question_categories")
        if field is not None:
            section = self.parent_page if self.instance.pk is None else None
            if section is None and self.instance.pk:
                section = self.instance.get_parent()
            body_id = getattr(getattr(section, "specific", section), "certification_body_id", None)
            field.queryset = field.queryset.filter(body_id=body_id)


class CoursePage(RoutablePageMixin, Page):
    """A plain-language ISO 9001 course a certification body publishes (每家机构至少一套).

    Its lessons are its children, in page order; the assessment, the certificate and the
    learner's rating are sub-routes of the course (see ``courses.assessment`` and
    ``courses.views``). Routable pages: https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html
    """

    summary = models.TextField("课程简介", max_length=500)
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    audiences = MultipleChoiceField(
        "培训对象", choices=AUDIENCES, blank=True, help_text="按通知要求分层级培训，可多选"
    )
    industries = ParentalManyToManyField(
        "library.Industry", verbose_name="适用行业", blank=True, related_name="courses"
    )
    delivery_modes = MultipleChoiceField(
        "培训方式", choices=DELIVERY_MODES, blank=True, help_text="“线上+线下”“课堂+现场”"
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        "考评合格分",
        default=DEFAULT_PASS_MARK,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=f"百分制，达到此分数可下载结业证书；留空为 {DEFAULT_PASS_MARK} 分",
    )

    # The assessment (Moodle-like quiz settings; ``courses.assessment`` applies them).
    question_categories = ParentalManyToManyField(
        "courses.QuestionCategory",
        verbose_name="抽题分类",
        blank=True,
        related_name="courses",
        help_text="从本机构题库的这些分类中抽题；课时中的考评题也在抽题范围内",
    )
    question_count = models.PositiveSmallIntegerField(
        "每次抽题数",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="每次考评随机抽取的题数；留空为全部题目",
    )
    max_attempts = models.PositiveSmallIntegerField(
        "考评次数上限",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="留空为不限次数；用完次数后显示正确答案和解析",
    )
    cooldown_minutes = models.PositiveIntegerField(
        "两次考评间隔（分钟）",
        default=0,
        blank=True,
        validators=[MaxValueValidator(60 * 24 * 30)],
        help_text="未通过后需等待多久才能再考；0 为不限",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        "考评时限（分钟）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="从开始作答起计时，超时提交不计分；留空为不限时",
    )

    base_form_class = CoursePageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("campaign"), FieldPanel("hours"), FieldPanel("pass_mark")]),
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("delivery_modes"), FieldPanel("industries")],
            heading="培训对象与方式",
        ),
        FieldPanel("cover_image"),
        InlinePanel("attachments", heading="课程资料", label="资料"),
        MultiFieldPanel(
            [
                FieldPanel("question_categories"),
                FieldRowPanel([FieldPanel("question_count"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("cooldown_minutes")]),
            ],
            heading="考评设置",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        # The admin's page search matches as you type (autocomplete): the whole text too.
        index.AutocompleteField("search_text"),
        index.FilterField("campaign"),
    ]
    parent_page_types = ["courses.BodyCoursesPage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = "培训课程"

    @cached_property
    def certification_body(self):
        from library.models import CertificationBody

        return CertificationBody.objects.filter(
            courses_section__path=self.path[: -self.steplen]
        ).first()

    def clean(self):
        super().clean()
        if self.pass_mark is None:
            self.pass_mark = DEFAULT_PASS_MARK
        if self.cooldown_minutes is None:
            self.cooldown_minutes = 0

    def audience_labels(self):
        return self._meta.get_field("audiences").labels(self.audiences)

    def delivery_mode_labels(self):
        return self._meta.get_field("delivery_modes").labels(self.delivery_modes)

    def lessons(self):
        from courses.models.lesson import LessonPage

        return children(LessonPage.objects.live(), self).order_by("path")

    def search_text(self):
        parts = [self.title, self.summary, *self.audience_labels(), *self.delivery_mode_labels()]
        parts += [attachment.title for attachment in self.attachments.all()]
        return "\n".join(part for part in parts if part)

    def search_facets(self, clauses=True):
        """``clauses=False``: without the clauses of its lessons (a lesson has its own)."""
        from library.models import Clause

        if clauses:
            lessons = self.lessons()
            clauses = (
                Clause.objects.filter(lessons__in=lessons)
                .distinct()
                .values_list("number", flat=True)
            )
        body = self.certification_body
        return {
            "type": "course",
            "body": body.name if body else None,
            "district": None,
            "industry": [industry.name for industry in self.industries.all()],
            "pilot_region": None,
            "clause": sorted(set(clauses or []), key=_clause_key),
            "year": self.campaign.year if self.campaign_id else None,
            "recognition": None,
        }

    def get_context(self, request, *args, **kwargs):
        from courses.learning import course_outline

        context = super().get_context(request, *args, **kwargs)
        context.update(course_outline(self, request.user, request.GET.get("page")))
        return context

    # The learning routes are thin: their views live in courses.views so that this module
    # stays about content.
    @path("assessment/", name="assessment")
    def assessment(self, request):
        from courses.views.learning import assessment

        return assessment(request, self)

    @path("certificate/", name="certificate")
    def certificate(self, request):
        from courses.views.learning import certificate_pdf

        return certificate_pdf(request, self)

    @path("rate/", name="rate")
    def rate(self, request):
        from courses.views.learning import rate_course

        return rate_course(request, self)

    def subpage_url(self, name, request=None):
        return self.get_url(request) + self.reverse_subpage(name)


def _clause_key(number):
    return [int(part) for part in number.split(".")]


class CourseAttachment(Orderable):
    """Handouts for the whole course (slides, forms, checklists), not tied to one lesson."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("名称", max_length=120, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "课程资料"
        verbose_name_plural = "课程资料"

    def __str__(self):
        return self.title or self.document.title
