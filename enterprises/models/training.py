"""The training register: the sessions held (offline ones are most of the action's training)
and who attended, by enterprise (credit code) and person.

Kinds follow the 2023 annex: 集中培训 (at least one per district per campaign), 行业培训
(likewise), 个性化/一对一, 分层级 (with the audience layer) and 网络培训. Attendance is typed
in or imported from a sign-in sheet (``enterprises.attendance``). The figures count each
enterprise and each person once (``reports.figures``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from enterprises.forms import SessionForm
from library.credit_code import normalise, validate_credit_code

REGIONAL = "regional"
INDUSTRY = "industry"
SESSION_KINDS = [
    (REGIONAL, "区域集中培训"),
    (INDUSTRY, "行业培训"),
    ("personal", "个性化/一对一培训"),
    ("layered", "分层级培训"),
    ("online", "网络培训"),
]
AUDIENCE_LAYERS = [
    ("leaders", "企业负责人和质量负责人"),
    ("builders", "体系建设主管部门、制度建设工作组"),
    ("writers", "文件编写人员"),
    ("staff", "部门和岗位人员"),
]


class TrainingSession(RevisionMixin, ClusterableModel):
    title = models.CharField("培训名称", max_length=200)
    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("培训日期")
    place = models.CharField("培训地点", max_length=200, blank=True)
    link = models.URLField("线上链接", blank=True)
    kind = models.CharField("培训形式", max_length=20, choices=SESSION_KINDS)
    audience_layer = models.CharField(
        "培训层级", max_length=20, choices=AUDIENCE_LAYERS, blank=True, help_text="分层级培训时填写"
    )
    organiser_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="组织认证机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    organiser_district = models.ForeignKey(
        "library.District",
        verbose_name="组织区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        help_text="区组织或认证机构为该区组织的培训",
    )
    industry = models.ForeignKey(
        "library.Industry",
        verbose_name="面向行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name="使用的课程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    notes = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    base_form_class = SessionForm
    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [
                FieldPanel("campaign", widget=forms.Select),
                FieldPanel("held_on"),
                FieldPanel("kind"),
                FieldPanel("audience_layer"),
            ]
        ),
        FieldRowPanel([FieldPanel("place"), FieldPanel("link")]),
        FieldRowPanel(
            [
                FieldPanel("organiser_body", widget=forms.Select),
                FieldPanel("organiser_district", widget=forms.Select),
                FieldPanel("industry", widget=forms.Select),
            ]
        ),
        FieldPanel("course", widget=forms.Select),
        FieldPanel("notes"),
        MultiFieldPanel(
            [InlinePanel("attendances", label="参训人员")],
            heading="参训企业和人员（也可从签到表 xlsx 导入）",
        ),
    ]

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训登记"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}" if self.held_on else self.title

    def clean(self):
        super().clean()
        errors = {}
        if not self.organiser_body_id and not self.organiser_district_id:
            errors["organiser_body"] = "请选择组织认证机构或组织区（至少一项）"
        if self.kind == "layered" and not self.audience_layer:
            errors["audience_layer"] = "分层级培训请选择培训层级"
        if self.kind != "layered" and self.audience_layer:
            errors["audience_layer"] = "只有分层级培训需要选择培训层级"
        if not self.place and not self.link:
            errors["place"] = "请填写培训地点或线上链接"
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """One person of one enterprise at one session."""

    session = ParentalKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    enterprise_name = models.CharField("企业名称", max_length=100)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, validators=[validate_credit_code]
    )
    person_name = models.CharField("姓名", max_length=40)
    position = models.CharField("职务/岗位", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("enterprise_name"), FieldPanel("credit_code")]),
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("position"), FieldPanel("phone")]),
    ]

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "credit_code", "person_name"], name="one_attendance_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person_name}（{self.enterprise_name}）"

    def save(self, *args, **kwargs):
        from enterprises.models.register import enterprise_for

        self.credit_code = normalise(self.credit_code)
        self.person_name = (self.person_name or "").strip()
        if self.enterprise_id is None:
            self.enterprise = enterprise_for(
                self.credit_code,
                name=self.enterprise_name,
                district=self.session.organiser_district if self.session_id else None,
                industry=self.session.industry if self.session_id else None,
            )
        super().save(*args, **kwargs)
