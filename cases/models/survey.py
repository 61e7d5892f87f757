"""The satisfaction questionnaire (《调查问卷》, 帮扶企业满意度) of the 2024 notice.

A Wagtail form page, so editors write and change the questions themselves; a few fixed
questions (enterprise, credit code, district, helping body, overall satisfaction) are
always asked, because the dashboard groups the answers by them. Each enterprise answers
once per campaign, keyed by its 统一社会信用代码.

Docs: https://docs.wagtail.org/en/stable/reference/contrib/forms/customisation.html
"""

from collections import OrderedDict

from django import forms
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from enterprises.models.register import enterprise_for
from library.campaigns import CurrentCampaignInitial
from library.credit_code import normalise, validate_credit_code

SATISFACTION_CHOICES = [(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意")]
SATISFIED = (4, 5)
# The 成效 dimensions the third-party questionnaire of the 2024 notice (附件1) asks about, each
# answered on a five-point scale of improvement.
EFFECT_DIMENSIONS = [
    ("effect_operations", "运营绩效"),
    ("effect_quality", "产品服务质量"),
    ("effect_management", "质量管理水平"),
    ("effect_credit_brand", "信用品牌"),
    ("effect_digital", "数字化信息化"),
    ("effect_sustainability", "持续性"),
]
EFFECT_CHOICES = [
    (5, "显著提升"),
    (4, "明显提升"),
    (3, "有所提升"),
    (2, "略有提升"),
    (1, "没有提升"),
]
FIXED_FIELDS = ("enterprise_name", "credit_code", "district", "helping_body", "satisfaction")


class SurveyFormField(AbstractFormField):
    page = ParentalKey(
        "cases.SatisfactionSurveyPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class SurveyBaseForm(BaseForm):
    def clean_credit_code(self):
        code = normalise(self.cleaned_data["credit_code"])
        campaign = getattr(self.page, "campaign", None)
        if campaign and SurveyResponse.objects.filter(campaign=campaign, credit_code=code).exists():
            raise forms.ValidationError(
                f"统一社会信用代码为 {code} 的企业已填写过{campaign.year}年的满意度问卷，每家企业每年只填写一次"
            )
        return code


class SurveyFormBuilder(FormBuilder):
    @property
    def formfields(self):
        from library.models import CertificationBody, District

        fields = OrderedDict(
            enterprise_name=forms.CharField(label="企业名称", max_length=100),
            credit_code=forms.CharField(
                label="统一社会信用代码",
                max_length=18,
                min_length=18,
                validators=[validate_credit_code],
                help_text="18 位，见营业执照",
            ),
            district=forms.ModelChoiceField(
                label="企业所在区", queryset=District.objects.all(), empty_label="请选择"
            ),
            helping_body=forms.ModelChoiceField(
                label="帮扶认证机构", queryset=CertificationBody.objects.all(), empty_label="请选择"
            ),
            satisfaction=forms.TypedChoiceField(
                label="您对本次提升行动帮扶工作的总体满意度",
                choices=SATISFACTION_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            ),
        )
        for name, label in EFFECT_DIMENSIONS:
            fields[name] = forms.TypedChoiceField(
                label=f"帮扶后企业在“{label}”方面的提升",
                choices=EFFECT_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        fields.update(super().formfields)
        return fields

    def get_form_class(self):
        return type("SatisfactionSurveyForm", (SurveyBaseForm,), self.formfields)


class SurveyPageForm(CurrentCampaignInitial, WagtailAdminFormPageForm):
    pass


class SatisfactionSurveyPage(AbstractForm):
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度",
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    introduction = RichTextField("问卷说明", blank=True)
    thank_you_text = RichTextField("提交后显示", blank=True)

    form_builder = SurveyFormBuilder
    base_form_class = SurveyPageForm
    content_panels = [
        *AbstractForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("campaign"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [InlinePanel("form_fields", label="问题")],
            heading="问卷问题（企业名称、统一社会信用代码、所在区、帮扶机构和总体满意度为固定问题）",
        ),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "满意度调查问卷"

    def get_submission_class(self):
        return SurveyResponse

    def get_data_fields(self):
        fixed = [
            ("enterprise_name", "企业名称"),
            ("credit_code", "统一社会信用代码"),
            ("district", "企业所在区"),
            ("helping_body", "帮扶认证机构"),
            ("satisfaction", "总体满意度"),
        ]
        fields = super().get_data_fields()
        return [fields[0], *fixed, *fields[1:]]

    def process_form_submission(self, form):
        data = dict(form.cleaned_data)
        district, body = data["district"], data["helping_body"]
        data.update(
            district=district.name,
            helping_body=body.name,
            satisfaction=dict(SATISFACTION_CHOICES)[data["satisfaction"]],
            **{name: dict(EFFECT_CHOICES).get(data.get(name), "") for name, _ in EFFECT_DIMENSIONS},
        )
        return SurveyResponse.objects.create(
            page=self,
            campaign=self.campaign,
            form_data=data,
            enterprise_name=form.cleaned_data["enterprise_name"],
            credit_code=form.cleaned_data["credit_code"],
            district=district,
            helping_body=body,
            satisfaction=form.cleaned_data["satisfaction"],
            **{name: form.cleaned_data.get(name) for name, _ in EFFECT_DIMENSIONS},
            enterprise=enterprise_for(
                form.cleaned_data["credit_code"],
                name=form.cleaned_data["enterprise_name"],
                district=district,
            ),
        )


class SurveyResponse(AbstractFormSubmission):
    """One enterprise's answers; the fixed questions are also columns, for statistics."""

    campaign = models.ForeignKey(
        "library.Campaign", verbose_name="所属年度", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业（企业名录）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    enterprise_name = models.CharField("企业名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    district = models.ForeignKey(
        "library.District", verbose_name="企业所在区", on_delete=models.PROTECT, related_name="+"
    )
    helping_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="帮扶认证机构",
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction = models.PositiveSmallIntegerField("总体满意度", choices=SATISFACTION_CHOICES)
    effect_operations = models.PositiveSmallIntegerField(
        "运营绩效", choices=EFFECT_CHOICES, null=True, blank=True
    )
    effect_quality = models.PositiveSmallIntegerField(
        "产品服务质量", choices=EFFECT_CHOICES, null=True, blank=True
    )
    effect_management = models.PositiveSmallIntegerField(
        "质量管理水平", choices=EFFECT_CHOICES, null=True, blank=True
    )
    effect_credit_brand = models.PositiveSmallIntegerField(
        "信用品牌", choices=EFFECT_CHOICES, null=True, blank=True
    )
    effect_digital = models.PositiveSmallIntegerField(
        "数字化信息化", choices=EFFECT_CHOICES, null=True, blank=True
    )
    effect_sustainability = models.PositiveSmallIntegerField(
        "持续性", choices=EFFECT_CHOICES, null=True, blank=True
    )

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "credit_code"],
                name="one_survey_response_per_enterprise_per_campaign",
                violation_error_message="每家企业每年只填写一次满意度问卷",
            )
        ]
