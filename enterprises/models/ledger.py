"""The help ledger (帮扶台账): what a certification body did for one enterprise in one campaign,
step by step as the 2023 notice's annex describes it.

遴选 and 现场调研/诊断 (the eligibility checks and the problems found, with their urgency),
the 质量管理成熟度 grade before and after (2024 notice), the 一企一策 plan, the documents
built, the date the system started to run, each 内审 and 管理评审 with their records, and the
certification with its audit team. A ledger is a Wagtail snippet with revisions: every
change is in its history. Who may see and change it is ``enterprises.access``.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin

from enterprises.forms import LedgerForm

URGENCIES = [("urgent", "紧急"), ("high", "较急"), ("normal", "一般")]
DOCUMENT_KINDS = [
    ("manual", "质量手册"),
    ("procedure", "程序文件"),
    ("instruction", "作业指导书"),
    ("record", "记录表单"),
    ("other", "其他"),
]
CERTIFICATION_OUTCOMES = [
    ("", "尚未申请认证"),
    ("applied", "已申请，审核中"),
    ("certified", "已获证"),
    ("not_certified", "未通过"),
]
ELIGIBILITY_CHECKS = [
    ("legal_qualification", "具备相关法定资质、资格"),
    ("no_serious_dishonesty", "近2年来未被纳入《严重违法失信企业名单》"),
    ("no_quality_penalty", "未因质量问题被处罚、曝光"),
]


class MaturityLevel(models.Model):
    """A grade of the 质量管理成熟度 assessment (《中小企业质量管理成熟度评价规范》)."""

    rank = models.PositiveSmallIntegerField(
        "等级序号", unique=True, help_text="数字越大，成熟度越高"
    )
    name = models.CharField("等级名称", max_length=40, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("rank"), FieldPanel("name"), FieldPanel("description")]

    class Meta:
        verbose_name = "质量管理成熟度等级"
        verbose_name_plural = "质量管理成熟度等级"
        ordering = ["rank"]

    def __str__(self):
        return self.name


class HelpLedger(RevisionMixin, ClusterableModel):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="帮扶企业",
        on_delete=models.PROTECT,
        related_name="ledgers",
    )
    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="帮扶认证机构",
        on_delete=models.PROTECT,
        related_name="help_ledgers",
    )
    helper_experts = ParentalManyToManyField(
        "library.Expert", verbose_name="帮扶专家", blank=True, related_name="help_ledgers"
    )
    # 现场调研/诊断
    diagnosed_on = models.DateField("现场诊断日期", null=True, blank=True)
    legal_qualification = models.BooleanField(ELIGIBILITY_CHECKS[0][1], default=False)
    no_serious_dishonesty = models.BooleanField(ELIGIBILITY_CHECKS[1][1], default=False)
    no_quality_penalty = models.BooleanField(ELIGIBILITY_CHECKS[2][1], default=False)
    diagnosis_notes = models.TextField("诊断情况", blank=True)
    maturity_before = models.ForeignKey(
        MaturityLevel,
        verbose_name="帮扶前成熟度等级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    maturity_after = models.ForeignKey(
        MaturityLevel,
        verbose_name="帮扶后成熟度等级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan = models.TextField("一企一策帮扶方案", blank=True)
    operation_started_on = models.DateField(
        "体系开始运行日期", null=True, blank=True, help_text="体系运行至少 3 个月后方可报送案例"
    )
    # 认证
    certification_outcome = models.CharField(
        "认证结果", max_length=20, choices=CERTIFICATION_OUTCOMES, blank=True
    )
    certificate_number = models.CharField("证书编号", max_length=60, blank=True)
    certified_on = models.DateField("发证日期", null=True, blank=True)
    audit_team = ParentalManyToManyField(
        "library.Expert",
        verbose_name="认证审核组",
        blank=True,
        related_name="audited_ledgers",
        help_text="帮扶专家不得进审核组及参与认证决定",
    )
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    base_form_class = LedgerForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("enterprise", widget=forms.Select),
                FieldRowPanel(
                    [
                        FieldPanel("campaign", widget=forms.Select),
                        FieldPanel("body", widget=forms.Select),
                    ]
                ),
                FieldPanel("helper_experts", widget=forms.SelectMultiple(attrs={"size": 6})),
            ],
            heading="企业与帮扶力量",
        ),
        MultiFieldPanel(
            [
                FieldPanel("diagnosed_on"),
                FieldPanel("legal_qualification"),
                FieldPanel("no_serious_dishonesty"),
                FieldPanel("no_quality_penalty"),
                FieldPanel("diagnosis_notes"),
                InlinePanel("problems", label="问题", heading="诊断发现的问题"),
                FieldRowPanel([FieldPanel("maturity_before"), FieldPanel("maturity_after")]),
            ],
            heading="现场调研与诊断",
        ),
        FieldPanel("plan"),
        MultiFieldPanel(
            [
                InlinePanel("documents", label="文件", heading="建立的体系文件"),
                FieldPanel("operation_started_on"),
            ],
            heading="体系建设与运行",
        ),
        InlinePanel("internal_audits", label="内审", heading="内部审核"),
        InlinePanel("management_reviews", label="管理评审", heading="管理评审"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("certification_outcome"),
                        FieldPanel("certificate_number"),
                        FieldPanel("certified_on"),
                    ]
                ),
                FieldPanel("audit_team", widget=forms.SelectMultiple(attrs={"size": 6})),
            ],
            heading="认证",
        ),
    ]

    class Meta:
        verbose_name = "帮扶台账"
        verbose_name_plural = "帮扶台账"
        ordering = ["-campaign__year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "campaign"], name="one_ledger_per_enterprise_and_campaign"
            )
        ]

    def __str__(self):
        name = self.enterprise.name if self.enterprise_id else "（未选择企业）"
        year = f"{self.campaign.year}年" if self.campaign_id else ""
        return f"{name} · {year}帮扶台账"

    def clean(self):
        super().clean()
        if self.maturity_before and self.maturity_after:
            if self.maturity_after.rank < self.maturity_before.rank:
                raise ValidationError({"maturity_after": "帮扶后成熟度等级低于帮扶前，请核对"})
        if self.certification_outcome == "certified" and not self.certified_on:
            raise ValidationError({"certified_on": "已获证时请填写发证日期"})

    @property
    def eligibility(self):
        return [(label, getattr(self, name)) for name, label in ELIGIBILITY_CHECKS]

    @property
    def stage(self):
        """The furthest step reached, in the annex's order."""
        if self.certification_outcome == "certified":
            return "已获证"
        if self.certification_outcome == "applied":
            return "认证审核中"
        if self.management_reviews.exists():
            return "已完成管理评审"
        if self.internal_audits.exists():
            return "已完成内审"
        if self.operation_started_on:
            return "体系运行中"
        if self.documents.exists() or self.plan:
            return "体系建设中"
        if self.diagnosed_on:
            return "已诊断"
        return "已遴选"


class LedgerProblem(Orderable):
    ledger = ParentalKey(HelpLedger, on_delete=models.CASCADE, related_name="problems")
    description = models.CharField("问题", max_length=300)
    urgency = models.CharField("紧要程度", max_length=10, choices=URGENCIES, default="normal")
    measure = models.CharField("解决措施", max_length=300, blank=True)

    panels = [FieldPanel("description"), FieldPanel("urgency"), FieldPanel("measure")]

    class Meta(Orderable.Meta):
        verbose_name = "诊断问题"
        verbose_name_plural = "诊断问题"

    def __str__(self):
        return f"{self.get_urgency_display()}：{self.description}"


def _document(verbose_name):
    return models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class LedgerDocument(Orderable):
    ledger = ParentalKey(HelpLedger, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文件类型", max_length=20, choices=DOCUMENT_KINDS)
    title = models.CharField("文件名称", max_length=200)
    document = _document("附件")

    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "体系文件"
        verbose_name_plural = "体系文件"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class InternalAudit(Orderable):
    ledger = ParentalKey(HelpLedger, on_delete=models.CASCADE, related_name="internal_audits")
    started_on = models.DateField("内审开始日期")
    ended_on = models.DateField("内审结束日期")
    plan = _document("内部审核计划")
    report = _document("内部审核报告")

    panels = [
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        FieldPanel("plan"),
        FieldPanel("report"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "内部审核"
        verbose_name_plural = "内部审核"

    def __str__(self):
        return f"内审 {self.started_on:%Y-%m-%d} 至 {self.ended_on:%Y-%m-%d}"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "内审结束日期不能早于开始日期"})


class ManagementReview(Orderable):
    ledger = ParentalKey(HelpLedger, on_delete=models.CASCADE, related_name="management_reviews")
    held_on = models.DateField("管理评审日期")
    plan = _document("管理评审计划")
    report = _document("管理评审报告")

    panels = [FieldPanel("held_on"), FieldPanel("plan"), FieldPanel("report")]

    class Meta(Orderable.Meta):
        verbose_name = "管理评审"
        verbose_name_plural = "管理评审"

    def __str__(self):
        return f"管理评审 {self.held_on:%Y-%m-%d}"


class LedgerComment(models.Model):
    """A district's (or an editor's) remark on a ledger; the body reads it on the ledger."""

    ledger = models.ForeignKey(HelpLedger, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="意见人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField("意见", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "台账意见"
        verbose_name_plural = "台账意见"
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:40]
