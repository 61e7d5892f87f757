"""The case page: one enterprise's story of help, told in the notices' outline, with its
measured results, the enterprise's eligibility declaration and who helped it.

Docs: https://docs.wagtail.org/en/stable/topics/pages.html
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.encoding import uri_to_iri
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cases.blocks import SECTION_HEADINGS, SECTIONS, CaseBodyBlock
from cases.forms import CasePageForm
from cases.panels import EligibilityRecordPanel
from enterprises.models import ENTERPRISE_SIZES
from library.credit_code import validate_credit_code

# The case's enterprise details, copied from the register when the case is linked to it.
ENTERPRISE_DETAILS = [
    ("enterprise_name", "name"),
    ("credit_code", "credit_code"),
    ("enterprise_size", "size"),
    ("industry_id", "industry_id"),
    ("pilot_region_id", "pilot_region_id"),
]

# The 2023 notice's entry conditions and the on-site checks of its annex, declared per case.
ELIGIBILITY_FIELDS = [
    ("eligible_normal_operation", "企业处于正常生产运营状态，能够投入必要资源开展相关工作"),
    ("eligible_not_abnormal_list", "企业未列入经营异常名录"),
    ("eligible_not_dishonest_list", "企业未列入严重违法失信企业名单"),
    ("eligible_no_quality_penalty", "企业近2年来未因质量问题被处罚、曝光"),
]


class CasePage(Page):
    """An exemplary SME case (优良实践案例) a district recommends."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业（企业名录）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="选择后，企业名称、信用代码、规模、行业和试点区域取自企业名录；"
        "填写的信用代码已在名录中时自动关联",
    )
    enterprise_name = models.CharField("企业名称", max_length=100, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    enterprise_size = models.CharField(
        "企业规模", max_length=10, choices=ENTERPRISE_SIZES, blank=True
    )
    industry = models.ForeignKey(
        "library.Industry",
        verbose_name="所属行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # Copied from the district section the page sits in (see save()); never from a form.
    district = models.ForeignKey(
        "library.District",
        verbose_name="所在区",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    pilot_region = models.ForeignKey(
        "library.PilotRegion",
        verbose_name="所属试点区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="企业属于 2024 年四个试点区域之一时选择",
    )
    campaign = models.ForeignKey(
        "library.Campaign",
        verbose_name="所属年度",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    helping_body = models.ForeignKey(
        "library.CertificationBody",
        verbose_name="帮扶认证机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helped_cases",
    )
    helping_experts = ParentalManyToManyField(
        "library.Expert", verbose_name="帮扶专家", blank=True, related_name="helped_cases"
    )
    summary = models.TextField("案例摘要", max_length=500, blank=True)
    body = StreamField(CaseBodyBlock(), verbose_name="案例正文", blank=True)
    clauses = ParentalManyToManyField(
        "library.Clause",
        verbose_name="体现的条款",
        blank=True,
        related_name="cases",
        help_text="本案例主要体现的 GB/T 19001 条款；按条款号或条款名称搜索时会找到本案例。",
    )

    eligible_normal_operation = models.BooleanField(ELIGIBILITY_FIELDS[0][1], default=False)
    eligible_not_abnormal_list = models.BooleanField(ELIGIBILITY_FIELDS[1][1], default=False)
    eligible_not_dishonest_list = models.BooleanField(ELIGIBILITY_FIELDS[2][1], default=False)
    eligible_no_quality_penalty = models.BooleanField(ELIGIBILITY_FIELDS[3][1], default=False)
    # Set by the edit form from the signed-in user when the declaration is made (CasePageForm).
    eligibility_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="声明人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    eligibility_declared_at = models.DateTimeField(
        "声明时间", null=True, blank=True, editable=False
    )

    base_form_class = CasePageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("enterprise", widget=forms.Select),
                FieldPanel("enterprise_name"),
                FieldRowPanel([FieldPanel("credit_code"), FieldPanel("enterprise_size")]),
                FieldRowPanel(
                    [
                        FieldPanel("industry", widget=forms.Select),
                        FieldPanel("pilot_region", widget=forms.Select),
                    ]
                ),
            ],
            heading="企业信息",
        ),
        MultiFieldPanel(
            [
                # Plain selects: district users may not open the reference-data choosers.
                FieldPanel("campaign", widget=forms.Select),
                FieldPanel("helping_body", widget=forms.Select),
                FieldPanel("helping_experts", widget=forms.SelectMultiple(attrs={"size": 6})),
            ],
            heading="年度与帮扶",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("clauses", widget=forms.SelectMultiple(attrs={"size": 8})),
        InlinePanel("metrics", heading="绩效指标（提升前后）", label="指标"),
        MultiFieldPanel(
            [
                *(FieldPanel(name) for name, _ in ELIGIBILITY_FIELDS),
                EligibilityRecordPanel(),
            ],
            heading="参与资格声明",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("enterprise_name"),
        index.SearchField("summary"),
        # The admin's page search matches as you type (autocomplete): the whole text too.
        index.AutocompleteField("search_text"),
        index.FilterField("district"),
        index.FilterField("campaign"),
    ]
    parent_page_types = ["cases.DistrictCasesPage"]
    subpage_types = []

    class Meta:
        verbose_name = "优良实践案例"

    def clean(self):
        self.take_enterprise_details()
        super().clean()

    def take_enterprise_details(self):
        """Link the register's record for the typed credit code, and copy the linked
        enterprise's details over what was typed (the register is the one source).

        Runs in ``clean()``, which ``save_revision`` calls before it stores the revision,
        so the revision a district submits already carries the register's details."""
        from enterprises.models import Enterprise
        from library.credit_code import normalise

        if self.enterprise_id is None and self.credit_code:
            record = Enterprise.objects.filter(credit_code=normalise(self.credit_code)).first()
            if record is not None:
                self.enterprise = record.canonical
        if self.enterprise_id is None:
            return
        enterprise = self.enterprise.canonical
        self.enterprise = enterprise
        for case_field, register_field in ENTERPRISE_DETAILS:
            value = getattr(enterprise, register_field)
            if value not in (None, ""):  # what the register does not know stays as typed
                setattr(self, case_field, value)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.take_enterprise_details()
        district_id = self.district_from_parent()
        if district_id and district_id != self.district_id:
            self.district_id = district_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "district"]
        return super().save(*args, **kwargs)

    def district_from_parent(self):
        from cases.models.areas import DistrictCasesPage

        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        return (
            DistrictCasesPage.objects.filter(path=parent_path)
            .values_list("district_id", flat=True)
            .first()
        )

    # Eligibility
    @property
    def eligibility_answers(self):
        return [(label, getattr(self, name)) for name, label in ELIGIBILITY_FIELDS]

    @property
    def eligibility_declared(self) -> bool:
        return all(value for _, value in self.eligibility_answers)

    # Body
    def sections(self):
        """(key, heading, content) in outline order, for the sections the case has."""
        by_kind = {}
        for block in self.body:
            if block.block_type == "section":
                by_kind.setdefault(block.value["kind"], []).append(block.value["content"])
        return [(key, heading, by_kind[key]) for key, heading in SECTIONS if key in by_kind]

    def missing_sections(self):
        present = {
            block.value["kind"]
            for block in self.body
            if block.block_type == "section" and len(block.value["content"])
        }
        return [heading for key, heading in SECTIONS if key not in present]

    # Search (docs/contracts.md)
    def body_text(self):
        parts = []
        for block in self.body:
            if block.block_type != "section":
                continue
            parts.append(SECTION_HEADINGS.get(block.value["kind"], ""))
            for child in block.value["content"]:
                if child.block_type == "paragraph":
                    parts.append(strip_tags(child.value.source))
                elif child.block_type == "image":
                    parts.append(child.value.get("caption") or "")
                elif child.block_type == "attachment":
                    document = child.value.get("document")
                    parts.append(child.value.get("title") or (document.title if document else ""))
        return "\n".join(part for part in parts if part)

    def search_text(self) -> str:
        metrics = "\n".join(
            f"{metric.name} {metric.change_display}" for metric in self.metrics.all()
        )
        parts = [self.title, self.enterprise_name, self.summary, self.body_text(), metrics]
        return "\n".join(part for part in parts if part)

    def search_facets(self) -> dict:
        recognition = getattr(self, "recognition", None) if self.pk else None
        return {
            "type": "case",
            "body": self.helping_body.name if self.helping_body_id else None,
            "district": self.district.name if self.district_id else None,
            "industry": [self.industry.name] if self.industry_id else [],
            "pilot_region": self.pilot_region.name if self.pilot_region_id else None,
            "clause": sorted(
                (clause.number for clause in self.clauses.all()),
                key=lambda n: [int(p) for p in n.split(".")],
            ),
            "year": self.campaign.year if self.campaign_id else None,
            "recognition": recognition.get_level_display() if recognition else None,
        }

    # Public page
    def get_context(self, request, *args, **kwargs):
        from cases.models.metrics import chart_rows
        from library.charts import before_after_chart

        context = super().get_context(request, *args, **kwargs)
        metrics = list(self.metrics.all())
        context["metrics"] = metrics
        context["chart"] = before_after_chart(chart_rows(metrics))
        context["recognition"] = getattr(self, "recognition", None)
        context["experts"] = list(self.helping_experts.select_related("certification_body"))
        # Printed pages cite the address people can type, not its percent-encoding.
        context["readable_url"] = uri_to_iri(self.get_full_url(request) or "")
        return context
