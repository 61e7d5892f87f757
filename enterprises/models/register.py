"""The enterprise register: one record per enterprise, keyed by its 统一社会信用代码.

Cases, learner profiles, questionnaire answers, help ledgers and training attendance link to
it instead of retyping the enterprise. Duplicates are merged by an editor
(``enterprises.merge``): the duplicate stays, marked as merged into the kept record, so its
history still reads.

The contact person, phone and e-mail are personal data: only the admin views of
``enterprises.access`` show them, never a public page, the search index or an export.
"""

from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from enterprises.forms import EnterpriseForm
from library.credit_code import normalise, validate_credit_code

ENTERPRISE_SIZES = [("small", "小型"), ("micro", "微型")]


class EnterpriseQuerySet(models.QuerySet):
    def active(self):
        """Records not merged into another one."""
        return self.filter(merged_into__isnull=True)


class Enterprise(models.Model):
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": "该统一社会信用代码的企业已在企业名录中"},
    )
    name = models.CharField("企业名称", max_length=100)
    size = models.CharField("企业规模", max_length=10, choices=ENTERPRISE_SIZES, blank=True)
    industry = models.ForeignKey(
        "library.Industry",
        verbose_name="所属行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    district = models.ForeignKey(
        "library.District",
        verbose_name="所在区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    pilot_region = models.ForeignKey(
        "library.PilotRegion",
        verbose_name="所属试点区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        help_text="企业属于试点区域之一时选择",
    )
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    # The body whose user recorded the enterprise (it may then see and edit it).
    registered_by_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="登记机构",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_duplicates",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()
    base_form_class = EnterpriseForm

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("credit_code"), FieldPanel("size")]),
        FieldRowPanel(
            [
                FieldPanel("district", widget=forms.Select),
                FieldPanel("industry", widget=forms.Select),
                FieldPanel("pilot_region", widget=forms.Select),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading="联系方式（个人信息，仅限管理后台）",
        ),
    ]

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业名录"
        ordering = ["name", "credit_code"]

    def __str__(self):
        return f"{self.name}（{self.credit_code}）"

    def save(self, *args, **kwargs):
        self.credit_code = normalise(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def canonical(self):
        """The record this one was merged into (following chains), else itself."""
        record = self
        seen = set()
        while record.merged_into_id and record.pk not in seen:
            seen.add(record.pk)
            record = record.merged_into
        return record

    @property
    def size_label(self):
        return self.get_size_display()


def enterprise_for(code, *, name="", district=None, industry=None, size=""):
    """The register's record for ``code`` (following merges), created from what the caller
    knows when there is none yet; None for an invalid code."""
    from library.credit_code import is_valid

    code = normalise(code)
    if not is_valid(code):
        return None
    record = Enterprise.objects.filter(credit_code=code).first()
    if record is None:
        record = Enterprise.objects.create(
            credit_code=code,
            name=(name or code)[:100],
            district=district,
            industry=industry,
            size=size or "",
        )
    return record.canonical
